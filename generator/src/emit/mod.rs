//! Stage 3: the resolved model -> the generated crate's files, as tokens formatted into text.
//! One module per part of the crate.

mod cli;
mod docs;
mod example;
mod lib_rs;
mod manifest;
mod models;
mod operations;
mod params;
mod runtime;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::Options;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::{self, Header};
use crate::model::Api;
use crate::pointer::Pointer;

/// Every file of the generated crate, by path relative to its root.
pub fn emit(api: &Api, options: &Options) -> Result<BTreeMap<String, String>, Diagnostics> {
    let header = Header {
        spec_label: options.spec_label.clone(),
        command: options.command.clone(),
    };
    let mut files = Files {
        header,
        out: BTreeMap::new(),
        diags: Diagnostics::default(),
    };

    files.rust(
        "src/lib.rs",
        &Pointer::root(),
        Ok(lib_rs::lib_rs(
            api,
            &options.crate_name,
            options.config.cli.is_some(),
        )),
    );
    files.rust(
        "src/models/mod.rs",
        &Pointer::root(),
        Ok(models::module(&api.types)),
    );
    for def in &api.types {
        let path = format!("src/models/{}.rs", models::module_name(def));
        files.rust(&path, &def.pointer, Ok(models::type_file(def, &api.types)));
    }
    if !api.params.is_empty() {
        files.rust(
            "src/params/mod.rs",
            &Pointer::root(),
            Ok(params::module(&api.params)),
        );
        for param in &api.params {
            let path = format!("src/params/{}.rs", params::module_name(param));
            files.rust(&path, &param.pointer, params::type_file(param));
        }
    }
    files.rust(
        "src/operations/mod.rs",
        &Pointer::root(),
        Ok(operations::module(api)),
    );
    for op in &api.operations {
        let path = format!("src/operations/{}.rs", operations::module_name(op));
        files.rust(&path, &op.pointer, Ok(operations::operation_file(api, op)));
    }
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
    for file in runtime::files(api, options.config.cli.is_some()) {
        let text = format::runtime_file(&files.header, file.source);
        files.out.insert(file.path.to_owned(), text);
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
    match format::toml_file(&files.header, &manifest) {
        Ok(text) => {
            files.out.insert("Cargo.toml".to_owned(), text);
        }
        Err(reason) => files.diags.push(Diagnostic::new(&Pointer::root(), reason)),
    }
    files.diags.into_result(files.out)
}

/// The paths of the support files, which [`emit`] ships exactly as written in `runtime/`.
pub fn verbatim_paths(api: &Api, options: &Options) -> BTreeSet<String> {
    runtime::files(api, options.config.cli.is_some())
        .iter()
        .map(|file| file.path.to_owned())
        .collect()
}

struct Files {
    header: Header,
    out: BTreeMap<String, String>,
    diags: Diagnostics,
}

impl Files {
    fn rust(
        &mut self,
        path: &str,
        source: &Pointer,
        tokens: Result<proc_macro2::TokenStream, String>,
    ) {
        match tokens.and_then(|t| format::rust_file(&self.header, t)) {
            Ok(text) => {
                self.out.insert(path.to_owned(), text);
            }
            Err(reason) => self
                .diags
                .push(Diagnostic::new(source, format!("{path}: {reason}"))),
        }
    }
}
