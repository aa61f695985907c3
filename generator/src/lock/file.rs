//! The lock file's text: TOML laid out for reading in a pull request's diff. One section per
//! operation, type and parameter type; inside, one line per fact, and one line per field,
//! parameter, enum value or alias (dotted keys), so a change shows as the lines it touches.

use std::fmt::Write as _;

use toml::{Table, Value};

use super::Lock;
use crate::surface::Surface;
use crate::version::Version;

impl Lock {
    /// Reads a lock file.
    pub fn parse(text: &str) -> Result<Lock, String> {
        let mut table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let version = match table.remove("version") {
            Some(Value::String(v)) => v.parse::<Version>()?,
            Some(_) => return Err("`version` must be a string".to_owned()),
            None => return Err("missing `version`".to_owned()),
        };
        let api: Surface = Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| e.to_string())?;
        Ok(Lock { version, api })
    }

    /// The lock file's text, after `header` (comment lines, each starting with `#`).
    pub fn render(&self, header: &str) -> Result<String, String> {
        let Value::Table(api) = Value::try_from(&self.api).map_err(|e| e.to_string())? else {
            return Err("the API surface is not a table".to_owned());
        };
        let mut out = String::new();
        out.push_str(header);
        if !header.is_empty() && !header.ends_with('\n') {
            out.push('\n');
        }
        let _ = writeln!(out, "version = {}", string(&self.version.to_string()));
        for (name, value) in &api {
            let Value::Table(table) = value else {
                let _ = writeln!(out, "{} = {}", key(name), inline(value));
                continue;
            };
            if table.values().all(Value::is_table) && name != "crate" {
                for (entry, body) in table {
                    let Value::Table(body) = body else { continue };
                    let _ = writeln!(out, "\n[{}.{}]", key(name), key(entry));
                    section(&mut out, body);
                }
            } else {
                let _ = writeln!(out, "\n[{}]", key(name));
                section(&mut out, table);
            }
        }
        Ok(out)
    }
}

/// The lines of one section: plain values first, then each nested table as dotted keys.
fn section(out: &mut String, table: &Table) {
    for (name, value) in table {
        if !value.is_table() {
            let _ = writeln!(out, "{} = {}", key(name), inline(value));
        }
    }
    for (name, value) in table {
        if let Value::Table(nested) = value {
            for (entry, item) in nested {
                let _ = writeln!(out, "{}.{} = {}", key(name), key(entry), inline(item));
            }
        }
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => string(s),
        Value::Integer(n) => n.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(table) => {
            let items: Vec<String> = table
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), inline(v)))
                .collect();
            if items.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
    }
}

/// A key, bare when TOML allows it.
fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { name.to_owned() } else { string(name) }
}

/// A TOML basic string.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::surface::{FieldSurface, ParamSurface, TypeSurface};

    fn sample() -> Lock {
        let mut api = Surface::default();
        api.krate.base_url = Some("https://example.com".into());
        api.krate.auth = vec!["digest".into()];
        let mut fields = BTreeMap::new();
        fields.insert(
            "odd key \"quoted\"\n".to_owned(),
            FieldSurface {
                name: "odd_key".into(),
                ty: "Option<String>".into(),
                ..FieldSurface::default()
            },
        );
        api.types.insert(
            "Thing".into(),
            TypeSurface {
                schema: Some("Thing".into()),
                kind: "struct".into(),
                fields,
                values: [("a.b".to_owned(), "AB".to_owned())].into(),
                ..TypeSurface::default()
            },
        );
        api.params.insert(
            "Id".into(),
            ParamSurface {
                spec: "id".into(),
                kind: "string".into(),
                pattern: Some("^\\d+$".into()),
                ..ParamSurface::default()
            },
        );
        Lock {
            version: "1.2.3".parse().unwrap(),
            api,
        }
    }

    #[test]
    fn renders_one_line_per_fact_and_reads_back() {
        let lock = sample();
        let text = lock.render("# header\n").unwrap();
        assert!(
            text.starts_with("# header\nversion = \"1.2.3\"\n"),
            "{text}"
        );
        assert!(text.contains("\n[types.Thing]\n"), "{text}");
        assert!(
            text.contains(
                "fields.\"odd key \\\"quoted\\\"\\n\" = { name = \"odd_key\", type = \"Option<String>\" }\n"
            ),
            "{text}"
        );
        assert!(text.contains("values.\"a.b\" = \"AB\"\n"), "{text}");
        assert!(text.contains("pattern = \"^\\\\d+$\"\n"), "{text}");
        assert_eq!(Lock::parse(&text).unwrap(), lock);
    }

    #[test]
    fn bad_files_say_why() {
        assert!(Lock::parse("version = 1").unwrap_err().contains("string"));
        assert!(Lock::parse("").unwrap_err().contains("version"));
        assert!(
            Lock::parse("version = \"0.1.0\"\n[types.X]\nkind = \"struct\"\nbogus = 1\n")
                .unwrap_err()
                .contains("bogus")
        );
    }
}
