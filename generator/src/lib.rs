//! OpenAPI 3.0 -> Rust client crate.
//!
//! The generator is a pure pipeline; every stage lives in its own module:
//! spec text -> [`parse`] -> [`resolve`] (the named, `$ref`-free [`model`]) -> [`emit`]
//! (`TokenStream`s) -> [`format`] (rustfmt-style files). It does no I/O: callers such as
//! `xtask` read the spec and write the files.

pub mod config;
pub mod diagnostics;
pub mod emit;
mod fixups;
pub mod format;
pub mod model;
pub mod naming;
pub mod parse;
pub mod pattern;
pub mod pointer;
pub mod resolve;

use std::collections::BTreeMap;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics};

/// What a generation run needs besides the spec text.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate (`my-api`).
    pub crate_name: String,
    /// How the spec is named in the `@generated` headers (a path relative to the workspace).
    pub spec_label: String,
    /// The command that regenerates the crate, for the headers.
    pub command: String,
    /// The package version of the generated crate.
    pub crate_version: String,
    /// Whether the crate lives outside the project's workspace (it then gets its own).
    pub standalone: bool,
    pub config: Config,
}

/// The generated crate: file paths relative to its root, and their contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

/// Runs the whole pipeline on one spec.
pub fn generate(spec_text: &str, options: &Options) -> Result<GeneratedCrate, Diagnostics> {
    let document = parse::parse(spec_text)?;
    let api = resolve::resolve(&document, &options.config)?;
    let files = emit::emit(&api, options)?;
    Ok(GeneratedCrate { files })
}
