//! Whole-model passes over the types: dropping the ones no generated operation uses (when the
//! configuration filters operations) and boxing the fields that make a type contain itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Operation, ParamRules, ParamTy, ParamType, TypeDef, TypeKind, TypeRef};

/// The named types a type mentions, and whether each mention is direct (stored inline, so a
/// cycle through it needs a `Box`) or behind a `Vec`/map (already indirect).
fn mentions(def: &TypeDef) -> Vec<(&str, bool)> {
    fn walk<'t>(ty: &'t TypeRef, direct: bool, out: &mut Vec<(&'t str, bool)>) {
        match ty {
            TypeRef::Named(n) => out.push((n, direct)),
            TypeRef::Array(inner) | TypeRef::Map(inner) => walk(inner, false, out),
            TypeRef::Nullable(inner) => walk(inner, direct, out),
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
pub fn reachable(
    types: Vec<TypeDef>,
    operations: &[Operation],
    params: &[ParamType],
) -> Vec<TypeDef> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut keep = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    let root = |ty: &TypeRef, todo: &mut Vec<String>| {
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(n) => todo.push(n.clone()),
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    stack.push(inner)
                }
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
            let mut stack = vec![&p.ty];
            while let Some(ty) = stack.pop() {
                match ty {
                    ParamTy::Enum(name) => todo.push(name.clone()),
                    ParamTy::Body(body) | ParamTy::Object { ty: body, .. } => root(body, &mut todo),
                    ParamTy::List { item, .. } => stack.push(item),
                    ParamTy::Validated(name) => {
                        // A union parameter's variants may be enums of the `models` module.
                        if let Some(ParamRules::OneOf(variants)) =
                            params.iter().find(|t| &t.name == name).map(|t| &t.rules)
                        {
                            stack.extend(variants.iter().map(|v| &v.ty));
                        }
                    }
                    _ => {}
                }
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
///
/// A mention of `n` in `owner` closes a cycle exactly when `n` reaches `owner`, that is when
/// both are in the same strongly connected component of the graph of direct mentions; the
/// components are computed once, in linear time, since a spec can hold thousands of types.
pub fn box_cycles(types: &mut [TypeDef]) {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            mentions(t)
                .into_iter()
                .filter(|(_, d)| *d)
                .filter_map(|(n, _)| index.get(n).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let names: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), component[i]))
        .collect();
    let same = |n: &str, owner: usize| names.get(n) == Some(&component[owner]);
    for (i, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if let TypeRef::Named(n) = &f.ty {
                        f.boxed = same(n, i);
                    }
                }
            }
            TypeKind::Tagged { variants, .. } | TypeKind::Untagged(variants) => {
                for v in variants {
                    if let TypeRef::Named(n) = &v.ty {
                        v.boxed = same(n, i);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The strongly connected component of each node (Kosaraju's algorithm, without recursion).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let count = edges.len();
    // First pass: nodes in order of finishing a depth-first search.
    let mut visited = vec![false; count];
    let mut finished = Vec::with_capacity(count);
    for start in 0..count {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&to) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !visited[to] {
                    visited[to] = true;
                    stack.push((to, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    // Second pass: on the reversed graph, in reverse finishing order.
    let mut reversed = vec![Vec::new(); count];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reversed[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; count];
    let mut next_id = 0;
    for &root in finished.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = next_id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reversed[node] {
                if component[from] == usize::MAX {
                    component[from] = next_id;
                    stack.push(from);
                }
            }
        }
        next_id += 1;
    }
    component
}
