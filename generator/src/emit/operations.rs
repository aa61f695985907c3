//! Operations -> the `operations` module: one type per operation holding a valid request
//! (sans-IO: `to_http` builds an `http::Request`, `parse_response` decodes an
//! `http::Response`), and, with the `client` feature, the matching client builder.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code_span, lines};
use super::types::crate_type;
use crate::model::{
    Api, BodyKind, Operation, OperationParam, ParamLocation, ParamTy, PathSegment, ResponseFormat,
    Status, TypeKind, TypeRef,
};
use crate::naming::ident;

pub fn module_name(op: &Operation) -> String {
    super::module_file(op.fn_name.clone())
}

/// `operations/mod.rs`.
pub fn module(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| {
        let module = ident(&module_name(op));
        let name = ident(&op.type_name);
        let builder = builder_name(op);
        quote! {
            mod #module;
            #[allow(deprecated)]
            pub use #module::#name;
            #[cfg(feature = "client")]
            #[allow(deprecated)]
            pub use #module::#builder;
        }
    });
    let parts = multipart_impls(api);
    quote! {
        //! One type per API operation, holding a complete, valid request.
        #(#items)*
        #parts
    }
}

/// How each body type sent as `multipart/form-data` writes its parts: files as file parts,
/// everything else as values. One impl per struct, however many operations send it.
fn multipart_impls(api: &Api) -> TokenStream {
    let mut done: Vec<&str> = Vec::new();
    let mut impls = Vec::new();
    for op in &api.operations {
        if !matches!(&op.body, Some(b) if b.kind == BodyKind::Multipart) {
            continue;
        }
        let Some(TypeRef::Named(name)) = op.params.iter().find_map(|p| match &p.ty {
            ParamTy::Body(ty) if p.location == ParamLocation::Body => Some(ty),
            _ => None,
        }) else {
            continue;
        };
        let Some((struct_name, fields)) = struct_of(api, name) else {
            continue;
        };
        if done.contains(&struct_name) {
            continue;
        }
        done.push(struct_name);
        let writes = fields.fields.iter().map(|f| {
            let field = ident(&f.name);
            let json_name = &f.json_name;
            if f.flatten {
                return quote!(form.members(&self.#field)?;);
            }
            let (write, is_file) = match &f.ty {
                TypeRef::File => (quote!(form.file(#json_name, value);), true),
                TypeRef::Array(item) if **item == TypeRef::File => {
                    (quote!(form.files(#json_name, value);), true)
                }
                _ => (quote!(form.value(#json_name, value)?;), false),
            };
            if !is_file {
                return quote!(form.value(#json_name, &self.#field)?;);
            }
            match (f.required, f.nullable) {
                (true, false) => quote! {
                    {
                        let value = &self.#field;
                        #write
                    }
                },
                (false, true) => quote! {
                    if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &self.#field {
                        #write
                    }
                },
                _ => quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        #write
                    }
                },
            }
        });
        let additional = fields
            .additional
            .as_ref()
            .map(|_| quote!(form.members(&self.additional_properties)?;));
        let ty = ident(struct_name);
        impls.push(quote! {
            impl crate::multipart::Parts for crate::models::#ty {
                fn parts(&self, form: &mut crate::multipart::Form) -> ::std::result::Result<(), crate::Error> {
                    #(#writes)*
                    #additional
                    ::std::result::Result::Ok(())
                }
            }
        });
    }
    quote!(#(#impls)*)
}

/// The struct a type name finally is, through aliases.
fn struct_of<'a>(api: &'a Api, name: &'a str) -> Option<(&'a str, &'a crate::model::Struct)> {
    let mut name = name;
    for _ in 0..api.types.len() {
        match &api.types.iter().find(|t| t.name == name)?.kind {
            TypeKind::Struct(s) => return Some((name, s)),
            TypeKind::Alias(TypeRef::Named(next)) => name = next,
            _ => return None,
        }
    }
    None
}

/// The client-bound request type of an operation (`ListJobsRequest`); a type name that ends
/// in `_` (`Self_`, as `Self` is a keyword) loses it, as `Self_Request` is not CamelCase.
fn builder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Request", op.type_name.trim_end_matches('_'))
}

pub(super) fn param_type(p: &OperationParam) -> TokenStream {
    param_ty_type(&p.ty)
}

/// The Rust type a parameter of this kind is held in.
pub(super) fn param_ty_type(ty: &ParamTy) -> TokenStream {
    match ty {
        ParamTy::Bool => quote!(bool),
        ParamTy::Integer => quote!(i64),
        ParamTy::Number => quote!(f64),
        ParamTy::String => quote!(::std::string::String),
        ParamTy::Validated(name) => {
            let name = ident(name);
            quote!(crate::params::#name)
        }
        ParamTy::Enum(name) => {
            let name = ident(name);
            quote!(crate::models::#name)
        }
        ParamTy::Body(ty) | ParamTy::Object { ty, .. } => crate_type(ty),
        ParamTy::List { item, .. } => {
            let item = param_ty_type(item);
            quote!(::std::vec::Vec<#item>)
        }
    }
}

/// Setters take owned strings as `impl Into<String>` and bytes as `impl Into<Vec<u8>>`;
/// everything else as is.
fn setter_arg(p: &OperationParam) -> (TokenStream, TokenStream) {
    match &p.ty {
        ParamTy::String | ParamTy::Body(TypeRef::String) => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(value.into()),
        ),
        ParamTy::Body(TypeRef::Bytes) => (
            quote!(impl ::std::convert::Into<::std::vec::Vec<u8>>),
            quote!(value.into()),
        ),
        _ => (param_type(p), quote!(value)),
    }
}

/// The arguments of `new` (and of the client method): one per required parameter.
pub(super) fn new_args(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let field = ident(&p.name);
            let (ty, _) = setter_arg(p);
            quote!(#field: #ty)
        })
        .collect()
}

/// Whether the setter converts its argument (see [`setter_arg`]).
fn converts(p: &OperationParam) -> bool {
    matches!(
        p.ty,
        ParamTy::String | ParamTy::Body(TypeRef::String) | ParamTy::Body(TypeRef::Bytes)
    )
}

fn param_docs(p: &OperationParam) -> TokenStream {
    let mut text = p.docs.description.clone().unwrap_or_default();
    let what = match p.location {
        ParamLocation::Body => "request body",
        other => other.word(),
    };
    if !p.docs.facts.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&p.docs.facts.join("\n"));
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The {} {what} parameter.",
        code_span(&p.spec_name)
    ));
    lines(&text)
}

/// The text of a parameter value on the wire. `value` is a place of the parameter's type, or,
/// with `by_ref`, a reference to one.
fn wire_value(api: &Api, p: &OperationParam, value: TokenStream, by_ref: bool) -> TokenStream {
    match &p.ty {
        ParamTy::Bool if by_ref => quote!(if *#value { "true" } else { "false" }),
        ParamTy::Bool => quote!(if #value { "true" } else { "false" }),
        ParamTy::Validated(name) if is_string_param(api, name) => quote!(#value.as_str()),
        ParamTy::Integer | ParamTy::Number | ParamTy::Validated(_) => quote!(&#value.to_string()),
        ParamTy::String | ParamTy::Enum(_) => quote!(#value.as_str()),
        // Bodies are serialized whole, lists and objects are written item by item
        // (`query_step`): none is ever one wire value.
        ParamTy::Body(_) | ParamTy::List { .. } | ParamTy::Object { .. } => quote!(""),
    }
}

/// `url.query(name, text)`; integers (validated or not) go through `url.query_int`, other
/// numbers through `url.query_display`, neither with a temporary string.
fn query_call(api: &Api, p: &OperationParam, value: TokenStream, by_ref: bool) -> TokenStream {
    let spec_name = &p.spec_name;
    match &p.ty {
        ParamTy::Integer if by_ref => quote!(url.query_int(#spec_name, *#value);),
        ParamTy::Integer => quote!(url.query_int(#spec_name, #value);),
        ParamTy::Number => quote!(url.query_display(#spec_name, #value);),
        // A validated parameter is either text or an integer.
        ParamTy::Validated(name) if !is_string_param(api, name) => {
            quote!(url.query_int(#spec_name, #value.get());)
        }
        _ => {
            let text = wire_value(api, p, value, by_ref);
            quote!(url.query(#spec_name, #text);)
        }
    }
}

/// Writes one query parameter, if set: a single `name=value`, or a list item by item.
fn query_step(api: &Api, p: &OperationParam) -> TokenStream {
    let spec_name = &p.spec_name;
    let write = match &p.ty {
        ParamTy::List {
            item,
            explode: true,
        } => {
            let item = OperationParam {
                ty: (**item).clone(),
                ..p.clone()
            };
            let write = query_call(api, &item, quote!(item), true);
            quote! {
                for item in value {
                    #write
                }
            }
        }
        ParamTy::List { explode: false, .. } => {
            let texts = list_texts(quote!(value));
            quote! {
                #texts
                url.query_joined(#spec_name, texts.iter().map(::std::string::String::as_str));
            }
        }
        ParamTy::Object { deep_object, .. } => {
            quote!(url.query_object(#spec_name, value, #deep_object)?;)
        }
        _ => query_call(api, p, quote!(value), true),
    };
    when_set(p, write)
}

/// `write`, with `value` bound to a reference to the parameter's value: always for a required
/// parameter, when set for an optional one.
fn when_set(p: &OperationParam, write: TokenStream) -> TokenStream {
    let field = ident(&p.name);
    if p.required {
        quote! {
            {
                let value = &self.#field;
                #write
            }
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                #write
            }
        }
    }
}

/// `texts`: the wire text of each item of the list `value`. Every item type (numbers,
/// booleans, strings, enums, validated values) prints it with `Display`.
fn list_texts(value: TokenStream) -> TokenStream {
    quote! {
        let texts: ::std::vec::Vec<::std::string::String> = #value.iter().map(::std::string::ToString::to_string).collect();
    }
}

/// Writes one cookie parameter, if set; a list is comma-separated (the `form` style without
/// `explode`).
fn cookie_step(api: &Api, p: &OperationParam) -> TokenStream {
    let spec_name = &p.spec_name;
    let write = match &p.ty {
        ParamTy::List { .. } => {
            let texts = list_texts(quote!(value));
            quote! {
                #texts
                url.cookie(#spec_name, &texts.join(","));
            }
        }
        _ => {
            let value = wire_value(api, p, quote!(value), true);
            quote!(url.cookie(#spec_name, #value);)
        }
    };
    when_set(p, write)
}

fn is_string_param(api: &Api, name: &str) -> bool {
    api.params
        .iter()
        .any(|p| p.name == name && matches!(p.rules, crate::model::ParamRules::String { .. }))
}

pub fn operation_file(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let operation_id = &op.operation_id;
    let required: Vec<&OperationParam> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&OperationParam> = op.params.iter().filter(|p| !p.required).collect();

    let fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let ty = param_type(p);
        if p.required {
            quote!(#field: #ty,)
        } else {
            quote!(#field: ::std::option::Option<#ty>,)
        }
    });
    let new_args = new_args(op);
    let new_fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        match (p.required, &p.ty) {
            (true, _) if converts(p) => quote!(#field: #field.into()),
            (true, _) => quote!(#field),
            (false, _) => quote!(#field: ::std::option::Option::None),
        }
    });
    let setters: Vec<TokenStream> = optional
        .iter()
        .map(|p| {
            let field = ident(&p.name);
            let (arg, conv) = setter_arg(p);
            let docs = param_docs(p);
            quote! {
                #docs
                pub fn #field(mut self, value: #arg) -> Self {
                    self.#field = ::std::option::Option::Some(#conv);
                    self
                }
            }
        })
        .collect();
    let getters = required.iter().map(|p| {
        let field = ident(&p.name);
        let ty = param_type(p);
        let doc = lines(&format!("The {} parameter.", code_span(&p.spec_name)));
        quote! {
            #doc
            pub fn #field(&self) -> &#ty {
                &self.#field
            }
        }
    });

    let path_steps = op.segments.iter().map(|s| match s {
        PathSegment::Literal(text) => quote!(url.literal(#text);),
        PathSegment::Param(i) => {
            let p = &op.params[*i];
            let field = ident(&p.name);
            if let ParamTy::List { .. } = p.ty {
                let texts = list_texts(quote!(self.#field));
                return quote! {
                    {
                        #texts
                        url.segment_joined(texts.iter().map(::std::string::String::as_str));
                    }
                };
            }
            let value = wire_value(api, p, quote!(self.#field), false);
            let spec_name = &p.spec_name;
            quote!(url.segment(#spec_name, #value)?;)
        }
    });
    let cookie_steps: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| cookie_step(api, p))
        .collect();
    let query_steps = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| query_step(api, p));
    let header_steps: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let field = ident(&p.name);
            let spec_name = p.spec_name.to_ascii_lowercase();
            let insert = |value: TokenStream| {
                quote! {
                    let value = ::http::HeaderValue::from_str(#value).map_err(|_| {
                        crate::Error::Validation(crate::ValidationError::new(#spec_name, crate::Rule::Pattern("a valid HTTP header value"), "<invalid header value>"))
                    })?;
                    request.headers_mut().insert(#spec_name, value);
                }
            };
            if let ParamTy::List { .. } = p.ty {
                let texts = list_texts(quote!(value));
                let body = insert(quote!(&texts.join(",")));
                return when_set(p, quote!(#texts #body));
            }
            if p.required {
                insert(wire_value(api, p, quote!(self.#field), false))
            } else {
                let body = insert(wire_value(api, p, quote!(value), true));
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        #body
                    }
                }
            }
        })
        .collect();
    let method = format_ident!("{}", op.method);
    let success = op.success.as_ref();
    let accept = match success.and_then(|s| s.media_type.as_deref()) {
        Some(m) => quote!(::std::option::Option::Some(#m)),
        None => quote!(::std::option::Option::None),
    };
    let output = match success.and_then(|s| s.body.as_ref()) {
        Some(ty) => crate_type(ty),
        None => quote!(()),
    };
    let complex = complex_output(op);
    let (success_status, any_success) = match success.map(|s| s.status) {
        Some(Status::Code(code)) => (code, false),
        Some(Status::Class(_)) => (200, true),
        _ => (200, false),
    };
    let success_status = Literal::u16_unsuffixed(success_status);
    let success_body = success.is_some_and(|s| s.body.is_some());
    let success_object = match success.and_then(|s| s.body.as_ref()) {
        Some(TypeRef::Named(name)) => api
            .types
            .iter()
            .any(|t| &t.name == name && matches!(t.kind, TypeKind::Struct(_))),
        Some(TypeRef::JsonObject | TypeRef::Map(_)) => true,
        _ => false,
    };
    let decode = match success.filter(|s| s.body.is_some()).map(|s| s.format) {
        Some(ResponseFormat::Text) => quote!(crate::response::decode_text(response, &EXPECTED)),
        Some(ResponseFormat::Binary) => quote!(crate::response::decode_bytes(response, &EXPECTED)),
        _ => quote!(crate::response::decode(response, &EXPECTED)),
    };
    let error_statuses = op.errors.iter().filter_map(|e| match e.status {
        Status::Code(code) => Some(Literal::u16_unsuffixed(code)),
        _ => None,
    });
    let error_ranges = op.errors.iter().filter_map(|e| match e.status {
        Status::Class(class) => Some(Literal::u16_unsuffixed(class)),
        _ => None,
    });
    let default_error = op.errors.iter().any(|e| e.status == Status::Default);

    let docs = operation_docs(op);
    // Without required parameters `new()` takes nothing, and `Default` is the same request.
    let default = required.is_empty().then(|| quote!(, Default));
    let deprecated = deprecated_attr(op);
    let sunset = match &op.sunset {
        Some(date) => quote!(::std::option::Option::Some(#date)),
        None => quote!(::std::option::Option::None),
    };
    let body = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Body)
        .map(|p| body_step(op, p));
    let make_request = if header_steps.is_empty() {
        quote!(url.build(::http::Method::#method, Self::ACCEPT))
    } else {
        quote! {
            let mut request = url.build(::http::Method::#method, Self::ACCEPT)?;
            #(#header_steps)*
            ::std::result::Result::Ok(request)
        }
    };
    let path = &op.path;
    let paging = op.pagination.as_ref().map(|pg| {
        let page_field = ident(&op.params[pg.page_num].name);
        let size_field = ident(&op.params[pg.items_per_page].name);
        let item = crate_type(&pg.item);
        let results = ident(&pg.results_field);
        let size_default = param_default(api, &op.params[pg.items_per_page]);
        let page_value = integer_or(&op.params[pg.page_num], quote!(1));
        let size_value = integer_or(&op.params[pg.items_per_page], size_default);
        let page_ty = param_type(&op.params[pg.page_num]);
        let make_page = match &op.params[pg.page_num].ty {
            ParamTy::Validated(_) => quote!(#page_ty::new(page_num)?),
            _ => quote!(page_num),
        };
        let total = match &pg.total_count_field {
            Some(f) if pg.total_count_required => {
                let f = ident(f);
                quote!(::std::option::Option::Some(i64::from(page.#f)))
            }
            Some(f) => {
                let f = ident(f);
                quote!(page.#f.map(i64::from))
            }
            None => quote!(::std::option::Option::None),
        };
        let (borrow_items, take_items) = if pg.results_required {
            (quote!(&page.#results), quote!(page.#results))
        } else {
            (quote!(page.#results.as_deref().unwrap_or_default()), quote!(page.#results.unwrap_or_default()))
        };
        quote! {
            impl crate::operation::PagedOperation for #name {
                type Item = #item;

                fn page_num(&self) -> i64 {
                    self.#page_field.#page_value
                }

                fn items_per_page(&self) -> i64 {
                    self.#size_field.#size_value
                }

                fn with_page_num(&self, page_num: i64) -> ::std::result::Result<Self, crate::Error> {
                    let mut next = self.clone();
                    next.#page_field = ::std::option::Option::Some(#make_page);
                    ::std::result::Result::Ok(next)
                }

                fn items(page: &Self::Output) -> &[Self::Item] {
                    #borrow_items
                }

                fn into_items(page: Self::Output) -> ::std::vec::Vec<Self::Item> {
                    #take_items
                }

                fn total_count(page: &Self::Output) -> ::std::option::Option<i64> {
                    #total
                }
            }
        }
    });
    let builder = client_builder(op, &new_args, &output);
    // One argument per required parameter, as the spec has them.
    let many_new =
        (new_args.len() > CLIPPY_MAX_ARGS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #![allow(deprecated)]

        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }

        #complex
        impl #name {
            /// The spec's `operationId`.
            pub const OPERATION_ID: &'static str = #operation_id;
            /// The path template, as the spec writes it.
            pub const PATH: &'static str = #path;
            /// The media type the request asks for in `Accept`.
            pub const ACCEPT: ::std::option::Option<&'static str> = #accept;
            /// The day (`YYYY-MM-DD`, the spec's `x-sunset`) the API stops serving this
            /// operation, if it has announced one.
            pub const SUNSET: ::std::option::Option<&'static str> = #sunset;

            /// A request with the required parameters; the optional ones are set with the
            /// methods below.
            #many_new
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#new_fields,)* }
            }

            #(#getters)*
            #(#setters)*

            /// The HTTP request, against `base_url` (such as [`crate::BaseUrl::DEFAULT`]).
            pub fn to_http(&self, base_url: &crate::BaseUrl) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::Error> {
                let mut url = crate::request::UrlBuilder::new(base_url);
                #(#path_steps)*
                #(#query_steps)*
                #(#cookie_steps)*
                #body
                #make_request
            }

            /// Decodes a response: the documented success body, or a typed error.
            pub fn parse_response<B: ::std::convert::AsRef<[u8]>>(response: ::http::Response<B>) -> ::std::result::Result<crate::ApiResponse<#output>, crate::Error> {
                const EXPECTED: crate::response::Expected = crate::response::Expected {
                    success: #success_status,
                    any_success: #any_success,
                    success_body: #success_body,
                    success_object: #success_object,
                    errors: &[#(#error_statuses),*],
                    error_ranges: &[#(#error_ranges),*],
                    default_error: #default_error,
                };
                #decode
            }
        }

        #complex
        impl crate::operation::Operation for #name {
            type Output = #output;
            const OPERATION_ID: &'static str = #operation_id;
            const PATH_TEMPLATE: &'static str = #path;

            fn to_http(&self, base_url: &crate::BaseUrl) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::Error> {
                #name::to_http(self, base_url)
            }

            fn parse_response<B: ::std::convert::AsRef<[u8]>>(response: ::http::Response<B>) -> ::std::result::Result<crate::ApiResponse<Self::Output>, crate::Error> {
                #name::parse_response(response)
            }
        }

        #paging
        #builder
    }
}

/// `#[allow(clippy::type_complexity)]` where the success body nests containers
/// (`Vec<BTreeMap<String, Value>>`): the response type is the spec's, spelled out in full.
fn complex_output(op: &Operation) -> Option<TokenStream> {
    fn depth(ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                1 + depth(inner)
            }
            TypeRef::JsonObject => 1,
            _ => 0,
        }
    }
    let body = op.success.as_ref()?.body.as_ref()?;
    (depth(body) >= 2).then(|| quote!(#[allow(clippy::type_complexity)]))
}

/// Writes the request body, encoded as its media type says.
fn body_step(op: &Operation, p: &OperationParam) -> TokenStream {
    let field = ident(&p.name);
    let (media_type, kind) = match &op.body {
        Some(format) => (format.media_type.as_str(), &format.kind),
        None => ("application/json", &BodyKind::Json),
    };
    let value = if p.required {
        quote!(::std::option::Option::Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    match kind {
        BodyKind::Json => quote!(url.json_body(#media_type, #value)?;),
        BodyKind::Form { deep_objects } => {
            quote!(url.form_body(#media_type, #value, &[#(#deep_objects),*])?;)
        }
        BodyKind::Multipart => quote!(url.multipart_body(#value)?;),
        BodyKind::Text => {
            let value = if p.required {
                quote!(::std::option::Option::Some(self.#field.as_bytes()))
            } else {
                quote!(self.#field.as_deref().map(str::as_bytes))
            };
            quote!(url.raw_body(#media_type, #value);)
        }
        BodyKind::Binary => {
            let value = if p.required {
                quote!(::std::option::Option::Some(self.#field.as_slice()))
            } else {
                quote!(self.#field.as_deref())
            };
            quote!(url.raw_body(#media_type, #value);)
        }
    }
}

/// The default page size when the parameter is not set: the spec's default, else 0 (unknown,
/// which makes the page walker rely on short pages and the total).
fn param_default(api: &Api, p: &OperationParam) -> TokenStream {
    if let ParamTy::Validated(name) = &p.ty
        && let Some(param) = api.params.iter().find(|t| &t.name == name)
        && let crate::model::ParamRules::Integer {
            default: Some(d), ..
        } = param.rules
    {
        let d = Literal::i64_unsuffixed(d);
        return quote!(#d);
    }
    quote!(0)
}

/// `map_or(default, i64::from)` for validated integers, `unwrap_or(default)` for plain ones.
fn integer_or(p: &OperationParam, default: TokenStream) -> TokenStream {
    match &p.ty {
        ParamTy::Validated(_) => quote!(map_or(#default, i64::from)),
        _ => quote!(unwrap_or(#default)),
    }
}

fn operation_docs(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(description) = &op.docs.description {
        text.push_str(description);
        text.push_str("\n\n");
    }
    for fact in &op.docs.facts {
        text.push_str(fact);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{} (operation {}",
        code_span(&format!("{} {}", op.method, op.path)),
        code_span(&op.operation_id)
    ));
    if !op.tags.is_empty() {
        let tags: Vec<String> = op.tags.iter().map(|t| code_span(t)).collect();
        text.push_str(&format!(", tag {}", tags.join(", ")));
    }
    text.push_str(").");
    if op.deprecated {
        text.push_str("\n\nDeprecated: the API spec marks this operation as deprecated.");
    }
    if let Some(date) = &op.sunset {
        text.push_str(&format!(
            "\n\nSunset: the API stops serving this operation on {date} (also in the `SUNSET` constant)."
        ));
    }
    lines(&text)
}

/// `#[deprecated]` for an operation the spec deprecates or gives a sunset date: a sunset is
/// the strongest deprecation there is, so it warns users even when the spec forgot the flag.
pub(super) fn deprecated_attr(op: &Operation) -> Option<TokenStream> {
    let note = match (&op.sunset, op.deprecated) {
        (Some(date), true) => {
            format!("deprecated in the API spec; the API stops serving it on {date}")
        }
        (Some(date), false) => format!("the API stops serving it on {date}"),
        (None, true) => "deprecated in the API spec".to_owned(),
        (None, false) => return None,
    };
    Some(quote!(#[deprecated(note = #note)]))
}

/// The default of clippy's `too_many_arguments` lint.
pub(super) const CLIPPY_MAX_ARGS: usize = 7;

/// The client-side builder: the same setters, plus `send()` (and page walking).
fn client_builder(op: &Operation, new_args: &[TokenStream], output: &TokenStream) -> TokenStream {
    let complex = complex_output(op);
    let name = ident(&op.type_name);
    let builder = builder_name(op);
    let fn_name = ident(&op.fn_name);
    let arg_names = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| ident(&p.name));
    let delegates = op.params.iter().filter(|p| !p.required).map(|p| {
        let field = ident(&p.name);
        let (arg, _) = setter_arg(p);
        let docs = param_docs(p);
        quote! {
            #docs
            pub fn #field(mut self, value: #arg) -> Self {
                self.operation = self.operation.#field(value);
                self
            }
        }
    });
    let builder_doc = format!(" A [`{}`] request bound to a client.", op.type_name);
    let fn_doc = format!(
        " Starts a [`{}`] request; finish it with `.send().await`.",
        op.type_name
    );
    let deprecated = deprecated_attr(op);
    let paging = op.pagination.as_ref().map(|pg| {
        let item = crate_type(&pg.item);
        quote! {
            /// Every page, from the requested one on, as a stream. Stops after the last page
            /// (by the total count, or at a short or empty page).
            pub fn pages(self) -> impl ::futures_core::Stream<Item = ::std::result::Result<crate::ApiResponse<#output>, crate::Error>> + 'c {
                crate::pagination::pages(self.client, self.operation)
            }

            /// Every item of every page, from the requested page on, as a stream.
            pub fn items(self) -> impl ::futures_core::Stream<Item = ::std::result::Result<#item, crate::Error>> + 'c {
                crate::pagination::items(self.client, self.operation)
            }
        }
    });
    // A binary body may be larger than memory allows: it can also be taken piece by piece.
    let binary = op
        .success
        .as_ref()
        .is_some_and(|s| s.format == ResponseFormat::Binary);
    let download = binary.then(|| {
        quote! {
            /// Sends the request and returns the 2xx response with its body unread, to take
            /// piece by piece ([`crate::Download`]) instead of whole in memory; error statuses
            /// are decoded as by `send`.
            pub async fn download(self) -> ::std::result::Result<crate::Download, crate::Error> {
                self.client.download(&self.operation).await
            }
        }
    });
    // One argument per required parameter, as the spec has them; clippy's limit counts `self`.
    let many = (new_args.len() + 1 > CLIPPY_MAX_ARGS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[cfg(feature = "client")]
        impl crate::Client {
            #[doc = #fn_doc]
            #deprecated
            #many
            pub fn #fn_name(&self, #(#new_args),*) -> #builder<'_> {
                #builder {
                    client: self,
                    operation: #name::new(#(#arg_names),*),
                }
            }
        }

        #[doc = #builder_doc]
        #[cfg(feature = "client")]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #builder<'c> {
            client: &'c crate::Client,
            operation: #name,
        }

        #[cfg(feature = "client")]
        #complex
        impl<'c> #builder<'c> {
            #(#delegates)*

            /// The request as built so far.
            pub fn operation(&self) -> &#name {
                &self.operation
            }

            /// Sends the request and decodes the response.
            pub async fn send(self) -> ::std::result::Result<crate::ApiResponse<#output>, crate::Error> {
                self.client.send(&self.operation).await
            }

            #download
            #paging
        }
    }
}
