//! `cargo xtask codegen`: reads the spec, runs the generator, and writes (or, with `--check`,
//! compares) the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use codegen::{Config, Diagnostic, Options};

/// How the command is spelled in headers and messages.
pub const COMMAND: &str = "cargo xtask codegen";

pub struct Args {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    pub config: Option<PathBuf>,
    pub check: bool,
    /// Warnings are errors: nothing is written when the generator had to leave anything out.
    pub strict: bool,
    /// Print how long each step took, to standard error.
    pub timings: bool,
    /// No `--spec`/`--out`: the project's own targets (the fragment and the construct specs).
    pub project: bool,
    /// A spec-update case's overlay, applied to the spec before generating (see
    /// [`crate::spec_update`]).
    pub overlay: Option<PathBuf>,
}

/// One spec and where its crate goes.
pub struct Target {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    /// Changes applied to the spec first (a spec-update case).
    pub overlay: Option<PathBuf>,
    /// Only the library: the configuration's example programs and command-line tool are left
    /// out (a spec-update case's crate, which only user code of the library compiles against).
    pub library_only: bool,
}

impl Target {
    /// The configuration: [`load_config`], less what `library_only` leaves out.
    pub fn config(&self, args: &Args) -> Result<Config, String> {
        let mut config = load_config(args, &self.spec)?;
        if self.library_only {
            config.examples.clear();
            config.cli = None;
        }
        Ok(config)
    }

    /// How the spec is named in headers and messages (with the overlay, when there is one).
    pub fn spec_label(&self) -> String {
        let spec_label = label(&self.spec);
        match &self.overlay {
            Some(overlay) => format!("{spec_label} with {}", label(overlay)),
            None => spec_label,
        }
    }

    /// The crate's files, formatted, and the generator's report (see [`generate`]).
    pub fn generate(&self, config: Config, timings: &mut Timings) -> Result<Output, String> {
        let start = Instant::now();
        let text = spec_text(&self.spec, self.overlay.as_deref())?;
        timings.read = start.elapsed();
        let spec_label = self.spec_label();
        generate_text(
            &text,
            &spec_label,
            &self.out,
            &self.crate_name,
            config,
            timings,
        )
    }
}

/// The spec's text, with `overlay`'s changes applied when there is one.
pub fn spec_text(spec: &Path, overlay: Option<&Path>) -> Result<String, String> {
    let text = fs::read_to_string(spec)
        .map_err(|e| format!("{}: cannot read the spec: {e}", label(spec)))?;
    match overlay {
        Some(overlay) => crate::spec_update::apply_file(&text, overlay),
        None => Ok(text),
    }
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
        overlay: None,
        library_only: false,
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
                overlay: None,
                library_only: false,
            });
        }
    }
    // Spec-update cases whose crate user code must keep compiling against (see
    // `tests/spec-updates/README.md`). A case folder that does not read is reported by the
    // tests of the cases, not here.
    for case in crate::spec_update::cases()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.compat)
    {
        let dir = case
            .overlay
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        targets.push(Target {
            spec: root.join("spec/atlas-admin.yaml"),
            out: dir.join("crate"),
            crate_name: format!("atlas-admin-{}", case.name),
            overlay: Some(case.overlay),
            library_only: true,
        });
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
        strict: false,
        timings: false,
        project: true,
        overlay: None,
    };
    let mut out_given = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => {
                parsed.spec = PathBuf::from(value("--spec")?);
                parsed.project = false;
            }
            "--out" => {
                out_given = true;
                parsed.out = PathBuf::from(value("--out")?);
                parsed.project = false;
            }
            "--crate-name" => parsed.crate_name = value("--crate-name")?,
            "--overlay" => {
                parsed.overlay = Some(PathBuf::from(value("--overlay")?));
                parsed.project = false;
            }
            "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
            "--check" => parsed.check = true,
            "--strict" => parsed.strict = true,
            "--timings" => parsed.timings = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.overlay.is_some() && !out_given {
        // The default output is the committed crate, which an overlaid spec must not replace.
        return Err("--overlay needs --out: the crate of a spec update goes elsewhere".to_owned());
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
        .map(|output| output.files)
}

/// A generated crate and what the generator reported about its spec.
#[derive(Debug, Clone)]
pub struct Output {
    /// File path -> formatted text.
    pub files: BTreeMap<String, String>,
    /// What was left out or degraded, each with its pointer.
    pub warnings: Vec<Diagnostic>,
    pub operations: usize,
    pub skipped_operations: usize,
}

impl Output {
    /// The warnings, one line each prefixed with the spec's label, and a summary line.
    pub fn report(&self, spec_label: &str) -> String {
        let mut text = codegen::diagnostics::render(&self.warnings, spec_label);
        text.push_str(&format!(
            "{spec_label}: {} operations generated, {} skipped, {} warnings\n",
            self.operations,
            self.skipped_operations,
            self.warnings.len()
        ));
        text
    }
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

/// [`generate`], recording how long each step took, with the generator's report.
pub fn generate_timed(
    args_spec: &Path,
    out: &Path,
    crate_name: &str,
    config: Config,
    timings: &mut Timings,
) -> Result<Output, String> {
    let start = Instant::now();
    let text = spec_text(args_spec, None)?;
    timings.read = start.elapsed();
    generate_text(&text, &label(args_spec), out, crate_name, config, timings)
}

/// [`generate_timed`] on spec text already read; `spec_label` names it in headers and messages.
fn generate_text(
    text: &str,
    spec_label: &str,
    out: &Path,
    crate_name: &str,
    config: Config,
    timings: &mut Timings,
) -> Result<Output, String> {
    let standalone = !inside_workspace(out);
    let options = Options {
        crate_name: crate_name.to_owned(),
        spec_label: spec_label.to_owned(),
        command: COMMAND.to_owned(),
        crate_version: "0.1.0".to_owned(),
        standalone,
        config,
        today: Some(today()),
    };
    let generated = codegen::generate_timed(text, &options, &mut timings.stages)
        .map_err(|d| d.render(spec_label))?;
    Ok(Output {
        files: generated.files,
        warnings: generated.warnings,
        operations: generated.operations,
        skipped_operations: generated.skipped_operations,
    })
}

/// Today's date in UTC, `YYYY-MM-DD`, for the generator's sunset check (the generator itself
/// never reads the clock).
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days(i64::try_from(seconds / 86_400).unwrap_or(0));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (the well-known era-based
/// conversion: 400-year eras of 146 097 days, years starting in March so leap days come last).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
            overlay: args.overlay.clone(),
            library_only: false,
        }]
    };
    let mut stale = Vec::new();
    // Everything is generated before anything is written, so one bad spec leaves every
    // output as it was.
    let mut outputs = Vec::new();
    for target in &targets {
        let config = target.config(&args)?;
        let mut timings = Timings::default();
        let result = target.generate(config, &mut timings);
        if args.timings && result.is_err() {
            timings.print(&label(&target.spec));
        }
        let output = result?;
        let spec_label = target.spec_label();
        if args.strict && !output.warnings.is_empty() {
            return Err(format!(
                "{}{spec_label}: --strict: {} warnings; nothing was written",
                codegen::diagnostics::render(&output.warnings, &spec_label),
                output.warnings.len()
            ));
        }
        // Warnings go to standard error, where a run's problems are; the summary with them.
        eprint!("{}", output.report(&spec_label));
        outputs.push((target, output.files, timings));
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
    check_replaceable(out)?;
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

/// `out` may be replaced by a generated crate: it does not exist, is an empty folder, or
/// holds a crate this command generated (a `Cargo.toml` starting with the `@generated`
/// header). Anything else (a typo'd `--out` pointing at a project) is refused, not wiped.
pub fn check_replaceable(out: &Path) -> Result<(), String> {
    let metadata = match fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(_) => return Ok(()),
    };
    let refuse = |why: &str| {
        Err(format!(
            "{}: {why}; refusing to replace it with the generated crate (choose an empty or \
             new folder, or one this command wrote)",
            out.display()
        ))
    };
    if !metadata.is_dir() {
        return refuse("not a folder");
    }
    let empty = fs::read_dir(out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    if manifest.starts_with("# @generated") {
        Ok(())
    } else {
        refuse("the folder is not empty and holds no generated crate (no `@generated` Cargo.toml)")
    }
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

/// A new folder only this user can enter, with a random name (so no other local user can
/// create it first or link it elsewhere); removed when dropped.
pub fn scratch_dir() -> Result<tempfile::TempDir, String> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("atlas-codegen-");
    // tempfile leaves the mode to the umask; other users need not even list it.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    builder
        .tempdir()
        .map_err(|e| format!("cannot create a scratch folder: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_out_folder_that_is_not_a_generated_crate_is_refused_and_kept() {
        let root = scratch_dir().unwrap();
        let project = root.path().join("project");
        fs::create_dir_all(project.join("src")).unwrap();
        fs::write(project.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        fs::write(project.join("src/main.rs"), "fn main() {}\n").unwrap();
        let files = BTreeMap::from([("Cargo.toml".to_owned(), "# @generated\n".to_owned())]);
        let error = write_crate(&project, &files).unwrap_err();
        assert!(error.contains("holds no generated crate"), "{error}");
        assert_eq!(
            fs::read_to_string(project.join("src/main.rs")).unwrap(),
            "fn main() {}\n"
        );
        // A plain file is no folder to replace either.
        let file = root.path().join("file.txt");
        fs::write(&file, "x").unwrap();
        assert!(write_crate(&file, &files).is_err());
        // New, empty and generated folders are fine.
        let fresh = root.path().join("fresh");
        assert!(write_crate(&fresh, &files).unwrap());
        assert!(check_replaceable(&fresh).is_ok());
        let empty = root.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(check_replaceable(&empty).is_ok());
    }

    #[test]
    fn scratch_folders_are_private_and_unpredictable() {
        let a = scratch_dir().unwrap();
        let b = scratch_dir().unwrap();
        assert_ne!(a.path(), b.path());
        let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
        // Not the old `atlas-codegen-{pid}-{n}`, which another user could create first.
        assert_ne!(name, format!("atlas-codegen-{}-0", std::process::id()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(a.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        let path = a.path().to_path_buf();
        drop(a);
        assert!(!path.exists());
    }

    #[test]
    fn an_overlay_needs_an_output_folder_of_its_own() {
        let args = |a: &[&str]| parse_args(a.iter().map(|s| (*s).to_owned()).collect());
        let error = args(&["--overlay", "case.yaml"]).err().unwrap();
        assert!(error.contains("--overlay needs --out"), "{error}");
        assert!(args(&["--overlay", "case.yaml", "--out", "/tmp/case"]).is_ok());
    }

    #[test]
    fn day_counts_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_634), (2026, 6, 30));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
