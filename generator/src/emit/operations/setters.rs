//! The optional parameters' setters, and the parameter types and arguments they share with
//! `new` and the client builder.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::lines;
use crate::emit::facts::{self, Reader};
use crate::emit::types::crate_type;
use crate::model::{Operation, OperationParam, ParamTy, TypeRef};
use crate::naming::ident;

/// The setter of each optional parameter, in spec order.
pub(super) fn setters(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| !p.required)
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
        .collect()
}

pub(crate) fn param_type(p: &OperationParam) -> TokenStream {
    param_ty_type(&p.ty)
}

/// The Rust type a parameter of this kind is held in.
pub(crate) fn param_ty_type(ty: &ParamTy) -> TokenStream {
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
pub(super) fn setter_arg(p: &OperationParam) -> (TokenStream, TokenStream) {
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
pub(crate) fn new_args(op: &Operation) -> Vec<TokenStream> {
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
pub(super) fn converts(p: &OperationParam) -> bool {
    matches!(
        p.ty,
        ParamTy::String | ParamTy::Body(TypeRef::String) | ParamTy::Body(TypeRef::Bytes)
    )
}

pub(super) fn param_docs(p: &OperationParam) -> TokenStream {
    let mut text = p.docs.description.clone().unwrap_or_default();
    if !p.docs.facts.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&facts::lines(&p.docs.facts, Reader::Rustdoc));
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&facts::sent_as(p));
    lines(&text)
}
