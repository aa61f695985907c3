//! Spec-update cases: a spec update described as a small edit of `spec/atlas-admin.yaml`, so
//! that each case states only what changes.
//!
//! A case is a folder `tests/spec-updates/NAME/` holding `overlay.yaml`:
//!
//! ```yaml
//! description: One line saying what the update does.
//! expect: minor            # the semver bump it must cause: patch, minor or major
//! compat: true             # optional: keep its crate generated in crate/ for the compile test
//! changes:                 # applied in order to the spec, as JSON pointers (RFC 6901)
//!   - add: /components/schemas/Pet/properties/age     # a new member, or an array item
//!     value: { type: integer }                        #   (`/-` appends; an index inserts)
//!   - replace: /info/version                          # an existing value, replaced
//!     value: "2.1"
//!   - remove: /components/schemas/Pet/properties/tag  # an existing member or item
//!   - move: /components/schemas/Animal                # a value moved (a schema renamed);
//!     from: /components/schemas/Pet                   #   `$ref`s to it are not rewritten
//! ```
//!
//! The tests, `cargo xtask codegen --overlay FILE` and `scripts/semver/check.sh` all apply
//! cases through [`apply`].

use std::fs;
use std::path::{Path, PathBuf};

use codegen::version::Bump;
use serde::Deserialize;
use serde_json::Value;

/// One spec-update case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder's name (`additive`).
    pub name: String,
    /// Its `overlay.yaml`.
    pub overlay: PathBuf,
    pub description: String,
    /// The bump the update must cause (`patch`, `minor` or `major`).
    pub expect: Bump,
    /// Whether its crate is kept generated under `crate/`, for code written against the base
    /// crate to be compiled against it in CI.
    pub compat: bool,
}

/// How `expect` is written in an overlay: an update always changes something.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expected {
    Patch,
    Minor,
    Major,
}

impl From<Expected> for Bump {
    fn from(expected: Expected) -> Bump {
        match expected {
            Expected::Patch => Bump::Patch,
            Expected::Minor => Bump::Minor,
            Expected::Major => Bump::Major,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    description: String,
    expect: Expected,
    #[serde(default)]
    compat: bool,
    changes: Vec<Change>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum ChangeKind {
    Add(String),
    Replace(String),
    Remove(String),
    Move(String),
}

#[derive(Deserialize)]
struct Change {
    #[serde(flatten)]
    kind: ChangeKind,
    #[serde(default)]
    value: Option<Value>,
    /// Where `move` takes its value.
    #[serde(default)]
    from: Option<String>,
}

/// Where the cases live.
pub fn cases_dir() -> PathBuf {
    crate::codegen::workspace_root().join("tests/spec-updates")
}

/// Every case, by name.
pub fn cases() -> Result<Vec<Case>, String> {
    let dir = cases_dir();
    let mut overlays: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path().join("overlay.yaml"))
        .filter(|p| p.is_file())
        .collect();
    overlays.sort();
    overlays.iter().map(|p| load(p)).collect()
}

/// Reads one case from its overlay file.
pub fn load(overlay: &Path) -> Result<Case, String> {
    let file = read_overlay(overlay)?;
    let name = overlay
        .parent()
        .and_then(Path::file_name)
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Case {
        name,
        overlay: overlay.to_path_buf(),
        description: file.description,
        expect: file.expect.into(),
        compat: file.compat,
    })
}

fn read_overlay(overlay: &Path) -> Result<OverlayFile, String> {
    let text = fs::read_to_string(overlay).map_err(|e| format!("{}: {e}", overlay.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", overlay.display()))
}

/// The spec text with the overlay's changes applied (as JSON, which is YAML too).
pub fn apply_file(spec_text: &str, overlay: &Path) -> Result<String, String> {
    let file = read_overlay(overlay)?;
    apply(spec_text, &file.changes).map_err(|e| format!("{}: {e}", overlay.display()))
}

fn apply(spec_text: &str, changes: &[Change]) -> Result<String, String> {
    let mut spec: Value =
        serde_yaml::from_str(spec_text).map_err(|e| format!("the spec does not parse: {e}"))?;
    for (index, change) in changes.iter().enumerate() {
        apply_one(&mut spec, change).map_err(|e| format!("change {index}: {e}"))?;
    }
    serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())
}

fn apply_one(spec: &mut Value, change: &Change) -> Result<(), String> {
    if let (Some(from), false) = (&change.from, matches!(change.kind, ChangeKind::Move(_))) {
        return Err(format!("{from}: only `move` takes a `from`"));
    }
    let (pointer, value) = match &change.kind {
        ChangeKind::Add(p) | ChangeKind::Replace(p) => (
            p,
            Some(
                change
                    .value
                    .clone()
                    .ok_or(format!("{p}: needs a `value`"))?,
            ),
        ),
        ChangeKind::Remove(p) => {
            if change.value.is_some() {
                return Err(format!("{p}: `remove` takes no `value`"));
            }
            (p, None)
        }
        ChangeKind::Move(to) => return apply_move(spec, to, change.from.as_deref()),
    };
    let (parent, last) = split(pointer)?;
    let target = spec
        .pointer_mut(parent)
        .ok_or_else(|| format!("{pointer}: `{parent}` is not in the spec"))?;
    match (&change.kind, target) {
        (ChangeKind::Add(_), Value::Object(map)) => {
            if map.contains_key(&last) {
                return Err(format!("{pointer}: already there (use `replace`)"));
            }
            map.insert(last, value.unwrap_or_default());
        }
        (ChangeKind::Add(_), Value::Array(items)) => {
            let at = if last == "-" {
                items.len()
            } else {
                index(pointer, &last, items.len() + 1)?
            };
            items.insert(at, value.unwrap_or_default());
        }
        (ChangeKind::Replace(_), Value::Object(map)) => match map.get_mut(&last) {
            Some(slot) => *slot = value.unwrap_or_default(),
            None => return Err(format!("{pointer}: not in the spec (use `add`)")),
        },
        (ChangeKind::Replace(_), Value::Array(items)) => {
            let at = index(pointer, &last, items.len())?;
            items[at] = value.unwrap_or_default();
        }
        (ChangeKind::Remove(_), Value::Object(map)) => {
            if map.shift_remove(&last).is_none() {
                return Err(format!("{pointer}: not in the spec"));
            }
        }
        (ChangeKind::Remove(_), Value::Array(items)) => {
            let at = index(pointer, &last, items.len())?;
            items.remove(at);
        }
        (_, other) => {
            return Err(format!(
                "{pointer}: `{parent}` is {}, not an object or array",
                kind(other)
            ));
        }
    }
    Ok(())
}

/// A move is a removal, then an addition of what was removed.
fn apply_move(spec: &mut Value, to: &str, from: Option<&str>) -> Result<(), String> {
    let from = from.ok_or(format!("{to}: `move` needs a `from`"))?;
    let value = spec
        .pointer(from)
        .cloned()
        .ok_or(format!("{from}: not in the spec"))?;
    let steps = [
        Change {
            kind: ChangeKind::Remove(from.to_owned()),
            value: None,
            from: None,
        },
        Change {
            kind: ChangeKind::Add(to.to_owned()),
            value: Some(value),
            from: None,
        },
    ];
    steps.iter().try_for_each(|step| apply_one(spec, step))
}

/// The parent pointer and the unescaped last token.
fn split(pointer: &str) -> Result<(&str, String), String> {
    let Some(cut) = pointer.rfind('/') else {
        return Err(format!(
            "{pointer:?} is not a JSON pointer (it starts with `/`)"
        ));
    };
    if !pointer.starts_with('/') {
        return Err(format!(
            "{pointer:?} is not a JSON pointer (it starts with `/`)"
        ));
    }
    let last = pointer[cut + 1..].replace("~1", "/").replace("~0", "~");
    Ok((&pointer[..cut], last))
}

fn index(pointer: &str, token: &str, below: usize) -> Result<usize, String> {
    match token.parse::<usize>() {
        Ok(i) if i < below => Ok(i),
        _ => Err(format!("{pointer}: `{token}` is not an index of the array")),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(spec: &str, changes: &str) -> Result<Value, String> {
        let changes: Vec<Change> = serde_yaml::from_str(changes).unwrap();
        apply(spec, &changes).map(|text| serde_json::from_str(&text).unwrap())
    }

    const SPEC: &str = "a: {b: 1, c/d: [x, y]}\n";

    #[test]
    fn changes_apply_in_order() {
        let out = run(
            SPEC,
            "- add: /a/e\n  value: {f: true}\n\
             - add: /a/c~1d/-\n  value: z\n\
             - add: /a/c~1d/0\n  value: w\n\
             - replace: /a/b\n  value: 2\n\
             - remove: /a/c~1d/1\n\
             - move: /g\n  from: /a/e\n",
        )
        .unwrap();
        assert_eq!(
            out,
            serde_json::json!({"a": {"b": 2, "c/d": ["w", "y", "z"]}, "g": {"f": true}})
        );
    }

    #[test]
    fn a_change_that_does_not_fit_the_spec_names_its_pointer() {
        let cases = [
            ("- add: /a/b\n  value: 3\n", "/a/b: already there"),
            ("- replace: /a/q\n  value: 3\n", "/a/q: not in the spec"),
            ("- remove: /a/q\n", "/a/q: not in the spec"),
            ("- remove: /z/q\n", "/z/q: `/z` is not in the spec"),
            ("- remove: /a/c~1d/7\n", "`7` is not an index"),
            ("- add: /a/b/c\n  value: 1\n", "`/a/b` is a number"),
            ("- add: /a/n\n", "/a/n: needs a `value`"),
            ("- remove: a\n", "is not a JSON pointer"),
            ("- move: /a/x\n", "`move` needs a `from`"),
            ("- move: /a/x\n  from: /a/q\n", "/a/q: not in the spec"),
            ("- move: /a/b\n  from: /a/c~1d\n", "/a/b: already there"),
            (
                "- remove: /a/b\n  from: /a/c\n",
                "only `move` takes a `from`",
            ),
        ];
        for (changes, expected) in cases {
            let error = run(SPEC, changes).unwrap_err();
            assert!(error.contains(expected), "{changes}: {error}");
        }
    }
}
