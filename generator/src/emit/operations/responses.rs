//! What an operation expects back: its output type and `parse_response`, which decodes the
//! documented success body or a typed error.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::types::crate_type;
use crate::model::{Operation, ResponseFormat, Status, TypeRef};

/// The type of the success body (`()` without one).
pub(super) fn output(op: &Operation) -> TokenStream {
    match op.success.as_ref().and_then(|s| s.body.as_ref()) {
        Some(ty) => crate_type(ty),
        None => quote!(()),
    }
}

/// The `parse_response` method of an operation's type.
pub(super) fn parse_response(op: &Operation, output: &TokenStream) -> TokenStream {
    let success = op.success.as_ref();
    let (success_status, any_success) = match success.map(|s| s.status) {
        Some(Status::Code(code)) => (code, false),
        Some(Status::Class(_)) => (200, true),
        _ => (200, false),
    };
    let success_status = Literal::u16_unsuffixed(success_status);
    let success_body = success.is_some_and(|s| s.body.is_some());
    let success_object = success.is_some_and(|s| s.object);
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
    quote! {
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
}

/// `#[allow(clippy::type_complexity)]` where the success body nests containers
/// (`Vec<BTreeMap<String, Value>>`): the response type is the spec's, spelled out in full.
pub(super) fn complex_output(op: &Operation) -> Option<TokenStream> {
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
