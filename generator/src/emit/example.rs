//! Example programs (`examples/NAME.rs`): one operation called through the client, with
//! required parameters from the command line and credentials from the environment.

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::ExampleConfig;
use crate::model::{Api, Operation, ParamTy};
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
    if required
        .iter()
        .any(|p| matches!(p.ty, ParamTy::Body(_) | ParamTy::List { .. }))
    {
        return Err(format!(
            "example `{}`: `{}` needs a request body or a list, which examples cannot take from the command line yet",
            config.name, config.operation
        ));
    }
    let usage = format!(
        "usage: cargo run --example {} -- {}",
        config.name,
        required
            .iter()
            .map(|p| format!("<{}>", p.spec_name))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let reads = required.iter().map(|p| {
        let name = ident(&p.name);
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
            ParamTy::String | ParamTy::Body(_) | ParamTy::List { .. } => quote!(String),
        };
        quote! {
            let #name: #ty = args.next().ok_or(USAGE)?.parse()?;
        }
    });
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
