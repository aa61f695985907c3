//! Operations -> the `operations` module: one type per operation holding a valid request
//! (sans-IO: `to_http` builds an `http::Request`, `parse_response` decodes an
//! `http::Response`), and, with the `client` feature, the matching client builder.
//!
//! One file per piece of an operation's file; [`operation_file`] puts them together.

mod client;
mod multipart;
mod paging;
mod request;
mod responses;
mod setters;
mod to_http;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Operation};
use crate::naming::ident;

pub(crate) use request::deprecated_attr;
pub(crate) use setters::{new_args, param_ty_type, param_type};

/// The default of clippy's `too_many_arguments` lint.
pub(super) const CLIPPY_MAX_ARGS: usize = 7;

pub fn module_name(op: &Operation) -> String {
    super::module_file(op.fn_name.clone())
}

/// `operations/mod.rs`.
pub fn module(api: &Api) -> TokenStream {
    let modules = api.operations.iter().map(|op| {
        let module = ident(&module_name(op));
        quote!(mod #module;)
    });
    let reexports = api.operations.iter().map(|op| {
        let module = ident(&module_name(op));
        let name = ident(&op.type_name);
        let builder = client::builder_name(op);
        // Re-exporting a deprecated item warns: only those of deprecated operations need it.
        let allow = deprecated_attr(op).map(|_| quote!(#[allow(deprecated)]));
        quote! {
            #allow
            pub use #module::#name;
            #[cfg(feature = "client")]
            #allow
            pub use #module::#builder;
        }
    });
    let parts = multipart::impls(api);
    quote! {
        //! One type per API operation, holding a complete, valid request.
        #(#modules)*
        #(#reexports)*
        #parts
    }
}

/// `operations/{op}.rs`: the request type (struct, constants, `new`, getters, setters,
/// `to_http`, `parse_response`), its `Operation` and `PagedOperation` impls, and the client's
/// method and builder.
pub fn operation_file(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let output = responses::output(op);
    let complex = responses::complex_output(op);
    let struct_def = request::struct_def(op);
    let constructor = request::constructor(op);
    let setters = setters::setters(op);
    let to_http = to_http::method(api, op);
    let parse_response = responses::parse_response(op, &output);
    let operation_impl = request::operation_impl(op, &output, complex.as_ref());
    let paging = paging::paged_impl(op);
    let builder = client::client_builder(op, &new_args(op), &output);
    quote! {
        #![allow(deprecated)]

        #struct_def

        #complex
        impl #name {
            #constructor
            #(#setters)*
            #to_http
            #parse_response
        }

        #operation_impl
        #paging
        #builder
    }
}
