//! Stage 1: spec text -> `openapiv3::OpenAPI`. Rejects what is not YAML/JSON, not OpenAPI 3.0.x,
//! or not shaped like an OpenAPI document, naming where.

mod flow_depth;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pointer::Pointer;

/// How deep flow collections may nest before the text is refused unread. Twice serde_yaml's
/// recursion limit (128), so that only documents serde_yaml refuses anyway are refused here,
/// with margin.
const FLOW_NESTING_LIMIT: usize = 256;

/// Parses a YAML (or JSON, a subset of YAML) OpenAPI 3.0.x document.
pub fn parse(text: &str) -> Result<OpenAPI, Diagnostics> {
    check_flow_nesting(text)?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| (l.line(), l.column()));
        invalid_yaml(at, &strip_location(&e))
    })?;
    check_version(&value)?;
    let deserializer = value;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        let reason = strip_location(e.inner());
        Diagnostic::new(
            &pointer,
            format!("not a valid OpenAPI 3.0 element: {reason}"),
        )
        .into()
    })
}

/// Refuses, quickly, flow collections nested far beyond serde_yaml's recursion limit, which
/// serde_yaml would refuse only after a scan quadratic in their depth (see [`flow_depth`]).
fn check_flow_nesting(text: &str) -> Result<(), Diagnostics> {
    let Some(offset) = flow_depth::first_beyond(text, FLOW_NESTING_LIMIT) else {
        return Ok(());
    };
    let at = flow_depth::line_and_column(text, offset);
    let reason =
        format!("flow collections ([ ] and {{ }}) nested more than {FLOW_NESTING_LIMIT} deep");
    Err(invalid_yaml(Some(at), &reason).into())
}

/// Text that is not YAML the generator can read, at a 1-based line and column when known.
fn invalid_yaml(at: Option<(usize, usize)>, reason: &str) -> Diagnostic {
    let at = at
        .map(|(line, column)| format!(" at line {line} column {column}"))
        .unwrap_or_default();
    Diagnostic::new(&Pointer::root(), format!("invalid YAML{at}: {reason}"))
}

/// Only 3.0.x is supported: 3.1 changed the schema dialect (`type` arrays, no `nullable`), and
/// reading it as 3.0 would silently produce wrong types.
fn check_version(value: &serde_yaml::Value) -> Result<(), Diagnostics> {
    let pointer = Pointer::root().join("openapi");
    let Some(map) = value.as_mapping() else {
        return Err(Diagnostic::new(&Pointer::root(), "the document is not a YAML mapping").into());
    };
    let version = match map.get("openapi") {
        None => {
            let reason = if map.contains_key("swagger") {
                "Swagger 2.0 documents are not supported; convert to OpenAPI 3.0 first"
            } else {
                "missing `openapi` version field; is this an OpenAPI document?"
            };
            return Err(Diagnostic::new(&Pointer::root(), reason).into());
        }
        Some(serde_yaml::Value::String(v)) => v.clone(),
        Some(other) => format!("{other:?}"),
    };
    let reason = if version.starts_with("3.0.") {
        return Ok(());
    } else if version.starts_with("3.1.") {
        format!(
            "unsupported OpenAPI version `{version}`: only 3.0.x is supported (3.1 schemas are JSON Schema 2020-12, with `type` lists instead of `nullable`, which 3.0 tools read wrongly); convert the document to 3.0 first"
        )
    } else {
        format!("unsupported OpenAPI version `{version}`: only 3.0.x is supported")
    };
    Err(Diagnostic::new(&pointer, reason).into())
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |p, segment| match segment {
            Segment::Seq { index } => p.join(index),
            Segment::Map { key } => p.join(key),
            Segment::Enum { .. } | Segment::Unknown => p,
        })
}

/// serde_yaml appends "at line X column Y" to its messages; the pointer already says where.
fn strip_location(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> String {
        parse(text).unwrap_err().iter().next().unwrap().to_string()
    }

    #[test]
    fn rejects_other_versions() {
        assert!(
            first_error("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n").starts_with(
                "#/openapi: unsupported OpenAPI version `3.1.0`: only 3.0.x is supported (3.1 schemas are JSON Schema 2020-12"
            )
        );
        assert_eq!(
            first_error("openapi: 4.0.0\ninfo: {title: t, version: v}\npaths: {}\n"),
            "#/openapi: unsupported OpenAPI version `4.0.0`: only 3.0.x is supported"
        );
        assert!(first_error("swagger: '2.0'\n").contains("Swagger 2.0"));
    }

    #[test]
    fn points_at_malformed_elements() {
        let text = "openapi: 3.0.1\ninfo: {title: 7, version: v}\npaths: {}\n";
        assert!(
            first_error(text).starts_with("#/info/title: "),
            "{}",
            first_error(text)
        );
    }

    #[test]
    fn refuses_deep_flow_nesting_at_the_root_with_position() {
        let deep = format!("openapi: 3.0.1\ninfo: {}\n", "[".repeat(1000));
        assert_eq!(
            first_error(&deep),
            "#: invalid YAML at line 2 column 263: flow collections ([ ] and { }) nested more than 256 deep"
        );
        let at_limit = format!("openapi: 3.0.1\ninfo: {}\n", "[".repeat(FLOW_NESTING_LIMIT));
        assert!(first_error(&at_limit).contains("recursion limit exceeded"));
    }

    #[test]
    fn reports_yaml_syntax_errors_with_position() {
        assert!(first_error("openapi: [3.0").starts_with("#: invalid YAML at line"));
    }
}
