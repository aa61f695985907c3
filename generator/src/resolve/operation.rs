//! Paths and operations -> [`Operation`]s: parameters (path-level and operation-level, refs
//! followed), the path template, the request body, the success and error responses, and
//! pagination. An operation using a construct the generator cannot express is skipped with a
//! warning; the rest of the spec is generated.

use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody,
    Response, StatusCode,
};

use super::Resolver;
use super::media::{self, MediaClass};
use super::refs::{component_name, follow, follow_reference};
use super::schema::{SchemaRef, schema_docs};
use crate::model::{
    BodyFormat, BodyKind, Docs, ErrorResponse, Operation, OperationParam, Pagination,
    ParamLocation, ParamRules, ParamTy, PathSegment, ResponseFormat, Status, SuccessResponse,
    TypeKind, TypeRef,
};
use crate::naming;
use crate::pointer::Pointer;

/// Names the generated operation type and its builder already use for their own methods.
const RESERVED_SETTERS: &[&str] = &[
    "new",
    "to_http",
    "parse_response",
    "send",
    "pages",
    "items",
    "operation",
    "body",
];

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
    type_name: String,
    fn_name: String,
}

impl<'a> Resolver<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut out = Vec::new();
        for entry in self.operation_entries() {
            if !self
                .config
                .includes_operation(&entry.operation_id, &entry.op.tags)
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
    /// Operations with an `operationId` claim their names first, so an operation without one
    /// never takes the name of one that has it; its own name is derived from its method and
    /// path, which is deterministic.
    fn operation_entries(&mut self) -> Vec<Entry<'a>> {
        let doc = self.doc;
        let mut names = naming::Scope::default();
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
                let (Some(type_name), Some(fn_name)) = (
                    naming::type_name(&operation_id),
                    naming::value_name(&operation_id),
                ) else {
                    self.diags.error(
                        &at.join("operationId"),
                        "cannot derive a Rust name from this operationId",
                    );
                    continue;
                };
                if let Err(holder) = names.claim_exact(&fn_name, &operation_id) {
                    self.diags.error(
                        &at.join("operationId"),
                        format!(
                            "operations `{operation_id}` and `{holder}` both become `{fn_name}`"
                        ),
                    );
                    continue;
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
                    type_name,
                    fn_name,
                });
            }
        }
        for (path, item, method, op, at, path_at) in unnamed {
            let words = derived_name(method, path);
            let fn_name = names.claim(
                naming::value_name(&words).unwrap_or_else(|| method.to_owned()),
                &words,
            );
            let type_name = naming::type_name(&fn_name).unwrap_or_else(|| "Operation".into());
            entries.push(Entry {
                path,
                item,
                method,
                op,
                at,
                path_at,
                operation_id: lower_camel(&type_name),
                derived_id: true,
                type_name,
                fn_name,
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
        // Paging reads the definition of the success body.
        self.define_pending();
        let pagination = self.pagination(&params, success.as_ref());
        let mut facts = Vec::new();
        if entry.derived_id {
            facts.push(
                "The spec gives this operation no `operationId`; it is named after its method and path."
                    .to_owned(),
            );
        }
        Operation {
            operation_id: entry.operation_id.clone(),
            type_name: entry.type_name.clone(),
            fn_name: entry.fn_name.clone(),
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

    /// The request body, as a parameter named `body`; returns how it is sent.
    fn request_body(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        operation_type: &str,
        params: &mut Vec<OperationParam>,
    ) -> Option<BodyFormat> {
        let item = op.request_body.as_ref()?;
        let body_at = at.join("requestBody");
        let (body, found_at): (&RequestBody, Pointer) =
            match follow(self.doc.components.as_ref(), item, &body_at) {
                Ok(found) => found,
                Err(reason) => {
                    self.diags.error(&body_at, reason);
                    return None;
                }
            };
        // A shared request body is named after its component, so it is one type.
        let hint = match item {
            ReferenceOr::Reference { reference } => component_name::<RequestBody>(reference)
                .ok()
                .and_then(naming::type_name)
                .map(|n| suffixed(&n, "Body")),
            ReferenceOr::Item(_) => None,
        }
        .unwrap_or_else(|| format!("{operation_type}Body"));
        let (media_type, content, class) = body
            .content
            .iter()
            .map(|(m, c)| (m, c, media::classify(m, c.schema.as_ref())))
            .min_by_key(|(_, _, class)| *class)?;
        let schema_at = found_at.join("content").join(media_type).join("schema");
        let (ty, kind) = match class {
            MediaClass::Json => {
                let ty = match &content.schema {
                    Some(schema) => self.type_of(schema.into(), &schema_at, &hint),
                    None => TypeRef::Json,
                };
                (ty, BodyKind::Json)
            }
            MediaClass::Form => {
                let ty = self.object_body(content, &schema_at, &hint, "form")?;
                (
                    ty,
                    BodyKind::Form {
                        deep_objects: deep_objects(content),
                    },
                )
            }
            MediaClass::Multipart => {
                self.binary_is_file = true;
                let ty = self.object_body(content, &schema_at, &hint, "multipart");
                self.binary_is_file = false;
                (ty?, BodyKind::Multipart)
            }
            MediaClass::Text => (TypeRef::String, BodyKind::Text),
            MediaClass::Binary => (TypeRef::Bytes, BodyKind::Binary),
        };
        params.push(OperationParam {
            spec_name: "body".to_owned(),
            name: "body".to_owned(),
            location: ParamLocation::Body,
            required: body.required,
            ty: ParamTy::Body(ty),
            docs: Docs {
                title: None,
                description: body.description.clone(),
                facts: Vec::new(),
            },
        });
        Some(BodyFormat {
            media_type: media::concrete(media_type, class),
            kind,
        })
    }

    /// The type of a form or multipart body, which must be a struct: its properties are the
    /// fields or parts. A `$ref` to a component with `format: binary` properties is resolved
    /// afresh, since there they are files, not the text they are in JSON.
    fn object_body(
        &mut self,
        content: &'a MediaType,
        schema_at: &Pointer,
        hint: &str,
        what: &str,
    ) -> Option<TypeRef> {
        let Some(schema) = &content.schema else {
            self.unsupported_in_operation(schema_at, format!("a {what} body needs a schema"));
            return None;
        };
        let ty = match schema {
            ReferenceOr::Reference { reference } if self.binary_is_file => {
                match follow_reference::<openapiv3::Schema>(self.doc.components.as_ref(), reference)
                {
                    Ok((target, target_at)) if super::schema::has_binary_property(target) => {
                        let name = target_at.tokens().last().unwrap_or_default();
                        let hint = format!("{}Parts", naming::type_name(&name).unwrap_or_default());
                        // The pointer of the copy says which body it is for.
                        self.type_of(SchemaRef::Inline(target), schema_at, &hint)
                    }
                    _ => self.type_of(schema.into(), schema_at, hint),
                }
            }
            _ => self.type_of(schema.into(), schema_at, hint),
        };
        self.define_pending();
        let is_struct = matches!(&ty, TypeRef::Named(name)
            if self.struct_type(name).is_some());
        if !is_struct {
            self.unsupported_in_operation(
                schema_at,
                format!("a {what} body must be an object with declared properties"),
            );
            return None;
        }
        Some(ty)
    }

    /// The struct a type name finally is, through aliases.
    fn struct_type(&self, name: &str) -> Option<&crate::model::Struct> {
        let mut name = name;
        for _ in 0..super::refs::MAX_REF_DEPTH {
            match &self.types.get(name)?.kind {
                TypeKind::Struct(s) => return Some(s),
                TypeKind::Alias(TypeRef::Named(next)) => name = next,
                _ => return None,
            }
        }
        None
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
    fn param_facts(&self, schema: &ReferenceOr<openapiv3::Schema>) -> Vec<String> {
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
            let values: Vec<String> = i
                .enumeration
                .iter()
                .flatten()
                .map(|v| format!("`{v}`"))
                .collect();
            facts.push(format!("Known values: {}.", values.join(", ")));
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

    fn responses(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        operation_type: &str,
    ) -> (Option<SuccessResponse>, Vec<ErrorResponse>) {
        let components = self.doc.components.as_ref();
        let responses_at = at.join("responses");
        let mut success: Option<SuccessResponse> = None;
        let mut errors = Vec::new();
        let mut entries: Vec<(Status, &'a ReferenceOr<Response>, Pointer)> = Vec::new();
        for (code, response) in &op.responses.responses {
            let code_at = responses_at.join(code.to_string());
            match code {
                StatusCode::Code(n) => entries.push((Status::Code(*n), response, code_at)),
                StatusCode::Range(n) if (1..=5).contains(n) => {
                    entries.push((Status::Class(*n), response, code_at))
                }
                StatusCode::Range(n) => self.diags.warning(
                    &code_at,
                    format!("`{n}XX` is not a range of HTTP statuses; the response is ignored"),
                ),
            }
        }
        // Exact statuses before ranges, so `200` is the success status even when `2XX` is
        // written first.
        entries.sort_by_key(|(status, _, _)| matches!(status, Status::Class(_)));
        if let Some(default) = &op.responses.default {
            entries.push((Status::Default, default, responses_at.join("default")));
        }
        for (status, item, item_at) in entries {
            let (response, response_at) = match follow(components, item, &item_at) {
                Ok(found) => found,
                Err(reason) => {
                    self.diags.error(&item_at, reason);
                    continue;
                }
            };
            let is_success = match status {
                Status::Code(s) => (200..300).contains(&s),
                Status::Class(c) => c == 2,
                Status::Default => false,
            };
            // A shared response is named after its component, so it is one type.
            let hint = match item {
                ReferenceOr::Reference { reference } => component_name::<Response>(reference)
                    .ok()
                    .and_then(naming::type_name)
                    .map(|n| suffixed(&n, "Response")),
                ReferenceOr::Item(_) => None,
            }
            .unwrap_or_else(|| match status {
                Status::Code(s) => format!("{operation_type}Response{s}"),
                Status::Class(c) => format!("{operation_type}Response{c}xx"),
                Status::Default => format!("{operation_type}DefaultResponse"),
            });
            let body = self.response_body(response, &response_at, &hint, is_success);
            if is_success {
                if success.is_none() {
                    let (media_type, body, format) = match body {
                        Some((media_type, ty, format)) => (Some(media_type), Some(ty), format),
                        None => (None, None, ResponseFormat::Json),
                    };
                    success = Some(SuccessResponse {
                        status,
                        media_type,
                        body,
                        format,
                        description: response.description.clone(),
                    });
                }
            } else {
                errors.push(ErrorResponse {
                    status,
                    description: response.description.clone(),
                    // Error bodies are decoded as JSON (`ErrorBody`); others are not typed.
                    body: body
                        .and_then(|(_, ty, format)| (format == ResponseFormat::Json).then_some(ty)),
                });
            }
        }
        (success, errors)
    }

    /// The media type of a response, its body type and how it is read: JSON when offered,
    /// else text, else bytes. Error responses are only read as JSON.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
        is_success: bool,
    ) -> Option<(String, TypeRef, ResponseFormat)> {
        let content_at = at.join("content");
        let (media_type, content, class): (&String, &MediaType, MediaClass) = response
            .content
            .iter()
            .map(|(m, c)| (m, c, media::classify(m, c.schema.as_ref())))
            .min_by_key(|(_, _, class)| *class)?;
        let (ty, format) = match class {
            MediaClass::Json => {
                let ty = match &content.schema {
                    Some(schema) => self.type_of(
                        schema.into(),
                        &content_at.join(media_type).join("schema"),
                        hint,
                    ),
                    None => TypeRef::Json,
                };
                (ty, ResponseFormat::Json)
            }
            _ if !is_success => return None,
            MediaClass::Text => (TypeRef::String, ResponseFormat::Text),
            _ => (TypeRef::Bytes, ResponseFormat::Binary),
        };
        Some((media_type.clone(), ty, format))
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
        Some(Pagination {
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

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// The properties of a form body that the spec's `encoding` gives the `deepObject` style.
/// (Arrays are always exploded: openapiv3 reads an absent `explode` as `false`, so an explicit
/// one cannot be told apart.)
fn deep_objects(content: &MediaType) -> Vec<String> {
    content
        .encoding
        .iter()
        .filter(|(_, encoding)| matches!(encoding.style, Some(QueryStyle::DeepObject)))
        .map(|(property, _)| property.clone())
        .collect()
}

/// `Name` + `suffix`, unless the name already ends with it.
fn suffixed(name: &str, suffix: &str) -> String {
    if name.ends_with(suffix) {
        name.to_owned()
    } else {
        format!("{name}{suffix}")
    }
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
