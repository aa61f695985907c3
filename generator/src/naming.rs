//! Every Rust name the generator emits is decided here, once, from the spec's names: case
//! conversion (via `heck`), keyword escaping, leading digits, and collision detection.

use std::collections::BTreeMap;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

use crate::model::OperationNames;

/// Words that cannot be plain identifiers in edition 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A type name (`UpperCamelCase`) for a schema, parameter or operation name from the spec.
/// `None` when the name has no letters or digits at all.
pub fn type_name(spec_name: &str) -> Option<String> {
    let camel = spec_name.to_upper_camel_case();
    let camel: String = camel
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match camel.chars().next()? {
        c if c.is_ascii_digit() => Some(format!("N{camel}")),
        _ if camel == "Self" => Some("Self_".to_owned()),
        _ => Some(camel),
    }
}

/// A field, function or module name (`snake_case`). `None` when nothing identifier-like is left.
pub fn value_name(spec_name: &str) -> Option<String> {
    let snake = spec_name.to_snake_case();
    let snake: String = snake
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let snake = snake.trim_matches('_').to_owned();
    match snake.chars().next()? {
        c if c.is_ascii_digit() => Some(format!("n{snake}")),
        _ => Some(snake),
    }
}

/// The names an operation called `operation_id` gets: its type (`ListPets`), its client
/// method (`list_pets`) and its command (`list-pets`). `None` when the name has nothing to
/// convert.
pub fn operation_names(operation_id: &str) -> Option<OperationNames> {
    let command = operation_id.to_kebab_case();
    if command.is_empty() {
        return None;
    }
    Some(OperationNames {
        operation_id: operation_id.to_owned(),
        type_name: type_name(operation_id)?,
        fn_name: value_name(operation_id)?,
        command,
    })
}

/// The client-bound request type of an operation whose type is `type_name`
/// (`ListPetsRequest`); a type name that ends in `_` (`Self_`, as `Self` is a keyword) loses
/// it, as `Self_Request` is not CamelCase.
pub fn request_name(type_name: &str) -> String {
    format!("{}Request", type_name.trim_end_matches('_'))
}

/// An enum variant name for a string value; values without letters or digits (`"+"`) get a
/// positional name, since they have nothing to convert.
pub fn variant_name(value: &str, position: usize) -> String {
    type_name(value).unwrap_or_else(|| format!("Value{position}"))
}

/// The variant of an integer enum value: `V1`, `Minus1`.
pub fn int_variant_name(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// The identifier for a name chosen above: keywords become raw identifiers (`r#type`), or get a
/// trailing underscore where Rust forbids the raw form (`self_`).
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Gives each spec name in one scope a distinct Rust name. Names that collide after case
/// conversion (`fooBar` and `foo_bar`) get a numeric suffix in the order they were claimed,
/// which is the spec's order, so the result is deterministic.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeMap<String, String>,
}

impl Scope {
    /// Reserves a name no spec element may take (e.g. a method the generated type already has).
    pub fn reserve(&mut self, rust_name: &str) {
        self.taken.insert(rust_name.to_owned(), String::new());
    }

    /// The Rust name for `spec_name`, made distinct from every name claimed before: a
    /// number is appended, after `_` in `snake_case` names and directly in `UpperCamelCase`
    /// ones (which must not contain `_`).
    pub fn claim(&mut self, rust_name: String, spec_name: &str) -> String {
        let camel = rust_name.starts_with(|c: char| c.is_ascii_uppercase());
        let mut candidate = rust_name.clone();
        let mut n = 2;
        while self.taken.contains_key(&candidate) {
            candidate = if camel {
                format!("{rust_name}{n}")
            } else {
                format!("{rust_name}_{n}")
            };
            n += 1;
        }
        self.taken.insert(candidate.clone(), spec_name.to_owned());
        candidate
    }

    /// Gives a claimed name back, for an item that is dropped after all (an operation the
    /// generator skips), so the names of later items do not depend on it.
    pub fn release(&mut self, rust_name: &str) {
        self.taken.remove(rust_name);
    }

    /// What holds `rust_name`, if it is taken: the spec name given when it was claimed.
    pub fn holder(&self, rust_name: &str) -> Option<&str> {
        self.taken.get(rust_name).map(String::as_str)
    }

    /// Claims `rust_name` or reports the spec name that already holds it.
    pub fn claim_exact(&mut self, rust_name: &str, spec_name: &str) -> Result<(), String> {
        match self.taken.get(rust_name) {
            Some(holder) => Err(holder.clone()),
            None => {
                self.taken
                    .insert(rust_name.to_owned(), spec_name.to_owned());
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_separators() {
        assert_eq!(
            type_name("ApiBSONTimestampView").unwrap(),
            "ApiBsonTimestampView"
        );
        assert_eq!(type_name("Legacy Backup").unwrap(), "LegacyBackup");
        assert_eq!(type_name("IN_PROGRESS").unwrap(), "InProgress");
        assert_eq!(value_name("masterKeyUUID").unwrap(), "master_key_uuid");
        assert_eq!(
            value_name("pointInTimeUTCMillis").unwrap(),
            "point_in_time_utc_millis"
        );
    }

    #[test]
    fn digits_keywords_and_empties() {
        assert_eq!(type_name("2fa").unwrap(), "N2fa");
        assert_eq!(value_name("2fa").unwrap(), "n2fa");
        assert_eq!(type_name("self").unwrap(), "Self_");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(type_name("+"), None);
        assert_eq!(variant_name("+", 3), "Value3");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("foo_bar".into(), "fooBar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar".into(), "foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("FooBar".into(), "fooBar"), "FooBar");
        assert_eq!(scope.claim("FooBar".into(), "foo_bar"), "FooBar2");
        assert_eq!(
            scope.claim_exact("foo_bar", "FooBar"),
            Err("fooBar".to_owned())
        );
    }
}
