//! Paths and operations -> [`Operation`]s: names, parameters (path-level and operation-level,
//! refs followed), the path template, and pagination; the bodies are in `bodies`. An operation
//! using a construct the generator cannot express is skipped with a warning; the rest of the
//! spec is generated.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};

use super::Resolver;
use super::refs::{follow, follow_reference};
use super::schema::schema_docs;
use crate::model::{
    Docs, Fact, Operation, OperationNames, OperationParam, Pagination, ParamLocation, ParamRules,
    ParamTy, PathSegment, ResponseFormat, SuccessResponse, TypeKind, TypeRef,
};
use crate::naming;
use crate::pointer::Pointer;

/// Names the generated operation type and its builder already use for their own methods.
const RESERVED_SETTERS: &[&str] = &[
    "new",
    "to_http",
    "parse_response",
    "send",
    "download",
    "pages",
    "items",
    "operation",
    "body",
];

/// The types the crate root declares or re-exports by name (`lib.rs`): an operation's type of
/// one of these names would be hidden behind it, as the root re-exports the operations with a
/// glob.
const ROOT_TYPES: &[&str] = &[
    "ApiKeyLocation",
    "ApiKeyScheme",
    "ApiResponse",
    "BaseUrl",
    "Client",
    "ClientBuilder",
    "Download",
    "Error",
    "ErrorBody",
    "RateLimit",
    "RetryPolicy",
    "Rule",
    "ValidationError",
];

/// The scope of the names operations give the crate: their types and request types (in
/// `operations`, re-exported at the root) and their client methods (on `Client`, beside the
/// methods it has anyway).
fn operation_scope() -> naming::Scope {
    let mut scope = naming::Scope::default();
    for method in crate::emit::CLIENT_METHODS {
        let _ = scope.claim_exact(method, "a method `Client` has in the support code");
    }
    for name in ROOT_TYPES {
        let _ = scope.claim_exact(name, "a type the crate root exports");
    }
    scope
}

/// Claims the names an operation (or an alias of one) gives the crate: its client method, its
/// type and its request type, each held by `holder(what)`. When one is taken, none is
/// claimed, and the reason says which and by what.
fn claim_names(
    scope: &mut naming::Scope,
    names: &OperationNames,
    holder: impl Fn(&str) -> String,
) -> Result<(), String> {
    let wanted = [
        ("client method", names.fn_name.clone()),
        ("type", names.type_name.clone()),
        ("request type", naming::request_name(&names.type_name)),
    ];
    for (what, rust_name) in &wanted {
        if let Some(taken) = scope.holder(rust_name) {
            return Err(format!(
                "would be the {what} `{rust_name}`, which is already {taken}"
            ));
        }
    }
    for (what, rust_name) in &wanted {
        let _ = scope.claim_exact(rust_name, &holder(what));
    }
    Ok(())
}

/// One operation of the document and the names it gets.
struct Entry<'a> {
    path: &'a str,
    item: &'a PathItem,
    method: &'a str,
    op: &'a openapiv3::Operation,
    at: Pointer,
    path_at: Pointer,
    /// The spec's `operationId`, or one made from the method and path.
    operation_id: String,
    derived_id: bool,
    /// Its stable name, which its Rust names come from (see [`crate::lock`]).
    name: String,
    type_name: String,
    fn_name: String,
    command: String,
    /// Its other names: upstream's, when the lock keeps shipped ones.
    aliases: Vec<OperationNames>,
}

impl Entry<'_> {
    /// Every name the configuration may use for the operation.
    fn all_names(&self) -> Vec<&str> {
        let mut names = vec![self.name.as_str(), self.operation_id.as_str()];
        names.extend(self.aliases.iter().map(|a| a.operation_id.as_str()));
        names
    }
}

impl<'a> Resolver<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut out = Vec::new();
        for entry in self.operation_entries() {
            if !self
                .config
                .includes_operation(&entry.all_names(), &entry.op.tags)
            {
                continue;
            }
            self.begin_operation(&entry.operation_id);
            let operation = self.operation(&entry);
            if self.end_operation(&entry.at) {
                out.push(operation);
            }
        }
        out
    }

    /// Every operation in spec order (paths as written, methods in a fixed order), named.
    /// Operations with an `operationId` are named as the lock's identities say (their shipped
    /// names, or their own) and claim their names and aliases first, so an operation without
    /// one never takes the name of one that has it; its own name is derived from its method and
    /// path, which is deterministic.
    fn operation_entries(&mut self) -> Vec<Entry<'a>> {
        let doc = self.doc;
        let mut names = operation_scope();
        let mut entries = Vec::new();
        let mut unnamed = Vec::new();
        for (path, item) in &doc.paths.paths {
            let path_at = Pointer::root().join("paths").join(path);
            let ReferenceOr::Item(item) = item else {
                self.diags.warning(
                    &path_at,
                    "path items given by `$ref` are not supported; the path's operations are skipped",
                );
                self.skipped.push(path_at);
                continue;
            };
            for (method, op) in item.iter() {
                let at = path_at.join(method);
                let Some(operation_id) = op.operation_id.clone() else {
                    unnamed.push((path.as_str(), item, method, op, at, path_at.clone()));
                    continue;
                };
                let Some(identity) = self.identities.get(path, method) else {
                    self.diags.error(
                        &at.join("operationId"),
                        "cannot derive a Rust name from this operationId",
                    );
                    continue;
                };
                let own = &identity.names;
                let holder = |what: &str| format!("the {what} of operation `{}`", identity.name);
                if let Err(reason) = claim_names(&mut names, own, holder) {
                    self.diags.error(
                        &at.join("operationId"),
                        format!("operation `{}` {reason}", identity.name),
                    );
                    continue;
                }
                let mut aliases = Vec::new();
                for alias in &identity.aliases {
                    // The lock's identities checked aliases against every operation's names,
                    // not against the names the crate has besides.
                    let holder = |what: &str| {
                        format!(
                            "the {what} of `{}`, an upstream name of operation `{}`",
                            alias.operation_id, identity.name
                        )
                    };
                    match claim_names(&mut names, alias, holder) {
                        Ok(()) => aliases.push(alias.clone()),
                        Err(reason) => self.diags.warning(
                            &at.join("operationId"),
                            format!(
                                "the alias `{}` of operation `{}` is not offered: it {reason}",
                                alias.operation_id, identity.name
                            ),
                        ),
                    }
                }
                entries.push(Entry {
                    path,
                    item,
                    method,
                    op,
                    at,
                    path_at: path_at.clone(),
                    operation_id,
                    derived_id: false,
                    name: identity.name.clone(),
                    type_name: own.type_name.clone(),
                    fn_name: own.fn_name.clone(),
                    command: own.command.clone(),
                    aliases,
                });
            }
        }
        for (path, item, method, op, at, path_at) in unnamed {
            let words = derived_name(method, path);
            let base = naming::value_name(&words).unwrap_or_else(|| method.to_owned());
            // The first of `base`, `base_2`, ... whose method, type and request type are all
            // free.
            let (fn_name, type_name) = (1..)
                .find_map(|n| {
                    let fn_name = match n {
                        1 => base.clone(),
                        n => format!("{base}_{n}"),
                    };
                    let type_name =
                        naming::type_name(&fn_name).unwrap_or_else(|| "Operation".into());
                    let candidate = OperationNames {
                        operation_id: words.clone(),
                        type_name: type_name.clone(),
                        fn_name: fn_name.clone(),
                        command: String::new(),
                    };
                    let holder = |what: &str| format!("the {what} of `{method} {path}`");
                    claim_names(&mut names, &candidate, holder)
                        .ok()
                        .map(|()| (fn_name, type_name))
                })
                .unwrap_or_default();
            let operation_id = lower_camel(&type_name);
            entries.push(Entry {
                path,
                item,
                method,
                op,
                at,
                path_at,
                name: operation_id.clone(),
                command: naming::operation_names(&operation_id)
                    .map_or_else(|| fn_name.replace('_', "-"), |n| n.command),
                operation_id,
                derived_id: true,
                type_name,
                fn_name,
                aliases: Vec::new(),
            });
        }
        // Spec order, whichever pass named them.
        let order = |e: &Entry<'_>| {
            let path_index = doc.paths.paths.get_index_of(e.path).unwrap_or(usize::MAX);
            let method_index = e.item.iter().position(|(m, _)| m == e.method);
            (path_index, method_index)
        };
        entries.sort_by_key(order);
        entries
    }

    fn operation(&mut self, entry: &Entry<'a>) -> Operation {
        let (op, at, type_name) = (entry.op, &entry.at, &entry.type_name);
        let mut params = self.operation_params(
            &entry.item.parameters,
            &op.parameters,
            at,
            &entry.path_at,
            type_name,
        );
        let body = self.request_body(op, at, type_name, &mut params);
        let segments = self.path_segments(entry.path, &params, at);
        let (success, errors) = self.responses(op, at, type_name);
        self.check_servers(entry);
        // Paging and the object check read the definition of the success body.
        self.define_pending();
        let success = success.map(|mut s| {
            s.object = self.is_object(s.body.as_ref());
            s
        });
        let pagination = self.pagination(&params, success.as_ref());
        let mut facts = Vec::new();
        if entry.derived_id {
            facts.push(Fact::Note(
                "The spec gives this operation no `operationId`; it is named after its method and path."
                    .to_owned(),
            ));
        }
        Operation {
            operation_id: entry.operation_id.clone(),
            name: entry.name.clone(),
            type_name: entry.type_name.clone(),
            fn_name: entry.fn_name.clone(),
            command: entry.command.clone(),
            aliases: entry.aliases.clone(),
            method: entry.method.to_ascii_uppercase(),
            path: entry.path.to_owned(),
            segments,
            params,
            tags: op.tags.clone(),
            summary: op.summary.clone(),
            docs: Docs {
                title: None,
                description: op.description.clone(),
                facts,
            },
            deprecated: op.deprecated,
            // Checked (and dropped when not a date) by `sunset::review`, which warns.
            sunset: op
                .extensions
                .get("x-sunset")
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)),
            body,
            success,
            errors,
            pagination,
            pointer: at.clone(),
        }
    }

    /// Requests go to the client's base URL (the spec's first server, by default). A path or
    /// operation that names servers of its own other than that one is sent there all the
    /// same, which the warning says.
    fn check_servers(&mut self, entry: &Entry<'a>) {
        let default = self
            .doc
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/'));
        let own = [
            (&entry.op.servers, entry.at.join("servers"), "operation"),
            (&entry.item.servers, entry.path_at.join("servers"), "path"),
        ];
        for (servers, servers_at, whose) in own {
            let Some(first) = servers.first() else {
                continue;
            };
            if Some(first.url.trim_end_matches('/')) != default {
                self.diags.warning(
                    &servers_at,
                    format!(
                        "the server `{}` of this {whose} is not used; requests go to the client's base URL",
                        first.url
                    ),
                );
            }
            break;
        }
    }

    fn operation_params(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        operation_level: &'a [ReferenceOr<Parameter>],
        at: &Pointer,
        path_at: &Pointer,
        operation_type: &str,
    ) -> Vec<OperationParam> {
        let components = self.doc.components.as_ref();
        // Operation-level parameters override path-level ones with the same name and location.
        let mut declared: Vec<(&'a Parameter, Pointer)> = Vec::new();
        let lists = [
            (operation_level, at.join("parameters")),
            (path_level, path_at.join("parameters")),
        ];
        for (list, list_at) in lists {
            for (i, item) in list.iter().enumerate() {
                let item_at = list_at.join(i);
                match follow(components, item, &item_at) {
                    Ok((param, _)) => {
                        let data = param.parameter_data_ref();
                        let dup = declared.iter().any(|(p, _)| {
                            p.parameter_data_ref().name == data.name && same_location(p, param)
                        });
                        if !dup {
                            declared.push((param, item_at));
                        }
                    }
                    Err(reason) => self.diags.error(&item_at, reason),
                }
            }
        }
        let mut scope = naming::Scope::default();
        for reserved in RESERVED_SETTERS {
            scope.reserve(reserved);
        }
        let mut out = Vec::new();
        for (param, item_at) in declared {
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            // A cookie's name is the same kind of token as a header's (RFC 6265 4.1.1).
            let named_like_a_header =
                matches!(location, ParamLocation::Header | ParamLocation::Cookie);
            if named_like_a_header && !is_header_name(&data.name) {
                let what = if location == ParamLocation::Header {
                    "HTTP header"
                } else {
                    "cookie"
                };
                self.diags.error(
                    &item_at.join("name"),
                    format!(
                        "`{}` is not a valid {what} name (letters, digits and !#$%&'*+-.^_`|~)",
                        data.name.escape_debug()
                    ),
                );
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.unsupported_in_operation(
                    &item_at,
                    "parameters described by `content` (not `schema`) are not supported",
                );
                continue;
            };
            let Some(base) = naming::value_name(&data.name) else {
                self.diags.error(
                    &item_at,
                    "cannot derive a Rust name from this parameter name",
                );
                continue;
            };
            let docs = Docs {
                title: None,
                description: data.description.clone(),
                facts: self.param_facts(schema),
            };
            let schema_at = item_at.join("schema");
            let mut ty =
                self.param_type(&data.name, operation_type, schema.into(), &schema_at, &docs);
            let deep = matches!(
                param,
                Parameter::Query {
                    style: QueryStyle::DeepObject,
                    ..
                }
            );
            match &mut ty {
                ParamTy::List { explode, .. } => {
                    // Query and cookie arrays default to `form` style, exploded; path and
                    // header arrays to `simple`, comma-separated.
                    let default = matches!(location, ParamLocation::Query);
                    *explode = data.explode.unwrap_or(default);
                    if location != ParamLocation::Query && *explode {
                        self.unsupported_in_operation(
                            &item_at,
                            "exploded array parameters are only supported in the query",
                        );
                    }
                }
                ParamTy::Object { deep_object, .. } => {
                    *deep_object = deep;
                    if location != ParamLocation::Query {
                        self.unsupported_in_operation(
                            &item_at,
                            "object parameters are only supported in the query",
                        );
                    } else if !deep && data.explode == Some(false) {
                        self.unsupported_in_operation(
                            &item_at,
                            "object query parameters with `explode: false` are not supported",
                        );
                    }
                }
                _ => {}
            }
            out.push(OperationParam {
                spec_name: data.name.clone(),
                name: scope.claim(base, &data.name),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                docs,
            });
        }
        out
    }

    /// The default and constraints of a parameter's schema, for the docs of its setter and its
    /// command-line option. A dangling reference has no facts; it is reported where the
    /// parameter's type is resolved.
    fn param_facts(&self, schema: &ReferenceOr<openapiv3::Schema>) -> Vec<Fact> {
        let found = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                follow_reference::<openapiv3::Schema>(self.doc.components.as_ref(), reference)
                    .ok()
                    .map(|(schema, _)| schema)
            }
        };
        let Some(schema) = found else {
            return Vec::new();
        };
        let schema = super::normalize::normalize(schema);
        let mut facts = schema_docs(&schema).facts;
        if let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) = &schema.schema_kind
            && !i.enumeration.is_empty()
        {
            let values = i.enumeration.iter().flatten().map(i64::to_string);
            facts.push(Fact::KnownValues(values.collect()));
        }
        facts
    }

    /// Splits `/a/{b}/c` into literals and parameters, checking that the template and the path
    /// parameters agree both ways.
    fn path_segments(
        &mut self,
        path: &str,
        params: &[OperationParam],
        at: &Pointer,
    ) -> Vec<PathSegment> {
        let mut segments = Vec::new();
        let mut rest = path;
        let mut used = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.diags
                    .error(at, format!("path `{path}` has an unclosed `{{`"));
                return segments;
            };
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.spec_name == name)
            {
                Some(i) => {
                    segments.push(PathSegment::Param(i));
                    used.push(i);
                }
                None => self.diags.error(
                    &at.join("parameters"),
                    format!("path parameter `{name}` is in the path but not declared"),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        for (i, p) in params.iter().enumerate() {
            if p.location == ParamLocation::Path && !used.contains(&i) {
                self.diags.error(
                    &at.join("parameters"),
                    format!(
                        "path parameter `{}` is declared but not in the path `{path}`",
                        p.spec_name
                    ),
                );
            }
        }
        segments
    }

    /// Paging applies when the configured parameters are there and the body has the items.
    fn pagination(
        &self,
        params: &[OperationParam],
        success: Option<&SuccessResponse>,
    ) -> Option<Pagination> {
        let config = self.config.pagination.as_ref()?;
        let find = |name: &str| {
            params
                .iter()
                .position(|p| p.spec_name == name && p.location == ParamLocation::Query)
        };
        let page_num = find(&config.page_param)?;
        let items_per_page = find(&config.size_param)?;
        let integer = |i: usize| match &params[i].ty {
            ParamTy::Integer => true,
            ParamTy::Validated(name) => {
                matches!(
                    self.params.get(name).map(|p| &p.rules),
                    Some(ParamRules::Integer { .. })
                )
            }
            _ => false,
        };
        if !integer(page_num) || !integer(items_per_page) {
            return None;
        }
        let success = success.filter(|s| s.format == ResponseFormat::Json)?;
        let Some(TypeRef::Named(page)) = success.body.as_ref() else {
            return None;
        };
        let TypeKind::Struct(page) = &self.types.get(page)?.kind else {
            return None;
        };
        let results = page
            .fields
            .iter()
            .find(|f| f.json_name == config.items_field)?;
        let TypeRef::Array(item) = &results.ty else {
            return None;
        };
        let total = config.total_field.as_ref().and_then(|t| {
            page.fields
                .iter()
                .find(|f| &f.json_name == t && matches!(f.ty, TypeRef::I32 | TypeRef::I64))
        });
        let default_page_size = match &params[items_per_page].ty {
            ParamTy::Validated(name) => match self.params.get(name).map(|p| &p.rules) {
                Some(ParamRules::Integer { default, .. }) => *default,
                _ => None,
            },
            _ => None,
        };
        Some(Pagination {
            default_page_size,
            page_num,
            items_per_page,
            results_field: results.name.clone(),
            results_required: results.required && !results.nullable,
            total_count_field: total.map(|f| f.name.clone()),
            total_count_required: total.is_some_and(|f| f.required && !f.nullable),
            item: (**item).clone(),
        })
    }
}

impl Resolver<'_> {
    /// Whether a body of this type is a JSON object: a struct, a map or any object.
    fn is_object(&self, body: Option<&TypeRef>) -> bool {
        match body {
            Some(TypeRef::Named(name)) => self
                .types
                .get(name)
                .is_some_and(|t| matches!(t.kind, TypeKind::Struct(_))),
            Some(TypeRef::JsonObject | TypeRef::Map(_)) => true,
            _ => false,
        }
    }
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// `get /pets/{petId}/photos` -> `get pets pet_id photos`, the words of an operation's name.
fn derived_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/') {
        let segment = segment.trim_matches(|c| c == '{' || c == '}');
        if !segment.is_empty() {
            words.push(segment.to_owned());
        }
    }
    words.join(" ")
}

/// `GetPetsPetId` -> `getPetsPetId`.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Whether `name` is an HTTP field name: a non-empty token of RFC 9110 5.6.2.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_method_and_path() {
        let words = derived_name("get", "/pets/{petId}/photos");
        assert_eq!(
            naming::value_name(&words).unwrap(),
            "get_pets_pet_id_photos"
        );
        assert_eq!(lower_camel("GetPetsPetIdPhotos"), "getPetsPetIdPhotos");
        assert_eq!(derived_name("post", "/"), "post");
    }
}
