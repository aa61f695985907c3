//! Type references -> Rust types. Paths are fully qualified (`::std::string::String`) so a
//! schema named `String`, `Option` or `Result` cannot shadow what the generated code means.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::TypeRef;
use crate::naming::ident;

/// The Rust type for `ty`, as used from a module inside `models` (named types are siblings).
pub fn model_type(ty: &TypeRef) -> TokenStream {
    rust_type(ty, &quote!(super))
}

/// The Rust type for `ty`, as used from anywhere else in the crate.
pub fn crate_type(ty: &TypeRef) -> TokenStream {
    rust_type(ty, &quote!(crate::models))
}

fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(::std::string::String),
        TypeRef::DateTime => quote!(crate::lenient::Lenient<::jiff::Timestamp>),
        TypeRef::Date => quote!(crate::lenient::Lenient<::jiff::civil::Date>),
        TypeRef::Uuid => quote!(crate::lenient::Lenient<::uuid::Uuid>),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        TypeRef::File => quote!(crate::multipart::File),
        TypeRef::Null => quote!(()),
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, models);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::JsonObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, models);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, models);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#models::#name)
        }
    }
}
