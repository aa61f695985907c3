//! The resolved model -> its [`Surface`].

use std::collections::BTreeMap;

use super::{
    AliasSurface, CrateSurface, FieldSurface, OperationSurface, ParamSurface, ParamUse, Surface,
    TypeSurface, digest,
};
use crate::model::{
    Api, Docs, ErrorBody, Field, Operation, OperationParam, ParamRules, ParamTy, ParamType, Status,
    TypeDef, TypeKind, TypeRef,
};
use crate::naming;

impl Surface {
    /// The public API of the crate generated from `api`. `commands` holds the command-line
    /// names (see `emit::cli::command_names`), empty when the crate has no tool.
    pub fn of(api: &Api, bin: Option<&str>, commands: &BTreeMap<String, CommandNames>) -> Surface {
        let mut auth = Vec::new();
        if api.auth.http_digest {
            auth.push("digest".to_owned());
        }
        if api.auth.http_bearer {
            auth.push("bearer".to_owned());
        }
        if api.auth.oauth_client_credentials.is_some() {
            auth.push("service-account".to_owned());
        }
        if api.auth.http_basic {
            auth.push("basic".to_owned());
        }
        auth.extend(
            api.auth
                .api_keys
                .iter()
                .map(|key| format!("api-key {}", key.scheme)),
        );
        let krate = CrateSurface {
            base_url: api.base_url.clone(),
            token_url: api.auth.oauth_client_credentials.clone(),
            auth,
            error_body: match &api.error_body {
                ErrorBody::Typed(name) => name.clone(),
                ErrorBody::Json => "Json".to_owned(),
            },
            bin: bin.map(str::to_owned),
            docs: digest(&[
                &api.title,
                api.description.as_deref().unwrap_or(""),
                &api.version,
            ]),
        };
        let mut types: BTreeMap<String, TypeSurface> = api
            .types
            .iter()
            .map(|def| (def.name.clone(), type_surface(def)))
            .collect();
        for alias in &api.type_aliases {
            if let Some(target) = types.get_mut(&alias.target) {
                target.aliases.push(alias.name.clone());
                target.aliases.sort();
            }
        }
        Surface {
            krate,
            operations: api
                .operations
                .iter()
                .map(|op| {
                    (
                        op.name.clone(),
                        operation_surface(op, commands.get(&op.name)),
                    )
                })
                .collect(),
            types,
            params: api
                .params
                .iter()
                .map(|p| (p.name.clone(), param_surface(p)))
                .collect(),
        }
    }
}

/// The command-line names of one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandNames {
    /// The tag's command, then the operation's.
    pub command: Vec<String>,
    /// The operation command's other spellings.
    pub aliases: Vec<String>,
    /// The option of each parameter, by its index in the operation, then its other spellings.
    pub options: Vec<Vec<String>>,
}

fn docs_digest(docs: &Docs) -> String {
    digest(&[
        docs.title.as_deref().unwrap_or(""),
        docs.description.as_deref().unwrap_or(""),
    ])
}

fn operation_surface(op: &Operation, cli: Option<&CommandNames>) -> OperationSurface {
    let mut params = BTreeMap::new();
    for (i, p) in op.params.iter().enumerate() {
        params.insert(
            param_key(op, i),
            ParamUse {
                name: p.name.clone(),
                location: p.location.word().to_owned(),
                required: p.required,
                ty: param_type(p),
                option: cli
                    .and_then(|c| c.options.get(i))
                    .and_then(|names| names.first())
                    .cloned()
                    .unwrap_or_default(),
                option_aliases: cli
                    .and_then(|c| c.options.get(i))
                    .map(|names| names[1..].to_vec())
                    .unwrap_or_default(),
            },
        );
    }
    let aliases = op
        .aliases
        .iter()
        .map(|a| {
            let alias = AliasSurface {
                type_name: a.type_name.clone(),
                fn_name: a.fn_name.clone(),
                command: if cli.is_some() {
                    a.command.clone()
                } else {
                    String::new()
                },
            };
            (a.operation_id.clone(), alias)
        })
        .collect();
    let success = op.success.as_ref();
    OperationSurface {
        upstream: op.operation_id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        type_name: op.type_name.clone(),
        fn_name: op.fn_name.clone(),
        command: cli.map(|c| c.command.clone()).unwrap_or_default(),
        command_aliases: cli.map(|c| c.aliases.clone()).unwrap_or_default(),
        aliases,
        accept: success.and_then(|s| s.media_type.clone()),
        content_type: op.body.as_ref().map(|b| b.media_type.clone()),
        output: success
            .and_then(|s| s.body.as_ref())
            .map_or_else(|| "()".to_owned(), type_text),
        status: success.map_or(200, |s| status_code(s.status)),
        errors: op.errors.iter().map(|e| status_text(e.status)).collect(),
        deprecated: op.deprecated,
        sunset: op.sunset.clone(),
        paged: op.pagination.is_some(),
        docs: digest(&[
            op.summary.as_deref().unwrap_or(""),
            op.docs.description.as_deref().unwrap_or(""),
        ]),
        params,
        retired: false,
    }
}

/// How the surface knows parameter `i` of `op`: its name in the spec, with its location when
/// another parameter has the same name.
pub fn param_key(op: &Operation, i: usize) -> String {
    let p = &op.params[i];
    let shared = op
        .params
        .iter()
        .filter(|q| q.spec_name == p.spec_name)
        .count()
        > 1;
    if shared {
        format!("{} ({})", p.spec_name, p.location.word())
    } else {
        p.spec_name.clone()
    }
}

/// A documented response's statuses as the spec writes them: `404`, `4XX`, `default`.
fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Class(class) => format!("{class}XX"),
        Status::Default => "default".to_owned(),
    }
}

/// The success status as a number: a range (`2XX`) by its first status.
fn status_code(status: Status) -> u16 {
    match status {
        Status::Code(code) => code,
        Status::Class(class) => class * 100,
        Status::Default => 0,
    }
}

/// A parameter's type as the operation's `new` or setter takes it.
fn param_type(p: &OperationParam) -> String {
    param_ty_text(&p.ty)
}

fn param_ty_text(ty: &ParamTy) -> String {
    match ty {
        ParamTy::Bool => "bool".to_owned(),
        ParamTy::Integer => "i64".to_owned(),
        ParamTy::Number => "f64".to_owned(),
        ParamTy::String => "String".to_owned(),
        ParamTy::Validated(name) => format!("params::{name}"),
        ParamTy::Enum(name) => name.clone(),
        ParamTy::Body(ty) | ParamTy::Object { ty, .. } => type_text(ty),
        ParamTy::List { item, .. } => format!("Vec<{}>", param_ty_text(item)),
    }
}

/// A type as the generated code names it, without paths (`Vec<Link>`).
pub fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "Lenient<Timestamp>".to_owned(),
        TypeRef::Date => "Lenient<Date>".to_owned(),
        TypeRef::Uuid => "Lenient<Uuid>".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::File => "multipart::File".to_owned(),
        TypeRef::Null => "()".to_owned(),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::JsonObject => "Map<String, Value>".to_owned(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

fn field_type(f: &Field) -> String {
    let mut ty = type_text(&f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if f.flatten {
        return ty;
    }
    match (f.required, f.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => format!("Option<{ty}>"),
        (false, true) => format!("Option<Option<{ty}>>"),
    }
}

fn type_surface(def: &TypeDef) -> TypeSurface {
    let schema = component_schema(def);
    let mut surface = TypeSurface {
        schema,
        deprecated: def.deprecated,
        ..TypeSurface::default()
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            surface.kind = "struct".to_owned();
            for f in &s.fields {
                let key = if f.flatten {
                    format!("..{}", f.name)
                } else {
                    f.json_name.clone()
                };
                surface.fields.insert(
                    key,
                    FieldSurface {
                        name: f.name.clone(),
                        ty: field_type(f),
                        required: f.required && !f.flatten,
                        deprecated: f.deprecated,
                        docs: f
                            .docs
                            .description
                            .as_deref()
                            .map_or_else(String::new, |d| digest(&[d])),
                    },
                );
            }
            surface.additional = s.additional.as_ref().map(type_text);
        }
        TypeKind::StringEnum(variants) => {
            surface.kind = "enum".to_owned();
            surface.values = variants
                .iter()
                .map(|v| (v.value.clone(), v.name.clone()))
                .collect();
        }
        TypeKind::IntEnum(values) => {
            surface.kind = "int-enum".to_owned();
            surface.values = values
                .iter()
                .map(|v| (v.to_string(), naming::int_variant_name(*v)))
                .collect();
        }
        TypeKind::Tagged { tag, variants } => {
            surface.kind = "tagged-union".to_owned();
            surface.variants = variants
                .iter()
                .map(|v| {
                    let value = v.tag_value.as_deref().unwrap_or("");
                    (
                        v.name.clone(),
                        format!("{} ({tag}: {value})", type_text(&v.ty)),
                    )
                })
                .collect();
        }
        TypeKind::Untagged(variants) => {
            surface.kind = "union".to_owned();
            surface.variants = variants
                .iter()
                .map(|v| (v.name.clone(), type_text(&v.ty)))
                .collect();
        }
        TypeKind::Alias(target) => {
            surface.kind = "alias".to_owned();
            surface.target = Some(type_text(target));
        }
    }
    surface.docs = docs_digest(&def.docs);
    surface
}

/// The component schema a type was made from, if it is one (`#/components/schemas/NAME`).
pub fn component_schema(def: &TypeDef) -> Option<String> {
    let tokens: Vec<String> = def.pointer.tokens().collect();
    match tokens.as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => {
            Some(name.clone())
        }
        _ => None,
    }
}

fn param_surface(p: &ParamType) -> ParamSurface {
    let mut surface = ParamSurface {
        spec: p.spec_name.clone(),
        docs: docs_digest(&p.docs),
        ..ParamSurface::default()
    };
    match &p.rules {
        ParamRules::String {
            pattern,
            min_length,
            max_length,
        } => {
            surface.kind = "string".to_owned();
            surface.pattern = pattern.as_ref().map(|p| p.source.clone());
            surface.min_length = min_length.map(|n| n as u64);
            surface.max_length = max_length.map(|n| n as u64);
        }
        ParamRules::Integer {
            wide,
            minimum,
            maximum,
            default,
        } => {
            surface.kind = if *wide { "i64" } else { "i32" }.to_owned();
            surface.minimum = *minimum;
            surface.maximum = *maximum;
            surface.default = *default;
        }
        ParamRules::OneOf(variants) => {
            surface.kind = "one-of".to_owned();
            surface.variants = variants
                .iter()
                .map(|v| (v.name.clone(), param_ty_text(&v.ty)))
                .collect();
        }
    }
    surface
}
