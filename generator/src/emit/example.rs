//! Example programs (`examples/NAME.rs`): one operation called through the client, with
//! required parameters from the command line and credentials from the environment.

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::ExampleConfig;
use crate::model::{Api, Field, Operation, ParamTy, TypeKind, TypeRef};
use crate::naming::ident;

/// The example's source, or why it cannot be made.
pub fn example(api: &Api, config: &ExampleConfig, lib_name: &str) -> Result<TokenStream, String> {
    let op = api
        .operations
        .iter()
        .find(|o| o.answers_to(&config.operation))
        .ok_or_else(|| {
            format!(
                "example `{}` calls `{}`, which is not generated",
                config.name, config.operation
            )
        })?;
    let krate = ident(lib_name);
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    let unsupported = || {
        format!(
            "example `{}`: `{}` needs a list, an object, or a request body with more than plain required fields, which examples cannot take from the command line yet",
            config.name, config.operation
        )
    };
    let mut words = Vec::new();
    let mut reads = Vec::new();
    for p in &required {
        let name = ident(&p.name);
        if let ParamTy::Body(body) = &p.ty {
            // A body is built the way users build one: `new` with its required fields, each
            // read from the command line.
            let (type_name, fields) = plain_body(api, body).ok_or_else(unsupported)?;
            let type_ident = ident(type_name);
            let field_names: Vec<_> = fields.iter().map(|f| ident(&f.name)).collect();
            for (field, name) in fields.iter().zip(&field_names) {
                words.push(format!("<{}.{}>", p.spec_name, field.json_name));
                let ty = plain_type(api, &krate, &field.ty).ok_or_else(unsupported)?;
                reads.push(quote! {
                    let #name: #ty = args.next().ok_or(USAGE)?.parse()?;
                });
            }
            reads.push(quote! {
                let #name = #krate::models::#type_ident::new(#(#field_names),*);
            });
            continue;
        }
        words.push(format!("<{}>", p.spec_name));
        let ty = match &p.ty {
            ParamTy::Validated(t) => {
                let t = ident(t);
                quote!(#krate::params::#t)
            }
            ParamTy::Enum(t) => {
                let t = ident(t);
                quote!(#krate::models::#t)
            }
            ParamTy::Bool => quote!(bool),
            ParamTy::Integer => quote!(i64),
            ParamTy::Number => quote!(f64),
            ParamTy::String => quote!(String),
            ParamTy::Body(_) | ParamTy::List { .. } | ParamTy::Object { .. } => {
                return Err(unsupported());
            }
        };
        reads.push(quote! {
            let #name: #ty = args.next().ok_or(USAGE)?.parse()?;
        });
    }
    let usage = format!(
        "usage: cargo run --example {} -- {}",
        config.name,
        words.join(" ")
    );
    let arg_names = required.iter().map(|p| ident(&p.name));
    let call = ident(&op.fn_name);
    let env = |suffix: &str| format!("{}{suffix}", config.env_prefix);
    let (client_id, client_secret, public_key, private_key, base_url) = (
        env("CLIENT_ID"),
        env("CLIENT_SECRET"),
        env("PUBLIC_KEY"),
        env("PRIVATE_KEY"),
        env("BASE_URL"),
    );
    let missing = format!("set {client_id} and {client_secret}, or {public_key} and {private_key}");
    let docs = docs(op, config, &usage);
    Ok(quote! {
        #(#docs)*
        #![allow(deprecated)]

        use std::env;

        const USAGE: &str = #usage;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let mut args = env::args().skip(1);
            #(#reads)*

            let mut builder = #krate::Client::builder();
            if let (Ok(id), Ok(secret)) = (env::var(#client_id), env::var(#client_secret)) {
                builder = builder.service_account(id, secret);
            } else if let (Ok(public), Ok(private)) = (env::var(#public_key), env::var(#private_key)) {
                builder = builder.digest_auth(public, private);
            } else {
                return Err(#missing.into());
            }
            if let Ok(url) = env::var(#base_url) {
                builder = builder.base_url(url);
            }
            let client = builder.build()?;

            let response = client.#call(#(#arg_names),*).send().await?;
            println!("{}", serde_json::to_string_pretty(response.body())?);
            Ok(())
        }
    })
}

/// A body type whose required fields can each be read from one command-line word: its name
/// and those fields.
fn plain_body<'a>(api: &'a Api, body: &TypeRef) -> Option<(&'a str, Vec<&'a Field>)> {
    let TypeRef::Named(name) = body else {
        return None;
    };
    let def = api.types.iter().find(|t| &t.name == name)?;
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let fields: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    fields
        .iter()
        .all(|f| !f.flatten && !f.nullable && !f.boxed)
        .then_some((def.name.as_str(), fields))
}

/// The type a plain field is parsed as from the command line (`FromStr`).
fn plain_type(api: &Api, krate: &proc_macro2::Ident, ty: &TypeRef) -> Option<TokenStream> {
    Some(match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        // Of the named types, string enums parse (open: every word does).
        TypeRef::Named(name)
            if api
                .types
                .iter()
                .any(|t| &t.name == name && matches!(t.kind, TypeKind::StringEnum(_))) =>
        {
            let name = ident(name);
            quote!(#krate::models::#name)
        }
        _ => return None,
    })
}

fn docs(op: &Operation, config: &ExampleConfig, usage: &str) -> Vec<TokenStream> {
    let summary = op
        .summary
        .clone()
        .unwrap_or_else(|| format!("Calls `{}`.", op.operation_id));
    let text = format!(
        "{summary}\n\n{}\n\nCredentials come from the environment: `{p}CLIENT_ID` and `{p}CLIENT_SECRET` (a service account), or `{p}PUBLIC_KEY` and `{p}PRIVATE_KEY` (an API key, digest authentication). `{p}BASE_URL` overrides the server.",
        super::docs::code_span(usage),
        p = config.env_prefix
    );
    vec![super::docs::inner_lines(&text)]
}
