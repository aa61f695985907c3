//! The body of `to_http`: the path, query, cookie, body and header steps that write one
//! operation's request through the support code's `UrlBuilder`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{
    Api, BodyKind, Operation, OperationParam, ParamLocation, ParamRules, ParamTy, PathSegment,
    UrlText,
};
use crate::naming::ident;

/// The `to_http` method of an operation's type.
pub(super) fn method(api: &Api, op: &Operation) -> TokenStream {
    let path_steps = op.segments.iter().map(|s| match s {
        PathSegment::Literal(text) => quote!(url.literal(#text);),
        PathSegment::Param(i) => {
            let p = &op.params[*i];
            let field = ident(&p.name);
            if let ParamTy::List { .. } = p.ty {
                let texts = list_texts(quote!(self.#field));
                return quote! {
                    {
                        #texts
                        url.segment_joined(texts.iter().map(::std::string::String::as_str));
                    }
                };
            }
            let value = wire_value(api, p, quote!(self.#field), false);
            let spec_name = &p.spec_name;
            match url_text(api, p) {
                UrlText::Any => quote!(url.segment(#spec_name, #value)?;),
                UrlText::Unreserved => quote!(url.segment_unencoded(#spec_name, #value)?;),
                UrlText::Segment => quote!(url.literal(#value);),
            }
        }
    });
    let cookie_steps: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| cookie_step(api, p))
        .collect();
    let query_steps = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| query_step(api, p));
    let header_steps: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let field = ident(&p.name);
            let spec_name = p.spec_name.to_ascii_lowercase();
            let insert = |value: TokenStream| {
                quote! {
                    let value = ::http::HeaderValue::from_str(#value).map_err(|_| {
                        crate::Error::Validation(crate::ValidationError::new(#spec_name, crate::Rule::Pattern("a valid HTTP header value"), "<invalid header value>"))
                    })?;
                    request.headers_mut().insert(#spec_name, value);
                }
            };
            if let ParamTy::List { .. } = p.ty {
                let texts = list_texts(quote!(value));
                let body = insert(quote!(&texts.join(",")));
                return when_set(p, quote!(#texts #body));
            }
            if p.required {
                insert(wire_value(api, p, quote!(self.#field), false))
            } else {
                let body = insert(wire_value(api, p, quote!(value), true));
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        #body
                    }
                }
            }
        })
        .collect();
    let method = format_ident!("{}", op.method);
    let body = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Body)
        .map(|p| body_step(op, p));
    let (accept_const, accept) = accept_value(op);
    let make_request = if header_steps.is_empty() {
        quote!(url.build(::http::Method::#method, #accept))
    } else {
        quote! {
            let mut request = url.build(::http::Method::#method, #accept)?;
            #(#header_steps)*
            ::std::result::Result::Ok(request)
        }
    };
    quote! {
        /// The HTTP request, against `base_url` (such as [`crate::BaseUrl::DEFAULT`]).
        pub fn to_http(&self, base_url: &crate::BaseUrl) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::Error> {
            #accept_const
            let mut url = crate::request::UrlBuilder::new(base_url);
            #(#path_steps)*
            #(#query_steps)*
            #(#cookie_steps)*
            #body
            #make_request
        }
    }
}

/// The `Accept` header value (`Self::ACCEPT`), and the statement that makes it: a `const`,
/// made at compile time, when `http` admits the media type as it is (else
/// `HeaderValue::from_static` would fail the build), or a check when the request is made.
fn accept_value(op: &Operation) -> (TokenStream, TokenStream) {
    match op.success.as_ref().and_then(|s| s.media_type.as_deref()) {
        None => (quote!(), quote!(::std::option::Option::None)),
        Some(media_type) if is_static_header_value(media_type) => (
            quote! {
                const ACCEPT_HEADER: ::std::option::Option<::http::HeaderValue> = ::std::option::Option::Some(::http::HeaderValue::from_static(#media_type));
            },
            quote!(ACCEPT_HEADER),
        ),
        Some(media_type) => (
            quote!(),
            quote!(::std::option::Option::Some(crate::request::header_value(#media_type)?)),
        ),
    }
}

/// What `http::HeaderValue::from_static` accepts: visible ASCII, spaces and tabs.
fn is_static_header_value(text: &str) -> bool {
    text.bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

/// What a parameter's values are as URL text: known only for a text parameter with a pattern.
fn url_text(api: &Api, p: &OperationParam) -> UrlText {
    let ParamTy::Validated(name) = &p.ty else {
        return UrlText::Any;
    };
    api.params
        .iter()
        .find(|param| &param.name == name)
        .and_then(|param| match &param.rules {
            ParamRules::String {
                pattern: Some(rule),
                ..
            } => Some(rule.url_text),
            _ => None,
        })
        .unwrap_or_default()
}

/// A query parameter's key: its name percent-encoded as the support code's `encode_into`
/// does (every byte outside RFC 3986's unreserved set), then `=`.
fn query_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() + 1);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            key.push(char::from(b));
        } else {
            key.push_str(&format!("%{b:02X}"));
        }
    }
    key.push('=');
    key
}

/// The text of a parameter value on the wire. `value` is a place of the parameter's type, or,
/// with `by_ref`, a reference to one.
fn wire_value(api: &Api, p: &OperationParam, value: TokenStream, by_ref: bool) -> TokenStream {
    match &p.ty {
        ParamTy::Bool if by_ref => quote!(if *#value { "true" } else { "false" }),
        ParamTy::Bool => quote!(if #value { "true" } else { "false" }),
        ParamTy::Validated(name) if is_string_param(api, name) => quote!(#value.as_str()),
        ParamTy::Integer | ParamTy::Number | ParamTy::Validated(_) => quote!(&#value.to_string()),
        ParamTy::String | ParamTy::Enum(_) => quote!(#value.as_str()),
        // Bodies are serialized whole, lists and objects are written item by item
        // (`query_step`): none is ever one wire value.
        ParamTy::Body(_) | ParamTy::List { .. } | ParamTy::Object { .. } => quote!(""),
    }
}

/// `url.query_text(key, text)`; integers (validated or not) go through `url.query_int`,
/// other numbers through `url.query_display`, neither with a temporary string; booleans and
/// values whose pattern admits only unreserved characters through `url.query_unencoded`.
fn query_call(api: &Api, p: &OperationParam, value: TokenStream, by_ref: bool) -> TokenStream {
    let key = query_key(&p.spec_name);
    match &p.ty {
        ParamTy::Integer if by_ref => quote!(url.query_int(#key, *#value);),
        ParamTy::Integer => quote!(url.query_int(#key, #value);),
        ParamTy::Number => quote!(url.query_display(#key, #value);),
        // A validated parameter is either text or an integer.
        ParamTy::Validated(name) if !is_string_param(api, name) => {
            quote!(url.query_int(#key, #value.get());)
        }
        ParamTy::Bool => {
            let text = wire_value(api, p, value, by_ref);
            quote!(url.query_unencoded(#key, #text);)
        }
        _ => {
            let unencoded = url_text(api, p) != UrlText::Any;
            let text = wire_value(api, p, value, by_ref);
            if unencoded {
                quote!(url.query_unencoded(#key, #text);)
            } else {
                quote!(url.query_text(#key, #text);)
            }
        }
    }
}

/// Writes one query parameter, if set: a single `name=value`, or a list item by item.
fn query_step(api: &Api, p: &OperationParam) -> TokenStream {
    let spec_name = &p.spec_name;
    let write = match &p.ty {
        ParamTy::List {
            item,
            explode: true,
        } => {
            let item = OperationParam {
                ty: (**item).clone(),
                ..p.clone()
            };
            let write = query_call(api, &item, quote!(item), true);
            quote! {
                for item in value {
                    #write
                }
            }
        }
        ParamTy::List { explode: false, .. } => {
            let texts = list_texts(quote!(value));
            let key = query_key(spec_name);
            quote! {
                #texts
                url.query_joined(#key, texts.iter().map(::std::string::String::as_str));
            }
        }
        ParamTy::Object { deep_object, .. } => {
            quote!(url.query_object(#spec_name, value, #deep_object)?;)
        }
        _ => query_call(api, p, quote!(value), true),
    };
    when_set(p, write)
}

/// `write`, with `value` bound to a reference to the parameter's value: always for a required
/// parameter, when set for an optional one.
fn when_set(p: &OperationParam, write: TokenStream) -> TokenStream {
    let field = ident(&p.name);
    if p.required {
        quote! {
            {
                let value = &self.#field;
                #write
            }
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                #write
            }
        }
    }
}

/// `texts`: the wire text of each item of the list `value`. Every item type (numbers,
/// booleans, strings, enums, validated values) prints it with `Display`.
fn list_texts(value: TokenStream) -> TokenStream {
    quote! {
        let texts: ::std::vec::Vec<::std::string::String> = #value.iter().map(::std::string::ToString::to_string).collect();
    }
}

/// Writes one cookie parameter, if set; a list is comma-separated (the `form` style without
/// `explode`).
fn cookie_step(api: &Api, p: &OperationParam) -> TokenStream {
    let spec_name = &p.spec_name;
    let write = match &p.ty {
        ParamTy::List { .. } => {
            let texts = list_texts(quote!(value));
            quote! {
                #texts
                url.cookie(#spec_name, &texts.join(","));
            }
        }
        _ => {
            let value = wire_value(api, p, quote!(value), true);
            quote!(url.cookie(#spec_name, #value);)
        }
    };
    when_set(p, write)
}

fn is_string_param(api: &Api, name: &str) -> bool {
    api.params
        .iter()
        .any(|p| p.name == name && matches!(p.rules, crate::model::ParamRules::String { .. }))
}

/// Writes the request body, encoded as its media type says.
fn body_step(op: &Operation, p: &OperationParam) -> TokenStream {
    let field = ident(&p.name);
    let (media_type, kind) = match &op.body {
        Some(format) => (format.media_type.as_str(), &format.kind),
        None => ("application/json", &BodyKind::Json),
    };
    let value = if p.required {
        quote!(::std::option::Option::Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    match kind {
        BodyKind::Json => quote!(url.json_body(#media_type, #value)?;),
        BodyKind::Form { deep_objects } => {
            quote!(url.form_body(#media_type, #value, &[#(#deep_objects),*])?;)
        }
        BodyKind::Multipart => quote!(url.multipart_body(#value)?;),
        BodyKind::Text => {
            let value = if p.required {
                quote!(::std::option::Option::Some(self.#field.as_bytes()))
            } else {
                quote!(self.#field.as_deref().map(str::as_bytes))
            };
            quote!(url.raw_body(#media_type, #value);)
        }
        BodyKind::Binary => {
            let value = if p.required {
                quote!(::std::option::Option::Some(self.#field.as_slice()))
            } else {
                quote!(self.#field.as_deref())
            };
            quote!(url.raw_body(#media_type, #value);)
        }
    }
}
