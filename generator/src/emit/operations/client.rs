//! The client side of an operation: the `Client` method that starts it and the
//! `{Op}Request` builder it returns (the same setters, plus `send`, and page walking).

use proc_macro2::TokenStream;
use quote::quote;

use super::CLIPPY_MAX_ARGS;
use super::request::deprecated_attr;
use super::responses::complex_output;
use super::setters::{param_docs, setter_arg};
use crate::emit::types::crate_type;
use crate::model::{Operation, ResponseFormat};
use crate::naming::{self, ident};

/// The client-bound request type of an operation (`ListJobsRequest`), as resolve claimed it.
pub(super) fn builder_name(op: &Operation) -> proc_macro2::Ident {
    ident(&naming::request_name(&op.type_name))
}

/// The client-side builder: the same setters, plus `send()` (and page walking).
pub(super) fn client_builder(
    op: &Operation,
    new_args: &[TokenStream],
    output: &TokenStream,
) -> TokenStream {
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
