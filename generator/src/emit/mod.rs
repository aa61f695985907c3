//! Stage 3: the resolved model -> the generated crate's files, as tokens formatted into text.
//! One module per part of the crate.

mod aliases;
pub(crate) mod cli;
mod docs;
mod example;
mod facts;
mod lib_rs;
mod manifest;
mod models;
mod operations;
mod param_union;
mod params;
mod runtime;

pub(crate) use runtime::{CLIENT_METHODS, cli_modules};
mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::Options;
use crate::diagnostics::Diagnostics;
use crate::format::{Files, Header};
use crate::model::Api;
use crate::pointer::Pointer;

/// Every file of the generated crate, by path relative to its root.
pub fn emit(api: &Api, options: &Options) -> Result<BTreeMap<String, String>, Diagnostics> {
    let header = Header {
        spec_label: options.spec_label.clone(),
        command: options.command.clone(),
    };
    let mut files = Files::new(header);

    files.rust("src/lib.rs", &Pointer::root(), Ok(lib_rs::lib_rs(api)));
    if let Some(tokens) = lib_rs::formats_file(api) {
        files.rust("src/formats.rs", &Pointer::root(), Ok(tokens));
    }
    files.rust(
        "src/models/mod.rs",
        &Pointer::root(),
        Ok({
            let mut tokens = models::module(&api.types);
            tokens.extend(aliases::model_aliases(api));
            tokens
        }),
    );
    files.rust_each(&api.types, |def| {
        let path = format!("src/models/{}.rs", models::module_name(def));
        (path, &def.pointer, Ok(models::type_file(def, &api.types)))
    });
    if !api.params.is_empty() {
        files.rust(
            "src/params/mod.rs",
            &Pointer::root(),
            Ok(params::module(&api.params)),
        );
        files.rust_each(&api.params, |param| {
            let path = format!("src/params/{}.rs", params::module_name(param));
            (path, &param.pointer, params::type_file(param, &api.params))
        });
    }
    let requests = api.support.requests;
    if requests {
        files.rust("src/spec.rs", &Pointer::root(), Ok(lib_rs::spec_file(api)));
        files.rust(
            "src/operations/mod.rs",
            &Pointer::root(),
            Ok({
                let mut tokens = operations::module(api);
                tokens.extend(aliases::operation_aliases(api));
                tokens
            }),
        );
    }
    files.rust_each(&api.operations, |op| {
        let path = format!("src/operations/{}.rs", operations::module_name(op));
        (path, &op.pointer, Ok(operations::operation_file(api, op)))
    });
    let lib_name = options.crate_name.replace('-', "_");
    for config in &options.config.examples {
        let path = format!("examples/{}.rs", config.name);
        files.rust(
            &path,
            &Pointer::root(),
            example::example(api, config, &lib_name),
        );
    }
    if let Some(config) = &options.config.cli {
        for file in cli::files(api, config, &options.crate_name) {
            files.rust(&file.path, &file.source, file.tokens);
        }
    }
    for file in runtime::files(api) {
        files.verbatim(file.path, file.source);
    }
    let examples: Vec<String> = options
        .config
        .examples
        .iter()
        .map(|e| e.name.clone())
        .collect();
    let bin = options.config.cli.as_ref().map(|cli| {
        let name = cli.bin_name.as_deref().unwrap_or(&options.crate_name);
        (name.to_owned(), cli::bin_path(name))
    });
    let manifest = manifest::manifest(
        api,
        &options.crate_name,
        &options.crate_version,
        options.standalone,
        &examples,
        bin.as_ref(),
    );
    files.toml("Cargo.toml", &manifest);
    files.finish()
}

/// The paths of the support files, which [`emit`] ships exactly as written in `runtime/`.
pub fn verbatim_paths(api: &Api) -> BTreeSet<String> {
    runtime::files(api)
        .iter()
        .map(|file| file.path.to_owned())
        .collect()
}

/// The name of a module kept in its own file (`mod name;` and `name.rs`), from a snake_case
/// name: the file's stem and the identifier must agree, so keywords that Rust cannot write
/// raw (`self`, `crate`, `super`) take the underscore `naming::ident` gives them, and `mod`,
/// whose file would be the parent module's own `mod.rs`, becomes `mod_`.
pub(crate) fn module_file(name: String) -> String {
    let ident = crate::naming::ident(&name).to_string();
    match ident.strip_prefix("r#").unwrap_or(&ident) {
        "mod" => "mod_".to_owned(),
        stem => stem.to_owned(),
    }
}
