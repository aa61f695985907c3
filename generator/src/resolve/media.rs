//! Media types -> how a body is written and read. Chosen by the media type's essence (what
//! comes before `;`), the way servers label bodies, with the schema deciding for wildcards.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// How a body of one media type is written or read, in the order the generator prefers them
/// when a request or response offers several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

/// The class of `media_type` with the body's `schema`.
pub fn classify(media_type: &str, schema: Option<&ReferenceOr<Schema>>) -> MediaClass {
    let essence = essence(media_type);
    let binary_schema = schema.is_some_and(is_binary_string);
    if is_json(&essence) {
        return MediaClass::Json;
    }
    if essence == "application/x-www-form-urlencoded" {
        return MediaClass::Form;
    }
    if essence == "multipart/form-data" {
        return MediaClass::Multipart;
    }
    if binary_schema {
        return MediaClass::Binary;
    }
    if is_text(&essence) {
        return MediaClass::Text;
    }
    // `*/*` with a structured schema is how some specs say "JSON, or whatever you like".
    if essence == "*/*" && schema.is_some_and(is_structured) {
        return MediaClass::Json;
    }
    MediaClass::Binary
}

/// What a body of this class is labelled with: the media type itself, or, for a wildcard, the
/// usual type of the class.
pub fn concrete(media_type: &str, class: MediaClass) -> String {
    if !media_type.contains('*') {
        return media_type.to_owned();
    }
    match class {
        MediaClass::Json => "application/json",
        MediaClass::Form => "application/x-www-form-urlencoded",
        MediaClass::Multipart => "multipart/form-data",
        MediaClass::Text => "text/plain",
        MediaClass::Binary => "application/octet-stream",
    }
    .to_owned()
}

fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `application/json`, `application/problem+json`, `application/vnd.example.v1+json`.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn is_text(essence: &str) -> bool {
    essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence.ends_with("+csv")
        || essence.ends_with("+yaml")
        || matches!(
            essence,
            "application/xml"
                | "application/yaml"
                | "application/x-yaml"
                | "application/javascript"
                | "application/x-ndjson"
                | "application/jsonl"
                | "application/graphql"
        )
}

/// `type: string, format: binary` (inline).
fn is_binary_string(schema: &ReferenceOr<Schema>) -> bool {
    matches!(
        schema,
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::String(s)), .. })
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

fn is_structured(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(s) => matches!(
            s.schema_kind,
            SchemaKind::Type(Type::Object(_) | Type::Array(_))
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. }
                | SchemaKind::AllOf { .. }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> ReferenceOr<Schema> {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn classes() {
        assert_eq!(
            classify("application/json; charset=utf-8", None),
            MediaClass::Json
        );
        assert_eq!(
            classify("application/vnd.x.v1+json", None),
            MediaClass::Json
        );
        assert_eq!(
            classify("application/x-www-form-urlencoded", None),
            MediaClass::Form
        );
        assert_eq!(classify("multipart/form-data", None), MediaClass::Multipart);
        assert_eq!(classify("text/csv", None), MediaClass::Text);
        assert_eq!(classify("application/vnd.x.v1+csv", None), MediaClass::Text);
        assert_eq!(classify("image/png", None), MediaClass::Binary);
        assert_eq!(classify("application/vnd.x+gzip", None), MediaClass::Binary);
        let binary = schema("{type: string, format: binary}");
        assert_eq!(classify("text/plain", Some(&binary)), MediaClass::Binary);
        assert_eq!(classify("*/*", Some(&binary)), MediaClass::Binary);
        let object = schema("{type: object}");
        assert_eq!(classify("*/*", Some(&object)), MediaClass::Json);
        assert_eq!(classify("*/*", None), MediaClass::Binary);
    }

    #[test]
    fn wildcards_get_a_concrete_label() {
        assert_eq!(
            concrete("image/*", MediaClass::Binary),
            "application/octet-stream"
        );
        assert_eq!(concrete("text/csv", MediaClass::Text), "text/csv");
    }
}
