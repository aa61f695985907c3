//! OpenAPI 3.0 -> Rust client crate.
//!
//! The generator is a pure pipeline; every stage lives in its own module:
//! spec text -> [`parse`] -> [`resolve`] (the named, `$ref`-free [`model`]) -> [`emit`]
//! (`TokenStream`s) -> [`format`] (files in `rustfmt`'s layout). It does no I/O: callers such as
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
pub mod sunset;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};

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
    /// Today's date (`YYYY-MM-DD`), to warn about sunset dates already past; `None` skips
    /// that check. Passed in so that generation stays pure and tests can fix the day.
    pub today: Option<String>,
}

/// The generated crate: file paths relative to its root, and their contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
    /// The files shipped verbatim (the support code); like every other file, they are
    /// already in `rustfmt`'s layout.
    pub verbatim: BTreeSet<String>,
    /// Problems that did not stop generation, each with its JSON pointer and what was done
    /// instead: constructs left out or degraded, `x-sunset` dates already past. Sorted.
    pub warnings: Vec<Diagnostic>,
    /// How many operations were generated and how many skipped (each skip has a warning).
    pub operations: usize,
    pub skipped_operations: usize,
}

/// How long each stage of one run took (wall clock), for `cargo xtask codegen --timings`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    pub parse: Duration,
    pub resolve: Duration,
    /// Token emission and formatting together (they run file by file on the same threads).
    pub emit: Duration,
}

/// Runs the whole pipeline on one spec.
pub fn generate(spec_text: &str, options: &Options) -> Result<GeneratedCrate, Diagnostics> {
    generate_timed(spec_text, options, &mut Timings::default())
}

/// [`generate`], recording how long each stage took, also when one fails.
pub fn generate_timed(
    spec_text: &str,
    options: &Options,
    timings: &mut Timings,
) -> Result<GeneratedCrate, Diagnostics> {
    // Values that become file names and identifiers are checked before anything is made.
    let settings = config::check_crate_name(&options.crate_name)
        .map_err(|reason| format!("the crate name {:?}: {reason}", options.crate_name))
        .and_then(|()| {
            options
                .config
                .validate()
                .map_err(|e| format!("codegen settings: {e}"))
        });
    if let Err(reason) = settings {
        return Err(Diagnostic::new(&pointer::Pointer::root(), reason).into());
    }
    let start = Instant::now();
    let document = parse::parse(spec_text);
    timings.parse = start.elapsed();
    let document = document?;
    let start = Instant::now();
    let api = resolve::resolve(&document, &options.config);
    timings.resolve = start.elapsed();
    let mut api = api?;
    sunset::review(&mut api, options.today.as_deref());
    let start = Instant::now();
    let files = emit::emit(&api, options);
    timings.emit = start.elapsed();
    Ok(GeneratedCrate {
        files: files?,
        verbatim: emit::verbatim_paths(&api, options),
        warnings: api.warnings.clone(),
        operations: api.operations.len(),
        skipped_operations: api.skipped_operations.len(),
    })
}
