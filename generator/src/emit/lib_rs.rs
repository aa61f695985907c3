//! The generated crate's root: `lib.rs` (crate docs, module declarations and re-exports, as
//! a reader expects to find them there), and the two files of crate-wide items it declares:
//! `spec.rs` (what the spec says of the API as a whole: its server, token endpoint, API key
//! schemes, error body) and `formats.rs` (how `Lenient` reads the string formats the spec uses).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, ApiKeyLocation, ErrorBody};
use crate::naming::ident;

pub fn lib_rs(api: &Api) -> TokenStream {
    let cli = api.support.cli;
    // The title and version come from the spec: rendered inert like every spec text.
    let mut text = super::docs::sanitize(&format!("Rust client for {}.", api.title_and_version()))
        .trim_end()
        .to_owned();
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(super::docs::sanitize(description).trim_end());
    }
    let requests = api.support.requests;
    text.push_str("\n\n- [`models`]: the request and response bodies, one type per schema.\n");
    if !api.params.is_empty() {
        text.push_str("- [`params`]: parameter values checked against the spec's constraints.\n");
    }
    if requests {
        text.push_str(
            "- [`operations`]: one type per operation, building an `http::Request` (`to_http`) and decoding an `http::Response` (`parse_response`) without doing I/O.\n\
             - `Client` (feature `client`, on by default): sends them, with authentication, retries and page walking.\n",
        );
    }
    if cli {
        text.push_str(
            "- `cli` (feature `cli`): the command-line tool, one command per operation.\n",
        );
    }
    let doc_lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    let runtime = super::runtime::module_decls(&api.support);
    let params = (!api.params.is_empty()).then(|| {
        quote!(
            pub mod params;
        )
    });
    let cli = cli.then(|| {
        quote! {
            #[cfg(feature = "cli")]
            pub mod cli;
        }
    });
    let operations = requests.then(|| {
        quote!(
            pub mod operations;
        )
    });
    let formats = formats_file(api).is_some().then(|| {
        quote!(
            mod formats;
        )
    });
    let spec = requests.then(|| {
        quote!(
            mod spec;
        )
    });
    let reexports = requests.then(|| reexports(api));
    quote! {
        #(#doc_lines)*
        #![forbid(unsafe_code)]

        #runtime
        #formats
        pub mod models;
        #operations
        #params
        #cli
        #spec

        #reexports
    }
}

/// The root's re-exports in a crate that sends requests: the types users name most, and the
/// items of `spec.rs` at the paths they have always had.
fn reexports(api: &Api) -> TokenStream {
    let reexport_operations = (!api.operations.is_empty()).then(|| {
        quote! {
            #[allow(deprecated)]
            pub use operations::*;
        }
    });
    let server_url = api
        .server_template
        .is_some()
        .then(|| quote!(SERVER_URL_TEMPLATE, server_url,));
    quote! {
        #[cfg(feature = "client")]
        pub use client::{ApiKeyLocation, ApiKeyScheme, Client, ClientBuilder, Download, RetryPolicy};
        pub use error::{Error, Rule, ValidationError};
        #reexport_operations
        pub use request::BaseUrl;
        pub use response::{ApiResponse, RateLimit};
        pub use spec::{DEFAULT_BASE_URL, DEFAULT_TOKEN_URL, ErrorBody, #server_url};
        #[cfg(feature = "client")]
        pub use spec::API_KEY_SCHEMES;
        pub(crate) use spec::SECRET_FIELDS;
    }
}

/// `spec.rs`, in a crate that sends requests: the spec's facts about the API as a whole, as
/// constants the client and users read.
pub fn spec_file(api: &Api) -> TokenStream {
    let base_url = api.base_url.as_deref().unwrap_or("http://localhost");
    let token_url = match &api.auth.oauth_client_credentials {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let error_body = match &api.error_body {
        ErrorBody::Typed(name) => {
            let name = ident(name);
            quote!(crate::models::#name)
        }
        ErrorBody::Json => quote!(::serde_json::Value),
    };
    let api_keys = api.auth.api_keys.iter().map(|key| {
        let scheme = &key.scheme;
        let name = &key.name;
        let location = match key.location {
            ApiKeyLocation::Header => quote!(Header),
            ApiKeyLocation::Query => quote!(Query),
            ApiKeyLocation::Cookie => quote!(Cookie),
        };
        quote! {
            ApiKeyScheme {
                scheme: #scheme,
                location: ApiKeyLocation::#location,
                name: #name,
            }
        }
    });
    let server_url = server_url(api);
    let secret_fields = secret_fields(api);
    let client_imports = if api.auth.api_keys.is_empty() {
        quote!(ApiKeyScheme)
    } else {
        quote!({ApiKeyLocation, ApiKeyScheme})
    };
    quote! {
        //! What the spec says of the API as a whole, read by the client and re-exported at the
        //! crate's root.

        #[cfg(feature = "client")]
        use crate::client::#client_imports;

        /// The API's server, from the spec: where requests go unless the client is told otherwise.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        impl crate::request::BaseUrl {
            /// [`DEFAULT_BASE_URL`], checked at compile time.
            pub const DEFAULT: Self = Self::from_static(DEFAULT_BASE_URL);
        }

        /// The OAuth 2.0 token endpoint of the spec's client-credentials flow, if it has one.
        pub const DEFAULT_TOKEN_URL: ::std::option::Option<&str> = #token_url;

        #server_url

        /// The spec's `apiKey` security schemes: where `ClientBuilder::api_key` sends a key.
        #[cfg(feature = "client")]
        pub const API_KEY_SCHEMES: &[ApiKeyScheme] = &[#(#api_keys),*];

        /// The body of the API's documented error responses.
        pub type ErrorBody = #error_body;

        /// The JSON names of the members that hold credentials, kept out of error excerpts.
        pub(crate) const SECRET_FIELDS: &[&str] = &[#(#secret_fields),*];
    }
}

/// `formats.rs`: `lenient::Format` for the string formats the spec uses; only those, so their
/// crates are only dependencies when needed. `None` when it uses none.
pub fn formats_file(api: &Api) -> Option<TokenStream> {
    let mut impls = Vec::new();
    if api.support.date_times {
        impls.push(quote! {
            impl Format for ::jiff::Timestamp {
                fn parse(raw: &str) -> ::std::option::Option<Self> {
                    raw.parse().ok()
                }

                fn format(&self) -> ::std::string::String {
                    self.to_string()
                }
            }
        });
    }
    if api.support.dates {
        impls.push(quote! {
            impl Format for ::jiff::civil::Date {
                fn parse(raw: &str) -> ::std::option::Option<Self> {
                    raw.parse().ok()
                }

                fn format(&self) -> ::std::string::String {
                    self.to_string()
                }
            }
        });
    }
    if api.support.uuids {
        impls.push(quote! {
            impl Format for ::uuid::Uuid {
                fn parse(raw: &str) -> ::std::option::Option<Self> {
                    ::uuid::Uuid::try_parse(raw).ok()
                }

                fn format(&self) -> ::std::string::String {
                    self.hyphenated().to_string()
                }
            }
        });
    }
    if impls.is_empty() {
        return None;
    }
    Some(quote! {
        //! How [`Lenient`](crate::lenient::Lenient) reads and writes the string formats the
        //! spec's models use.

        use crate::lenient::Format;

        #(#impls)*
    })
}

/// `server_url(...)`: the spec's server URL with its variables set, when it has variables.
fn server_url(api: &Api) -> Option<TokenStream> {
    let server = api.server_template.as_ref()?;
    let template = &server.template;
    let mut used = Vec::new();
    let mut args = Vec::new();
    let mut docs = Vec::new();
    let mut replaces = Vec::new();
    for v in &server.variables {
        let base = crate::naming::value_name(&v.name).unwrap_or_else(|| "value".to_owned());
        let mut arg = base.clone();
        let mut n = 2;
        while used.contains(&arg) {
            arg = format!("{base}_{n}");
            n += 1;
        }
        used.push(arg.clone());
        let arg = ident(&arg);
        let placeholder = format!("{{{}}}", v.name);
        let code = super::docs::code_span;
        let mut doc = format!("- {}: default {}", code(&v.name), code(&v.default));
        if !v.allowed.is_empty() {
            let allowed: Vec<String> = v.allowed.iter().map(|a| code(a)).collect();
            doc.push_str(&format!("; one of {}", allowed.join(", ")));
        }
        if let Some(d) = &v.description {
            doc.push_str(&format!(". {}", d.trim()));
        }
        docs.push(super::docs::lines(&doc));
        args.push(quote!(#arg: &str));
        replaces.push(quote!(.replace(#placeholder, #arg)));
    }
    Some(quote! {
        /// The spec's server URL as a template, with its variables in braces.
        pub const SERVER_URL_TEMPLATE: &str = #template;

        /// The spec's server URL with its variables set, for `ClientBuilder::base_url`
        /// ([`DEFAULT_BASE_URL`] has their defaults):
        ///
        #(#docs)*
        pub fn server_url(#(#args),*) -> ::std::string::String {
            SERVER_URL_TEMPLATE #(#replaces)*
        }
    })
}

/// The JSON names of every property marked as a credential, sorted, once each.
fn secret_fields(api: &Api) -> Vec<String> {
    let names: std::collections::BTreeSet<&str> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            crate::model::TypeKind::Struct(s) => Some(s.fields.iter()),
            _ => None,
        })
        .flatten()
        .filter(|f| f.secret)
        .map(|f| f.json_name.as_str())
        .collect();
    names.into_iter().map(str::to_owned).collect()
}
