//! `cargo xtask update-spec --from SNAPSHOT`: replaces the spec fragment with the operations
//! the settings name, taken with everything they reference from a whole upstream document,
//! then regenerates the crate and reports what changed for its users.
//!
//! Operations are found by the names the crate shipped them under: through the lock file, an
//! operation upstream renamed is found by its method and path (see `codegen::lock`).
//! `--into DIR` leaves the project alone: the fragment, copies of the settings and the lock,
//! and the crate go to `DIR/spec` and `DIR/generated`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::codegen::{self, Args, LockUse, Target};

pub const USAGE: &str =
    "update-spec --from SNAPSHOT [--into DIR] [--report FILE] [--bump] [--prune-lock]";

struct UpdateArgs {
    from: PathBuf,
    into: Option<PathBuf>,
    report: Option<PathBuf>,
    bump: bool,
    prune_lock: bool,
}

fn parse_args(args: Vec<String>) -> Result<UpdateArgs, String> {
    let mut from = None;
    let mut parsed = UpdateArgs {
        from: PathBuf::new(),
        into: None,
        report: None,
        bump: false,
        prune_lock: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--from" => from = Some(PathBuf::from(value("--from")?)),
            "--into" => parsed.into = Some(PathBuf::from(value("--into")?)),
            "--report" => parsed.report = Some(PathBuf::from(value("--report")?)),
            "--bump" => parsed.bump = true,
            "--prune-lock" => parsed.prune_lock = true,
            other => {
                return Err(format!(
                    "unknown argument `{other}`; usage: cargo xtask {USAGE}"
                ));
            }
        }
    }
    parsed.from = from.ok_or(format!("--from is required; usage: cargo xtask {USAGE}"))?;
    Ok(parsed)
}

pub fn run(args: Vec<String>) -> ExitCode {
    codegen::exit(update_with(args))
}

/// Runs the command on its arguments; `Err` with the message when it fails.
pub fn update_with(args: Vec<String>) -> Result<ExitCode, String> {
    parse_args(args).and_then(|args| update(&args))
}

/// Where the project keeps the fragment, its settings and its lock.
fn project_spec() -> PathBuf {
    codegen::workspace_root().join("spec/atlas-admin.yaml")
}

fn update(args: &UpdateArgs) -> Result<ExitCode, String> {
    let project = project_spec();
    let (spec, out) = match &args.into {
        Some(dir) => {
            let spec = dir.join("spec/atlas-admin.yaml");
            copy_beside(&project, &spec)?;
            (spec, dir.join("generated"))
        }
        None => (project, codegen::workspace_root().join("generated")),
    };
    let fragment = select(&args.from, &spec)?;
    if fs::read_to_string(&spec).ok().as_deref() != Some(fragment.text.as_str()) {
        fs::write(&spec, &fragment.text).map_err(|e| format!("{}: {e}", spec.display()))?;
    }
    println!(
        "selected {} operation(s) from {} into {}:",
        fragment.operations.len(),
        args.from.display(),
        spec.display()
    );
    for (name, upstream) in &fragment.operations {
        if name == upstream {
            println!("  {name}");
        } else {
            println!("  {name} (upstream: {upstream})");
        }
    }
    let mut codegen_args = Args::for_spec(spec.clone(), out.clone(), "atlas-admin".to_owned());
    codegen_args.report = args.report.clone();
    codegen_args.bump = args.bump;
    codegen_args.prune_lock = args.prune_lock;
    let target = Target {
        lock: Some(codegen::lock_beside(&spec)),
        spec,
        out,
        crate_name: "atlas-admin".to_owned(),
        lock_use: LockUse::Release,
        overlay: None,
        library_only: false,
    };
    codegen::run_targets(&codegen_args, &[target])
}

/// The fragment `snapshot` gives for the spec at `spec`, by its settings and lock.
pub fn select(snapshot: &Path, spec: &Path) -> Result<::codegen::extract::Fragment, String> {
    let label = snapshot.file_name().map_or_else(
        || snapshot.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let upstream = fs::read_to_string(snapshot)
        .map_err(|e| format!("{}: cannot read: {e}", snapshot.display()))?;
    let args = Args::for_spec(spec.to_path_buf(), PathBuf::new(), String::new());
    let config = codegen::load_config(&args, spec)?;
    let lock = codegen::read_lock(&codegen::lock_beside(spec))?;
    let header = format!(
        "# Selected by `cargo xtask update-spec` from {label}: the operations the settings beside\n\
         # this file name, and every component they reference. Regenerate; do not edit.\n"
    );
    ::codegen::extract::extract(&upstream, &config, lock.as_ref().map(|l| &l.api), &header)
        .map_err(|d| d.render(&label))
}

/// Copies the settings and the lock of the project's spec beside `spec`, in a scratch folder.
fn copy_beside(project: &Path, spec: &Path) -> Result<(), String> {
    let dir = spec.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for name in ["codegen.toml", "atlas-admin.lock"] {
        let from = project.with_file_name(name);
        if from.exists() {
            fs::copy(&from, dir.join(name)).map_err(|e| format!("{}: {e}", from.display()))?;
        }
    }
    Ok(())
}
