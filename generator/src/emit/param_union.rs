//! `oneOf`/`anyOf` parameters -> an enum in the `params` module whose variants are the
//! alternatives, each checked by its own rules. A value is the first alternative, in the
//! spec's order, that it passes; an open enum alternative takes a value it does not know only
//! when no other alternative does.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use crate::model::{Fact, ParamRules, ParamTy, ParamType, ParamVariant};
use crate::naming::ident;

/// The file of one union parameter.
pub fn union_type(param: &ParamType, variants: &[ParamVariant], all: &[ParamType]) -> TokenStream {
    let name = ident(&param.name);
    let spec_name = &param.spec_name;
    let alternatives: Vec<String> = variants.iter().map(|v| describe(&v.ty, all)).collect();
    let expected = alternatives.join(", or ");
    let mut docs = param.docs.clone();
    docs.facts = vec![
        Fact::Parameter(spec_name.clone()),
        Fact::Note(format!("One of: {}.", alternatives.join("; "))),
    ];
    let docs = doc_attrs(&docs);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = variants.iter().map(|v| rust_type(&v.ty)).collect();
    let variant_docs = alternatives.iter().map(|a| {
        let a = format!(" {a}");
        quote!(#[doc = #a])
    });
    let parses = variants
        .iter()
        .zip(&idents)
        .map(|(v, id)| parse_step(&v.ty, id));
    let open_enum = variants
        .iter()
        .zip(&idents)
        .find(|(v, _)| matches!(v.ty, ParamTy::Enum(_)))
        .map(|(v, id)| {
            let ty = rust_type(&v.ty);
            quote!(return ::std::result::Result::Ok(Self::#id(#ty::from(value)));)
        });
    let fallback = open_enum.unwrap_or_else(|| {
        quote! {
            ::std::result::Result::Err(crate::ValidationError::new(
                Self::NAME,
                crate::Rule::OneOf(Self::EXPECTED),
                value,
            ))
        }
    });
    let displays = idents
        .iter()
        .map(|id| quote!(Self::#id(value) => ::std::fmt::Display::fmt(value, f),));
    let serializes = idents
        .iter()
        .map(|id| quote!(Self::#id(value) => ::serde::Serialize::serialize(value, serializer),));
    // `From` for each alternative's type, where no other alternative has the same type.
    let froms = variants
        .iter()
        .zip(&idents)
        .enumerate()
        .filter_map(|(i, (v, id))| {
            let unique = !variants
                .iter()
                .enumerate()
                .any(|(j, w)| j != i && w.ty == v.ty);
            unique.then(|| {
                let ty = rust_type(&v.ty);
                quote! {
                    impl ::std::convert::From<#ty> for #name {
                        fn from(value: #ty) -> Self {
                            Self::#id(value)
                        }
                    }
                }
            })
        });
    quote! {
        #docs
        ///
        /// Alternatives may be added in a minor release.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #idents(#types),)*
        }

        impl #name {
            /// The parameter's name in the spec.
            pub const NAME: &'static str = #spec_name;
            /// What a value must be, for error messages.
            pub const EXPECTED: &'static str = #expected;
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::ValidationError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                #(#parses)*
                #fallback
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#displays)*
                }
            }
        }

        #(#froms)*

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serializes)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // The wire form is text; a JSON number or boolean is read as its text.
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let text = match value {
                    ::serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                text.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}

/// Tries one alternative: returns from `from_str` when the value passes it.
fn parse_step(ty: &ParamTy, id: &proc_macro2::Ident) -> TokenStream {
    match ty {
        ParamTy::String => quote!(return ::std::result::Result::Ok(Self::#id(value.to_owned()));),
        // Open enums take any text; here only the values they know, so other alternatives get
        // their turn.
        ParamTy::Enum(_) => {
            let t = rust_type(ty);
            quote! {
                let known = #t::from(value);
                if !known.is_unknown() {
                    return ::std::result::Result::Ok(Self::#id(known));
                }
            }
        }
        _ => {
            let t = rust_type(ty);
            quote! {
                if let ::std::result::Result::Ok(parsed) = value.parse::<#t>() {
                    return ::std::result::Result::Ok(Self::#id(parsed));
                }
            }
        }
    }
}

/// A variant's type (resolution only makes unions of single values).
fn rust_type(ty: &ParamTy) -> TokenStream {
    super::operations::param_ty_type(ty)
}

/// An alternative, in words: `an integer`, `a string matching ^x$`.
fn describe(ty: &ParamTy, all: &[ParamType]) -> String {
    match ty {
        ParamTy::Bool => "a boolean".to_owned(),
        ParamTy::Integer => "an integer".to_owned(),
        ParamTy::Number => "a number".to_owned(),
        ParamTy::Enum(name) => format!("a value of `{name}`"),
        ParamTy::Validated(name) => match all.iter().find(|p| &p.name == name).map(|p| &p.rules) {
            Some(ParamRules::String {
                pattern,
                min_length,
                max_length,
            }) => {
                let mut rules = Vec::new();
                if let Some(p) = pattern {
                    rules.push(format!("matching {}", p.source));
                }
                match (min_length, max_length) {
                    (Some(a), Some(b)) => rules.push(format!("of {a} to {b} characters")),
                    (Some(a), None) => rules.push(format!("of at least {a} characters")),
                    (None, Some(b)) => rules.push(format!("of at most {b} characters")),
                    (None, None) => {}
                }
                format!("a string {}", rules.join(" "))
            }
            Some(ParamRules::Integer {
                minimum, maximum, ..
            }) => match (minimum, maximum) {
                (Some(a), Some(b)) => format!("an integer from {a} to {b}"),
                (Some(a), None) => format!("an integer of at least {a}"),
                (None, Some(b)) => format!("an integer of at most {b}"),
                (None, None) => "an integer".to_owned(),
            },
            _ => format!("a `{name}`"),
        },
        _ => "a string".to_owned(),
    }
}
