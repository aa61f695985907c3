//! Validated parameter newtypes -> the `params` module. Each pattern is compiled to a plain
//! `const fn` matcher, so the crate needs no regex engine and literals can be checked at
//! compile time.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use crate::model::{ParamRules, ParamType};
use crate::naming::{self, ident};
use crate::pattern;

pub fn module_name(param: &ParamType) -> String {
    super::module_file(naming::value_name(&param.name).unwrap_or_else(|| "param".to_owned()))
}

/// `params/mod.rs`.
pub fn module(params: &[ParamType]) -> TokenStream {
    let modules = params.iter().map(|p| {
        let module = ident(&module_name(p));
        quote!(mod #module;)
    });
    let reexports = params.iter().map(|p| {
        let module = ident(&module_name(p));
        let name = ident(&p.name);
        quote!(pub use #module::#name;)
    });
    quote! {
        //! Parameter values checked against the spec's constraints. The only ways to make one
        //! validate the value, so a request built from them is valid by construction.
        #(#modules)*
        #(#reexports)*
    }
}

/// The file of one newtype. Errors if its pattern does not compile (resolution already
/// reported that, with the pointer; this keeps the emitter total).
pub fn type_file(param: &ParamType, all: &[ParamType]) -> Result<TokenStream, String> {
    match &param.rules {
        ParamRules::OneOf(variants) => Ok(super::param_union::union_type(param, variants, all)),
        ParamRules::String {
            pattern,
            min_length,
            max_length,
        } => string_type(param, pattern.as_ref(), *min_length, *max_length),
        ParamRules::Integer {
            wide,
            minimum,
            maximum,
            default,
        } => Ok(integer_type(param, *wide, *minimum, *maximum, *default)),
    }
}

fn string_type(
    param: &ParamType,
    pattern: Option<&crate::model::PatternRule>,
    min_length: Option<usize>,
    max_length: Option<usize>,
) -> Result<TokenStream, String> {
    let name = ident(&param.name);
    let spec_name = &param.spec_name;
    let docs = doc_attrs(&param.docs);
    // Every rule constant exists whether or not the spec sets the rule, as an `Option`: a rule
    // the spec drops later (a loosened parameter, a minor change) must not remove a constant.
    let some_usize = |n: Option<usize>| match n {
        Some(n) => {
            let n = Literal::usize_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    };
    let (min_const, max_const) = (some_usize(min_length), some_usize(max_length));
    let pattern_const = match pattern {
        Some(rule) => {
            let source = &rule.source;
            quote!(::std::option::Option::Some(#source))
        }
        None => quote!(::std::option::Option::None),
    };
    let mut checks = Vec::new();
    let mut matcher = None;
    if let Some(n) = min_length {
        let n = Literal::usize_unsuffixed(n);
        checks.push(quote! {
            if crate::validate::char_count(value) < #n {
                return ::std::option::Option::Some(crate::Rule::MinLength(#n));
            }
        });
    }
    if let Some(n) = max_length {
        let n = Literal::usize_unsuffixed(n);
        checks.push(quote! {
            if crate::validate::char_count(value) > #n {
                return ::std::option::Option::Some(crate::Rule::MaxLength(#n));
            }
        });
    }
    if let Some(rule) = pattern {
        let compiled = pattern::compile(&rule.effective).map_err(|e| e.to_string())?;
        let source = &rule.source;
        let fn_name = format_ident!("matches_pattern");
        matcher = Some(compiled.matcher_fn(quote!(), &fn_name));
        checks.push(quote! {
            if !matches_pattern(value) {
                return ::std::option::Option::Some(crate::Rule::Pattern(#source));
            }
        });
    }
    let consts = quote! {
        /// The pattern values must match, as the spec writes it (ECMA-262 syntax), if any.
        pub const PATTERN: ::std::option::Option<&'static str> = #pattern_const;
        /// The minimum length, in Unicode code points, if any.
        pub const MIN_LENGTH: ::std::option::Option<usize> = #min_const;
        /// The maximum length, in Unicode code points, if any.
        pub const MAX_LENGTH: ::std::option::Option<usize> = #max_const;
    };
    let mut broken = Vec::new();
    if let Some(p) = pattern {
        broken.push(format!("does not match {}", p.source));
    }
    if let Some(n) = min_length {
        broken.push(format!("is shorter than {n} characters"));
    }
    if let Some(n) = max_length {
        broken.push(format!("is longer than {n} characters"));
    }
    // `panic!` reads its message as a format string: braces in a pattern must be doubled.
    let panic_message = format!("{spec_name}: the literal {}", broken.join(" or "))
        .replace('{', "{{")
        .replace('}', "}}");
    Ok(quote! {
        use ::std::borrow::Cow;

        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(Cow<'static, str>);

        impl #name {
            /// The parameter's name in the spec.
            pub const NAME: &'static str = #spec_name;
            #consts

            /// A value from a literal, checked at compile time when used in a `const`
            /// (a bad literal fails the build) and at run time otherwise (it panics).
            pub const fn from_static(value: &'static str) -> Self {
                if Self::broken_rule(value).is_some() {
                    panic!(#panic_message);
                }
                Self(Cow::Borrowed(value))
            }

            /// Checks a value.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, crate::ValidationError> {
                let value = value.into();
                match Self::broken_rule(&value) {
                    ::std::option::Option::Some(rule) => ::std::result::Result::Err(crate::ValidationError::new(Self::NAME, rule, &value)),
                    ::std::option::Option::None => ::std::result::Result::Ok(Self(Cow::Owned(value))),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> ::std::string::String {
                self.0.into_owned()
            }

            /// The first rule `value` breaks, if any.
            const fn broken_rule(value: &str) -> ::std::option::Option<crate::Rule> {
                #(#checks)*
                ::std::option::Option::None
            }
        }

        #matcher

        impl ::std::str::FromStr for #name {
            type Err = crate::ValidationError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<&str> for #name {
            type Error = crate::ValidationError;

            fn try_from(value: &str) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for #name {
            type Error = crate::ValidationError;

            fn try_from(value: ::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                value.into_string()
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    })
}

fn integer_type(
    param: &ParamType,
    wide: bool,
    minimum: Option<i64>,
    maximum: Option<i64>,
    default: Option<i64>,
) -> TokenStream {
    let name = ident(&param.name);
    let spec_name = &param.spec_name;
    let docs = doc_attrs(&param.docs);
    let int = if wide { quote!(i64) } else { quote!(i32) };
    // `as i64` on an `i64` is a clippy warning, so the widening cast is only written for `i32`.
    let widen = |e: TokenStream| if wide { e } else { quote!(#e as i64) };
    let some_int = |n: Option<i64>| match n {
        Some(n) => {
            let n = Literal::i64_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    };
    let (min_const, max_const) = (some_int(minimum), some_int(maximum));
    let self_i64 = widen(quote!(self.0));
    let value_i64 = widen(quote!(value));
    let inner_i64 = widen(quote!(value.0));
    let value_as_int = if wide {
        quote!(value)
    } else {
        quote!(value as i32)
    };
    // As for strings, both bounds always exist as constants (see `string_type`).
    let mut consts = vec![quote! {
        /// The smallest value allowed, if the spec sets one.
        pub const MINIMUM: ::std::option::Option<#int> = #min_const;
        /// The largest value allowed, if the spec sets one.
        pub const MAXIMUM: ::std::option::Option<#int> = #max_const;
    }];
    let mut checks = Vec::new();
    if let Some(n) = minimum {
        let n = Literal::i64_unsuffixed(n);
        checks.push(quote! {
            if value < #n {
                return ::std::option::Option::Some(crate::Rule::Minimum(#n));
            }
        });
    }
    if let Some(n) = maximum {
        let n = Literal::i64_unsuffixed(n);
        checks.push(quote! {
            if value > #n {
                return ::std::option::Option::Some(crate::Rule::Maximum(#n));
            }
        });
    }
    if let Some(n) = default {
        let n = Literal::i64_unsuffixed(n);
        consts.push(quote! {
            /// What the server assumes when the parameter is not sent.
            pub const DEFAULT: Self = Self::from_static(#n);
        });
    }
    // Bounds wider than `i32` still have to fit the field.
    let range_check = (!wide).then(|| {
        quote! {
            if value < i32::MIN as i64 {
                return ::std::option::Option::Some(crate::Rule::Minimum(i32::MIN as i64));
            }
            if value > i32::MAX as i64 {
                return ::std::option::Option::Some(crate::Rule::Maximum(i32::MAX as i64));
            }
        }
    });
    let bounds: Vec<String> = [
        minimum.map(|n| format!("below {n}")),
        maximum.map(|n| format!("above {n}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let panic_message = format!("{spec_name}: the literal is {}", bounds.join(" or "));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(#int);

        impl #name {
            /// The parameter's name in the spec.
            pub const NAME: &'static str = #spec_name;
            #(#consts)*

            /// A value from a literal, checked at compile time when used in a `const`
            /// (a bad literal fails the build) and at run time otherwise (it panics).
            pub const fn from_static(value: #int) -> Self {
                if Self::broken_rule(#value_i64).is_some() {
                    panic!(#panic_message);
                }
                Self(value)
            }

            /// Checks a value.
            pub fn new(value: i64) -> ::std::result::Result<Self, crate::ValidationError> {
                match Self::broken_rule(value) {
                    ::std::option::Option::Some(rule) => ::std::result::Result::Err(crate::ValidationError::new(Self::NAME, rule, value)),
                    ::std::option::Option::None => ::std::result::Result::Ok(Self(#value_as_int)),
                }
            }

            pub const fn get(self) -> #int {
                self.0
            }

            /// The first rule `value` breaks, if any.
            const fn broken_rule(value: i64) -> ::std::option::Option<crate::Rule> {
                #range_check
                #(#checks)*
                ::std::option::Option::None
            }
        }

        impl ::std::convert::TryFrom<i64> for #name {
            type Error = crate::ValidationError;

            fn try_from(value: i64) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::ValidationError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value.trim().parse::<i64>() {
                    ::std::result::Result::Ok(n) => Self::new(n),
                    ::std::result::Result::Err(_) => ::std::result::Result::Err(crate::ValidationError::new(
                        Self::NAME,
                        crate::Rule::Integer,
                        value,
                    )),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                #inner_i64
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(#self_i64)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
