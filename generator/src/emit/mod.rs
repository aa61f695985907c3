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
use proc_macro2::TokenStream;

use crate::config::ExampleConfig;
use crate::model::{Api, Operation, ParamType, TypeDef};
use crate::pointer::Pointer;

/// Every file of the generated crate, by path relative to its root.
pub fn emit(api: &Api, options: &Options) -> Result<BTreeMap<String, String>, Diagnostics> {
    let header = Header {
        spec_label: options.spec_label.clone(),
        command: options.command.clone(),
    };
    let mut files = Files::new(header);

    let tool = options
        .config
        .cli
        .as_ref()
        .map(|config| cli::Tool::new(api, config, &options.crate_name));
    files.rust_each(&jobs(api, options, tool.as_ref()), |job| {
        make(job, api, options, tool.as_ref())
    });
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

/// One Rust file of the crate. Each is emitted and formatted on the formatting threads
/// ([`Files::rust_each`]): the files are independent, and one list of them all keeps every
/// core busy, also on a small spec, which has only a few files of each kind.
enum Job<'a> {
    Lib,
    Formats,
    ModelsModule,
    Model(&'a TypeDef),
    ParamsModule,
    Param(&'a ParamType),
    Spec,
    OperationsModule,
    Operation(&'a Operation),
    Example(&'a ExampleConfig),
    /// File number `n` of the command-line tool ([`cli::Tool::file`]).
    Cli(usize),
}

/// Every Rust file of the crate, in the order they were always made (the output does not
/// depend on it: files are kept by path, diagnostics sorted).
fn jobs<'a>(api: &'a Api, options: &'a Options, tool: Option<&cli::Tool<'_>>) -> Vec<Job<'a>> {
    let mut jobs = vec![Job::Lib, Job::Formats, Job::ModelsModule];
    jobs.extend(api.types.iter().map(Job::Model));
    if !api.params.is_empty() {
        jobs.push(Job::ParamsModule);
        jobs.extend(api.params.iter().map(Job::Param));
    }
    if api.support.requests {
        jobs.extend([Job::Spec, Job::OperationsModule]);
    }
    jobs.extend(api.operations.iter().map(Job::Operation));
    jobs.extend(options.config.examples.iter().map(Job::Example));
    if let Some(tool) = tool {
        jobs.extend((0..tool.file_count()).map(Job::Cli));
    }
    jobs
}

/// A job's file: its path, the spec element it comes from, and its tokens (or why it has
/// none); `None` for a file this crate does not have.
fn make(
    job: &Job<'_>,
    api: &Api,
    options: &Options,
    tool: Option<&cli::Tool<'_>>,
) -> Option<(String, Pointer, Result<TokenStream, String>)> {
    let root = |path: &str, tokens| Some((path.to_owned(), Pointer::root(), tokens));
    match job {
        Job::Lib => root("src/lib.rs", Ok(lib_rs::lib_rs(api))),
        Job::Formats => root("src/formats.rs", Ok(lib_rs::formats_file(api)?)),
        Job::ModelsModule => {
            let mut tokens = models::module(&api.types);
            tokens.extend(aliases::model_aliases(api));
            root("src/models/mod.rs", Ok(tokens))
        }
        Job::Model(def) => Some((
            format!("src/models/{}.rs", models::module_name(def)),
            def.pointer.clone(),
            Ok(models::type_file(def, &api.types)),
        )),
        Job::ParamsModule => root("src/params/mod.rs", Ok(params::module(&api.params))),
        Job::Param(param) => Some((
            format!("src/params/{}.rs", params::module_name(param)),
            param.pointer.clone(),
            params::type_file(param, &api.params),
        )),
        Job::Spec => root("src/spec.rs", Ok(lib_rs::spec_file(api))),
        Job::OperationsModule => {
            let mut tokens = operations::module(api);
            tokens.extend(aliases::operation_aliases(api));
            root("src/operations/mod.rs", Ok(tokens))
        }
        Job::Operation(op) => Some((
            format!("src/operations/{}.rs", operations::module_name(op)),
            op.pointer.clone(),
            Ok(operations::operation_file(api, op)),
        )),
        Job::Example(config) => {
            let lib_name = options.crate_name.replace('-', "_");
            root(
                &format!("examples/{}.rs", config.name),
                example::example(api, config, &lib_name),
            )
        }
        Job::Cli(n) => {
            let file = tool?.file(*n);
            Some((file.path, file.source, file.tokens))
        }
    }
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
