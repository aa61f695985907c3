//! After resolution: the names the lock records are carried over to the model.
//!
//! A component schema keeps its locked Rust name when the spec still has it under the same
//! name, when the configuration's `[renames.schemas]` pairs it, or when it was renamed upstream
//! with the same shape (its fields, values or variants, the types they name, and the shape of
//! the inline types under it): exactly one schema gone from the lock and one new schema alike.
//! Its new name is offered as a type alias. Two alike candidates, or a new schema taking a gone
//! one's place with another shape, are reported with both pointers and left unpaired.
//!
//! Then inline types, fields, enum variants, union variants, operation parameters and
//! parameter types take their locked names wherever the thing is still there, so a name never
//! moves because the spec's order or another name changed.

use std::collections::{BTreeMap, BTreeSet};

use super::rename::{rename_params, rename_types};
use crate::config::Renames;
use crate::diagnostics::Diagnostic;
use crate::model::{Api, ParamTy, TypeAlias, TypeKind, TypeRef};
use crate::pointer::Pointer;
use crate::surface::{Surface, param_key, type_text};

/// Carries the locked names of `lock` over to `api`; returns what could not be paired.
pub fn apply(api: &mut Api, lock: &Surface, renames: &Renames) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let before = surface_of(api);
    let pairs = pair_components(&before, lock, renames, &mut notes);
    let renamed = rename_components(api, &before, lock, &pairs, &mut notes);
    // The whole API's surface is not cheap: it is computed again only when names moved.
    let now = if renamed { surface_of(api) } else { before };
    // A schema already reported (two alike candidates) is not reported again.
    let reported: BTreeSet<String> = notes.iter().map(|n| n.pointer.to_string()).collect();
    report_replacements(&now, lock, &pairs, &reported, &mut notes);
    carry_inline_names(api, lock, now);
    carry_member_names(api, lock);
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
    api.params.sort_by(|a, b| a.name.cmp(&b.name));
    api.type_aliases.sort();
    notes.sort();
    notes
}

fn surface_of(api: &Api) -> Surface {
    Surface::of(api, None, &BTreeMap::new())
}

fn schema_pointer(schema: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(schema)
}

/// The component types of a surface: Rust name -> schema name.
fn components(surface: &Surface) -> BTreeMap<&str, &str> {
    surface
        .types
        .iter()
        .filter_map(|(name, t)| t.schema.as_deref().map(|s| (name.as_str(), s)))
        .collect()
}

/// New Rust name -> locked Rust name, for every component the lock knows.
fn pair_components(
    before: &Surface,
    lock: &Surface,
    renames: &Renames,
    notes: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let fresh = components(before);
    let locked = components(lock);
    let mut pairs: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (new_schema, target) in &renames.schemas {
        let new = fresh
            .iter()
            .find(|(_, s)| **s == new_schema)
            .map(|(n, _)| *n);
        let old = locked
            .iter()
            .find(|(n, s)| **s == target || **n == target)
            .map(|(n, _)| *n);
        match (new, old) {
            (Some(new), Some(old)) if !taken.contains(old) => {
                pairs.insert(new.to_owned(), old.to_owned());
                taken.insert(old.to_owned());
            }
            (None, _) => notes.push(Diagnostic::warning(
                &schema_pointer(new_schema),
                format!("`[renames.schemas]` names `{new_schema}`, which the spec does not have"),
            )),
            _ => notes.push(Diagnostic::warning(
                &schema_pointer(new_schema),
                format!(
                    "`[renames.schemas]` pairs `{new_schema}` with `{target}`, which the lock file does not hold (or another schema took)"
                ),
            )),
        }
    }
    for (new, schema) in &fresh {
        if pairs.contains_key(*new) {
            continue;
        }
        if let Some((old, _)) = locked
            .iter()
            .find(|(old, s)| *s == schema && !taken.contains(**old))
        {
            pairs.insert((*new).to_owned(), (*old).to_owned());
            taken.insert((*old).to_owned());
        }
    }
    // By shape, until nothing more pairs: pairing one schema can make the schemas that refer
    // to it alike.
    let locked_schemas: BTreeSet<&str> = locked.values().copied().collect();
    let old_shapes: BTreeMap<&str, String> = locked
        .keys()
        .map(|n| {
            (
                *n,
                shape(n, lock, &|s: &str| s.to_owned(), &mut BTreeSet::new()),
            )
        })
        .collect();
    loop {
        let alike = alike(&fresh, &locked_schemas, &old_shapes, before, &pairs, &taken);
        let mut found = Vec::new();
        for (old, candidates) in &alike {
            // One candidate, which no other gone schema has: a safe pair.
            if let [new] = candidates.as_slice()
                && alike.iter().filter(|(_, c)| c.contains(new)).count() == 1
            {
                found.push(((*new).to_owned(), (*old).to_owned()));
            }
        }
        if found.is_empty() {
            // What is left alike is ambiguous: reported, never guessed.
            for (old, candidates) in alike {
                if candidates.is_empty() || lock.types[old].retired {
                    continue;
                }
                let pointers: Vec<String> = candidates
                    .iter()
                    .map(|n| format!("`{}`", schema_pointer(fresh[n])))
                    .collect();
                let how = if candidates.len() > 1 {
                    "have its shape"
                } else {
                    "has its shape, as another gone schema has"
                };
                notes.push(Diagnostic::warning(
                    &schema_pointer(locked[old]),
                    format!(
                        "schema `{}` (shipped as `{old}`) is gone, and {} {how}: not paired; name the right one under `[renames.schemas]`",
                        locked[old],
                        pointers.join(" and ")
                    ),
                ));
            }
            return pairs;
        }
        for (new, old) in found {
            taken.insert(old.clone());
            pairs.insert(new, old);
        }
    }
}

/// For each locked component not paired yet, the new components not paired yet that have its
/// shape.
fn alike<'a>(
    fresh: &BTreeMap<&'a str, &'a str>,
    locked_schemas: &BTreeSet<&str>,
    old_shapes: &BTreeMap<&'a str, String>,
    before: &Surface,
    pairs: &BTreeMap<String, String>,
    taken: &BTreeSet<String>,
) -> Vec<(&'a str, Vec<&'a str>)> {
    let new: Vec<&str> = fresh
        .iter()
        .filter(|(n, s)| !pairs.contains_key(**n) && !locked_schemas.contains(**s))
        .map(|(n, _)| *n)
        .collect();
    let gone: Vec<&str> = old_shapes
        .keys()
        .copied()
        .filter(|n| !taken.contains(*n))
        .collect();
    if new.is_empty() || gone.is_empty() {
        return Vec::new();
    }
    let to_old = |name: &str| pairs.get(name).cloned().unwrap_or_else(|| name.to_owned());
    let new_shapes: Vec<(&str, String)> = new
        .iter()
        .map(|n| (*n, shape(n, before, &to_old, &mut BTreeSet::new())))
        .collect();
    gone.into_iter()
        .map(|old| {
            let candidates = new_shapes
                .iter()
                .filter(|(_, s)| *s == old_shapes[old])
                .map(|(n, _)| *n)
                .collect();
            (old, candidates)
        })
        .collect()
}

/// A type's shape, for telling a renamed schema: its kind and members, with component types
/// by name (`to_old` maps new names to locked ones) and inline types by their own shape.
fn shape(
    name: &str,
    surface: &Surface,
    to_old: &dyn Fn(&str) -> String,
    visiting: &mut BTreeSet<String>,
) -> String {
    let Some(t) = surface.types.get(name) else {
        return to_old(name);
    };
    if !visiting.insert(name.to_owned()) {
        return "@cycle".to_owned();
    }
    let mut ty = |text: &str| {
        tokens(text)
            .into_iter()
            .map(|token| match surface.types.get(&token) {
                Some(inner) if inner.schema.is_none() => {
                    format!("{{{}}}", shape(&token, surface, to_old, visiting))
                }
                Some(_) => to_old(&token),
                None => token,
            })
            .collect::<String>()
    };
    let mut out = t.kind.clone();
    for (key, field) in &t.fields {
        out.push_str(&format!(
            ";{key}:{}:{}",
            ty(&field.ty),
            if field.required { "!" } else { "?" }
        ));
    }
    if let Some(extra) = &t.additional {
        out.push_str(&format!(";*:{}", ty(extra)));
    }
    for value in t.values.keys() {
        out.push_str(&format!(";={value}"));
    }
    for variant in t.variants.values() {
        out.push_str(&format!(";|{}", ty(variant)));
    }
    if let Some(target) = &t.target {
        out.push_str(&format!(";->{}", ty(target)));
    }
    visiting.remove(name);
    out
}

/// A type text split into names and punctuation: `Option<Vec<Link>>` ->
/// `Option`, `<`, `Vec`, `<`, `Link`, `>`, `>`.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if matches!(c, '<' | '>' | ',' | ' ' | '(' | ')') {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Renames the paired components and adds their aliases; whether anything changed.
fn rename_components(
    api: &mut Api,
    before: &Surface,
    lock: &Surface,
    pairs: &BTreeMap<String, String>,
    notes: &mut Vec<Diagnostic>,
) -> bool {
    let mut renames = Vec::new();
    let mut aliases: Vec<TypeAlias> = Vec::new();
    let renamed_away: BTreeSet<&str> = pairs
        .iter()
        .filter(|(new, old)| new != old)
        .map(|(new, _)| new.as_str())
        .collect();
    for (new, old) in pairs {
        let schema = before.types[new].schema.clone().unwrap_or_default();
        if new != old {
            let taken =
                api.types.iter().any(|t| t.name == *old) && !renamed_away.contains(old.as_str());
            if taken {
                notes.push(Diagnostic::warning(
                    &schema_pointer(&schema),
                    format!(
                        "schema `{schema}` pairs with the locked type `{old}`, but another type of the spec now has that name: not paired"
                    ),
                ));
                continue;
            }
            renames.push((new.clone(), old.clone()));
            aliases.push(TypeAlias {
                name: new.clone(),
                target: old.clone(),
                schema: schema.clone(),
            });
        }
        for shipped in &lock.types[old].aliases {
            if shipped != new {
                aliases.push(TypeAlias {
                    name: shipped.clone(),
                    target: old.clone(),
                    schema: shipped.clone(),
                });
            }
        }
    }
    rename_types(api, &renames);
    let changed = !renames.is_empty() || !aliases.is_empty();
    let mut names: BTreeSet<String> = api.types.iter().map(|t| t.name.clone()).collect();
    for alias in aliases {
        if names.insert(alias.name.clone()) {
            api.type_aliases.push(alias);
        } else {
            notes.push(Diagnostic::warning(
                &schema_pointer(&alias.schema),
                format!(
                    "the alias `{}` of `{}` is not offered: a type of the spec has that name",
                    alias.name, alias.target
                ),
            ));
        }
    }
    changed
}

/// A locked schema that is gone, where a new schema of another shape now stands (the same
/// field, response or body refers to it): reported, since it may be a rename that changed
/// the shape too.
fn report_replacements(
    now: &Surface,
    lock: &Surface,
    pairs: &BTreeMap<String, String>,
    reported: &BTreeSet<String>,
    notes: &mut Vec<Diagnostic>,
) {
    let paired: BTreeSet<&str> = pairs.values().map(String::as_str).collect();
    let is_gone = |name: &str| {
        lock.types
            .get(name)
            .is_some_and(|t| t.schema.is_some() && !t.retired && !paired.contains(name))
    };
    let is_fresh = |name: &str| {
        now.types.get(name).is_some_and(|t| {
            t.schema
                .as_deref()
                .is_some_and(|s| !lock.types.values().any(|l| l.schema.as_deref() == Some(s)))
                && !pairs.contains_key(name)
        })
    };
    let mut seen = BTreeSet::new();
    for (site, old, new) in sites(lock, now) {
        for (a, b) in differing_names(&old, &new) {
            if is_gone(&a) && is_fresh(&b) && seen.insert((a.clone(), b.clone())) {
                let old_schema = lock.types[&a].schema.clone().unwrap_or_default();
                if reported.contains(schema_pointer(&old_schema).as_str()) {
                    continue;
                }
                let new_schema = now.types[&b].schema.clone().unwrap_or_default();
                notes.push(Diagnostic::warning(
                    &schema_pointer(&old_schema),
                    format!(
                        "schema `{old_schema}` (shipped as `{a}`) is gone, and `{}` takes its place in {site}, with another shape: not paired; if it is the same schema renamed, pair it under `[renames.schemas]`",
                        schema_pointer(&new_schema)
                    ),
                ));
            }
        }
    }
}

/// The places where both surfaces name a type: (where, old type text, new type text).
fn sites(old: &Surface, new: &Surface) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (name, t) in &old.types {
        let Some(n) = new.types.get(name) else {
            continue;
        };
        for (key, field) in &t.fields {
            if let Some(f) = n.fields.get(key) {
                out.push((
                    format!("field `{name}.{}`", field.name),
                    field.ty.clone(),
                    f.ty.clone(),
                ));
            }
        }
        if let (Some(a), Some(b)) = (&t.additional, &n.additional) {
            out.push((format!("the members of `{name}`"), a.clone(), b.clone()));
        }
        if let (Some(a), Some(b)) = (&t.target, &n.target) {
            out.push((format!("alias `{name}`"), a.clone(), b.clone()));
        }
        for (variant, ty) in &t.variants {
            if let Some(other) = n.variants.get(variant) {
                out.push((
                    format!("variant `{name}::{variant}`"),
                    ty.clone(),
                    other.clone(),
                ));
            }
        }
    }
    for (name, op) in &old.operations {
        let Some(n) = new.operations.get(name) else {
            continue;
        };
        out.push((
            format!("the response of `{}`", op.type_name),
            op.output.clone(),
            n.output.clone(),
        ));
        for (key, param) in &op.params {
            if let Some(p) = n.params.get(key) {
                out.push((
                    format!("parameter `{key}` of `{}`", op.type_name),
                    param.ty.clone(),
                    p.ty.clone(),
                ));
            }
        }
    }
    out
}

/// The names at the same places of two type texts of the same structure that differ.
fn differing_names(old: &str, new: &str) -> Vec<(String, String)> {
    let (a, b) = (tokens(old), tokens(new));
    if a.len() != b.len() {
        return Vec::new();
    }
    let word = |t: &str| t.chars().next().is_some_and(|c| c.is_alphanumeric());
    let mut out = Vec::new();
    for (x, y) in a.iter().zip(&b) {
        if x == y {
            continue;
        }
        if !(word(x) && word(y)) {
            return Vec::new();
        }
        out.push((x.clone(), y.clone()));
    }
    out
}

/// Inline types (named after their parent, and numbered in the spec's order when names
/// collide) take their locked names where they stand in the same place as before.
fn carry_inline_names(api: &mut Api, lock: &Surface, mut now: Surface) {
    // Each round can reveal the inline types under the ones it renamed.
    for round in 0..=lock.types.len() {
        if round > 0 {
            now = surface_of(api);
        }
        let inline_now = |name: &str| now.types.get(name).is_some_and(|t| t.schema.is_none());
        let inline_before = |name: &str| lock.types.get(name).is_some_and(|t| t.schema.is_none());
        let mut renames: Vec<(String, String)> = Vec::new();
        for (_, old, new) in sites(lock, &now) {
            for (a, b) in differing_names(&old, &new) {
                if inline_before(&a) && inline_now(&b) {
                    renames.push((b, a));
                }
            }
        }
        let names: BTreeSet<String> = now.types.keys().cloned().collect();
        let renames = consistent(renames, &names);
        if renames.is_empty() {
            return;
        }
        rename_types(api, &renames);
    }
}

/// The renames (`from`, `to`) that can all happen at once among `names`: one per source and
/// per target, each target free or itself renamed away (so two names can swap).
fn consistent(
    candidates: Vec<(String, String)>,
    names: &BTreeSet<String>,
) -> Vec<(String, String)> {
    let mut renames: Vec<(String, String)> = Vec::new();
    for (from, to) in candidates {
        if from != to && !renames.iter().any(|(f, t)| *f == from || *t == to) {
            renames.push((from, to));
        }
    }
    loop {
        let sources: BTreeSet<String> = renames.iter().map(|(f, _)| f.clone()).collect();
        let count = renames.len();
        renames.retain(|(_, to)| !names.contains(to) || sources.contains(to));
        if renames.len() == count {
            return renames;
        }
    }
}

/// Gives each item its locked name where it has one, keeping the names distinct: all at once
/// when that works (so two names can swap), else one by one where the locked name is free.
fn carry(current: &mut [&mut String], locked: &[Option<&String>]) {
    let desired: Vec<String> = current
        .iter()
        .zip(locked)
        .map(|(c, l)| l.map_or_else(|| (**c).clone(), |l| l.clone()))
        .collect();
    let distinct: BTreeSet<&String> = desired.iter().collect();
    if distinct.len() == desired.len() {
        for (c, d) in current.iter_mut().zip(desired) {
            **c = d;
        }
        return;
    }
    for i in 0..current.len() {
        if let Some(l) = locked[i]
            && !current.iter().any(|c| **c == *l)
        {
            *current[i] = l.clone();
        }
    }
}

fn carry_member_names(api: &mut Api, lock: &Surface) {
    let mut field_renames: Vec<(String, String, String)> = Vec::new();
    for def in &mut api.types {
        let Some(old) = lock.types.get(&def.name) else {
            continue;
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let locked: Vec<Option<&String>> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let key = if f.flatten {
                            format!("..{}", f.name)
                        } else {
                            f.json_name.clone()
                        };
                        old.fields.get(&key).map(|f| &f.name)
                    })
                    .collect();
                let before: Vec<String> = s.fields.iter().map(|f| f.name.clone()).collect();
                let mut names: Vec<&mut String> =
                    s.fields.iter_mut().map(|f| &mut f.name).collect();
                carry(&mut names, &locked);
                for (from, field) in before.into_iter().zip(&s.fields) {
                    if from != field.name {
                        field_renames.push((def.name.clone(), from, field.name.clone()));
                    }
                }
            }
            TypeKind::StringEnum(variants) => {
                let locked: Vec<Option<&String>> =
                    variants.iter().map(|v| old.values.get(&v.value)).collect();
                let mut names: Vec<&mut String> =
                    variants.iter_mut().map(|v| &mut v.name).collect();
                carry(&mut names, &locked);
            }
            TypeKind::Tagged { variants, .. } | TypeKind::Untagged(variants) => {
                let now: Vec<String> = variants.iter().map(|v| type_text(&v.ty)).collect();
                let locked: Vec<Option<&String>> = now
                    .iter()
                    .map(|text| {
                        let matching: Vec<&String> = old
                            .variants
                            .iter()
                            .filter(|(_, t)| strip_tag(t) == *text)
                            .map(|(n, _)| n)
                            .collect();
                        match matching.as_slice() {
                            [one] => Some(*one),
                            _ => None,
                        }
                    })
                    .collect();
                let mut names: Vec<&mut String> =
                    variants.iter_mut().map(|v| &mut v.name).collect();
                carry(&mut names, &locked);
            }
            TypeKind::IntEnum(_) | TypeKind::Alias(_) => {}
        }
    }
    // Paging reads the page type's fields by name.
    for (type_name, from, to) in &field_renames {
        for op in &mut api.operations {
            let page = matches!(
                op.success.as_ref().and_then(|s| s.body.as_ref()),
                Some(TypeRef::Named(n)) if n == type_name
            );
            if let (true, Some(pagination)) = (page, op.pagination.as_mut()) {
                if pagination.results_field == *from {
                    pagination.results_field = to.clone();
                }
                if pagination.total_count_field.as_ref() == Some(from) {
                    pagination.total_count_field = Some(to.clone());
                }
            }
        }
    }
    let mut param_renames: Vec<(String, String)> = Vec::new();
    for op in &mut api.operations {
        let Some(old) = lock.operations.get(&op.name) else {
            continue;
        };
        let keys: Vec<String> = (0..op.params.len()).map(|i| param_key(op, i)).collect();
        let locked: Vec<Option<&String>> = keys
            .iter()
            .map(|k| old.params.get(k).map(|p| &p.name))
            .collect();
        let mut names: Vec<&mut String> = op.params.iter_mut().map(|p| &mut p.name).collect();
        carry(&mut names, &locked);
        for (key, param) in keys.iter().zip(&op.params) {
            let Some(was) = old.params.get(key) else {
                continue;
            };
            let locked_type = was.ty.split("params::").nth(1);
            let (Some(from), Some(to)) = (validated(&param.ty), locked_type) else {
                continue;
            };
            param_renames.push((from.to_owned(), to.trim_end_matches('>').to_owned()));
        }
    }
    let names: BTreeSet<String> = api.params.iter().map(|p| p.name.clone()).collect();
    rename_params(api, &consistent(param_renames, &names));
}

/// The parameter type a parameter (or its list items) is held in, if validated.
fn validated(ty: &ParamTy) -> Option<&str> {
    match ty {
        ParamTy::Validated(name) => Some(name),
        ParamTy::List { item, .. } => validated(item),
        _ => None,
    }
}

/// A union variant's text without the tag part (`Dog (kind: dog)` -> `Dog`), which
/// identifies it across renames of the variant.
fn strip_tag(text: &str) -> &str {
    text.split(" (").next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::TypeRef;

    fn resolve(spec: &str, lock: Option<&Surface>, config: &Config) -> (Api, Vec<String>) {
        let doc = crate::parse::parse(spec).unwrap();
        let (api, notes) = crate::resolve_locked(&doc, config, lock).unwrap();
        (api, notes.iter().map(ToString::to_string).collect())
    }

    /// The locked API of `spec`, as a first run records it.
    fn locked(spec: &str) -> Surface {
        let (api, _) = resolve(spec, None, &Config::default());
        Surface::of(&api, None, &BTreeMap::new())
    }

    fn spec(schemas: &str, page: &str) -> String {
        format!(
            "openapi: 3.0.1\ninfo: {{title: t, version: v}}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: \"#/components/schemas/{page}\"}}\ncomponents:\n  schemas:\n{schemas}"
        )
    }

    const ITEM: &str =
        "    Item:\n      type: object\n      properties:\n        id: {type: integer}\n";

    fn page(name: &str, extra: &str) -> String {
        format!(
            "    {name}:\n      type: object\n      properties:\n        items:\n          type: array\n          items: {{$ref: \"#/components/schemas/Item\"}}\n        kind:\n          type: string\n          enum: [a, b]\n{extra}"
        )
    }

    fn type_names(api: &Api) -> Vec<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    fn output(api: &Api) -> &TypeRef {
        api.operations[0]
            .success
            .as_ref()
            .and_then(|s| s.body.as_ref())
            .unwrap()
    }

    #[test]
    fn a_schema_renamed_with_the_same_shape_keeps_its_name_and_gains_an_alias() {
        let before = locked(&spec(&format!("{ITEM}{}", page("Page", "")), "Page"));
        let after = spec(&format!("{ITEM}{}", page("ItemPage", "")), "ItemPage");
        let (api, notes) = resolve(&after, Some(&before), &Config::default());
        assert!(notes.is_empty(), "{notes:?}");
        // The inline enum under it keeps its name too (`PageKind`, not `ItemPageKind`).
        assert_eq!(type_names(&api), ["Item", "Page", "PageKind"]);
        assert_eq!(output(&api), &TypeRef::Named("Page".into()));
        assert_eq!(
            api.type_aliases,
            [TypeAlias {
                name: "ItemPage".into(),
                target: "Page".into(),
                schema: "ItemPage".into()
            }]
        );
        // Without the lock, the new name is all there is.
        let (api, _) = resolve(&after, None, &Config::default());
        assert_eq!(type_names(&api), ["Item", "ItemPage", "ItemPageKind"]);
    }

    #[test]
    fn two_alike_candidates_are_reported_with_both_pointers_and_not_paired() {
        let before = locked(&spec(&format!("{ITEM}{}", page("Page", "")), "Page"));
        let after = spec(
            &format!("{ITEM}{}{}", page("PageA", ""), page("PageB", "")),
            "PageA",
        );
        let (api, notes) = resolve(&after, Some(&before), &Config::default());
        assert!(api.type_aliases.is_empty());
        assert!(type_names(&api).contains(&"PageA") && type_names(&api).contains(&"PageB"));
        assert_eq!(notes.len(), 1, "{notes:?}");
        let note = &notes[0];
        assert!(
            note.starts_with("warning: #/components/schemas/Page: "),
            "{note}"
        );
        assert!(note.contains("`#/components/schemas/PageA`"), "{note}");
        assert!(note.contains("`#/components/schemas/PageB`"), "{note}");
        assert!(note.contains("not paired"), "{note}");
        // A warning of the run like any other: printed with the rest, fatal under `--strict`.
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings, notes);
    }

    #[test]
    fn a_new_schema_of_another_shape_in_the_same_place_is_reported_not_paired() {
        let before = locked(&spec(&format!("{ITEM}{}", page("Page", "")), "Page"));
        let extra = "        next: {type: string}\n";
        let after = spec(&format!("{ITEM}{}", page("ItemPage", extra)), "ItemPage");
        let (api, notes) = resolve(&after, Some(&before), &Config::default());
        assert!(api.type_aliases.is_empty());
        assert_eq!(output(&api), &TypeRef::Named("ItemPage".into()));
        assert_eq!(notes.len(), 1, "{notes:?}");
        let note = &notes[0];
        assert!(
            note.starts_with("warning: #/components/schemas/Page: "),
            "{note}"
        );
        assert!(note.contains("`#/components/schemas/ItemPage`"), "{note}");
        assert!(note.contains("the response of `ListItems`"), "{note}");

        // The configuration pairs them: the shipped name stays, the new field is an addition.
        let config = Config::from_toml("[renames.schemas]\nItemPage = \"Page\"\n").unwrap();
        let (api, notes) = resolve(&after, Some(&before), &config);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(output(&api), &TypeRef::Named("Page".into()));
        assert_eq!(api.type_aliases[0].name, "ItemPage");
    }

    #[test]
    fn field_names_stay_when_the_properties_change_order() {
        let schema = |first: &str, second: &str| {
            spec(
                &format!(
                    "{ITEM}    Page:\n      type: object\n      properties:\n        {first}: {{type: string}}\n        {second}: {{type: integer}}\n"
                ),
                "Page",
            )
        };
        let before = locked(&schema("fooBar", "foo_bar"));
        let fields = |api: &Api| -> Vec<(String, String)> {
            let def = api.types.iter().find(|t| t.name == "Page").unwrap();
            let TypeKind::Struct(s) = &def.kind else {
                panic!("not a struct")
            };
            s.fields
                .iter()
                .map(|f| (f.json_name.clone(), f.name.clone()))
                .collect()
        };
        let after = schema("foo_bar", "fooBar");
        let (unlocked, _) = resolve(&after, None, &Config::default());
        assert_eq!(
            fields(&unlocked),
            [
                ("foo_bar".to_owned(), "foo_bar".to_owned()),
                ("fooBar".to_owned(), "foo_bar_2".to_owned())
            ]
        );
        let (api, notes) = resolve(&after, Some(&before), &Config::default());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            fields(&api),
            [
                ("foo_bar".to_owned(), "foo_bar_2".to_owned()),
                ("fooBar".to_owned(), "foo_bar".to_owned())
            ]
        );
    }

    #[test]
    fn parameter_types_keep_their_names_when_operations_change_order() {
        let op = |id: &str, rule: &str| {
            format!(
                "  /{id}:\n    get:\n      operationId: {id}\n      parameters:\n        - {{name: label, in: query, schema: {{type: string, {rule}}}}}\n      responses: {{}}\n"
            )
        };
        let doc = |ops: &[String]| {
            format!(
                "openapi: 3.0.1\ninfo: {{title: t, version: v}}\npaths:\n{}",
                ops.concat()
            )
        };
        let (a, b) = (op("getA", "minLength: 2"), op("getB", "maxLength: 5"));
        let before = locked(&doc(&[a.clone(), b.clone()]));
        assert_eq!(
            before.params.keys().collect::<Vec<_>>(),
            ["GetBLabel", "Label"]
        );
        let after = doc(&[b, a]);
        let (api, notes) = resolve(&after, Some(&before), &Config::default());
        assert!(notes.is_empty(), "{notes:?}");
        let names = Surface::of(&api, None, &BTreeMap::new());
        assert_eq!(names.params, before.params);
        assert_eq!(
            names.operations["getB"].params["label"].ty,
            "params::GetBLabel"
        );
    }
}
