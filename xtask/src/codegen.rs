//! `cargo xtask codegen`: reads the spec, runs the generator, and writes (or, with `--check`,
//! compares) the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
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

/// Generates the crate for `spec`, formatted as `cargo fmt` would: file path -> text.
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
    pub rustfmt: Duration,
    pub write: Duration,
}

impl Timings {
    fn print(&self, what: &str) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "timings {what}: read {:.2} ms, parse {:.2} ms, resolve {:.2} ms, emit+prettyplease {:.2} ms, rustfmt {:.2} ms, write {:.2} ms",
            ms(self.read),
            ms(self.stages.parse),
            ms(self.stages.resolve),
            ms(self.stages.emit),
            ms(self.rustfmt),
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
    let start = Instant::now();
    let files = rustfmt_all(generated.files, &generated.verbatim);
    timings.rustfmt = start.elapsed();
    files
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

/// Above this many files to format, they are split over several `rustfmt` runs (see
/// [`rustfmt_all`]); below it, one run costs less than starting more.
const SPLIT_ABOVE: usize = 200;

/// The generator pretty-prints with `prettyplease`; `rustfmt` then gives the exact layout that
/// `cargo fmt --check` expects of the committed crate.
///
/// One `rustfmt` run formats the module tree from `lib.rs` (and the examples) in a scratch
/// folder. The support files shipped verbatim are already in that layout (`cargo fmt --check`
/// over the workspace keeps them so), so they are written there empty: the tree is complete
/// but they cost nothing. Walking a large tree costs time quadratic in its number of files
/// (seconds for a crate of the whole Atlas API), so above [`SPLIT_ABOVE`] files only those
/// that declare modules stay in the tree; the others, which have no modules of their own, are
/// formatted by name in a second folder, by one run per core, alongside the tree's run.
pub fn rustfmt_all(
    files: BTreeMap<String, String>,
    verbatim: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, String> {
    let rust: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with(".rs") && !verbatim.contains(*p))
        .collect();
    if rust.is_empty() {
        return Ok(files);
    }
    let split = rust.len() > SPLIT_ABOVE;
    let (tree_files, leaves): (Vec<&String>, Vec<&String>) = rust
        .iter()
        .partition(|p| !split || declares_modules(&files[**p]));
    let scratch = scratch_dir()?;
    let tree = scratch.join("tree");
    let loose = scratch.join("loose");
    let result = (|| {
        // Every Rust file exists in the tree, so `rustfmt` finds every module; only the
        // tree's own files have their text.
        let in_tree: BTreeSet<&String> = tree_files.iter().copied().collect();
        let tree_texts: BTreeMap<String, String> = files
            .iter()
            .filter(|(p, _)| p.ends_with(".rs"))
            .map(|(p, text)| {
                let text = if in_tree.contains(p) {
                    text.clone()
                } else {
                    String::new()
                };
                (p.clone(), text)
            })
            .collect();
        write_files(&tree, &tree_texts)?;
        let roots: Vec<PathBuf> = files
            .keys()
            .filter(|p| p.as_str() == "src/lib.rs" || p.starts_with("examples/"))
            .map(|p| tree.join(p))
            .collect();
        let mut children = vec![rustfmt_command().args(&roots).spawn().map_err(cannot_run)?];
        if !leaves.is_empty() {
            let loose_texts: BTreeMap<String, String> = leaves
                .iter()
                .map(|p| ((*p).clone(), files[*p].clone()))
                .collect();
            write_files(&loose, &loose_texts)?;
            let runs = std::thread::available_parallelism().map_or(1, |n| n.get());
            for paths in leaves.chunks(leaves.len().div_ceil(runs)) {
                let paths = paths.iter().map(|p| loose.join(p));
                children.push(rustfmt_command().args(paths).spawn().map_err(cannot_run)?);
            }
        }
        let mut failed = false;
        for mut child in children {
            failed |= !child.wait().map_err(cannot_run)?.success();
        }
        if failed {
            return Err("rustfmt failed on the generated code (a generator bug)".to_owned());
        }
        let mut formatted = files.clone();
        for (dir, paths) in [(&tree, &tree_files), (&loose, &leaves)] {
            for path in paths.iter() {
                let text =
                    fs::read_to_string(dir.join(path)).map_err(|e| format!("{path}: {e}"))?;
                formatted.insert((*path).clone(), text);
            }
        }
        Ok(formatted)
    })();
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// Whether a Rust file has an out-of-line module item (`mod name;`), whose file `rustfmt`
/// would go looking for.
fn declares_modules(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim();
        line.ends_with(';')
            && line
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ")
                .starts_with("mod ")
    })
}

fn rustfmt_command() -> Command {
    let mut command = Command::new(rustfmt_binary());
    command.arg("--edition").arg("2024");
    command
}

fn cannot_run(e: std::io::Error) -> String {
    format!("cannot run rustfmt ({e}); install it with `rustup component add rustfmt`")
}

fn rustfmt_binary() -> PathBuf {
    // Under `cargo`, use the toolchain's rustfmt next to the cargo that runs us.
    match std::env::var_os("CARGO") {
        Some(cargo) => {
            let candidate = Path::new(&cargo).with_file_name("rustfmt");
            if candidate.exists() {
                candidate
            } else {
                PathBuf::from("rustfmt")
            }
        }
        None => PathBuf::from("rustfmt"),
    }
}

fn scratch_dir() -> Result<PathBuf, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "atlas-codegen-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

fn write_files(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
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
            write_crate(&target.out, files)?;
            timings.write = start.elapsed();
            println!("wrote {} files to {}", files.len(), label(&target.out));
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
pub fn write_crate(out: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
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
    write_files(&staging, files)?;
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
    Ok(())
}
