//! `application/x-www-form-urlencoded` bodies and object query parameters: a value's members
//! as `name=value` pairs, written as OpenAPI's `form` style (exploded) and `deepObject` style
//! say.

use std::borrow::Cow;

use serde_json::Value;

use crate::Error;
use crate::request::{UrlBuilder, encode_into};

impl UrlBuilder<'_> {
    /// Sends `value` as a form: its members as `name=value` pairs (arrays repeat the name,
    /// objects give their own members), or `name[key]=value` for the `deep_objects`
    /// properties; `null` members are left out.
    pub fn form_body<T: serde::Serialize>(
        &mut self,
        media_type: &'static str,
        value: Option<&T>,
        deep_objects: &[&str],
    ) -> Result<(), Error> {
        if let Some(value) = value {
            let value = serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))?;
            let Value::Object(members) = &value else {
                return Err(Error::Encode("a form body must be an object".to_owned()));
            };
            let mut pairs = Vec::new();
            for (name, member) in members {
                if deep_objects.contains(&name.as_str()) {
                    deep_pairs(name, member, &mut pairs);
                } else {
                    flat_pairs(name, member, &mut pairs);
                }
            }
            self.set_body(Cow::Borrowed(media_type), encode(&pairs));
        }
        Ok(())
    }

    /// Appends an object parameter to the query: `key=value` for each member (the `form`
    /// style, exploded), or `name[key]=value` with `deep_object`.
    pub fn query_object<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
        deep_object: bool,
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))?;
        let mut pairs = Vec::new();
        match &value {
            _ if deep_object => deep_pairs(name, &value, &mut pairs),
            Value::Object(members) => {
                for (key, member) in members {
                    flat_pairs(key, member, &mut pairs);
                }
            }
            other => flat_pairs(name, other, &mut pairs),
        }
        for (key, text) in &pairs {
            self.query(key, text);
        }
        Ok(())
    }
}

/// `name=value` for a scalar, one pair per item for an array, and for an object one pair per
/// member under the member's own name (`form` style, exploded). Values that are neither
/// (an array in an array) are sent as JSON text.
fn flat_pairs(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                match scalar(item) {
                    Some(text) => out.push((name.to_owned(), text)),
                    None if item.is_null() => {}
                    None => out.push((name.to_owned(), item.to_string())),
                }
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                flat_pairs(key, member, out);
            }
        }
        scalar_value => {
            if let Some(text) = scalar(scalar_value) {
                out.push((name.to_owned(), text));
            }
        }
    }
}

/// `name[key]=value` for each member, nested as deep as the value (`name[a][b]=v`); array
/// items get their index (`name[tags][0]=v`).
fn deep_pairs(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (key, member) in members {
                deep_pairs(&format!("{name}[{key}]"), member, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(&format!("{name}[{i}]"), item, out);
            }
        }
        scalar_value => {
            if let Some(text) = scalar(scalar_value) {
                out.push((name.to_owned(), text));
            }
        }
    }
}

/// The text of a string, number or boolean.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `a=1&b=x%20y`: names and values percent-encoded.
fn encode(pairs: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        encode_into(&mut out, name);
        out.push(b'=');
        encode_into(&mut out, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_and_deep_object_styles() {
        let value = serde_json::json!({
            "name": "a b&c",
            "tags": ["x", "y"],
            "limits": {"cpu": 2, "ram": null},
            "skip": null,
        });
        let Value::Object(members) = &value else {
            unreachable!()
        };
        let mut pairs = Vec::new();
        for (name, member) in members {
            if name == "limits" {
                deep_pairs(name, member, &mut pairs);
            } else {
                flat_pairs(name, member, &mut pairs);
            }
        }
        // Members come in the map's order, which depends on serde_json's features.
        pairs.sort();
        let expected = [
            ("limits[cpu]", "2"),
            ("name", "a b&c"),
            ("tags", "x"),
            ("tags", "y"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expected);
        assert_eq!(
            encode(&pairs),
            b"limits%5Bcpu%5D=2&name=a%20b%26c&tags=x&tags=y"
        );
    }
}
