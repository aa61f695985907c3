//! `cargo xtask check-spec PATH [--build]`: how far the generator gets with any spec, such as a
//! whole upstream API description. It generates the crate into a scratch folder and reports the
//! operations and types generated, every unsupported construct with its JSON pointer, and how
//! long each phase took; with `--build` it then runs `cargo check` and `cargo clippy -- -D
//! warnings` on the result and times them too. Nothing in the project is written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use codegen::{Options, parse, resolve};

use crate::codegen::{self as xcodegen};

const USAGE: &str = "usage: cargo xtask check-spec PATH [--build] [--doc] [--out DIR] [--crate-name NAME] [--config PATH]";

/// What to check and how far.
#[derive(Debug, Clone)]
pub struct CheckArgs {
    pub spec: PathBuf,
    /// Where the crate is written; it stands alone (its own `[workspace]`).
    pub out: PathBuf,
    pub crate_name: String,
    pub config: Option<PathBuf>,
    /// Run `cargo check` and `cargo clippy -- -D warnings` on the generated crate.
    pub build: bool,
    /// Also run `cargo doc --no-deps` with warnings denied.
    pub doc: bool,
}

pub fn parse_args(args: Vec<String>) -> Result<CheckArgs, String> {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut config = None;
    let mut build = false;
    let mut doc = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--build" => build = true,
            "--doc" => doc = true,
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => crate_name = Some(value("--crate-name")?),
            "--config" => config = Some(PathBuf::from(value("--config")?)),
            other if other.starts_with('-') => return Err(format!("unknown argument `{other}`")),
            path if spec.is_none() => spec = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let spec = spec.ok_or("the spec's PATH is missing")?;
    let crate_name = crate_name.unwrap_or_else(|| crate_name_for(&spec));
    let out = out.unwrap_or_else(|| {
        std::env::temp_dir()
            .join("atlas-check-spec")
            .join(&crate_name)
    });
    Ok(CheckArgs {
        spec,
        out,
        crate_name,
        config,
        build,
        doc,
    })
}

/// A package name from the spec's file name: `atlas-api-2025-06-30.yaml` ->
/// `atlas-api-2025-06-30`.
fn crate_name_for(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-');
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name.to_owned(),
        _ => format!("spec-{name}"),
    }
}

/// One timed step.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: &'static str,
    pub time: Duration,
    /// For build steps: whether the command succeeded.
    pub ok: bool,
}

/// What one check found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Operations in the spec (each method of each path).
    pub spec_operations: usize,
    /// `components/schemas` entries in the spec.
    pub spec_schemas: usize,
    /// What the crate got, when the spec generated.
    pub operations: usize,
    /// Operations left out for a construct the generator does not support.
    pub skipped_operations: usize,
    pub model_types: usize,
    pub param_types: usize,
    pub files: usize,
    /// Every problem, one line each with its JSON pointer.
    pub errors: Vec<String>,
    /// Every construct left out or degraded, one line each with its pointer and what was done.
    /// A check treats them as failures: the crate is generated, but not all of the spec is.
    pub warnings: Vec<String>,
    pub phases: Vec<Phase>,
    /// The output of a failed build step, trimmed.
    pub build_output: Option<String>,
}

impl Report {
    /// Whether the spec generated whole (no errors, no warnings) and every build step passed.
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty() && self.phases.iter().all(|p| p.ok)
    }

    /// The report as printed.
    pub fn render(&self, spec_label: &str) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "spec: {spec_label}");
        let _ = writeln!(
            text,
            "in the spec: {} operations, {} schemas",
            self.spec_operations, self.spec_schemas
        );
        if self.errors.is_empty() {
            let _ = writeln!(
                text,
                "generated: {} operations ({} skipped), {} model types (schemas and the inline \
                 types they name), {} parameter types, {} files",
                self.operations,
                self.skipped_operations,
                self.model_types,
                self.param_types,
                self.files
            );
        } else {
            let _ = writeln!(text, "generated: nothing (the spec has errors)");
        }
        let _ = writeln!(text, "errors: {}", self.errors.len());
        for error in &self.errors {
            let _ = writeln!(text, "  {error}");
        }
        let _ = writeln!(text, "warnings: {}", self.warnings.len());
        for warning in &self.warnings {
            let _ = writeln!(text, "  {warning}");
        }
        let _ = writeln!(text, "timings:");
        for phase in &self.phases {
            let status = if phase.ok { "" } else { "  FAILED" };
            let _ = writeln!(
                text,
                "  {:<10} {:>9.3} s{status}",
                phase.name,
                phase.time.as_secs_f64()
            );
        }
        if let Some(output) = &self.build_output {
            let _ = writeln!(text, "{output}");
        }
        text
    }
}

pub fn run(args: Vec<String>) -> ExitCode {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("check-spec: {message}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match check(&args) {
        Ok(report) => {
            print!("{}", report.render(&args.spec.display().to_string()));
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("check-spec: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the generator phase by phase on `args.spec`, writes the crate to `args.out` when it
/// generated, and builds it when asked. `Err` only for I/O problems; problems of the spec are
/// in the report.
pub fn check(args: &CheckArgs) -> Result<Report, String> {
    let spec_label = args.spec.display().to_string();
    let mut report = Report::default();
    let started = Instant::now();
    let text = std::fs::read_to_string(&args.spec)
        .map_err(|e| format!("{spec_label}: cannot read the spec: {e}"))?;
    let mut codegen_args =
        xcodegen::Args::for_spec(args.spec.clone(), args.out.clone(), args.crate_name.clone());
    codegen_args.config = args.config.clone();
    let config = xcodegen::load_config(&codegen_args, &args.spec)?;
    let options = Options {
        crate_name: args.crate_name.clone(),
        spec_label: spec_label.clone(),
        command: format!("cargo xtask check-spec {spec_label}"),
        crate_version: "0.1.0".to_owned(),
        standalone: true,
        config,
        today: Some(xcodegen::today()),
    };
    let document = parse::parse(&text);
    let mut step = timed(&mut report, "parse", started);
    let document = match document {
        Ok(document) => document,
        Err(diagnostics) => {
            report.errors = diagnostics.iter().map(ToString::to_string).collect();
            return Ok(report);
        }
    };
    report.spec_operations = document
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .map(|item| item.iter().count())
        .sum();
    report.spec_schemas = document.components.as_ref().map_or(0, |c| c.schemas.len());

    let api = resolve::resolve(&document, &options.config);
    step = timed(&mut report, "resolve", step);
    let mut api = match api {
        Ok(api) => api,
        Err(diagnostics) => {
            report.errors = diagnostics.iter().map(ToString::to_string).collect();
            return Ok(report);
        }
    };
    codegen::sunset::review(&mut api, options.today.as_deref());
    report.operations = api.operations.len();
    report.skipped_operations = api.skipped_operations.len();
    report.warnings = api
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.pointer, w.reason))
        .collect();
    report.model_types = api.types.len();
    report.param_types = api.params.len();

    let files = codegen::emit::emit(&api, &options);
    step = timed(&mut report, "emit", step);
    let files = match files {
        Ok(files) => files,
        Err(diagnostics) => {
            report.errors = diagnostics.iter().map(ToString::to_string).collect();
            return Ok(report);
        }
    };
    report.files = files.len();

    xcodegen::write_crate(&args.out, &files)?;
    timed(&mut report, "write", step);
    report.phases.push(Phase {
        name: "generation",
        time: started.elapsed(),
        ok: true,
    });

    if args.build || args.doc {
        let mut steps: Vec<BuildStep> = Vec::new();
        if args.build {
            steps.push(("check", vec!["check"], None));
            steps.push(("clippy", vec!["clippy", "--", "-D", "warnings"], None));
        }
        if args.doc {
            steps.push((
                "doc",
                vec!["doc", "--no-deps"],
                Some(("RUSTDOCFLAGS", "-D warnings")),
            ));
        }
        for (name, cargo_args, env) in steps {
            let since = Instant::now();
            let mut command = Command::new(cargo_binary());
            command.args(&cargo_args).current_dir(&args.out);
            if let Some((key, value)) = env {
                command.env(key, value);
            }
            let output = command
                .output()
                .map_err(|e| format!("cannot run cargo {name}: {e}"))?;
            let ok = output.status.success();
            report.phases.push(Phase {
                name,
                time: since.elapsed(),
                ok,
            });
            if !ok {
                report.build_output = Some(excerpt(&String::from_utf8_lossy(&output.stderr)));
                break;
            }
        }
    }
    Ok(report)
}

/// A cargo command run on the generated crate: its name in the report, its arguments, and an
/// environment variable it needs.
type BuildStep = (
    &'static str,
    Vec<&'static str>,
    Option<(&'static str, &'static str)>,
);

/// Records a phase that started at `since`; returns when the next one starts.
fn timed(report: &mut Report, name: &'static str, since: Instant) -> Instant {
    report.phases.push(Phase {
        name,
        time: since.elapsed(),
        ok: true,
    });
    Instant::now()
}

/// The cargo that runs us, so the generated crate builds with the same toolchain.
fn cargo_binary() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// The compiler's messages without the progress lines, at most 200 lines.
fn excerpt(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !(l.starts_with("Compiling")
                || l.starts_with("Checking")
                || l.starts_with("Documenting")
                || l.starts_with("Blocking")
                || l.starts_with("Locking")
                || l.starts_with("Adding")
                || l.starts_with("Updating")
                || l.starts_with("Downloaded")
                || l.starts_with("Downloading"))
        })
        .collect();
    let shown = lines.len().min(200);
    let mut text = lines[..shown].join("\n");
    if lines.len() > shown {
        let _ = write!(text, "\n... {} more lines", lines.len() - shown);
    }
    text
}
