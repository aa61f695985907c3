//! Structure-aware specs: documents that parse as OpenAPI, built from an arbitrary tree of
//! schemas and operations, so the fuzzer spends its time in the resolver and the emitters.
//! The shapes that break generators are made easy to reach: `$ref` chains (long, cyclic,
//! through `allOf`/`items`/properties), self-references, dangling and foreign `$ref`s, deep
//! inline nesting, tricky names, patterns, enums, unions with discriminators.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

mod common;

#[derive(Arbitrary, Debug)]
struct Doc {
    schemas: Vec<Schema>,
    chains: Vec<Chain>,
    operations: Vec<Operation>,
}

/// `length` components `Chain{n}_{i}`, each referring to the next through `link`; the last
/// refers to the first (`cyclic`) or to an ordinary schema.
#[derive(Arbitrary, Debug)]
struct Chain {
    length: u16,
    link: Link,
    cyclic: bool,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Link {
    Alias,
    AllOf,
    Items,
    RequiredProperty,
    OptionalProperty,
    OneOf,
    AdditionalProperties,
}

#[derive(Arbitrary, Debug)]
enum Schema {
    /// A reference to the schema with this index (modulo the count), or past the end.
    Ref(u8),
    OddRef(OddRef),
    String {
        format: Option<StringFormat>,
        pattern: Option<Pattern>,
        values: Vec<Name>,
        min_length: Option<u8>,
        max_length: Option<u8>,
        nullable: bool,
    },
    Integer {
        int64: Option<bool>,
        minimum: Option<i64>,
        maximum: Option<i64>,
        values: Vec<i64>,
    },
    Number(Option<f64>),
    Boolean,
    Array(Box<Schema>),
    Object {
        properties: Vec<(Name, Schema)>,
        required: Vec<Name>,
        additional: Option<Box<Schema>>,
        nullable: bool,
    },
    AllOf(Vec<Schema>),
    OneOf(Vec<Schema>, Option<Name>),
    AnyOf(Vec<Schema>),
    Not(Box<Schema>),
    /// `depth` wrappers of one kind around `inner`.
    Nest(u8, Link, Box<Schema>),
    Empty,
}

#[derive(Arbitrary, Debug)]
enum OddRef {
    Empty,
    SectionOnly,
    Nested,
    Foreign,
    OtherSection,
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum StringFormat {
    DateTime,
    Date,
    Uuid,
    Password,
    Binary,
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Pattern {
    Known(u8),
    Text(String),
}

const PATTERNS: &[&str] = &[
    "^([a-f0-9]{24})$",
    "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
    "^\\\\d+$",
    "(?=a)b",
    "\\1",
    "a{1000}{1000}",
    "[",
    "^\\p{L}+$",
];

#[derive(Arbitrary, Debug)]
enum Name {
    Tricky(u8),
    Text(String),
}

const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "",
    "1st",
    "_",
    "__",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "ü",
    "a b",
    "pageNum",
    "itemsPerPage",
    "results",
    "totalCount",
    "token",
    "Unknown",
];

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Tricky(i) => NAMES[usize::from(*i) % NAMES.len()].to_owned(),
            Name::Text(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Operation {
    id: Option<Name>,
    method: u8,
    segments: Vec<Segment>,
    parameters: Vec<Parameter>,
    body: Option<Schema>,
    responses: Vec<(u16, Option<Schema>)>,
    tags: Vec<Name>,
}

#[derive(Arbitrary, Debug)]
enum Segment {
    Literal(Name),
    Template(Name),
}

#[derive(Arbitrary, Debug)]
struct Parameter {
    name: Name,
    location: u8,
    required: bool,
    explode: Option<bool>,
    schema: Option<Schema>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie"];

/// Renders schemas; `count` is the number of ordinary components, for `Ref`.
struct Render {
    count: usize,
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn link(kind: Link, to: Value) -> Value {
    match kind {
        Link::Alias => to,
        Link::AllOf => json!({ "allOf": [to] }),
        Link::Items => json!({ "type": "array", "items": to }),
        Link::RequiredProperty => {
            json!({ "type": "object", "properties": { "next": to }, "required": ["next"] })
        }
        Link::OptionalProperty => json!({ "type": "object", "properties": { "next": to } }),
        Link::OneOf => json!({ "oneOf": [to, { "type": "string" }] }),
        Link::AdditionalProperties => json!({ "type": "object", "additionalProperties": to }),
    }
}

impl Render {
    fn schema(&self, schema: &Schema) -> Value {
        match schema {
            Schema::Ref(i) => {
                let i = usize::from(*i);
                // Mostly existing schemas; sometimes one past the end, which dangles.
                let target = if self.count == 0 {
                    i
                } else {
                    i % (self.count + 1)
                };
                reference(&format!("S{target}"))
            }
            Schema::OddRef(odd) => {
                let text = match odd {
                    OddRef::Empty => String::new(),
                    OddRef::SectionOnly => "#/components/schemas/".to_owned(),
                    OddRef::Nested => "#/components/schemas/S0/properties/a".to_owned(),
                    OddRef::Foreign => "other.yaml#/components/schemas/S0".to_owned(),
                    OddRef::OtherSection => "#/components/parameters/S0".to_owned(),
                    OddRef::Text(s) => s.clone(),
                };
                json!({ "$ref": text })
            }
            Schema::String {
                format,
                pattern,
                values,
                min_length,
                max_length,
                nullable,
            } => {
                let mut out = Map::new();
                out.insert("type".into(), "string".into());
                if let Some(format) = format {
                    let text = match format {
                        StringFormat::DateTime => "date-time".to_owned(),
                        StringFormat::Date => "date".to_owned(),
                        StringFormat::Uuid => "uuid".to_owned(),
                        StringFormat::Password => "password".to_owned(),
                        StringFormat::Binary => "binary".to_owned(),
                        StringFormat::Other(s) => s.clone(),
                    };
                    out.insert("format".into(), text.into());
                }
                if let Some(pattern) = pattern {
                    let text = match pattern {
                        Pattern::Known(i) => PATTERNS[usize::from(*i) % PATTERNS.len()].to_owned(),
                        Pattern::Text(s) => s.clone(),
                    };
                    out.insert("pattern".into(), text.into());
                }
                if !values.is_empty() {
                    out.insert("enum".into(), values.iter().map(Name::text).collect());
                }
                if let Some(n) = min_length {
                    out.insert("minLength".into(), (*n).into());
                }
                if let Some(n) = max_length {
                    out.insert("maxLength".into(), (*n).into());
                }
                if *nullable {
                    out.insert("nullable".into(), true.into());
                }
                Value::Object(out)
            }
            Schema::Integer {
                int64,
                minimum,
                maximum,
                values,
            } => {
                let mut out = Map::new();
                out.insert("type".into(), "integer".into());
                if let Some(int64) = int64 {
                    out.insert(
                        "format".into(),
                        if *int64 { "int64" } else { "int32" }.into(),
                    );
                }
                if let Some(n) = minimum {
                    out.insert("minimum".into(), (*n).into());
                }
                if let Some(n) = maximum {
                    out.insert("maximum".into(), (*n).into());
                }
                if !values.is_empty() {
                    out.insert("enum".into(), values.clone().into());
                }
                Value::Object(out)
            }
            Schema::Number(maximum) => match maximum.and_then(serde_json::Number::from_f64) {
                Some(n) => json!({ "type": "number", "maximum": n }),
                None => json!({ "type": "number" }),
            },
            Schema::Boolean => json!({ "type": "boolean" }),
            Schema::Array(items) => json!({ "type": "array", "items": self.schema(items) }),
            Schema::Object {
                properties,
                required,
                additional,
                nullable,
            } => {
                let mut out = Map::new();
                out.insert("type".into(), "object".into());
                let props: Map<String, Value> = properties
                    .iter()
                    .map(|(name, schema)| (name.text(), self.schema(schema)))
                    .collect();
                out.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    out.insert("required".into(), required.iter().map(Name::text).collect());
                }
                if let Some(additional) = additional {
                    out.insert("additionalProperties".into(), self.schema(additional));
                }
                if *nullable {
                    out.insert("nullable".into(), true.into());
                }
                Value::Object(out)
            }
            Schema::AllOf(parts) => json!({ "allOf": self.list(parts) }),
            Schema::OneOf(parts, discriminator) => {
                let mut out = json!({ "oneOf": self.list(parts) });
                if let Some(name) = discriminator {
                    out["discriminator"] = json!({ "propertyName": name.text() });
                }
                out
            }
            Schema::AnyOf(parts) => json!({ "anyOf": self.list(parts) }),
            Schema::Not(inner) => json!({ "not": self.schema(inner) }),
            Schema::Nest(depth, kind, inner) => {
                // Beyond serde_yaml's recursion limit (128) on purpose, sometimes.
                (0..*depth).fold(self.schema(inner), |acc, _| link(*kind, acc))
            }
            Schema::Empty => json!({}),
        }
    }

    fn list(&self, parts: &[Schema]) -> Value {
        parts.iter().map(|s| self.schema(s)).collect()
    }
}

fn document(doc: &Doc) -> Value {
    let render = Render {
        count: doc.schemas.len(),
    };
    let mut schemas = Map::new();
    for (i, schema) in doc.schemas.iter().enumerate() {
        schemas.insert(format!("S{i}"), render.schema(schema));
    }
    // A few thousand chained components in all: enough for any depth problem, while a spec of
    // hundreds of thousands (a few bytes of input per chain) would only measure its size.
    let mut budget = 3000usize;
    for (n, chain) in doc.chains.iter().enumerate() {
        let length = (usize::from(chain.length % 2000) + 1).min(budget);
        budget -= length;
        for i in 0..length {
            let next = if i + 1 < length {
                reference(&format!("Chain{n}_{}", i + 1))
            } else if chain.cyclic {
                reference(&format!("Chain{n}_0"))
            } else {
                json!({ "type": "string" })
            };
            schemas.insert(format!("Chain{n}_{i}"), link(chain.link, next));
        }
    }
    if !doc.chains.is_empty() {
        // One schema reaching every chain, returned by the first operation, so emitters walk
        // the chains from an operation too.
        let all: Map<String, Value> = (0..doc.chains.len())
            .map(|n| (format!("c{n}"), reference(&format!("Chain{n}_0"))))
            .collect();
        schemas.insert(
            "AllChains".into(),
            json!({ "type": "object", "properties": all }),
        );
    }
    let mut paths = Map::new();
    for (k, op) in doc.operations.iter().enumerate() {
        let mut path = String::new();
        for segment in &op.segments {
            path.push('/');
            match segment {
                Segment::Literal(name) => path.push_str(&name.text()),
                Segment::Template(name) => {
                    path.push('{');
                    path.push_str(&name.text());
                    path.push('}');
                }
            }
        }
        if path.is_empty() {
            path = format!("/op{k}");
        }
        let parameters: Vec<Value> = op
            .parameters
            .iter()
            .map(|p| {
                let mut out = json!({
                    "name": p.name.text(),
                    "in": LOCATIONS[usize::from(p.location) % LOCATIONS.len()],
                    "required": p.required,
                });
                if let Some(explode) = p.explode {
                    out["explode"] = explode.into();
                }
                if let Some(schema) = &p.schema {
                    out["schema"] = render.schema(schema);
                }
                out
            })
            .collect();
        let mut responses = Map::new();
        for (status, schema) in &op.responses {
            let code = if *status % 7 == 0 {
                "default".to_owned()
            } else {
                (100 + status % 500).to_string()
            };
            let mut response = json!({ "description": "r" });
            if let Some(schema) = schema {
                response["content"] = json!({ "application/vnd.example.v1+json": { "schema": render.schema(schema) } });
            }
            responses.insert(code, response);
        }
        if k == 0 && !doc.chains.is_empty() {
            responses.insert(
                "200".into(),
                json!({ "description": "chains", "content": { "application/json": {
                    "schema": reference("AllChains") } } }),
            );
        }
        let mut operation = json!({
            "parameters": parameters,
            "responses": responses,
            "tags": op.tags.iter().map(Name::text).collect::<Vec<_>>(),
        });
        if let Some(id) = &op.id {
            operation["operationId"] = id.text().into();
        }
        if let Some(body) = &op.body {
            operation["requestBody"] = json!({ "required": true, "content": {
                "application/json": { "schema": render.schema(body) } } });
        }
        let method = METHODS[usize::from(op.method) % METHODS.len()];
        let item = paths
            .entry(path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[method] = operation;
    }
    json!({
        "openapi": "3.0.1",
        "info": { "title": "Fuzzed", "version": "1.0" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

fuzz_target!(|doc: Doc| {
    let text = serde_json::to_string(&document(&doc)).expect("a JSON value serializes");
    common::generate(&text, &common::options());
});
