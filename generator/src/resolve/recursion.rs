//! Whole-model passes over the types: dropping the ones no generated operation uses (when the
//! configuration filters operations) and boxing the fields that make a type contain itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Operation, TypeDef, TypeKind, TypeRef};

/// The named types a type mentions, and whether each mention is direct (stored inline, so a
/// cycle through it needs a `Box`) or behind a `Vec`/map (already indirect).
fn mentions(def: &TypeDef) -> Vec<(&str, bool)> {
    fn walk<'t>(ty: &'t TypeRef, direct: bool, out: &mut Vec<(&'t str, bool)>) {
        match ty {
            TypeRef::Named(n) => out.push((n, direct)),
            TypeRef::Array(inner) | TypeRef::Map(inner) => walk(inner, false, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                walk(&f.ty, true, &mut out);
            }
            if let Some(extra) = &s.additional {
                walk(extra, false, &mut out);
            }
        }
        TypeKind::Tagged { variants, .. } | TypeKind::Untagged(variants) => {
            for v in variants {
                walk(&v.ty, true, &mut out);
            }
        }
        TypeKind::Alias(ty) => walk(ty, true, &mut out),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
    out
}

/// Keeps only the types reachable from the operations' parameters and responses.
pub fn reachable(types: Vec<TypeDef>, operations: &[Operation]) -> Vec<TypeDef> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut keep = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    let root = |ty: &TypeRef, todo: &mut Vec<String>| {
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(n) => todo.push(n.clone()),
                TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(inner),
                _ => {}
            }
        }
    };
    for op in operations {
        if let Some(body) = op.success.as_ref().and_then(|s| s.body.as_ref()) {
            root(body, &mut todo);
        }
        for e in &op.errors {
            if let Some(body) = &e.body {
                root(body, &mut todo);
            }
        }
        for p in &op.params {
            if let crate::model::ParamTy::Enum(name) = &p.ty {
                todo.push(name.clone());
            }
        }
    }
    while let Some(name) = todo.pop() {
        if keep.insert(name.clone())
            && let Some(def) = by_name.get(name.as_str())
        {
            todo.extend(mentions(def).into_iter().map(|(n, _)| n.to_owned()));
        }
    }
    types
        .into_iter()
        .filter(|t| keep.contains(&t.name))
        .collect()
}

/// Boxes every direct mention that closes a cycle of direct mentions, so each type has a
/// finite size. Only those: a `Box` elsewhere would cost an allocation for nothing.
pub fn box_cycles(types: &mut [TypeDef]) {
    let direct: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let edges = mentions(t)
                .into_iter()
                .filter(|(_, d)| *d)
                .map(|(n, _)| n.to_owned())
                .collect();
            (t.name.clone(), edges)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone())
                && let Some(next) = direct.get(&n)
            {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if let TypeRef::Named(n) = &f.ty {
                        f.boxed = reaches(n, &owner);
                    }
                }
            }
            TypeKind::Tagged { variants, .. } | TypeKind::Untagged(variants) => {
                for v in variants {
                    if let TypeRef::Named(n) = &v.ty {
                        v.boxed = reaches(n, &owner);
                    }
                }
            }
            _ => {}
        }
    }
}
