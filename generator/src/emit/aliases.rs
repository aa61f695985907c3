//! The other names of renamed operations and schemas (see [`crate::lock`]): upstream renamed
//! them, the crate keeps the names it shipped, and offers the new ones beside them, so code
//! written for either compiles. Each alias is declared next to the re-exports of its module.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{CLIPPY_MAX_ARGS, deprecated_attr, new_args};
use crate::model::{Api, Operation, OperationNames};
use crate::naming::{self, ident};

/// `pub type` aliases for `models/mod.rs`.
pub fn model_aliases(api: &Api) -> TokenStream {
    let items = api.type_aliases.iter().map(|alias| {
        let name = ident(&alias.name);
        let target = ident(&alias.target);
        let doc = format!(
            " `{}`, a name of the schema upstream: the same type as [`{}`], the name this crate shipped it under.",
            alias.schema, alias.target
        );
        let deprecated = api
            .types
            .iter()
            .any(|t| t.name == alias.target && t.deprecated)
            .then(|| quote!(#[deprecated(note = "deprecated in the API spec")] #[allow(deprecated)]));
        quote! {
            #[doc = #doc]
            #deprecated
            pub type #name = #target;
        }
    });
    quote!(#(#items)*)
}

/// The type, builder and client method aliases for `operations/mod.rs`.
pub fn operation_aliases(api: &Api) -> TokenStream {
    let items = api.operations.iter().flat_map(|op| {
        op.aliases
            .iter()
            .map(move |alias| operation_alias(op, alias))
    });
    quote!(#(#items)*)
}

fn operation_alias(op: &Operation, alias: &OperationNames) -> TokenStream {
    let name = ident(&alias.type_name);
    let target = ident(&op.type_name);
    let builder = ident(&naming::request_name(&alias.type_name));
    let target_builder = ident(&naming::request_name(&op.type_name));
    let method = ident(&alias.fn_name);
    let target_method = ident(&op.fn_name);
    let upstream = &alias.operation_id;
    let type_doc = format!(
        " `{upstream}`, a name of the operation upstream: the same type as [`{}`].",
        op.type_name
    );
    let builder_doc = format!(" The same type as [`{target_builder}`].");
    let method_doc = format!(
        " `{upstream}`, a name of the operation upstream: the same as [`Client::{}`](crate::Client::{}).",
        op.fn_name, op.fn_name
    );
    // The alias of a deprecated (or sunset) operation is deprecated too, with the same note,
    // and names it without a warning.
    let deprecated = deprecated_attr(op).map(|attr| quote!(#attr #[allow(deprecated)]));
    let args = new_args(op);
    let arg_names = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| ident(&p.name));
    let many =
        (args.len() + 1 > CLIPPY_MAX_ARGS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #type_doc]
        #deprecated
        pub type #name = #target;

        #[doc = #builder_doc]
        #[cfg(feature = "client")]
        #deprecated
        pub type #builder<'c> = #target_builder<'c>;

        #[cfg(feature = "client")]
        impl crate::Client {
            #[doc = #method_doc]
            #deprecated
            #many
            pub fn #method(&self, #(#args),*) -> #target_builder<'_> {
                self.#target_method(#(#arg_names),*)
            }
        }
    }
}
