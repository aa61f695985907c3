//! `cargo xtask test [cargo test args] [-- test binary args]`: the project's one test command.
//!
//! This module owns installing the local test servers and running every test of the workspace:
//! 1. Prism (`npm ci` in `tests/services`) and httpbin (a Python venv at
//!    `<target dir>/test-services/venv`, from `tests/services/requirements.txt`). Each install is
//!    skipped while a stamp file matches its inputs, so a second run needs no network.
//! 2. `cargo test --workspace`, then `cargo test --workspace --tests -- --ignored` for the tests
//!    that need the servers. Two runs rather than one `--include-ignored`, because that flag
//!    would also compile the ```` ```ignore ```` blocks of the doc tests, which are not Rust.
//!
//! Without arguments (as in CI) the time goes to a cold build on two cores, so the steps that
//! leave a core idle run beside others: the installs (network, npm, pip) beside
//! `cargo test --workspace --no-run`, and then three runs at once, each printed when it ends:
//! the tests, the trybuild cases (`--test compile`: one test that builds the cases in a target
//! folder of its own, half a minute of mostly one core) and the tests that need the servers
//! (mostly waiting for them). Every run selects the whole workspace, so cargo resolves one
//! feature set and none of them builds anything again.
//!
//! The tests start and stop the servers themselves (`atlas_admin_tests::services`); they find
//! the tools through `ATLAS_TEST_PRISM` and `ATLAS_TEST_PYTHON`, set here.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus};
use std::time::Instant;

/// Written into an install's folder once it succeeded; holds the fingerprint of its inputs.
const STAMP: &str = ".xtask-test-stamp";

pub fn run(args: Vec<String>) -> ExitCode {
    match run_all(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask test: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_all(args: &[String]) -> Result<ExitCode, String> {
    let root = workspace_root();
    let services = root.join("tests").join("services");
    let target = target_dir(&root, std::env::var_os("CARGO_TARGET_DIR"));
    if !args.is_empty() {
        let (prism, python) = install_services(&services, &target)?;
        return run_in_turn(&root, args, &test_env(prism, python));
    }
    // The installs mostly wait (network, npm, pip); the build keeps both cores busy meanwhile.
    let (installs, built) = std::thread::scope(|scope| {
        let installs = scope.spawn(|| install_services(&services, &target));
        let built = build_tests(&root);
        let installs = installs
            .join()
            .unwrap_or_else(|_| Err("the install thread panicked".to_string()));
        (installs, built)
    });
    let (prism, python) = installs?;
    if let Some(code) = built? {
        return Ok(code);
    }
    run_at_once(&root, &target, &test_env(prism, python))
}

/// Prism and httpbin, installed (or found up to date): their executables.
fn install_services(services: &Path, target: &Path) -> Result<(PathBuf, PathBuf), String> {
    let prism = install_prism(services)?;
    let python = install_httpbin(services, target)?;
    Ok((prism, python))
}

fn test_env(prism: PathBuf, python: PathBuf) -> [(&'static str, OsString); 4] {
    [
        ("INSTA_UPDATE", OsString::from("no")),
        ("ATLAS_TEST_SERVICES", OsString::from("1")),
        ("ATLAS_TEST_PRISM", prism.into_os_string()),
        ("ATLAS_TEST_PYTHON", python.into_os_string()),
    ]
}

/// The runs for explicit arguments, one after the other, their output as it comes.
fn run_in_turn(root: &Path, args: &[String], env: &[(&str, OsString)]) -> Result<ExitCode, String> {
    for (what, cargo_args) in cargo_test_runs(args) {
        progress(&format!("running {what}: cargo {}", cargo_args.join(" ")));
        let start = Instant::now();
        let status = cargo(root, &cargo_args, env)
            .status()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        if !status.success() {
            progress(&format!("{what} failed ({status})"));
            return Ok(exit_code(status));
        }
        progress(&format!(
            "{what}: done in {:.0} s",
            start.elapsed().as_secs_f64()
        ));
    }
    progress("all tests passed");
    Ok(ExitCode::SUCCESS)
}

/// Builds every test target the runs below need; `Some(code)` when the build failed.
/// No test environment here: nothing reads it while compiling (it would be in the dep-info
/// files' `env-dep` lines), so the runs find everything fresh.
fn build_tests(root: &Path) -> Result<Option<ExitCode>, String> {
    let args: Vec<String> = ["test", "--workspace", "--no-run"].map(String::from).into();
    progress(&format!("building the tests: cargo {}", args.join(" ")));
    let start = Instant::now();
    let status = cargo(root, &args, &[])
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if !status.success() {
        progress(&format!("building the tests failed ({status})"));
        return Ok(Some(exit_code(status)));
    }
    progress(&format!(
        "building the tests: done in {:.0} s",
        start.elapsed().as_secs_f64()
    ));
    Ok(None)
}

/// The trybuild test (tests/compile/tests/compile.rs), run on its own beside the others.
const TRYBUILD_TEST: &str = "misuse_does_not_compile";

/// The runs without arguments, all started at once: each one's output goes to a log under
/// `<target>/xtask-test/` and is printed when it ends, so that the runs' lines do not mix.
fn concurrent_runs() -> Vec<(&'static str, Vec<String>)> {
    let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
    vec![
        (
            "the tests",
            args(&["test", "--workspace", "--", "--skip", TRYBUILD_TEST]),
        ),
        (
            "the trybuild cases",
            args(&[
                "test",
                "--workspace",
                "--test",
                "compile",
                "--",
                TRYBUILD_TEST,
            ]),
        ),
        (
            "the tests that need the local test servers",
            args(&["test", "--workspace", "--tests", "--", "--ignored"]),
        ),
    ]
}

fn run_at_once(root: &Path, target: &Path, env: &[(&str, OsString)]) -> Result<ExitCode, String> {
    let logs = target.join("xtask-test");
    fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    let start = Instant::now();
    let mut running = Vec::new();
    for (index, (what, args)) in concurrent_runs().into_iter().enumerate() {
        let log_path = logs.join(format!("run-{index}.log"));
        let log = fs::File::create(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
        let log_err = log
            .try_clone()
            .map_err(|e| format!("cannot share {}: {e}", log_path.display()))?;
        progress(&format!("running {what}: cargo {}", args.join(" ")));
        let child = cargo(root, &args, env)
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        running.push((what, child, log_path));
    }
    let mut failed = None;
    while !running.is_empty() {
        let mut index = 0;
        while index < running.len() {
            let status = running[index]
                .1
                .try_wait()
                .map_err(|e| format!("cannot wait for cargo: {e}"))?;
            let Some(status) = status else {
                index += 1;
                continue;
            };
            let (what, _, log_path) = running.remove(index);
            let output = fs::read_to_string(&log_path).unwrap_or_default();
            progress(&format!("output of {what}:"));
            eprint!("{output}");
            if status.success() {
                progress(&format!(
                    "{what}: done after {:.0} s",
                    start.elapsed().as_secs_f64()
                ));
            } else {
                progress(&format!("{what} failed ({status})"));
                failed.get_or_insert(exit_code(status));
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    match failed {
        Some(code) => Ok(code),
        None => {
            progress("all tests passed");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn progress(message: &str) {
    eprintln!("xtask test: {message}");
}

/// The workspace root: xtask's own manifest is one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Cargo's target dir: `$CARGO_TARGET_DIR` (relative to the current dir, as cargo reads it) or
/// `<workspace>/target`.
fn target_dir(root: &Path, cargo_target_dir: Option<OsString>) -> PathBuf {
    match cargo_target_dir {
        Some(dir) if !dir.is_empty() => std::path::absolute(&dir).unwrap_or_else(|_| dir.into()),
        _ => root.join("target"),
    }
}

/// Installs Prism into `tests/services/node_modules` and returns its executable.
fn install_prism(services: &Path) -> Result<PathBuf, String> {
    let node = tool_version("node", &["--version"])
        .ok_or("`node` not found: install Node.js (with npm) to run the tests")?;
    tool_version("npm", &["--version"])
        .ok_or("`npm` not found: install npm (it comes with Node.js) to run the tests")?;
    let prism = services.join("node_modules").join(".bin").join("prism");
    let stamp = services.join("node_modules").join(STAMP);
    let fingerprint = fingerprint(&[
        &read(&services.join("package.json"))?,
        &read(&services.join("package-lock.json"))?,
        node.as_bytes(),
    ]);
    if prism.is_file() && fs::read_to_string(&stamp).ok() == Some(fingerprint.clone()) {
        progress("Prism is installed (tests/services/node_modules is up to date)");
        return Ok(prism);
    }
    progress(&format!(
        "installing Prism: npm ci in {} (node {node})",
        services.display()
    ));
    // No install scripts: Prism needs none, and the one in its tree only reports analytics.
    let mut npm = Command::new("npm");
    npm.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(services)
        .env("SCARF_ANALYTICS", "false");
    timed("npm ci", npm)?;
    if !prism.is_file() {
        return Err(format!("npm ci succeeded but left no {}", prism.display()));
    }
    write(&stamp, &fingerprint)?;
    Ok(prism)
}

/// Installs httpbin into a venv under the target dir and returns the venv's Python.
fn install_httpbin(services: &Path, target: &Path) -> Result<PathBuf, String> {
    const ABOUT: &str = "import sys; print(sys.version.split()[0], sys.executable)";
    let (base_python, about) = ["python3", "python"]
        .into_iter()
        .find_map(|python| Some((python, tool_version(python, &["-c", ABOUT])?)))
        .ok_or("`python3` not found: install Python 3 (with its venv module) to run the tests")?;
    let venv = target.join("test-services").join("venv");
    let python = venv.join("bin").join("python");
    let requirements = services.join("requirements.txt");
    let stamp = venv.join(STAMP);
    let fingerprint = fingerprint(&[&read(&requirements)?, about.as_bytes()]);
    if python.is_file() && fs::read_to_string(&stamp).ok() == Some(fingerprint.clone()) {
        progress(&format!(
            "httpbin is installed ({} is up to date)",
            venv.display()
        ));
        return Ok(python);
    }
    progress(&format!(
        "installing httpbin: venv {} (python {about})",
        venv.display()
    ));
    // A fresh venv, so that nothing a previous requirements file pinned is left behind.
    if venv.exists() {
        fs::remove_dir_all(&venv).map_err(|e| format!("cannot remove {}: {e}", venv.display()))?;
    }
    let mut create = Command::new(base_python);
    create.arg("-m").arg("venv").arg(&venv);
    timed(
        "python3 -m venv (on Debian it needs the python3-venv package)",
        create,
    )?;
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        "-r",
    ])
    .arg(&requirements);
    timed("pip install -r tests/services/requirements.txt", pip)?;
    write(&stamp, &fingerprint)?;
    Ok(python)
}

/// The first line `program args` prints, or `None` when it cannot run.
fn tool_version(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    output
        .status
        .success()
        .then(|| text.lines().next().unwrap_or("").trim().to_string())
}

/// Runs an install step, failing with its name when it fails, and says how long it took.
fn timed(what: &str, mut command: Command) -> Result<(), String> {
    let start = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if !status.success() {
        return Err(format!("{what} failed ({status})"));
    }
    progress(&format!(
        "{what}: done in {:.1} s",
        start.elapsed().as_secs_f64()
    ));
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// FNV-1a (64 bit) over the parts, each followed by a separator: stable across Rust releases,
/// unlike `DefaultHasher`, and enough to notice that an input changed.
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|part| part.iter().chain(&[0xff])) {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}\n")
}

/// The `cargo test` runs to make, each with a name for the progress lines. `args` are the
/// arguments after `cargo xtask test`: cargo's, then optionally `--` and the test binaries'.
fn cargo_test_runs(args: &[String]) -> Vec<(&'static str, Vec<String>)> {
    let (cargo_args, test_args) = match args.iter().position(|arg| arg == "--") {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (args, &[][..]),
    };
    let command = |extra_cargo: &[&str], extra_test: &[&str]| {
        let mut all = vec!["test".to_string()];
        if !selects_packages(cargo_args) {
            all.push("--workspace".to_string());
        }
        all.extend(extra_cargo.iter().map(|arg| arg.to_string()));
        all.extend(cargo_args.iter().cloned());
        all.push("--".to_string());
        all.extend(extra_test.iter().map(|arg| arg.to_string()));
        all.extend(test_args.iter().cloned());
        all
    };
    let chose_ignored = test_args
        .iter()
        .any(|arg| arg == "--ignored" || arg == "--include-ignored");
    let selected_targets = cargo_args.iter().filter(|arg| selects_targets(arg)).count();
    let has_doc = cargo_args.iter().any(|arg| arg == "--doc");
    let mut runs = vec![("the tests", command(&[], &[]))];
    if chose_ignored || (has_doc && selected_targets == 1) {
        // Either the caller already chose which ignored tests run, or only doc tests run.
        return runs;
    }
    // `--tests` covers the library, binaries and integration tests, not the doc tests; the
    // targets the caller selected replace it.
    let targets: &[&str] = if selected_targets > 0 {
        &[]
    } else {
        &["--tests"]
    };
    runs.push((
        "the tests that need the local test servers",
        command(targets, &["--ignored"]),
    ));
    runs
}

fn selects_packages(cargo_args: &[String]) -> bool {
    cargo_args
        .iter()
        .any(|arg| arg == "--package" || arg.starts_with("--package=") || arg.starts_with("-p"))
}

fn selects_targets(arg: &str) -> bool {
    const FLAGS: [&str; 11] = [
        "--lib",
        "--bin",
        "--bins",
        "--test",
        "--tests",
        "--example",
        "--examples",
        "--bench",
        "--benches",
        "--all-targets",
        "--doc",
    ];
    let flag = arg.split('=').next().unwrap_or(arg);
    FLAGS.contains(&flag)
}

/// Cargo (the one running xtask, when known) in the workspace root, with `env`.
///
/// Without the variables `cargo run` set for xtask (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, ...):
/// build scripts watch some of them (ring's, through `cc`), and cargo compares a watched
/// variable with its own environment, so with xtask's values every build script that watches
/// one would run again (ring: its C and assembly, then everything above it) after
/// `cargo clippy` and `cargo doc` ran it from the shell.
fn cargo(root: &Path, args: &[String], env: &[(&str, OsString)]) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    for (key, _) in std::env::vars_os() {
        if key.to_str().is_some_and(set_by_cargo_run) {
            command.env_remove(&key);
        }
    }
    command
        .args(args)
        .envs(env.iter().map(|(key, value)| (key, value)))
        .current_dir(root);
    command
}

/// The variables cargo sets for a program it runs, which describe that program's package.
fn set_by_cargo_run(key: &str) -> bool {
    key.starts_with("CARGO_PKG_")
        || key.starts_with("CARGO_MANIFEST_")
        || matches!(
            key,
            "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
        )
}

/// Cargo's exit status as ours; a signal (no code) becomes a plain failure.
fn exit_code(status: ExitStatus) -> ExitCode {
    match status.code() {
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(args: &[&str]) -> Vec<String> {
        let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
        cargo_test_runs(&args)
            .into_iter()
            .map(|(_, args)| args.join(" "))
            .collect()
    }

    #[test]
    fn without_arguments_runs_everything_then_the_ignored_tests() {
        assert_eq!(
            runs(&[]),
            [
                "test --workspace --",
                "test --workspace --tests -- --ignored"
            ]
        );
    }

    #[test]
    fn a_filter_after_the_separator_reaches_both_runs() {
        assert_eq!(
            runs(&["--", "services_smoke"]),
            [
                "test --workspace -- services_smoke",
                "test --workspace --tests -- --ignored services_smoke"
            ]
        );
    }

    #[test]
    fn a_selected_package_replaces_the_workspace() {
        assert_eq!(
            runs(&["-p", "xtask"]),
            ["test -p xtask --", "test --tests -p xtask -- --ignored"]
        );
    }

    #[test]
    fn selected_targets_replace_the_tests_flag() {
        assert_eq!(
            runs(&["--test", "end_to_end"]),
            [
                "test --workspace --test end_to_end --",
                "test --workspace --test end_to_end -- --ignored"
            ]
        );
    }

    #[test]
    fn only_doc_tests_or_a_chosen_ignored_mode_make_one_run() {
        assert_eq!(runs(&["--doc"]), ["test --workspace --doc --"]);
        assert_eq!(
            runs(&["--", "--include-ignored"]),
            ["test --workspace -- --include-ignored"]
        );
    }

    #[test]
    fn without_arguments_the_runs_split_the_trybuild_test_off_and_keep_the_workspace() {
        let runs: Vec<String> = concurrent_runs()
            .into_iter()
            .map(|(_, args)| args.join(" "))
            .collect();
        assert_eq!(
            runs,
            [
                "test --workspace -- --skip misuse_does_not_compile",
                "test --workspace --test compile -- misuse_does_not_compile",
                "test --workspace --tests -- --ignored"
            ]
        );
    }

    #[test]
    fn only_the_variables_of_the_package_cargo_ran_are_dropped() {
        for key in ["CARGO_PKG_NAME", "CARGO_MANIFEST_DIR", "CARGO_CRATE_NAME"] {
            assert!(set_by_cargo_run(key), "{key}");
        }
        for key in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_INCREMENTAL",
        ] {
            assert!(!set_by_cargo_run(key), "{key}");
        }
    }

    #[test]
    fn the_fingerprint_changes_with_any_input_and_with_how_inputs_are_split() {
        let base = fingerprint(&[b"ab", b"c"]);
        assert_eq!(base, fingerprint(&[b"ab", b"c"]));
        assert_ne!(base, fingerprint(&[b"ab", b"d"]));
        assert_ne!(base, fingerprint(&[b"a", b"bc"]));
    }

    #[test]
    fn the_target_dir_is_cargo_target_dir_made_absolute_or_the_workspace_target() {
        let root = Path::new("/workspace");
        assert_eq!(target_dir(root, None), Path::new("/workspace/target"));
        assert_eq!(
            target_dir(root, Some("".into())),
            Path::new("/workspace/target")
        );
        assert_eq!(target_dir(root, Some("/t".into())), Path::new("/t"));
        let relative = target_dir(root, Some("t".into()));
        assert_eq!(relative, std::env::current_dir().unwrap().join("t"));
    }
}
