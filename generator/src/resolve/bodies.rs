//! Request and response bodies of an operation: the media type chosen (JSON, then forms,
//! multipart, text, bytes), the body's type, and how each is written or read. Shared request
//! bodies and responses are named after their component, so each is one type.

use openapiv3::{MediaType, QueryStyle, ReferenceOr, RequestBody, Response, StatusCode};

use super::Resolver;
use super::media::{self, MediaClass};
use super::refs::{component_name, follow, follow_reference};
use super::schema::SchemaRef;
use crate::model::{
    BodyFormat, BodyKind, Docs, ErrorResponse, OperationParam, ParamLocation, ParamTy,
    ResponseFormat, Status, SuccessResponse, TypeKind, TypeRef,
};
use crate::naming;
use crate::pointer::Pointer;

impl<'a> Resolver<'a> {
    /// The request body, as a parameter named `body`; returns how it is sent.
    pub(super) fn request_body(
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
                    Ok((target, target_at)) if super::shapes::has_binary_property(target) => {
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

    pub(super) fn responses(
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
                        // Decided once the body's type is defined (`Resolver::operation`).
                        object: false,
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
