//! Two surfaces -> every change between them, each judged by the project's semver rules:
//! removing or retyping anything, a new required field or parameter, a tightened parameter
//! rule, a changed `Accept`, base URL or request line are breaking; new optional things,
//! values, operations, aliases and loosened rules are additive; documentation is docs-only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::{
    CrateSurface, FieldSurface, OperationSurface, ParamSurface, ParamUse, Surface, TypeSurface,
};

/// How a change affects users of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Only documentation changed: a patch release.
    Docs,
    /// Something new that existing code does not notice: a minor release.
    Additive,
    /// Existing code may stop compiling or behave differently: a major release.
    Breaking,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Docs => "docs-only",
            Severity::Additive => "additive",
            Severity::Breaking => "breaking",
        })
    }
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub severity: Severity,
    /// What changed, as users name it (`field Order.shipped_at`).
    pub item: String,
    /// How it changed.
    pub what: String,
}

/// An operation or schema renamed upstream whose shipped names were kept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rename {
    /// `operation` or `schema`.
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    /// The names kept, and the names added for the new upstream name.
    pub kept: Vec<String>,
    pub added: Vec<String>,
}

/// Every change from `old` to `new` (retired entries are not part of either API), sorted by
/// severity (breaking first), then item; and the renames.
pub fn diff(old: &Surface, new: &Surface) -> (Vec<Change>, Vec<Rename>) {
    let (old, new) = (old.live(), new.live());
    let mut d = Differ::default();
    d.krate(&old.krate, &new.krate);
    for (name, op) in both(&old.operations, &new.operations) {
        match op {
            (Some(o), None) => d.push(
                Severity::Breaking,
                operation_item(name, o),
                "operation removed".to_owned(),
            ),
            (None, Some(n)) => d.push(
                Severity::Additive,
                operation_item(name, n),
                format!("new operation: `{} {}`", n.method, n.path),
            ),
            (Some(o), Some(n)) => d.operation(name, o, n),
            (None, None) => {}
        }
    }
    for (name, ty) in both(&old.types, &new.types) {
        match ty {
            (Some(_), None) => d.push(
                Severity::Breaking,
                format!("type `{name}`"),
                "type removed".to_owned(),
            ),
            (None, Some(n)) => d.push(
                Severity::Additive,
                format!("type `{name}`"),
                format!("new {}", kind_word(&n.kind)),
            ),
            (Some(o), Some(n)) => d.type_(name, o, n),
            (None, None) => {}
        }
    }
    for (name, param) in both(&old.params, &new.params) {
        match param {
            (Some(_), None) => d.push(
                Severity::Breaking,
                format!("parameter type `params::{name}`"),
                "type removed".to_owned(),
            ),
            (None, Some(n)) => d.push(
                Severity::Additive,
                format!("parameter type `params::{name}`"),
                format!("new parameter type (`{}`)", n.spec),
            ),
            (Some(o), Some(n)) => d.param(name, o, n),
            (None, None) => {}
        }
    }
    d.changes.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.item.cmp(&b.item))
            .then_with(|| a.what.cmp(&b.what))
    });
    d.changes.dedup();
    d.renames.sort();
    (d.changes, d.renames)
}

/// A key's value before and after.
type Sides<'a, V> = (Option<&'a V>, Option<&'a V>);

/// Each key of either map, with its value on each side.
fn both<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> Vec<(&'a String, Sides<'a, V>)> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .map(|k| (k, (old.get(k), new.get(k))))
        .collect()
}

/// How the report names a kind of type: each kind its own words, so that a change of kind
/// never reads "from union to union".
fn kind_word(kind: &str) -> &str {
    match kind {
        "enum" => "enum",
        "int-enum" => "integer enum",
        "tagged-union" => "tagged union",
        "union" => "untagged union",
        "alias" => "type alias",
        _ => "struct",
    }
}

fn operation_item(name: &str, op: &OperationSurface) -> String {
    format!("operation `{}` (`{name}`)", op.type_name)
}

fn shown(value: &Option<String>) -> String {
    match value {
        Some(v) => format!("`{v}`"),
        None => "none".to_owned(),
    }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
    renames: Vec<Rename>,
}

impl Differ {
    fn push(&mut self, severity: Severity, item: String, what: String) {
        self.changes.push(Change {
            severity,
            item,
            what,
        });
    }

    /// A list whose members are promises: one gone breaks, one new adds.
    fn members(
        &mut self,
        item: &str,
        (old, new): (&[String], &[String]),
        removed: impl Fn(&str) -> String,
        added: impl Fn(&str) -> String,
    ) {
        for member in old.iter().filter(|m| !new.contains(m)) {
            self.push(Severity::Breaking, item.to_owned(), removed(member));
        }
        for member in new.iter().filter(|m| !old.contains(m)) {
            self.push(Severity::Additive, item.to_owned(), added(member));
        }
    }

    /// An operation's `x-sunset`. Announcing one deprecates the operation (warnings, no broken
    /// build) and lifting it undeprecates it, like the spec's own flag; a moved date only
    /// changes the docs and the value of `SUNSET`.
    fn sunset(&mut self, item: &str, old: Option<&str>, new: Option<&str>) {
        let (severity, what) = match (old, new) {
            (None, Some(day)) => (
                Severity::Additive,
                format!(
                    "sunset announced: the API stops serving it on {day} (`SUNSET`; now deprecated)"
                ),
            ),
            (Some(day), None) => (
                Severity::Additive,
                format!("sunset of {day} lifted (`SUNSET` is `None`)"),
            ),
            (Some(before), Some(after)) if before != after => (
                Severity::Docs,
                format!("sunset moved from {before} to {after}"),
            ),
            _ => return,
        };
        self.push(severity, item.to_owned(), what);
    }

    fn krate(&mut self, old: &CrateSurface, new: &CrateSurface) {
        let item = || "crate".to_owned();
        if old.base_url != new.base_url {
            self.push(
                Severity::Breaking,
                item(),
                format!(
                    "default base URL `DEFAULT_BASE_URL` changed from {} to {}",
                    shown(&old.base_url),
                    shown(&new.base_url)
                ),
            );
        }
        if old.token_url != new.token_url {
            self.push(
                Severity::Breaking,
                item(),
                format!(
                    "token URL `DEFAULT_TOKEN_URL` changed from {} to {}",
                    shown(&old.token_url),
                    shown(&new.token_url)
                ),
            );
        }
        self.members(
            &item(),
            (&old.auth, &new.auth),
            |auth| format!("authentication `{auth}` no longer offered"),
            |auth| format!("new authentication `{auth}`"),
        );
        if old.error_body != new.error_body {
            self.push(
                Severity::Breaking,
                "type `ErrorBody`".to_owned(),
                format!(
                    "error body type changed from `{}` to `{}`",
                    old.error_body, new.error_body
                ),
            );
        }
        if old.docs != new.docs {
            self.push(
                Severity::Docs,
                item(),
                "documentation changed (the API's title, description or version)".to_owned(),
            );
        }
        match (&old.bin, &new.bin) {
            (None, Some(bin)) => self.push(
                Severity::Additive,
                "command-line tool".to_owned(),
                format!("new command-line tool `{bin}`"),
            ),
            (Some(bin), None) => self.push(
                Severity::Breaking,
                "command-line tool".to_owned(),
                format!("command-line tool `{bin}` removed"),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Severity::Breaking,
                "command-line tool".to_owned(),
                format!("binary renamed from `{a}` to `{b}`"),
            ),
            _ => {}
        }
    }

    fn operation(&mut self, name: &str, old: &OperationSurface, new: &OperationSurface) {
        let item = operation_item(name, new);
        if old.upstream != new.upstream {
            let mut added = Vec::new();
            if let Some(alias) = new.aliases.get(&new.upstream) {
                added.push(format!("`{}`", alias.type_name));
                added.push(format!("`Client::{}`", alias.fn_name));
                if !alias.command.is_empty() {
                    added.push(format!("command `{}`", alias.command));
                }
            }
            let mut kept = vec![
                format!("`{}`", new.type_name),
                format!("`Client::{}`", new.fn_name),
            ];
            if !new.command.is_empty() {
                kept.push(format!("command `{}`", new.command.join(" ")));
            }
            self.renames.push(Rename {
                kind: "operation",
                from: old.upstream.clone(),
                to: new.upstream.clone(),
                kept,
                added,
            });
        }
        for (id, alias) in both(&old.aliases, &new.aliases) {
            match alias {
                (Some(a), None) => self.push(
                    Severity::Breaking,
                    item.clone(),
                    format!(
                        "alias `{}` (`Client::{}`) for `{id}` removed",
                        a.type_name, a.fn_name
                    ),
                ),
                (None, Some(a)) => {
                    let command = if a.command.is_empty() {
                        String::new()
                    } else {
                        format!(", command alias `{}`", a.command)
                    };
                    self.push(
                        Severity::Additive,
                        item.clone(),
                        format!(
                            "new alias for its upstream name `{id}`: `{}`, `Client::{}`{command}",
                            a.type_name, a.fn_name
                        ),
                    )
                }
                (Some(a), Some(b)) if a != b => self.push(
                    Severity::Breaking,
                    item.clone(),
                    format!(
                        "alias for `{id}` changed from `{}` to `{}`",
                        a.type_name, b.type_name
                    ),
                ),
                _ => {}
            }
        }
        if old.type_name != new.type_name {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!("type renamed from `{}`", old.type_name),
            );
        }
        if old.fn_name != new.fn_name {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "client method renamed from `{}` to `{}`",
                    old.fn_name, new.fn_name
                ),
            );
        }
        match (old.command.is_empty(), new.command.is_empty()) {
            (true, false) => self.push(
                Severity::Additive,
                item.clone(),
                format!("new command `{}`", new.command.join(" ")),
            ),
            (false, true) => self.push(
                Severity::Breaking,
                item.clone(),
                format!("command `{}` removed", old.command.join(" ")),
            ),
            _ if old.command != new.command => self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "command `{}` is now `{}`",
                    old.command.join(" "),
                    new.command.join(" ")
                ),
            ),
            _ => {}
        }
        self.members(
            &item,
            (&old.command_aliases, &new.command_aliases),
            |alias| format!("command alias `{alias}` removed"),
            |alias| format!("new command alias `{alias}`"),
        );
        if (&old.method, &old.path) != (&new.method, &new.path) {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "request line changed from `{} {}` to `{} {}`",
                    old.method, old.path, new.method, new.path
                ),
            );
        }
        if old.accept != new.accept {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "`Accept` media type changed from {} to {}",
                    shown(&old.accept),
                    shown(&new.accept)
                ),
            );
        }
        if old.content_type != new.content_type {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "request body media type changed from {} to {}",
                    shown(&old.content_type),
                    shown(&new.content_type)
                ),
            );
        }
        if old.output != new.output {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "success body type changed from `{}` to `{}`",
                    old.output, new.output
                ),
            );
        }
        if old.status != new.status {
            self.push(
                Severity::Breaking,
                item.clone(),
                format!(
                    "success status changed from {} to {}",
                    old.status, new.status
                ),
            );
        }
        self.members(
            &item,
            (&old.errors, &new.errors),
            |status| {
                format!("documented error response `{status}` removed (it now decodes as an unexpected status)")
            },
            |status| format!("new documented error response `{status}`"),
        );
        if old.deprecated != new.deprecated {
            let what = if new.deprecated {
                "now deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Severity::Additive, item.clone(), what.to_owned());
        }
        self.sunset(&item, old.sunset.as_deref(), new.sunset.as_deref());
        match (old.paged, new.paged) {
            (false, true) => self.push(
                Severity::Additive,
                item.clone(),
                "now walks pages (`pages`, `items`)".to_owned(),
            ),
            (true, false) => self.push(
                Severity::Breaking,
                item.clone(),
                "no longer walks pages (`pages`, `items` removed)".to_owned(),
            ),
            _ => {}
        }
        if old.docs != new.docs {
            self.push(
                Severity::Docs,
                item.clone(),
                "documentation changed".to_owned(),
            );
        }
        for (key, param) in both(&old.params, &new.params) {
            match param {
                (Some(p), None) => self.push(
                    Severity::Breaking,
                    format!("parameter `{}` of `{}`", key, new.type_name),
                    format!("removed (was `{}`)", p.name),
                ),
                (None, Some(p)) if p.required => self.push(
                    Severity::Breaking,
                    format!("parameter `{}` of `{}`", key, new.type_name),
                    format!(
                        "new required {} parameter: `new` and `Client::{}` take `{}: {}`",
                        p.location, new.fn_name, p.name, p.ty
                    ),
                ),
                (None, Some(p)) => self.push(
                    Severity::Additive,
                    format!("parameter `{}` of `{}`", key, new.type_name),
                    format!(
                        "new optional {} parameter: setter `{}({})`{}",
                        p.location,
                        p.name,
                        p.ty,
                        option_text(p)
                    ),
                ),
                (Some(o), Some(n)) => self.param_use(key, &new.type_name, o, n),
                (None, None) => {}
            }
        }
    }

    fn param_use(&mut self, key: &str, op_type: &str, old: &ParamUse, new: &ParamUse) {
        let item = || format!("parameter `{key}` of `{op_type}`");
        if old.name != new.name {
            self.push(
                Severity::Breaking,
                item(),
                format!("renamed from `{}` to `{}`", old.name, new.name),
            );
        }
        if old.ty != new.ty {
            self.push(
                Severity::Breaking,
                item(),
                format!("type changed from `{}` to `{}`", old.ty, new.ty),
            );
        }
        if old.required != new.required {
            let what = if new.required {
                "now required: `new` takes it"
            } else {
                "now optional: `new` no longer takes it, a setter does"
            };
            self.push(Severity::Breaking, item(), what.to_owned());
        }
        if old.location != new.location {
            self.push(
                Severity::Breaking,
                item(),
                format!(
                    "sent in the {} instead of the {}",
                    new.location, old.location
                ),
            );
        }
        self.members(
            &item(),
            (&old.option_aliases, &new.option_aliases),
            |alias| format!("option alias `--{alias}` removed"),
            |alias| format!("new option alias `--{alias}`"),
        );
        match (old.option.is_empty(), new.option.is_empty()) {
            (true, false) => self.push(
                Severity::Additive,
                item(),
                format!("new option `--{}`", new.option),
            ),
            (false, true) => self.push(
                Severity::Breaking,
                item(),
                format!("option `--{}` removed", old.option),
            ),
            _ if old.option != new.option => self.push(
                Severity::Breaking,
                item(),
                format!("option `--{}` is now `--{}`", old.option, new.option),
            ),
            _ => {}
        }
    }

    fn type_(&mut self, name: &str, old: &TypeSurface, new: &TypeSurface) {
        let item = || format!("type `{name}`");
        if old.schema != new.schema
            && let (Some(from), Some(to)) = (&old.schema, &new.schema)
        {
            let added = new
                .aliases
                .iter()
                .filter(|a| !old.aliases.contains(a))
                .map(|a| format!("`models::{a}`"))
                .collect();
            self.renames.push(Rename {
                kind: "schema",
                from: from.clone(),
                to: to.clone(),
                kept: vec![format!("`models::{name}`")],
                added,
            });
        }
        self.members(
            &item(),
            (&old.aliases, &new.aliases),
            |alias| format!("alias `{alias}` removed"),
            |alias| format!("new alias `{alias}` (its schema's name upstream)"),
        );
        if old.kind != new.kind {
            self.push(
                Severity::Breaking,
                item(),
                format!(
                    "changed from {} to {}",
                    kind_word(&old.kind),
                    kind_word(&new.kind)
                ),
            );
            return;
        }
        if old.deprecated != new.deprecated {
            let what = if new.deprecated {
                "now deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Severity::Additive, item(), what.to_owned());
        }
        if old.docs != new.docs {
            self.push(Severity::Docs, item(), "documentation changed".to_owned());
        }
        // One line for the fields' documentation: a spec update often rewords many at once.
        let reworded: Vec<String> = old
            .fields
            .iter()
            .filter_map(|(key, f)| {
                let n = new.fields.get(key)?;
                (f.docs != n.docs).then(|| format!("`{}`", n.name))
            })
            .collect();
        if !reworded.is_empty() {
            self.push(
                Severity::Docs,
                item(),
                format!("documentation of field(s) {} changed", reworded.join(", ")),
            );
        }
        // A field whose JSON name changed keeps its Rust name: one change, not two.
        let moved: Vec<(&String, &String)> = old
            .fields
            .iter()
            .filter(|(key, _)| !new.fields.contains_key(*key))
            .filter_map(|(key, f)| {
                let (to, _) = new
                    .fields
                    .iter()
                    .find(|(k, n)| n.name == f.name && !old.fields.contains_key(*k))?;
                Some((key, to))
            })
            .collect();
        for (from, to) in &moved {
            let (o, n) = (&old.fields[*from], &new.fields[*to]);
            self.push(
                Severity::Breaking,
                field_item(name, to, n),
                format!("JSON name changed from `{from}` (values sent or received under the old name are lost)"),
            );
            self.field(name, to, o, n);
        }
        let is_moved = |key: &str| moved.iter().any(|(from, to)| *from == key || *to == key);
        for (key, field) in both(&old.fields, &new.fields) {
            match field {
                _ if is_moved(key) => {}
                (Some(f), None) => self.push(
                    Severity::Breaking,
                    field_item(name, key, f),
                    "field removed".to_owned(),
                ),
                (None, Some(f)) if f.required => self.push(
                    Severity::Breaking,
                    field_item(name, key, f),
                    format!(
                        "new required field `{}: {}`: `{name}::new` takes it",
                        f.name, f.ty
                    ),
                ),
                (None, Some(f)) => self.push(
                    Severity::Additive,
                    field_item(name, key, f),
                    format!("new optional field `{}: {}`", f.name, f.ty),
                ),
                (Some(o), Some(n)) => self.field(name, key, o, n),
                (None, None) => {}
            }
        }
        match (&old.additional, &new.additional) {
            (None, Some(ty)) => self.push(
                Severity::Additive,
                item(),
                format!("now keeps undeclared members (`additional_properties: {ty}`)"),
            ),
            (Some(_), None) => self.push(
                Severity::Breaking,
                item(),
                "`additional_properties` removed".to_owned(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Severity::Breaking,
                item(),
                format!("`additional_properties` values changed from `{a}` to `{b}`"),
            ),
            _ => {}
        }
        for (value, variant) in both(&old.values, &new.values) {
            match variant {
                (Some(v), None) => self.push(
                    Severity::Breaking,
                    format!("enum `{name}`"),
                    format!("value `{value}` removed (variant `{v}`)"),
                ),
                (None, Some(v)) => self.push(
                    Severity::Additive,
                    format!("enum `{name}`"),
                    format!("new value `{value}` (variant `{v}`)"),
                ),
                (Some(a), Some(b)) if a != b => self.push(
                    Severity::Breaking,
                    format!("enum `{name}`"),
                    format!("variant of `{value}` renamed from `{a}` to `{b}`"),
                ),
                _ => {}
            }
        }
        for (variant, ty) in both(&old.variants, &new.variants) {
            match ty {
                (Some(_), None) => self.push(
                    Severity::Breaking,
                    format!("union `{name}`"),
                    format!("variant `{variant}` removed"),
                ),
                (None, Some(t)) => self.push(
                    Severity::Additive,
                    format!("union `{name}`"),
                    format!("new variant `{variant}({t})`"),
                ),
                (Some(a), Some(b)) if a != b => self.push(
                    Severity::Breaking,
                    format!("union `{name}`"),
                    format!("variant `{variant}` changed from `{a}` to `{b}`"),
                ),
                _ => {}
            }
        }
        if old.target != new.target {
            self.push(
                Severity::Breaking,
                item(),
                format!(
                    "now names {} instead of {}",
                    shown(&new.target),
                    shown(&old.target)
                ),
            );
        }
    }

    fn field(&mut self, type_name: &str, key: &str, old: &FieldSurface, new: &FieldSurface) {
        let item = || field_item(type_name, key, new);
        if old.name != new.name {
            self.push(
                Severity::Breaking,
                item(),
                format!("renamed from `{}`", old.name),
            );
        }
        if old.ty != new.ty {
            let why = match (old.required, new.required) {
                (false, true) => " (now required)",
                (true, false) => " (now optional)",
                _ => "",
            };
            self.push(
                Severity::Breaking,
                item(),
                format!("type changed from `{}` to `{}`{why}", old.ty, new.ty),
            );
        } else if old.required != new.required {
            self.push(
                Severity::Breaking,
                item(),
                format!(
                    "now {}: `{type_name}::new` changes",
                    if new.required { "required" } else { "optional" }
                ),
            );
        }
        if old.deprecated != new.deprecated {
            let what = if new.deprecated {
                "now deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Severity::Additive, item(), what.to_owned());
        }
    }

    fn param(&mut self, name: &str, old: &ParamSurface, new: &ParamSurface) {
        let item = || format!("parameter type `params::{name}`");
        if old.kind != new.kind {
            self.push(
                Severity::Breaking,
                item(),
                format!("value type changed from `{}` to `{}`", old.kind, new.kind),
            );
        }
        for (variant, change) in both(&old.variants, &new.variants) {
            match change {
                (Some(ty), None) => self.push(
                    Severity::Breaking,
                    item(),
                    format!("alternative `{variant}({ty})` removed"),
                ),
                (None, Some(ty)) => self.push(
                    Severity::Additive,
                    item(),
                    format!("new alternative `{variant}({ty})`"),
                ),
                (Some(a), Some(b)) if a != b => self.push(
                    Severity::Breaking,
                    item(),
                    format!("alternative `{variant}` changed from `{a}` to `{b}`"),
                ),
                _ => {}
            }
        }
        match (&old.pattern, &new.pattern) {
            (None, Some(p)) => self.push(
                Severity::Breaking,
                item(),
                format!("new pattern `{p}` (tightened)"),
            ),
            (Some(p), None) => self.push(
                Severity::Additive,
                item(),
                format!("pattern `{p}` removed (loosened)"),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Severity::Breaking,
                item(),
                format!("pattern changed from `{a}` to `{b}` (not provably looser)"),
            ),
            _ => {}
        }
        // A minimum length of 0 is no rule at all.
        let length = |n: Option<u64>| n.filter(|n| *n > 0);
        self.lower_bound(
            item(),
            "minimum length",
            length(old.min_length),
            length(new.min_length),
        );
        self.upper_bound(item(), "maximum length", old.max_length, new.max_length);
        self.lower_bound(item(), "minimum", old.minimum, new.minimum);
        self.upper_bound(item(), "maximum", old.maximum, new.maximum);
        if old.default != new.default {
            self.push(
                Severity::Docs,
                item(),
                format!(
                    "documented default changed from {} to {}",
                    shown(&old.default.map(|d| d.to_string())),
                    shown(&new.default.map(|d| d.to_string()))
                ),
            );
        }
        if old.docs != new.docs || old.spec != new.spec {
            self.push(Severity::Docs, item(), "documentation changed".to_owned());
        }
    }

    /// A lower bound: raising it (or adding one) rejects values that passed before.
    fn lower_bound<T: Ord + fmt::Display + Copy>(
        &mut self,
        item: String,
        what: &str,
        old: Option<T>,
        new: Option<T>,
    ) {
        let (severity, text) = match (old, new) {
            (None, None) => return,
            (Some(a), Some(b)) if a == b => return,
            (None, Some(b)) => (Severity::Breaking, format!("new {what} {b} (tightened)")),
            (Some(a), None) => (Severity::Additive, format!("{what} {a} removed (loosened)")),
            (Some(a), Some(b)) if b > a => (
                Severity::Breaking,
                format!("{what} raised from {a} to {b} (tightened)"),
            ),
            (Some(a), Some(b)) => (
                Severity::Additive,
                format!("{what} lowered from {a} to {b} (loosened)"),
            ),
        };
        self.push(severity, item, text);
    }

    /// An upper bound: lowering it (or adding one) rejects values that passed before.
    fn upper_bound<T: Ord + fmt::Display + Copy>(
        &mut self,
        item: String,
        what: &str,
        old: Option<T>,
        new: Option<T>,
    ) {
        let (severity, text) = match (old, new) {
            (None, None) => return,
            (Some(a), Some(b)) if a == b => return,
            (None, Some(b)) => (Severity::Breaking, format!("new {what} {b} (tightened)")),
            (Some(a), None) => (Severity::Additive, format!("{what} {a} removed (loosened)")),
            (Some(a), Some(b)) if b < a => (
                Severity::Breaking,
                format!("{what} lowered from {a} to {b} (tightened)"),
            ),
            (Some(a), Some(b)) => (
                Severity::Additive,
                format!("{what} raised from {a} to {b} (loosened)"),
            ),
        };
        self.push(severity, item, text);
    }
}

fn field_item(type_name: &str, key: &str, field: &FieldSurface) -> String {
    if key.starts_with("..") {
        format!("field `{type_name}.{}`", field.name)
    } else {
        format!("field `{type_name}.{}` (`{key}`)", field.name)
    }
}

fn option_text(p: &ParamUse) -> String {
    if p.option.is_empty() {
        String::new()
    } else {
        format!(", option `--{}`", p.option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::surface::Report;
    use crate::version::{Bump, Version};

    /// A one-operation API; each argument replaces one part of it.
    struct Spec {
        server: &'static str,
        media_type: &'static str,
        id_rules: &'static str,
        size_rules: &'static str,
        extra_operation: bool,
        item_properties: &'static str,
        item_required: &'static str,
        states: &'static str,
        description: &'static str,
        /// Extra lines of the operation (`x-sunset`).
        operation_extra: &'static str,
    }

    const BASE: Spec = Spec {
        server: "https://api.example.test",
        media_type: "application/vnd.example.v1+json",
        id_rules: "pattern: '^[a-f0-9]{24}$'",
        size_rules: "minimum: 1, maximum: 500",
        extra_operation: false,
        item_properties: "name: {type: string}",
        item_required: "[id]",
        states: "[open, closed]",
        description: "An item.",
        operation_extra: "",
    };

    impl Spec {
        fn text(&self) -> String {
            let extra = if self.extra_operation {
                "  /other:\n    delete:\n      operationId: deleteOther\n      responses:\n        \"204\": {description: gone}\n"
            } else {
                ""
            };
            format!(
                r##"openapi: 3.0.1
info: {{title: t, version: v}}
servers: [{{url: "{server}"}}]
paths:
  /owners/{{ownerId}}/items:
    get:
      operationId: listItems
{operation_extra}      parameters:
        - {{name: ownerId, in: path, required: true, schema: {{type: string, {id_rules}}}}}
        - {{name: size, in: query, schema: {{type: integer, {size_rules}}}}}
      responses:
        "200":
          description: ok
          content:
            {media_type}:
              schema: {{$ref: "#/components/schemas/Item"}}
{extra}components:
  schemas:
    Item:
      type: object
      description: {description}
      required: {item_required}
      properties:
        id: {{type: integer}}
        state: {{type: string, enum: {states}}}
        {item_properties}
"##,
                server = self.server,
                media_type = self.media_type,
                id_rules = self.id_rules,
                size_rules = self.size_rules,
                item_required = self.item_required,
                states = self.states,
                item_properties = self.item_properties,
                description = self.description,
                operation_extra = self.operation_extra,
            )
        }

        fn surface(&self) -> Surface {
            let doc = crate::parse::parse(&self.text()).unwrap();
            let (api, _) = crate::resolve_locked(&doc, &Config::default(), None).unwrap();
            Surface::of(&api, None, &BTreeMap::new())
        }
    }

    /// The changes from `BASE` to `new`, as `severity: item: what` lines.
    fn changes(new: Spec) -> Vec<String> {
        let (changes, _) = diff(&BASE.surface(), &new.surface());
        changes
            .iter()
            .map(|c| format!("{}: {}: {}", c.severity, c.item, c.what))
            .collect()
    }

    fn report(new: Spec) -> Report {
        let version: Version = "1.4.2".parse().unwrap();
        Report::new("x", version, &BASE.surface(), &new.surface(), Vec::new())
    }

    #[test]
    fn the_same_api_has_no_changes() {
        assert!(changes(BASE).is_empty());
        assert_eq!(report(BASE).bump(), Bump::None);
        assert_eq!(report(BASE).proposed().to_string(), "1.4.2");
    }

    #[test]
    fn patterns_added_or_changed_tighten_and_removed_ones_loosen() {
        let removed = changes(Spec {
            id_rules: "minLength: 0",
            ..BASE
        });
        assert_eq!(
            removed,
            [
                "additive: parameter type `params::OwnerId`: pattern `^[a-f0-9]{24}$` removed (loosened)"
            ]
        );
        let changed = changes(Spec {
            id_rules: "pattern: '^[a-f0-9]{12}$'",
            ..BASE
        });
        assert_eq!(
            changed,
            [
                "breaking: parameter type `params::OwnerId`: pattern changed from `^[a-f0-9]{24}$` to `^[a-f0-9]{12}$` (not provably looser)"
            ]
        );
        let added = changes(Spec {
            id_rules: "pattern: '^[a-f0-9]{24}$', maxLength: 24",
            ..BASE
        });
        assert_eq!(
            added,
            ["breaking: parameter type `params::OwnerId`: new maximum length 24 (tightened)"]
        );
    }

    #[test]
    fn bounds_tighten_inwards_and_loosen_outwards() {
        let tightened = changes(Spec {
            size_rules: "minimum: 2, maximum: 100",
            ..BASE
        });
        assert_eq!(
            tightened,
            [
                "breaking: parameter type `params::Size`: maximum lowered from 500 to 100 (tightened)",
                "breaking: parameter type `params::Size`: minimum raised from 1 to 2 (tightened)"
            ]
        );
        let loosened = changes(Spec {
            size_rules: "minimum: 0, maximum: 1000",
            ..BASE
        });
        assert_eq!(
            loosened,
            [
                "additive: parameter type `params::Size`: maximum raised from 500 to 1000 (loosened)",
                "additive: parameter type `params::Size`: minimum lowered from 1 to 0 (loosened)"
            ]
        );
        let unbounded = changes(Spec {
            size_rules: "maximum: 500",
            ..BASE
        });
        assert_eq!(
            unbounded,
            ["additive: parameter type `params::Size`: minimum 1 removed (loosened)"]
        );
        assert_eq!(
            report(Spec {
                size_rules: "minimum: 0, maximum: 1000",
                ..BASE
            })
            .proposed()
            .to_string(),
            "1.5.0"
        );
    }

    #[test]
    fn enum_values_added_are_additive_and_removed_ones_breaking() {
        assert_eq!(
            changes(Spec {
                states: "[open, closed, archived]",
                ..BASE
            }),
            ["additive: enum `ItemState`: new value `archived` (variant `Archived`)"]
        );
        assert_eq!(
            changes(Spec {
                states: "[open]",
                ..BASE
            }),
            ["breaking: enum `ItemState`: value `closed` removed (variant `Closed`)"]
        );
    }

    #[test]
    fn fields_added_optional_are_additive_required_or_removed_breaking() {
        assert_eq!(
            changes(Spec {
                item_properties: "name: {type: string}\n        note: {type: string}",
                ..BASE
            }),
            ["additive: field `Item.note` (`note`): new optional field `note: Option<String>`"]
        );
        let required = report(Spec {
            item_properties: "name: {type: string}\n        note: {type: string}",
            item_required: "[id, note]",
            ..BASE
        });
        assert_eq!(required.bump(), Bump::Major);
        assert_eq!(required.proposed().to_string(), "2.0.0");
        assert_eq!(
            required.changes[0].what,
            "new required field `note: String`: `Item::new` takes it"
        );
        assert_eq!(
            changes(Spec {
                item_properties: "other: {type: boolean}",
                ..BASE
            }),
            [
                "breaking: field `Item.name` (`name`): field removed",
                "additive: field `Item.other` (`other`): new optional field `other: Option<bool>`"
            ]
        );
        assert_eq!(
            changes(Spec {
                item_required: "[id, name]",
                ..BASE
            }),
            [
                "breaking: field `Item.name` (`name`): type changed from `Option<String>` to `String` (now required)"
            ]
        );
    }

    #[test]
    fn a_json_name_changed_under_the_same_field_is_one_breaking_change() {
        assert_eq!(
            changes(Spec {
                item_properties: "_name: {type: string}",
                ..BASE
            }),
            [
                "breaking: field `Item.name` (`_name`): JSON name changed from `name` (values sent or received under the old name are lost)"
            ]
        );
    }

    #[test]
    fn operations_added_are_additive_and_removed_ones_breaking() {
        let with_other = Spec {
            extra_operation: true,
            ..BASE
        };
        let (added, _) = diff(&BASE.surface(), &with_other.surface());
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].severity, Severity::Additive);
        assert_eq!(added[0].item, "operation `DeleteOther` (`deleteOther`)");
        let (removed, _) = diff(&with_other.surface(), &BASE.surface());
        assert_eq!(removed[0].severity, Severity::Breaking);
        assert_eq!(removed[0].what, "operation removed");
    }

    #[test]
    fn accept_and_base_url_changes_are_breaking() {
        assert_eq!(
            changes(Spec {
                media_type: "application/vnd.example.v2+json",
                ..BASE
            }),
            [
                "breaking: operation `ListItems` (`listItems`): `Accept` media type changed from `application/vnd.example.v1+json` to `application/vnd.example.v2+json`"
            ]
        );
        assert_eq!(
            changes(Spec {
                server: "https://api2.example.test",
                ..BASE
            }),
            [
                "breaking: crate: default base URL `DEFAULT_BASE_URL` changed from `https://api.example.test` to `https://api2.example.test`"
            ]
        );
    }

    #[test]
    fn a_sunset_announced_or_lifted_is_additive_and_a_moved_one_docs_only() {
        let sunset = |day| Spec {
            operation_extra: day,
            ..BASE
        };
        let item = "operation `ListItems` (`listItems`)";
        assert_eq!(
            changes(sunset("      x-sunset: \"2027-01-31\"\n")),
            [format!(
                "additive: {item}: sunset announced: the API stops serving it on 2027-01-31 (`SUNSET`; now deprecated)"
            )]
        );
        let (lifted, _) = diff(
            &sunset("      x-sunset: \"2027-01-31\"\n").surface(),
            &BASE.surface(),
        );
        assert_eq!(lifted[0].severity, Severity::Additive);
        assert_eq!(
            lifted[0].what,
            "sunset of 2027-01-31 lifted (`SUNSET` is `None`)"
        );
        let (moved, _) = diff(
            &sunset("      x-sunset: \"2027-01-31\"\n").surface(),
            &sunset("      x-sunset: \"2027-06-30\"\n").surface(),
        );
        assert_eq!(
            moved,
            [Change {
                severity: Severity::Docs,
                item: item.into(),
                what: "sunset moved from 2027-01-31 to 2027-06-30".into()
            }]
        );
    }

    #[test]
    fn a_change_of_kind_names_both_kinds() {
        let with_shape = |kind: &str| {
            let mut api = Surface::default();
            let shape = TypeSurface {
                kind: kind.into(),
                ..TypeSurface::default()
            };
            api.types.insert("Shape".into(), shape);
            api
        };
        let (changes, _) = diff(&with_shape("union"), &with_shape("tagged-union"));
        assert_eq!(
            changes,
            [Change {
                severity: Severity::Breaking,
                item: "type `Shape`".into(),
                what: "changed from untagged union to tagged union".into()
            }]
        );
    }

    #[test]
    fn one_of_alternatives_removed_or_retyped_break_and_new_ones_add() {
        let with = |variants: &[(&str, &str)]| {
            let mut api = Surface::default();
            let id = ParamSurface {
                spec: "id".into(),
                kind: "one-of".into(),
                variants: variants
                    .iter()
                    .map(|(name, ty)| ((*name).to_owned(), (*ty).to_owned()))
                    .collect(),
                ..ParamSurface::default()
            };
            api.params.insert("Id".into(), id);
            api
        };
        let (changes, _) = diff(
            &with(&[("Integer", "i64"), ("Name", "String"), ("Uuid", "String")]),
            &with(&[
                ("Integer", "i64"),
                ("Slug", "params::IdSlug"),
                ("Uuid", "params::IdUuid"),
            ]),
        );
        let lines: Vec<String> = changes
            .iter()
            .map(|c| format!("{}: {}", c.severity, c.what))
            .collect();
        assert_eq!(
            lines,
            [
                "breaking: alternative `Name(String)` removed",
                "breaking: alternative `Uuid` changed from `String` to `params::IdUuid`",
                "additive: new alternative `Slug(params::IdSlug)`"
            ]
        );
    }

    #[test]
    fn documentation_alone_is_a_patch() {
        let docs = report(Spec {
            description: "An item of the group.",
            ..BASE
        });
        assert_eq!(
            docs.changes,
            [Change {
                severity: Severity::Docs,
                item: "type `Item`".into(),
                what: "documentation changed".into()
            }]
        );
        assert_eq!(docs.bump(), Bump::Patch);
        assert_eq!(docs.proposed().to_string(), "1.4.3");
    }
}
