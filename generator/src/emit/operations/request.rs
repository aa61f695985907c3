//! The request type of an operation: the struct of its parameters, its constants, `new` and
//! the required parameters' getters, its docs, and its `Operation` impl.

use proc_macro2::TokenStream;
use quote::quote;

use super::CLIPPY_MAX_ARGS;
use super::setters::{converts, new_args, param_type};
use crate::emit::docs::{code_span, lines};
use crate::emit::facts::{self, Reader};
use crate::model::Operation;
use crate::naming::ident;

/// `pub struct {Op}`: one field per parameter, optional ones as `Option`s.
pub(super) fn struct_def(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let ty = param_type(p);
        if p.required {
            quote!(#field: #ty,)
        } else {
            quote!(#field: ::std::option::Option<#ty>,)
        }
    });
    let docs = operation_docs(op);
    // Without required parameters `new()` takes nothing, and `Default` is the same request.
    let default = op
        .params
        .iter()
        .all(|p| !p.required)
        .then(|| quote!(, Default));
    let deprecated = deprecated_attr(op);
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The constants, `new` and the getters of the required parameters.
pub(super) fn constructor(op: &Operation) -> TokenStream {
    let operation_id = &op.operation_id;
    let path = &op.path;
    let accept = match op.success.as_ref().and_then(|s| s.media_type.as_deref()) {
        Some(m) => quote!(::std::option::Option::Some(#m)),
        None => quote!(::std::option::Option::None),
    };
    let sunset = match &op.sunset {
        Some(date) => quote!(::std::option::Option::Some(#date)),
        None => quote!(::std::option::Option::None),
    };
    let new_args = new_args(op);
    let new_fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        match (p.required, &p.ty) {
            (true, _) if converts(p) => quote!(#field: #field.into()),
            (true, _) => quote!(#field),
            (false, _) => quote!(#field: ::std::option::Option::None),
        }
    });
    let getters = op.params.iter().filter(|p| p.required).map(|p| {
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
    // One argument per required parameter, as the spec has them.
    let many_new =
        (new_args.len() > CLIPPY_MAX_ARGS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
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
    }
}

/// `impl Operation`, which hands the client the inherent `to_http` and `parse_response`.
pub(super) fn operation_impl(
    op: &Operation,
    output: &TokenStream,
    complex: Option<&TokenStream>,
) -> TokenStream {
    let name = ident(&op.type_name);
    let operation_id = &op.operation_id;
    let path = &op.path;
    quote! {
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
    }
}

fn operation_docs(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        // Specs write summaries as titles; as the doc's first line it is a sentence.
        let summary = summary.trim_end();
        text.push_str(summary);
        if !summary.ends_with(['.', '!', '?', ':', ')', '`']) {
            text.push('.');
        }
        text.push_str("\n\n");
    }
    if let Some(description) = &op.docs.description {
        text.push_str(description);
        text.push_str("\n\n");
    }
    for fact in &op.docs.facts {
        text.push_str(&facts::text(fact, Reader::Rustdoc));
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
    // That the operation is deprecated is said once, by `#[deprecated]` (see
    // `deprecated_attr`), which rustdoc shows as a banner above these docs.
    text.push_str(").");
    if let Some(date) = &op.sunset {
        text.push_str(&format!(
            "\n\nSunset: the API stops serving this operation on {date} (also in the `SUNSET` constant)."
        ));
    }
    lines(&text)
}

/// `#[deprecated]` for an operation the spec deprecates or gives a sunset date: a sunset is
/// the strongest deprecation there is, so it warns users even when the spec forgot the flag.
pub(crate) fn deprecated_attr(op: &Operation) -> Option<TokenStream> {
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
