//! Paths and operations -> [`Operation`]s: parameters (path-level and operation-level, refs
//! followed), the path template, the success and error responses, and pagination.

use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, StatusCode,
};

use super::Resolver;
use super::refs::{follow, follow_reference};
use super::schema::schema_docs;
use crate::model::{
    Docs, ErrorResponse, Operation, OperationParam, Pagination, ParamLocation, ParamRules, ParamTy,
    PathSegment, SuccessResponse, TypeKind, TypeRef,
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

impl<'a> Resolver<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut names = naming::Scope::default();
        let mut out = Vec::new();
        for (path, item) in &doc.paths.paths {
            let path_at = Pointer::root().join("paths").join(path);
            let ReferenceOr::Item(item) = item else {
                self.diags
                    .error(&path_at, "path item references are not supported");
                continue;
            };
            for (method, op) in item.iter() {
                let at = path_at.join(method);
                let Some(operation_id) = op.operation_id.clone() else {
                    self.diags.error(
                        &at,
                        "the operation has no operationId, which names it in Rust",
                    );
                    continue;
                };
                if !self.config.includes_operation(&operation_id, &op.tags) {
                    continue;
                }
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
                let mut params = self.operation_params(
                    &item.parameters,
                    &op.parameters,
                    &at,
                    &path_at,
                    &type_name,
                );
                let body_media_type = self.request_body(op, &at, &type_name, &mut params);
                let segments = self.path_segments(path, &params, &at);
                let (success, errors) = self.responses(op, &at, &type_name);
                // Paging reads the definition of the success body.
                self.define_pending();
                let pagination = self.pagination(&params, success.as_ref());
                out.push(Operation {
                    operation_id,
                    type_name,
                    fn_name,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    segments,
                    params,
                    tags: op.tags.clone(),
                    summary: op.summary.clone(),
                    docs: Docs {
                        title: None,
                        description: op.description.clone(),
                        facts: Vec::new(),
                    },
                    deprecated: op.deprecated,
                    // Checked (and dropped when not a date) by `sunset::review`, which warns.
                    sunset: op
                        .extensions
                        .get("x-sunset")
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)),
                    body_media_type,
                    success,
                    errors,
                    pagination,
                    pointer: at,
                });
            }
        }
        out
    }

    /// The JSON request body, as a parameter named `body`; returns its media type.
    fn request_body(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        operation_type: &str,
        params: &mut Vec<OperationParam>,
    ) -> Option<String> {
        let item = op.request_body.as_ref()?;
        let body_at = at.join("requestBody");
        let (body, _) = match follow(self.doc.components.as_ref(), item, &body_at) {
            Ok(found) => found,
            Err(reason) => {
                self.diags.error(&body_at, reason);
                return None;
            }
        };
        let Some((media_type, content)) = body.content.iter().find(|(m, _)| is_json(m)) else {
            let types: Vec<&String> = body.content.keys().collect();
            self.diags.error(
                &body_at.join("content"),
                format!(
                    "request bodies of media types {types:?} are not supported yet; only JSON is"
                ),
            );
            return None;
        };
        let ty = match &content.schema {
            Some(schema) => {
                let schema_at = body_at.join("content").join(media_type).join("schema");
                self.type_of(schema.into(), &schema_at, &format!("{operation_type}Body"))
            }
            None => TypeRef::Json,
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
        Some(media_type.clone())
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
                Parameter::Cookie { .. } => {
                    self.diags
                        .error(&item_at, "cookie parameters are not supported");
                    continue;
                }
            };
            if location == ParamLocation::Header && !is_header_name(&data.name) {
                self.diags.error(
                    &item_at.join("name"),
                    format!(
                        "`{}` is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)",
                        data.name.escape_debug()
                    ),
                );
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.diags
                    .error(&item_at, "parameters with `content` are not supported yet");
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
            if let ParamTy::List { explode, .. } = &mut ty {
                // OpenAPI's default for query arrays is `form` style, exploded.
                *explode = data.explode.unwrap_or(true);
                if location != ParamLocation::Query {
                    self.diags.error(
                        &item_at,
                        "array parameters are only supported in the query yet",
                    );
                }
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
        found
            .map(|schema| schema_docs(&super::normalize::normalize(schema)).facts)
            .unwrap_or_default()
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
        let mut entries: Vec<(Option<u16>, &'a ReferenceOr<Response>, Pointer)> = Vec::new();
        for (code, response) in &op.responses.responses {
            let code_at = responses_at.join(code.to_string());
            match code {
                StatusCode::Code(n) => entries.push((Some(*n), response, code_at)),
                StatusCode::Range(_) => self
                    .diags
                    .error(&code_at, "status code ranges (`4XX`) are not supported yet"),
            }
        }
        if let Some(default) = &op.responses.default {
            entries.push((None, default, responses_at.join("default")));
        }
        for (status, item, item_at) in entries {
            let (response, response_at) = match follow(components, item, &item_at) {
                Ok(found) => found,
                Err(reason) => {
                    self.diags.error(&item_at, reason);
                    continue;
                }
            };
            let is_success = status.is_some_and(|s| (200..300).contains(&s));
            let hint = match status {
                Some(s) => format!("{operation_type}Response{s}"),
                None => format!("{operation_type}DefaultResponse"),
            };
            let body = self.response_body(response, &response_at, &hint);
            if is_success {
                if success.is_none() {
                    let (media_type, body) = body.unzip();
                    success = Some(SuccessResponse {
                        status: status.unwrap_or(200),
                        media_type,
                        body,
                        description: response.description.clone(),
                    });
                }
            } else {
                errors.push(ErrorResponse {
                    status,
                    description: response.description.clone(),
                    body: body.map(|(_, ty)| ty),
                });
            }
        }
        (success, errors)
    }

    /// The JSON media type of a response and its body type. Any `+json` media type is JSON.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
    ) -> Option<(String, TypeRef)> {
        let content_at = at.join("content");
        let (media_type, content): (&String, &MediaType) =
            response.content.iter().find(|(m, _)| is_json(m))?;
        let ty = match &content.schema {
            Some(schema) => self.type_of(
                schema.into(),
                &content_at.join(media_type).join("schema"),
                hint,
            ),
            None => TypeRef::Json,
        };
        Some((media_type.clone(), ty))
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
        let Some(TypeRef::Named(page)) = success.and_then(|s| s.body.as_ref()) else {
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

/// `application/json`, `application/problem+json`, `application/vnd.example.v1+json`.
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether `name` is an HTTP field name: a non-empty token of RFC 9110 5.6.2.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
