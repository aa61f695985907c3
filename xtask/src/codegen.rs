//! `cargo xtask codegen`: reads the spec, runs the generator, and writes (or, with `--check`,
//! compares) the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use codegen::lock::{self as locks, Lock};
use codegen::version::Version;
use codegen::{Config, Diagnostic, Options, Surface};

use crate::stamp;

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
    /// Where to write the change report (Markdown).
    pub report: Option<PathBuf>,
    /// Set the configured version to the one the change report proposes.
    pub bump: bool,
    /// Drop the lock's retired names.
    pub prune_lock: bool,
    /// The lock file of `--spec` (default: `NAME.lock` beside it, when it exists).
    pub lock: Option<PathBuf>,
    /// A spec-update case's overlay, applied to the spec before generating (see
    /// [`crate::spec_update`]).
    pub overlay: Option<PathBuf>,
}

impl Args {
    /// The arguments of a run on one spec, every option at its default.
    pub fn for_spec(spec: PathBuf, out: PathBuf, crate_name: String) -> Args {
        Args {
            spec,
            out,
            crate_name,
            config: None,
            check: false,
            strict: false,
            timings: false,
            project: false,
            report: None,
            bump: false,
            prune_lock: false,
            lock: None,
            overlay: None,
        }
    }
}

/// One spec and where its crate goes.
pub struct Target {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    /// The lock file that keeps the crate's names and records its API.
    pub lock: Option<PathBuf>,
    /// What the run does with the lock.
    pub lock_use: LockUse,
    /// Changes applied to the spec first (a spec-update case).
    pub overlay: Option<PathBuf>,
    /// Only the library: the configuration's example programs and command-line tool are left
    /// out (a spec-update case's crate, which only user code of the library compiles against).
    pub library_only: bool,
}

/// What a run does with a target's lock file. Every use keeps the names the lock records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockUse {
    /// The crate is released: the run reports the changes since the locked version and writes
    /// the lock (`--check` compares it); `--bump` and `--prune-lock` apply to it.
    Release,
    /// A trial of a spec update (`--overlay`): the changes are reported, nothing but the crate
    /// is written.
    Trial,
    /// Names only (a construct, a spec-update case kept for the compile test): its changes
    /// are the point of the crate, so they are not reported.
    Names,
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

    /// The crate's files, formatted, with the names of its lock, and the generator's report
    /// (see [`generate`]).
    pub fn generate(&self, config: Config, timings: &mut Timings) -> Result<Output, String> {
        let lock = match &self.lock {
            Some(path) => read_lock(path)?,
            None => None,
        };
        self.generate_locked(config, lock.as_ref(), timings)
    }

    /// [`Target::generate`] with the lock already read.
    fn generate_locked(
        &self,
        config: Config,
        lock: Option<&Lock>,
        timings: &mut Timings,
    ) -> Result<Output, String> {
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
            lock,
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

/// The lock file of a spec: `NAME.lock` beside `NAME.yaml`.
pub fn lock_beside(spec: &Path) -> PathBuf {
    spec.with_extension("lock")
}

/// The crates the project keeps generated in-tree: `spec/` -> `generated/`, and each small
/// construct spec `tests/constructs/specs/NAME.yaml` -> `tests/constructs/crates/NAME`, whose
/// compiled output proves the generator handles that construct.
pub fn project_targets() -> Vec<Target> {
    let root = workspace_root();
    let spec = root.join("spec/atlas-admin.yaml");
    let mut targets = vec![Target {
        spec: spec.clone(),
        out: root.join("generated"),
        crate_name: "atlas-admin".to_owned(),
        lock: Some(lock_beside(&spec)),
        lock_use: LockUse::Release,
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
            // A construct keeps names only when it demonstrates doing so (it has a lock).
            let lock = Some(lock_beside(&spec)).filter(|l| l.exists());
            targets.push(Target {
                out: root.join("tests/constructs/crates").join(&stem),
                crate_name: format!("construct-{stem}"),
                spec,
                lock,
                lock_use: LockUse::Names,
                overlay: None,
                library_only: false,
            });
        }
    }
    // Spec-update cases whose crate user code must keep compiling against (see
    // `tests/spec-updates/README.md`), with the names of the crate as shipped. A case folder
    // that does not read is reported by the tests of the cases, not here.
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
            spec: spec.clone(),
            out: dir.join("crate"),
            crate_name: format!("atlas-admin-{}", case.name),
            lock: Some(lock_beside(&spec)),
            lock_use: LockUse::Names,
            overlay: Some(case.overlay),
            library_only: true,
        });
    }
    targets
}

pub fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let root = workspace_root();
    let mut parsed = Args::for_spec(
        root.join("spec/atlas-admin.yaml"),
        root.join("generated"),
        "atlas-admin".to_owned(),
    );
    parsed.project = true;
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
            "--report" => parsed.report = Some(PathBuf::from(value("--report")?)),
            "--bump" => parsed.bump = true,
            "--prune-lock" => parsed.prune_lock = true,
            "--lock" => parsed.lock = Some(PathBuf::from(value("--lock")?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.check && parsed.bump {
        return Err("--bump changes the version, which --check never does".to_owned());
    }
    if parsed.overlay.is_some() && !out_given {
        // The default output is the committed crate, which an overlaid spec must not replace.
        return Err("--overlay needs --out: the crate of a spec update goes elsewhere".to_owned());
    }
    if parsed.overlay.is_some() && (parsed.bump || parsed.prune_lock) {
        // A trial reads the lock and the settings of the spec it changes, never writes them.
        return Err(
            "--bump and --prune-lock change the spec's lock and settings, which a trial with --overlay never does"
                .to_owned(),
        );
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

/// The settings file: `--config`, else `NAME.codegen.toml` or `codegen.toml` beside the spec;
/// none when neither exists.
pub fn config_path(args: &Args, spec: &Path) -> Option<PathBuf> {
    if let Some(path) = &args.config {
        return Some(path.clone());
    }
    // `NAME.codegen.toml` for one spec, else `codegen.toml` for the folder's spec.
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let own = spec.with_file_name(format!("{stem}.codegen.toml"));
    let shared = spec.with_file_name("codegen.toml");
    [own, shared].into_iter().find(|p| p.exists())
}

/// The configuration: `--config`, else `codegen.toml` beside the spec, else defaults.
pub fn load_config(args: &Args, spec: &Path) -> Result<Config, String> {
    let Some(path) = config_path(args, spec) else {
        return Ok(Config::default());
    };
    let text =
        fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Config::from_toml(&text).map_err(|e| format!("{}: {}", path.display(), e.trim()))
}

/// Generates the crate for `spec`, already in `cargo fmt`'s layout: file path -> text. The
/// lock beside the spec (`NAME.lock`), if there is one, keeps the crate's names. Shared with
/// the freshness test.
pub fn generate(
    args_spec: &Path,
    out: &Path,
    crate_name: &str,
    config: Config,
) -> Result<BTreeMap<String, String>, String> {
    let lock = read_lock(&lock_beside(args_spec))?;
    let output = generate_timed(
        args_spec,
        out,
        crate_name,
        config,
        lock.as_ref(),
        &mut Timings::default(),
    )?;
    Ok(output.files)
}

/// A generated crate, what the generator reported about its spec, and its public API.
#[derive(Debug, Clone)]
pub struct Output {
    /// File path -> formatted text.
    pub files: BTreeMap<String, String>,
    /// What was left out or degraded, and what the lock could not carry over, each with its
    /// pointer.
    pub warnings: Vec<Diagnostic>,
    pub operations: usize,
    pub skipped_operations: usize,
    pub surface: Surface,
    /// The lock's warnings alone, for the change report.
    pub notes: Vec<Diagnostic>,
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

/// The version `config` gives the crate: its `version`, else 0.1.0.
pub fn configured_version(config: &Config) -> Result<Version, String> {
    config
        .version
        .as_deref()
        .unwrap_or(DEFAULT_VERSION)
        .parse()
        .map_err(|e| format!("the codegen settings' `version`: {e}"))
}

const DEFAULT_VERSION: &str = "0.1.0";

/// [`generate`] with a given lock, recording how long each step took, with the generator's
/// report.
pub fn generate_timed(
    args_spec: &Path,
    out: &Path,
    crate_name: &str,
    config: Config,
    lock: Option<&Lock>,
    timings: &mut Timings,
) -> Result<Output, String> {
    let start = Instant::now();
    let text = spec_text(args_spec, None)?;
    timings.read = start.elapsed();
    generate_text(
        &text,
        &label(args_spec),
        out,
        crate_name,
        config,
        lock,
        timings,
    )
}

/// [`generate_timed`] on spec text already read; `spec_label` names it in headers and messages.
/// The generator's warnings go to stderr.
fn generate_text(
    text: &str,
    spec_label: &str,
    out: &Path,
    crate_name: &str,
    config: Config,
    lock: Option<&Lock>,
    timings: &mut Timings,
) -> Result<Output, String> {
    let standalone = !inside_workspace(out);
    let options = Options {
        crate_name: crate_name.to_owned(),
        spec_label: spec_label.to_owned(),
        command: COMMAND.to_owned(),
        crate_version: configured_version(&config)?.to_string(),
        standalone,
        config,
        today: Some(today()),
    };
    let run = codegen::generate_locked(text, &options, lock, &mut timings.stages)
        .map_err(|d| d.render(spec_label))?;
    Ok(Output {
        files: run.generated.files,
        warnings: run.generated.warnings,
        operations: run.generated.operations,
        skipped_operations: run.generated.skipped_operations,
        surface: run.surface,
        notes: run.notes,
    })
}

/// Reads a lock file; `None` when there is none.
pub fn read_lock(path: &Path) -> Result<Option<Lock>, String> {
    match fs::read_to_string(path) {
        Ok(text) => Lock::parse(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", label(path))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: cannot read: {e}", label(path))),
    }
}

/// The comment at the top of a lock file.
fn lock_header(spec: &Path, crate_name: &str) -> String {
    format!(
        "# @generated by `{COMMAND}` from {}.\n\
         # The public API of {crate_name} at the version below, and every name the crate has\n\
         # shipped (kept when upstream renames things). It changes with the version\n\
         # (`{COMMAND} --bump`); retired names leave it only with `--prune-lock`.\n\
         # Do not edit: the change report compares against it.\n",
        label(spec)
    )
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

/// `cargo xtask codegen`: a run whose inputs and output are as a recorded run left them prints
/// that run's report and stops there (see [`crate::stamp`]); any other run does the work.
pub fn run(args: Vec<String>) -> ExitCode {
    exit(run_stamped(args))
}

/// A command's exit code; its error, if any, printed on stderr.
pub fn exit(result: Result<ExitCode, String>) -> ExitCode {
    match result {
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

/// One run, always doing the work: the library's entry, which keeps no stamps.
pub fn run_inner(args: Vec<String>) -> Result<ExitCode, String> {
    let args = parse_args(args)?;
    run_targets(&args, &targets_of(&args))
}

/// The targets `args` name: the project's own (no `--spec`/`--out`), else the one spec.
fn targets_of(args: &Args) -> Vec<Target> {
    if args.project {
        project_targets()
    } else {
        let lock = args.lock.clone().or_else(|| {
            let beside = lock_beside(&args.spec);
            beside.exists().then_some(beside)
        });
        let lock_use = match args.overlay {
            Some(_) => LockUse::Trial,
            None => LockUse::Release,
        };
        vec![Target {
            spec: args.spec.clone(),
            out: args.out.clone(),
            crate_name: args.crate_name.clone(),
            lock,
            lock_use,
            overlay: args.overlay.clone(),
            library_only: false,
        }]
    }
}

/// [`run_inner`] behind a stamp kept beside the `xtask` executable, when the run is one a
/// stamp may stand for. `CODEGEN_EXPLAIN` set in the environment prints, on stderr, whether
/// the stamp was used and, if not, why.
fn run_stamped(raw: Vec<String>) -> Result<ExitCode, String> {
    let args = parse_args(raw.clone())?;
    let targets = targets_of(&args);
    let store = match stamp::applies(&args) {
        true => stamp::Store::beside_executable(),
        false => None,
    };
    let Some(store) = store else {
        return run_targets(&args, &targets);
    };
    let explain = std::env::var_os("CODEGEN_EXPLAIN").is_some();
    let key = stamp_key(&store, &raw, &args, &targets);
    match store.fresh(&raw, &key, &targets) {
        Ok(code) => {
            if explain {
                eprintln!("codegen: up to date ({})", store.path(&raw).display());
            }
            return Ok(code);
        }
        Err(why) if explain => eprintln!("codegen: running: {why}"),
        Err(_) => {}
    }
    let mut console = Console::default();
    let ran = run_targets_to(&args, &targets, &mut console)?;
    // A run that changed what it read (the lock file written for the first time, a version
    // bumped) is not what a rerun does, so it is not recorded; the rerun will be.
    let after = stamp_key(&store, &raw, &args, &targets);
    let recorded = match after == key {
        true => store.record(&raw, key, &ran.files, &console.transcript, ran.code),
        false => Err("the run changed its own inputs".to_owned()),
    };
    // A stamp only saves time: failing to keep one is no failure of the run.
    if let Err(why) = recorded
        && explain
    {
        eprintln!("codegen: no stamp kept: {why}");
    }
    Ok(ExitCode::from(ran.code))
}

/// Everything that decides what a run writes and prints, each part named for
/// `CODEGEN_EXPLAIN`: the `xtask` executable (which holds the generator and the support
/// code), the arguments and working folder, today's date (sunset warnings), and per target
/// how its paths print, whether its crate is a workspace member, its options, and the bytes of
/// its spec, overlay, settings and lock files (each absent or present).
fn stamp_key(store: &stamp::Store, raw: &[String], args: &Args, targets: &[Target]) -> stamp::Key {
    let mut key = stamp::Key::default();
    key.part("executable", store.executable());
    key.part("arguments", format!("{raw:?}"));
    let cwd = std::env::current_dir().unwrap_or_default();
    key.part("working folder", cwd.display().to_string());
    key.part("date", today());
    for (i, target) in targets.iter().enumerate() {
        let config = config_path(args, &target.spec);
        let file = |path: Option<&Path>| match path {
            Some(path) => format!("{} {}", label(path), stamp::file_digest(path)),
            None => "none".to_owned(),
        };
        key.part(
            &format!("target {i}"),
            format!(
                "{} -> {} ({}), {}, {:?}, library only: {}, member: {}",
                target.spec_label(),
                label(&target.out),
                cwd.join(&target.out).display(),
                target.crate_name,
                target.lock_use,
                target.library_only,
                inside_workspace(&target.out),
            ),
        );
        key.part(&format!("target {i} spec"), file(Some(&target.spec)));
        key.part(
            &format!("target {i} overlay"),
            file(target.overlay.as_deref()),
        );
        key.part(&format!("target {i} settings"), file(config.as_deref()));
        key.part(&format!("target {i} lock"), file(target.lock.as_deref()));
    }
    key
}

/// Which stream a piece of a run's report goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stream {
    Out,
    Err,
}

/// A run's report: printed as it is made, and kept, in order, as a rerun over the same inputs
/// would print it, for the run's stamp.
#[derive(Debug, Default)]
pub struct Console {
    pub transcript: Vec<(Stream, String)>,
}

impl Console {
    fn out(&mut self, text: String) {
        self.print(Stream::Out, &text, text.clone());
    }

    fn err(&mut self, text: String) {
        self.print(Stream::Err, &text, text.clone());
    }

    /// `now` printed, `rerun` kept: what a rerun prints where this run wrote something.
    fn print(&mut self, stream: Stream, now: &str, rerun: String) {
        match stream {
            Stream::Out => print!("{now}"),
            Stream::Err => eprint!("{now}"),
        }
        self.transcript.push((stream, rerun));
    }
}

/// What a run made: its exit code and each target's files, in the targets' order.
pub struct Ran {
    pub code: u8,
    pub files: Vec<BTreeMap<String, String>>,
}

/// One target's generated crate, and what its lock decided.
struct Made<'t> {
    target: &'t Target,
    files: BTreeMap<String, String>,
    timings: Timings,
    /// The lock file's new text, and the settings file's when the version was bumped.
    lock_text: Option<String>,
    settings: Option<(PathBuf, String)>,
}

/// Generates (or with `--check`, compares) each target, then reports its API changes.
pub fn run_targets(args: &Args, targets: &[Target]) -> Result<ExitCode, String> {
    let ran = run_targets_to(args, targets, &mut Console::default())?;
    Ok(ExitCode::from(ran.code))
}

/// [`run_targets`], its report printed through `console`.
fn run_targets_to(args: &Args, targets: &[Target], console: &mut Console) -> Result<Ran, String> {
    let mut stale = Vec::new();
    let mut reports = Vec::new();
    // Everything is generated before anything is written, so one bad spec leaves every
    // output as it was.
    let mut made = Vec::new();
    for target in targets {
        let mut config = target.config(args)?;
        let old_lock = match &target.lock {
            Some(path) => read_lock(path)?,
            None => None,
        };
        let mut timings = Timings::default();
        let result = target.generate_locked(config.clone(), old_lock.as_ref(), &mut timings);
        if args.timings && result.is_err() {
            timings.print(&label(&target.spec));
        }
        let mut output = result?;
        let spec_label = target.spec_label();
        if args.strict && !output.warnings.is_empty() {
            return Err(format!(
                "{}{spec_label}: --strict: {} warnings; nothing was written",
                codegen::diagnostics::render(&output.warnings, &spec_label),
                output.warnings.len()
            ));
        }
        // Warnings go to standard error, where a run's problems are; the summary with them.
        console.err(output.report(&spec_label));
        let Some(lock_path) = &target.lock else {
            made.push(Made {
                target,
                files: output.files,
                timings,
                lock_text: None,
                settings: None,
            });
            continue;
        };
        let released = target.lock_use == LockUse::Release;
        let configured = configured_version(&config)?;
        let settled = locks::settle(
            &target.crate_name,
            old_lock.as_ref(),
            &output.surface,
            &output.notes,
            configured,
            args.bump && released,
            args.prune_lock && released,
        )
        .map_err(|e| {
            format!(
                "{}: {e}; `{COMMAND} --bump` sets the version the change report proposes",
                label(lock_path)
            )
        })?;
        let mut settings = None;
        if settled.version != configured {
            let path = config_path(args, &target.spec).ok_or_else(|| {
                format!(
                    "--bump needs a settings file beside {} to keep the version in",
                    label(&target.spec)
                )
            })?;
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", label(&path)))?;
            settings = Some((path, with_version(&text, &settled.version.to_string())));
            config.version = Some(settled.version.to_string());
            output = target.generate_locked(config, old_lock.as_ref(), &mut timings)?;
        }
        // A construct's lock only keeps its names: its changes are the construct's point.
        match (&settled.report, target.lock_use) {
            (_, LockUse::Names) => {}
            (Some(report), _) => {
                console.out(report.summary());
                let base = report.base;
                if let Some((path, _)) = &settings {
                    console.out(format!(
                        "version set to {} in {}\n",
                        settled.version,
                        label(path)
                    ));
                } else if report.bump() != codegen::version::Bump::None
                    && released
                    && settled.version == base
                {
                    console.out(format!(
                        "the version stays {base} until `{COMMAND} --bump` sets {}\n",
                        report.proposed()
                    ));
                }
                reports.push(report.markdown());
            }
            (None, LockUse::Release) => console.out(format!(
                "{}: no lock file yet: recording the API of version {} in {}\n",
                target.crate_name,
                settled.version,
                label(lock_path)
            )),
            (None, LockUse::Trial) => console.out(format!(
                "{}: no lock file at {}: no API to compare with\n",
                target.crate_name,
                label(lock_path)
            )),
        }
        let lock_text = match released {
            true => Some(
                settled
                    .lock
                    .render(&lock_header(&target.spec, &target.crate_name))?,
            ),
            false => None,
        };
        made.push(Made {
            target,
            files: output.files,
            timings,
            lock_text,
            settings,
        });
    }
    if let Some(path) = &args.report {
        let text = if reports.is_empty() {
            "No crate with a lock file was generated, so there is no API to compare.\n".to_owned()
        } else {
            reports.join("\n")
        };
        fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for Made {
        target,
        files,
        timings,
        lock_text,
        settings,
    } in &mut made
    {
        if args.check {
            stale.extend(stale_files(&target.out, files));
            if let (Some(path), Some(text)) = (&target.lock, lock_text) {
                match fs::read_to_string(path) {
                    Ok(on_disk) if on_disk.replace("\r\n", "\n") == *text => {}
                    Ok(_) => stale.push(format!("stale: {}", label(path))),
                    Err(_) => stale.push(format!("missing: {}", label(path))),
                }
            }
        } else {
            let start = Instant::now();
            let wrote = write_crate(&target.out, files)?;
            if let (Some(path), Some(text)) = (&target.lock, lock_text) {
                write_if_changed(path, text)?;
            }
            if let Some((path, text)) = settings {
                write_if_changed(path, text)?;
            }
            timings.write = start.elapsed();
            let unchanged = format!(
                "{} files unchanged in {}\n",
                files.len(),
                label(&target.out)
            );
            match wrote {
                true => console.print(
                    Stream::Out,
                    &format!("wrote {} files to {}\n", files.len(), label(&target.out)),
                    unchanged,
                ),
                false => console.out(unchanged),
            }
        }
        if args.timings {
            timings.print(&label(&target.spec));
        }
    }
    let files = made.into_iter().map(|m| m.files).collect();
    if !args.check {
        return Ok(Ran { code: 0, files });
    }
    if stale.is_empty() {
        console.out("generated code is up to date\n".to_owned());
        return Ok(Ran { code: 0, files });
    }
    for problem in &stale {
        console.err(format!("{problem}\n"));
    }
    console.err(format!(
        "generated code is stale: run `{COMMAND}` and commit the result\n"
    ));
    Ok(Ran { code: 1, files })
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|on_disk| on_disk == text) {
        return Ok(());
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", label(path)))
}

/// The settings file's text with its top-level `version` set: the line replaced where there
/// is one, else added before the first table, so comments and layout stay as written.
pub fn with_version(text: &str, version: &str) -> String {
    let line = format!("version = \"{version}\"");
    let mut out = Vec::new();
    let mut done = false;
    let mut in_table = false;
    for l in text.lines() {
        let trimmed = l.trim_start();
        if trimmed.starts_with('[') {
            if !done {
                out.push(line.clone());
                out.push(String::new());
                done = true;
            }
            in_table = true;
        }
        let key = trimmed.split('=').next().unwrap_or("").trim();
        if !in_table && !done && key == "version" {
            out.push(line.clone());
            done = true;
            continue;
        }
        out.push(l.to_owned());
    }
    if !done {
        out.push(line);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
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
    // Each folder is made once, not once per file in it (a system call each, most failing).
    let mut made_dirs = BTreeSet::new();
    for (path, text) in files {
        let target = staging.join(path);
        if let Some(parent) = target.parent()
            && made_dirs.insert(parent.to_path_buf())
        {
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
    output_files(out).is_ok_and(|found| found.iter().all(|path| files.contains_key(path)))
}

/// The plain files in the output folder `out`, as `/`-separated paths relative to it, leaving
/// out a top-level `target/` build folder (which the writer keeps). An error names what a
/// generated crate never holds (an empty folder, a link or other special file, a name that
/// is not UTF-8) or a folder that could not be read.
pub fn output_files(out: &Path) -> Result<Vec<String>, String> {
    fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{prefix}: {e}"))?;
        let mut empty = true;
        for entry in entries {
            empty = false;
            let entry = entry.map_err(|e| format!("{prefix}: {e}"))?;
            let name = entry.file_name();
            let name = name
                .to_str()
                .ok_or_else(|| format!("{prefix}: a name that is not UTF-8"))?;
            let relative = match prefix {
                "" => name.to_owned(),
                _ => format!("{prefix}/{name}"),
            };
            // The file type of a directory entry: a link is neither a file nor a folder here.
            let kind = entry.file_type().map_err(|e| format!("{relative}: {e}"))?;
            if kind.is_dir() {
                if relative != "target" {
                    walk(&entry.path(), &relative, found)?;
                }
            } else if kind.is_file() {
                found.push(relative);
            } else {
                return Err(format!("{relative}: not a plain file"));
            }
        }
        // The writer leaves no empty folder; a rewrite would remove one.
        match empty {
            true => Err(format!("{prefix}: an empty folder")),
            false => Ok(()),
        }
    }
    let mut found = Vec::new();
    walk(out, "", &mut found)?;
    Ok(found)
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
    fn the_version_line_is_replaced_or_added_before_the_first_table() {
        let text =
            "# Settings.\n\n# The version.\nversion = \"0.1.0\" # kept\n\n[cli]\nversion = \"x\"\n";
        assert_eq!(
            with_version(text, "0.2.0"),
            "# Settings.\n\n# The version.\nversion = \"0.2.0\"\n\n[cli]\nversion = \"x\"\n"
        );
        assert_eq!(
            with_version("# Settings.\n[cli]\nenv_prefix = \"X_\"\n", "1.0.0"),
            "# Settings.\nversion = \"1.0.0\"\n\n[cli]\nenv_prefix = \"X_\"\n"
        );
        assert_eq!(with_version("", "1.0.0"), "version = \"1.0.0\"\n");
    }

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
