//! OpenAPI 3.0 -> Rust client crate.
//!
//! The generator is a pure pipeline; every stage lives in its own module:
//! spec text -> [`parse`] -> [`resolve`] (the named, `$ref`-free [`model`]) -> [`emit`]
//! (`TokenStream`s) -> [`format`](mod@format) (files in `rustfmt`'s layout). It does no I/O:
//! callers such as `xtask` read the spec and write the files.

pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod extract;
mod fixups;
pub mod format;
pub mod lock;
pub mod model;
pub mod naming;
pub mod parse;
pub mod pattern;
pub mod pointer;
pub mod resolve;
pub mod sunset;
pub mod surface;
pub mod version;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use lock::Lock;
pub use surface::Surface;

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
    /// instead: constructs left out or degraded, `x-sunset` dates already past, names the lock
    /// could not carry over safely. Sorted.
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
    let (generated, _, _) = run(spec_text, options, None, timings)?;
    Ok(generated)
}

/// What a run with a lock file gives: the crate, its public API, and the names the lock could
/// not carry over safely.
#[derive(Debug, Clone)]
pub struct LockedRun {
    pub generated: GeneratedCrate,
    pub surface: Surface,
    /// The lock's warnings (each with the pointers involved), for the change report; they are
    /// among `generated.warnings` too.
    pub notes: Vec<Diagnostic>,
}

/// [`generate_timed`], keeping the names `lock` records (see [`lock`]). The caller decides
/// what to do with the new API ([`lock::next`], [`surface::Report`]).
pub fn generate_locked(
    spec_text: &str,
    options: &Options,
    lock: Option<&Lock>,
    timings: &mut Timings,
) -> Result<LockedRun, Diagnostics> {
    let (generated, api, notes) = run(spec_text, options, lock, timings)?;
    Ok(LockedRun {
        generated,
        surface: surface_of(&api, options),
        notes,
    })
}

/// The pipeline: the crate, the model it was emitted from, and the lock's notes.
fn run(
    spec_text: &str,
    options: &Options,
    lock: Option<&Lock>,
    timings: &mut Timings,
) -> Result<(GeneratedCrate, model::Api, Vec<Diagnostic>), Diagnostics> {
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
    let api = resolve_locked(&document, &options.config, lock.map(|l| &l.api));
    timings.resolve = start.elapsed();
    let (mut api, notes) = api?;
    sunset::review(&mut api, options.today.as_deref());
    let start = Instant::now();
    let files = emit::emit(&api, options);
    timings.emit = start.elapsed();
    let generated = GeneratedCrate {
        files: files?,
        verbatim: emit::verbatim_paths(&api),
        warnings: api.warnings.clone(),
        operations: api.operations.len(),
        skipped_operations: api.skipped_operations.len(),
    };
    Ok((generated, api, notes))
}

/// Resolves `document` with the names `locked` records: the model, and what could not be
/// paired.
pub fn resolve_locked(
    document: &openapiv3::OpenAPI,
    config: &Config,
    locked: Option<&Surface>,
) -> Result<(model::Api, Vec<Diagnostic>), Diagnostics> {
    let identities = lock::operations::identities(document, locked, &config.renames);
    let mut api = resolve::resolve_with(document, config, &identities)?;
    let mut notes = identities.notes;
    if let Some(locked) = locked {
        notes.extend(lock::schemas::apply(&mut api, locked, &config.renames));
    }
    if !notes.is_empty() {
        // What the lock could not carry over is a warning of the run like any other.
        api.warnings.extend(notes.iter().cloned());
        api.warnings.sort();
        api.warnings.dedup();
    }
    Ok((api, notes))
}

/// The public API of the crate generated from `api`, its command-line tool included.
pub fn surface_of(api: &model::Api, options: &Options) -> Surface {
    let cli = options.config.cli.as_ref();
    let bin = cli.map(|c| {
        c.bin_name
            .clone()
            .unwrap_or_else(|| options.crate_name.clone())
    });
    let commands = match cli {
        Some(cli) => emit::cli::command_names(api, cli),
        None => Default::default(),
    };
    Surface::of(api, bin.as_deref(), &commands)
}
