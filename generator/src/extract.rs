//! `cargo xtask update-spec`: a whole upstream document -> the fragment the project generates
//! from: the operations the configuration names (found by their stable names through the lock
//! file, so an operation renamed upstream is still found), and every component they reference,
//! directly or through other components. The upstream text of what is kept is kept as it is;
//! the result depends only on the inputs, so the same snapshot always gives the same fragment.

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lock::operations::identities;
use crate::pointer::Pointer;
use crate::surface::Surface;

/// The keys of a path item that are operations.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The fragment selected from an upstream document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The fragment as YAML, after `header`.
    pub text: String,
    /// Each selected operation: its stable name and its `operationId` upstream.
    pub operations: Vec<(String, String)>,
}

/// Selects from `upstream` the operations `config` names (`operations`, `tags`; all of them
/// without either) with the closure of their references. `lock` is the locked API, through
/// which renamed operations are found.
pub fn extract(
    upstream: &str,
    config: &Config,
    lock: Option<&Surface>,
    header: &str,
) -> Result<Fragment, Diagnostics> {
    let document = crate::parse::parse(upstream)?;
    let names = identities(&document, lock, &config.renames);
    let raw: Value = serde_yaml::from_str(upstream)
        .map_err(|e| Diagnostic::new(&Pointer::root(), format!("invalid YAML: {e}")))?;
    let Some(root) = raw.as_mapping() else {
        return Err(Diagnostic::new(&Pointer::root(), "the document is not a mapping").into());
    };
    let mut selected = Vec::new();
    let mut tags_used: BTreeSet<String> = BTreeSet::new();
    let mut paths_out = Mapping::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_mapping) {
        for (path, item) in paths {
            let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
                continue;
            };
            let mut kept = Mapping::new();
            let mut any = false;
            for (key, value) in item {
                let method = key.as_str().unwrap_or("");
                if !METHODS.contains(&method) {
                    kept.insert(key.clone(), value.clone());
                    continue;
                }
                let Some(identity) = names.get(path, method) else {
                    continue;
                };
                let tags: Vec<String> = value
                    .get("tags")
                    .and_then(Value::as_sequence)
                    .map(|t| {
                        t.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                if !config.includes_operation(&identity.all_names(), &tags) {
                    continue;
                }
                let upstream_id = value
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                selected.push((
                    identity.name.clone(),
                    upstream_id,
                    identity.all_names().join(" "),
                ));
                tags_used.extend(tags);
                kept.insert(key.clone(), value.clone());
                any = true;
            }
            if any {
                paths_out.insert(Value::from(path), Value::Mapping(kept));
            }
        }
    }
    let mut diags = Diagnostics::default();
    for wanted in config.operations.iter().flatten() {
        if !selected
            .iter()
            .any(|(_, _, names)| names.split(' ').any(|n| n == wanted))
        {
            diags.error(
                &Pointer::root().join("paths"),
                format!(
                    "the operation `{wanted}` the configuration names is not in this document, by name or by the method and path the lock file records"
                ),
            );
        }
    }
    let paths_out = Value::Mapping(paths_out);
    let components = closure(root, &paths_out);
    let mut out = Mapping::new();
    for (key, value) in root {
        match key.as_str() {
            Some("paths") => {
                out.insert(key.clone(), paths_out.clone());
            }
            Some("components") => {
                if !components.is_empty() {
                    out.insert(key.clone(), Value::Mapping(components.clone()));
                }
            }
            Some("tags") => {
                let kept: Vec<Value> = value
                    .as_sequence()
                    .into_iter()
                    .flatten()
                    .filter(|t| {
                        t.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| tags_used.contains(n))
                    })
                    .cloned()
                    .collect();
                if !kept.is_empty() {
                    out.insert(key.clone(), Value::Sequence(kept));
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let body = serde_yaml::to_string(&Value::Mapping(out))
        .map_err(|e| Diagnostic::new(&Pointer::root(), format!("cannot write YAML: {e}")))?;
    let text = format!("{header}{body}");
    diags.into_result(Fragment {
        text,
        operations: selected
            .into_iter()
            .map(|(name, upstream, _)| (name, upstream))
            .collect(),
    })
}

/// The components the selected paths need: every `#/components/...` they reference, the
/// security schemes their requirements name, and so on through what those reference; in the
/// upstream document's order.
fn closure(root: &Mapping, paths: &Value) -> Mapping {
    let components = root.get("components").and_then(Value::as_mapping);
    let mut wanted: BTreeSet<(String, String)> = BTreeSet::new();
    let mut todo: Vec<(String, String)> = Vec::new();
    let visit = |value: &Value, todo: &mut Vec<(String, String)>| {
        references(value, todo);
        security_schemes(value, todo);
    };
    visit(paths, &mut todo);
    if let Some(security) = root.get("security") {
        requirement_schemes(security, &mut todo);
    }
    while let Some((kind, name)) = todo.pop() {
        if !wanted.insert((kind.clone(), name.clone())) {
            continue;
        }
        if let Some(found) = components
            .and_then(|c| c.get(kind.as_str()))
            .and_then(|k| k.get(name.as_str()))
        {
            visit(found, &mut todo);
        }
    }
    let mut out = Mapping::new();
    for (kind, entries) in components.into_iter().flatten() {
        let (Some(kind_name), Some(entries)) = (kind.as_str(), entries.as_mapping()) else {
            continue;
        };
        let kept: Mapping = entries
            .iter()
            .filter(|(name, _)| {
                name.as_str()
                    .is_some_and(|n| wanted.contains(&(kind_name.to_owned(), n.to_owned())))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !kept.is_empty() {
            out.insert(kind.clone(), Value::Mapping(kept));
        }
    }
    out
}

/// Every local component reference under `value`: `$ref`s and discriminator mappings, which
/// are references too.
fn references(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => {
            if let Some(rest) = text.strip_prefix("#/components/") {
                let mut parts = rest.splitn(2, '/');
                if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
                    let name = name.replace("~1", "/").replace("~0", "~");
                    out.push((kind.to_owned(), name));
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| references(v, out)),
        Value::Mapping(map) => map.values().for_each(|v| references(v, out)),
        Value::Tagged(tagged) => references(&tagged.value, out),
        _ => {}
    }
}

/// The security schemes named by `security` requirement lists under `value`.
fn security_schemes(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(map) => {
            for (key, inner) in map {
                if key.as_str() == Some("security") && inner.is_sequence() {
                    requirement_schemes(inner, out);
                } else {
                    security_schemes(inner, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| security_schemes(v, out)),
        _ => {}
    }
}

/// The schemes a `security` list of requirements names.
fn requirement_schemes(requirements: &Value, out: &mut Vec<(String, String)>) {
    let requirements = requirements.as_sequence().into_iter().flatten();
    for requirement in requirements.filter_map(Value::as_mapping) {
        for scheme in requirement.keys().filter_map(Value::as_str) {
            out.push(("securitySchemes".to_owned(), scheme.to_owned()));
        }
    }
}
