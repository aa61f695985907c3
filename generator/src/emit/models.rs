//! Named types -> the `models` module: structs, open enums, unions and aliases, one file each.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code_span, doc_attrs, lines};
use super::types::model_type;
use crate::model::{Field, Struct, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::naming::{self, ident};

/// The file name (without `.rs`) of a type's module.
pub fn module_name(def: &TypeDef) -> String {
    super::module_file(naming::value_name(&def.name).unwrap_or_else(|| "model".to_owned()))
}

/// `models/mod.rs`: one private module per type, re-exported flat. The declarations come
/// first and the re-exports after them, each a group without blank lines, as people write it.
pub fn module(types: &[TypeDef]) -> TokenStream {
    let modules = types.iter().map(|def| {
        let module = ident(&module_name(def));
        quote!(mod #module;)
    });
    let reexports = types.iter().map(|def| {
        let module = ident(&module_name(def));
        let name = ident(&def.name);
        let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #allow
            pub use #module::#name;
        }
    });
    quote! {
        //! The types of the API's request and response bodies, one per schema.
        #(#modules)*
        #(#reexports)*
    }
}

/// The file of one type.
pub fn type_file(def: &TypeDef, types: &[TypeDef]) -> TokenStream {
    let structs = |name: &str| {
        types
            .iter()
            .any(|t| t.name == name && matches!(t.kind, TypeKind::Struct(_)))
    };
    let docs = type_docs(def);
    let item = match &def.kind {
        TypeKind::Struct(s) => struct_item(def, s, &docs, &|ty| is_unit(types, ty)),
        TypeKind::StringEnum(variants) => string_enum(def, variants, &docs),
        TypeKind::IntEnum(values) => int_enum(def, values, &docs),
        TypeKind::Tagged { tag, variants } => tagged_union(def, tag, variants, &docs),
        TypeKind::Untagged(variants) => untagged_union(def, variants, &docs, &structs),
        TypeKind::Alias(target) => {
            let name = ident(&def.name);
            let target = model_type(target);
            quote!(#docs pub type #name = #target;)
        }
    };
    let deprecated_uses = def.deprecated
        || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated));
    let allow = deprecated_uses.then(|| quote!(#![allow(deprecated)]));
    quote!(#allow #item)
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let mut docs = def.docs.clone();
    // Without prose from the spec, the schema's name is worth saying only where the Rust name
    // differs from it (a placeholder that repeats the name says nothing).
    let schema = crate::pointer::Pointer::root()
        .join("components")
        .join("schemas")
        .join(&def.spec_name);
    if docs.title.is_none()
        && docs.description.is_none()
        && def.spec_name != def.name
        && def.pointer == schema
    {
        docs.title = Some(format!("The spec's {} schema.", code_span(&def.spec_name)));
    }
    let deprecated = def
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated in the API spec")]));
    let attrs = doc_attrs(&docs);
    quote!(#attrs #deprecated)
}

/// Whether `ty` is `()` (a schema that is only ever `null`), itself or through aliases.
fn is_unit(types: &[TypeDef], ty: &TypeRef) -> bool {
    let mut ty = ty;
    // Bounded: every alias is followed at most once.
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Null => return true,
            TypeRef::Named(name) => match types.iter().find(|t| &t.name == name) {
                Some(TypeDef {
                    kind: TypeKind::Alias(target),
                    ..
                }) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

fn struct_item(
    def: &TypeDef,
    s: &Struct,
    docs: &TokenStream,
    is_unit: &dyn Fn(&TypeRef) -> bool,
) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(field);
    let additional = s.additional.as_ref().map(|ty| {
        let ty = model_type(ty);
        quote! {
            /// Members not declared as properties, by name.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let has_secret = s.fields.iter().any(|f| f.secret);
    let all_optional = s.fields.iter().all(|f| !f.required);
    // `Clone` and `PartialEq` hold for every field type; `Eq` and `Hash` would not (a `number`
    // property added later would take them away), so they are never derived.
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !has_secret {
        derives.insert(0, quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    let debug = has_secret.then(|| redacting_debug(def, s));
    let building = construction(def, s, is_unit);
    quote! {
        #docs
        #[derive(#(#derives,)* ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #building
        #debug
    }
}

/// The clippy default for `too_many_arguments`.
const CLIPPY_MAX_ARGS: usize = 7;

/// How users build a model: `new` takes the required fields (the only ones whose addition is
/// a breaking change anyway), one `with_*` setter per optional field. Together with
/// `#[non_exhaustive]` this makes a new optional property a minor change: existing calls keep
/// compiling. Arguments are `impl Into<T>` so that `&str`, arrays, unboxed values and typed
/// timestamps go in without conversions.
fn construction(def: &TypeDef, s: &Struct, is_unit: &dyn Fn(&TypeRef) -> bool) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let arg = ident(&f.name);
        let ty = value_type(f);
        quote!(#arg: impl ::std::convert::Into<#ty>)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if f.required {
            quote!(#field: #field.into())
        } else {
            quote!(#field: ::std::option::Option::None)
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
    let setters = s.fields.iter().filter(|f| !f.required).map(|f| {
        let field = ident(&f.name);
        let setter = format_ident!("with_{}", f.name);
        let ty = value_type(f);
        let deprecated = f
            .deprecated
            .then(|| quote!(#[deprecated(note = "deprecated in the API spec")]));
        // A field that can only be `null` takes `()`, which the setter wraps like any value.
        let unit = (!f.nullable && is_unit(&f.ty)).then(|| quote!(#[allow(clippy::unit_arg)]));
        // Spec names go into the prose as code spans, like every spec text (`docs`).
        let doc = if f.nullable {
            lines(&format!(
                "Sets {}; `None` sends `null`.",
                code_span(&f.json_name)
            ))
        } else {
            lines(&format!("Sets {}.", code_span(&f.json_name)))
        };
        quote! {
            #doc
            #deprecated
            #unit
            pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#field = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    // How the struct is built is said here rather than in its own docs, whose first line is
    // its summary in listings: a schema without a description keeps an empty one.
    const BUILDING: &str = "The `with_*` methods set the optional fields. New ones may be added in a minor\n\
                            release, so the struct cannot be written as a literal outside this crate.";
    let new_doc = if required.is_empty() {
        lines(&format!(
            "A value with every field unset (the same as `Default`).\n\n{BUILDING}"
        ))
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| {
                if f.flatten {
                    code_span(&f.name)
                } else {
                    code_span(&f.json_name)
                }
            })
            .collect();
        lines(&format!(
            "A value with the required fields ({}); the optional ones are unset.\n\n{BUILDING}",
            names.join(", ")
        ))
    };
    let many =
        (required.len() > CLIPPY_MAX_ARGS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #new_doc
            #many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    #additional
                }
            }

            #(#setters)*
        }
    }
}

/// The type a constructor argument or setter takes for `f`: the field's type without the
/// `Option` that marks it optional (a nullable field keeps the one that means `null`).
fn value_type(f: &Field) -> TokenStream {
    let mut ty = model_type(&f.ty);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if f.nullable && !f.flatten {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

fn field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let json_name = &f.json_name;
    let mut ty = model_type(&f.ty);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let mut docs = f.docs.clone();
    if f.secret {
        docs.facts.push(crate::model::Fact::Credential);
    }
    let docs = doc_attrs(&docs);
    let deprecated = f
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated in the API spec")]));
    if f.flatten {
        return quote! {
            #docs
            #[serde(flatten)]
            pub #name: #ty,
        };
    }
    let (ty, serde) = match (f.required, f.nullable) {
        (true, false) => (ty, quote!(#[serde(rename = #json_name)])),
        (true, true) => (
            quote!(::std::option::Option<#ty>),
            quote!(#[serde(rename = #json_name)]),
        ),
        (false, false) => (
            quote!(::std::option::Option<#ty>),
            quote!(#[serde(rename = #json_name, default, skip_serializing_if = "::std::option::Option::is_none")]),
        ),
        (false, true) => (
            quote!(::std::option::Option<::std::option::Option<#ty>>),
            quote!(#[serde(
                rename = #json_name,
                default,
                skip_serializing_if = "::std::option::Option::is_none",
                with = "crate::nullable"
            )]),
        ),
    };
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// `Debug` that prints every field but shows secrets as `<redacted>`.
fn redacting_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = &f.name;
        let optional = !f.required || f.nullable;
        if !f.secret {
            quote!(.field(#label, &self.#field))
        } else if optional {
            quote!(.field(#label, &self.#field.as_ref().map(|_| crate::secret::Redacted)))
        } else {
            quote!(.field(#label, &crate::secret::Redacted))
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(.field("additional_properties", &self.additional_properties)));
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    #additional
                    .finish()
            }
        }
    }
}

fn string_enum(
    def: &TypeDef,
    variants: &[crate::model::EnumVariant],
    docs: &TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| lines(&code_span(v)));
    let compare = compare_by_wire_value(&name, quote!(self.as_str()), quote!(other.as_str()));
    quote! {
        #docs
        ///
        /// Open: a value this version of the crate does not know is kept in `Unknown`.
        /// Equality, ordering and hashing go by the value as the API spells it.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value the spec did not list, kept as sent.
            Unknown(::std::string::String),
        }

        #compare

        impl #name {
            /// Every value the spec lists, in its order.
            pub const KNOWN: &'static [Self] = &[#(Self::#idents),*];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether this value is one the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }

            fn from_known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    #(#values => ::std::option::Option::Some(Self::#idents),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from_known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::open_enum::deserialize_str(deserializer, Self::from_known, Self::Unknown)
            }
        }
    }
}

/// `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` of an open enum by its wire value
/// (`mine` and `theirs` read it from `self` and `other`), never by declaration order. Derived
/// order would be part of the API: a value added to the spec would move the values after it and
/// `Unknown`, and a value read as `Unknown("X")` by one version would sort apart from the known
/// `X` of the next. By wire value, the order is the text's (or the number's), stable across
/// versions, and `Unknown("X")` equals `X`, so the five agree.
fn compare_by_wire_value(
    name: &proc_macro2::Ident,
    mine: TokenStream,
    theirs: TokenStream,
) -> TokenStream {
    quote! {
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #mine == #theirs
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(&#mine, state);
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(&#mine, &#theirs)
            }
        }
    }
}

fn int_enum(def: &TypeDef, values: &[i64], docs: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let idents: Vec<_> = values
        .iter()
        .map(|v| format_ident!("{}", naming::int_variant_name(*v)))
        .collect();
    let docs_text = values.iter().map(|v| format!(" `{v}`"));
    let values: Vec<_> = values
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(*v))
        .collect();
    let compare = compare_by_wire_value(&name, quote!(self.get()), quote!(other.get()));
    quote! {
        #docs
        ///
        /// Open: a value this version of the crate does not know is kept in `Unknown`.
        /// Equality, ordering and hashing go by the number.
        #[derive(Debug, Clone, Copy)]
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #docs_text] #idents,)*
            /// A value the spec did not list, kept as sent.
            Unknown(i64),
        }

        #compare

        impl #name {
            /// The value as a number.
            pub fn get(self) -> i64 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.get())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

// Unions allow `clippy::large_enum_variant`: their variants are the spec's schemas, held by
// value like every other field (boxing the big ones would cost an allocation per decode and
// change the types users match on); only recursion is boxed.

fn variant_type(v: &UnionVariant) -> TokenStream {
    let ty = model_type(&v.ty);
    if v.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// `oneOf` + `discriminator`. Decoded by hand rather than with serde's internal tagging:
/// the variant schemas usually declare the tag as a required property themselves, and serde
/// would remove it before decoding the variant. An unknown tag is kept, not rejected.
fn tagged_union(
    def: &TypeDef,
    tag: &str,
    variants: &[UnionVariant],
    docs: &TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = variants.iter().map(variant_type).collect();
    let tags: Vec<_> = variants
        .iter()
        .map(|v| v.tag_value.clone().unwrap_or_default())
        .collect();
    let from_value = variants.iter().map(|v| {
        if v.boxed {
            quote!(::serde_json::from_value(value).map(::std::boxed::Box::new))
        } else {
            quote!(::serde_json::from_value(value))
        }
    });
    let tag_docs = tags
        .iter()
        .map(|t| lines(&code_span(&format!("{tag}: {t}"))));
    let tag_doc = lines(&format!(
        "Tagged by the {} member; a tag this crate does not know is kept in `Unknown`.",
        code_span(tag)
    ));
    quote! {
        #docs
        ///
        #tag_doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#tag_docs #idents(#types),)*
            /// A variant this version of the crate does not know, kept as sent.
            Unknown(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(::std::option::Option::Some(#tags) => #from_value.map(Self::#idents).map_err(D::Error::custom),)*
                    _ => ::std::result::Result::Ok(Self::Unknown(value)),
                }
            }
        }
    }
}

fn untagged_union(
    def: &TypeDef,
    variants: &[UnionVariant],
    docs: &TokenStream,
    structs: &dyn Fn(&str) -> bool,
) -> TokenStream {
    let name = ident(&def.name);
    let idents = variants.iter().map(|v| ident(&v.name));
    let types = variants.iter().map(variant_type);
    // Object variants must not take arrays meant for later variants (see `object_only`).
    let attrs = variants.iter().map(|v| match &v.ty {
        TypeRef::Named(n) if structs(n) && !v.boxed => {
            quote!(#[serde(deserialize_with = "crate::object_only::deserialize")])
        }
        _ => quote!(),
    });
    quote! {
        #docs
        ///
        /// Decoded as the first variant, in the spec's order, that the value fits. Variants may
        /// be added in a minor release.
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#attrs #idents(#types),)*
        }
    }
}
