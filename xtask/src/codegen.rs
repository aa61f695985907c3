//! `cargo xtask codegen`: reads the spec, runs the generator, and writes (or, with `--check`,
//! compares) the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use codegen::{Config, Options};

/// How the command is spelled in headers and messages.
pub const COMMAND: &str = "cargo xtask codegen";

pub struct Args {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    pub config: Option<PathBuf>,
    pub check: bool,
    /// Print how long each step took, to standard error.
    pub timings: bool,
    /// No `--spec`/`--out`: the project's own targets (the fragment and the construct specs).
    pub project: bool,
}

/// One spec and where its crate goes.
pub struct Target {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
}

/// The crates the project keeps generated in-tree: `spec/` -> `generated/`, and each small
/// construct spec `tests/constructs/specs/NAME.yaml` -> `tests/constructs/crates/NAME`, whose
/// compiled output proves the generator handles that construct.
pub fn project_targets() -> Vec<Target> {
    let root = workspace_root();
    let mut targets = vec![Target {
        spec: root.join("spec/atlas-admin.yaml"),
        out: root.join("generated"),
        crate_name: "atlas-admin".to_owned(),
    }];
    let specs = root.join("tests/constructs/specs");
    let mut names: Vec<PathBuf> = fs::read_dir(&specs)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    for spec in names {
        if spec.extension().is_some_and(|e| e == "yaml") {
            let stem = spec
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            targets.push(Target {
                out: root.join("tests/constructs/crates").join(&stem),
                crate_name: format!("construct-{stem}"),
                spec,
            });
        }
    }
    targets
}

pub fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let root = workspace_root();
    let mut parsed = Args {
        spec: root.join("spec/atlas-admin.yaml"),
        out: root.join("generated"),
        crate_name: "atlas-admin".to_owned(),
        config: None,
        check: false,
        timings: false,
        project: true,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => {
                parsed.spec = PathBuf::from(value("--spec")?);
                parsed.project = false;
            }
            "--out" => {
                parsed.out = PathBuf::from(value("--out")?);
                parsed.project = false;
            }
            "--crate-name" => parsed.crate_name = value("--crate-name")?,
            "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
            "--check" => parsed.check = true,
            "--timings" => parsed.timings = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// The workspace root: xtask's manifest directory is `<root>/xtask`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Paths in headers and messages are relative to the workspace when inside it, so the output
/// does not depend on where the checkout is.
fn label(path: &Path) -> String {
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = fs::canonicalize(workspace_root()).unwrap_or_else(|_| workspace_root());
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// The configuration: `--config`, else `codegen.toml` beside the spec, else defaults.
pub fn load_config(args: &Args, spec: &Path) -> Result<Config, String> {
    let path = match &args.config {
        Some(path) => path.clone(),
        None => {
            // `NAME.codegen.toml` for one spec, else `codegen.toml` for the folder's spec.
            let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
            let own = spec.with_file_name(format!("{stem}.codegen.toml"));
            let shared = spec.with_file_name("codegen.toml");
            match (own.exists(), shared.exists()) {
                (true, _) => own,
                (false, true) => shared,
                (false, false) => return Ok(Config::default()),
            }
        }
    };
    let text =
        fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Config::from_toml(&text).map_err(|e| format!("{}: {}", path.display(), e.trim()))
}

/// Generates the crate for `spec`, already in `cargo fmt`'s layout: file path -> text.
/// Shared with the freshness test.
pub fn generate(
    args_spec: &Path,
    out: &Path,
    crate_name: &str,
    config: Config,
) -> Result<BTreeMap<String, String>, String> {
    generate_timed(args_spec, out, crate_name, config, &mut Timings::default())
}

/// How long each step of `cargo xtask codegen` took, printed by `--timings`.
#[derive(Debug, Default)]
pub struct Timings {
    pub read: Duration,
    pub stages: codegen::Timings,
    pub write: Duration,
}

impl Timings {
    fn print(&self, what: &str) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "timings {what}: read {:.2} ms, parse {:.2} ms, resolve {:.2} ms, emit+format {:.2} ms, write {:.2} ms",
            ms(self.read),
            ms(self.stages.parse),
            ms(self.stages.resolve),
            ms(self.stages.emit),
            ms(self.write),
        );
    }
}

/// [`generate`], recording how long each step took.
pub fn generate_timed(
    args_spec: &Path,
    out: &Path,
    crate_name: &str,
    config: Config,
    timings: &mut Timings,
) -> Result<BTreeMap<String, String>, String> {
    let spec_label = label(args_spec);
    let start = Instant::now();
    let text = fs::read_to_string(args_spec)
        .map_err(|e| format!("{spec_label}: cannot read the spec: {e}"))?;
    timings.read = start.elapsed();
    let standalone = !inside_workspace(out);
    let options = Options {
        crate_name: crate_name.to_owned(),
        spec_label: spec_label.clone(),
        command: COMMAND.to_owned(),
        crate_version: "0.1.0".to_owned(),
        standalone,
        config,
    };
    let generated = codegen::generate_timed(&text, &options, &mut timings.stages)
        .map_err(|d| d.render(&spec_label))?;
    Ok(generated.files)
}

/// Crates written inside the workspace are its members; anywhere else they stand alone.
fn inside_workspace(out: &Path) -> bool {
    let root = fs::canonicalize(workspace_root()).unwrap_or_else(|_| workspace_root());
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    // The output folder may not exist yet: decide by its nearest existing ancestor.
    out.ancestors()
        .skip(1)
        .find_map(|a| fs::canonicalize(a).ok())
        .is_some_and(|a| a.starts_with(&root))
}

pub fn run(args: Vec<String>) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

pub fn run_inner(args: Vec<String>) -> Result<ExitCode, String> {
    let args = parse_args(args)?;
    let targets = if args.project {
        project_targets()
    } else {
        vec![Target {
            spec: args.spec.clone(),
            out: args.out.clone(),
            crate_name: args.crate_name.clone(),
        }]
    };
    let mut stale = Vec::new();
    // Everything is generated before anything is written, so one bad spec leaves every
    // output as it was.
    let mut outputs = Vec::new();
    for target in &targets {
        let config = load_config(&args, &target.spec)?;
        let mut timings = Timings::default();
        let result = generate_timed(
            &target.spec,
            &target.out,
            &target.crate_name,
            config,
            &mut timings,
        );
        if args.timings && result.is_err() {
            timings.print(&label(&target.spec));
        }
        outputs.push((target, result?, timings));
    }
    for (target, files, timings) in &mut outputs {
        if args.check {
            stale.extend(stale_files(&target.out, files));
        } else {
            let start = Instant::now();
            let wrote = write_crate(&target.out, files)?;
            timings.write = start.elapsed();
            if wrote {
                println!("wrote {} files to {}", files.len(), label(&target.out));
            } else {
                println!("{} files unchanged in {}", files.len(), label(&target.out));
            }
        }
        if args.timings {
            timings.print(&label(&target.spec));
        }
    }
    if !args.check {
        return Ok(ExitCode::SUCCESS);
    }
    if stale.is_empty() {
        println!("generated code is up to date");
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &stale {
        eprintln!("{problem}");
    }
    eprintln!("generated code is stale: run `{COMMAND}` and commit the result");
    Ok(ExitCode::FAILURE)
}

/// Every file that differs from what the generator makes: stale, missing or extra.
pub fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> Vec<String> {
    let on_disk = list_files(out);
    let mut problems = Vec::new();
    for (path, expected) in files {
        match fs::read_to_string(out.join(path)) {
            // Line endings are normalised so a checkout with `autocrlf` is not "stale".
            Ok(actual) if actual.replace("\r\n", "\n") == *expected => {}
            Ok(_) => problems.push(format!("stale: {}", label(&out.join(path)))),
            Err(_) => problems.push(format!("missing: {}", label(&out.join(path)))),
        }
    }
    for path in on_disk {
        if !files.contains_key(&path) {
            problems.push(format!("extra: {}", label(&out.join(&path))));
        }
    }
    problems
}

/// Relative paths of the files under `dir`, sorted. `target/` is a build output, not ours.
fn list_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "target" || relative == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(relative);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Replaces `out` as a whole: the crate is written to a sibling folder first and swapped in
/// only when complete, so a failure never leaves a half-written crate, and a file the
/// generator no longer makes disappears.
///
/// When `out` already holds exactly these files, nothing is written. Otherwise the files that
/// did not change are hard-linked into the new folder rather than written again: creating and
/// deleting thousands of files is most of the cost of writing a large crate.
///
/// Returns whether anything was written.
pub fn write_crate(out: &Path, files: &BTreeMap<String, String>) -> Result<bool, String> {
    let unchanged = unchanged_files(out, files);
    if unchanged.len() == files.len() && no_other_files(out, files) {
        return Ok(false);
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".into());
    let staging = parent.join(format!(".{name}.staging"));
    let previous = parent.join(format!(".{name}.previous"));
    let _ = fs::remove_dir_all(&staging);
    let _ = fs::remove_dir_all(&previous);
    for (path, text) in files {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        // A link can fail (a file system without them): the text is then written.
        if unchanged.contains(path.as_str()) && fs::hard_link(out.join(path), &target).is_ok() {
            continue;
        }
        fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    // Keep a build directory a user made inside the output (cargo build in a standalone crate).
    if out.join("target").is_dir() {
        fs::rename(out.join("target"), staging.join("target"))
            .map_err(|e| format!("moving target/: {e}"))?;
    }
    if out.exists() {
        fs::rename(out, &previous).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    fs::rename(&staging, out).map_err(|e| format!("{}: {e}", out.display()))?;
    let _ = fs::remove_dir_all(&previous);
    Ok(true)
}

/// The files of `files` that `out` already holds byte for byte (regular files, not links).
fn unchanged_files<'a>(out: &Path, files: &'a BTreeMap<String, String>) -> BTreeSet<&'a str> {
    files
        .iter()
        .filter(|(path, text)| {
            let on_disk = out.join(path);
            fs::symlink_metadata(&on_disk)
                .is_ok_and(|m| m.is_file() && m.len() == text.len() as u64)
                && fs::read(&on_disk).is_ok_and(|bytes| bytes == text.as_bytes())
        })
        .map(|(path, _)| path.as_str())
        .collect()
}

/// Whether `out` holds nothing besides `files` (and a `target/` build folder, which is kept):
/// no file to remove, no folder left empty.
fn no_other_files(out: &Path, files: &BTreeMap<String, String>) -> bool {
    fn walk(root: &Path, dir: &Path, files: &BTreeMap<String, String>) -> bool {
        let Ok(entries) = fs::read_dir(dir) else {
            return false;
        };
        let mut any = false;
        for entry in entries {
            let Ok(entry) = entry else { return false };
            any = true;
            let path = entry.path();
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let Ok(kind) = entry.file_type() else {
                return false;
            };
            let fine = if kind.is_dir() {
                relative == "target" || walk(root, &path, files)
            } else {
                files.contains_key(&relative)
            };
            if !fine {
                return false;
            }
        }
        any
    }
    walk(out, out, files)
}
