//! The up-to-date stamps of `cargo xtask codegen`, through the `xtask` executable itself: a
//! rerun over unchanged inputs and output is skipped and prints what a full rerun prints, and
//! any change (an output file, the spec, an argument, the executable) brings a full run that
//! puts the output right. `CODEGEN_EXPLAIN` makes each run say which it was, and why.
//!
//! Each test runs its own link (or copy) of the executable in a scratch folder, so its stamps
//! (kept beside the executable) are its own.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One operation sunset in the past and one odd sunset value: both warnings, on stderr, that a
/// skipped run must print too.
const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Stamps, version: "1"}
paths:
  /old:
    get:
      operationId: getOld
      deprecated: true
      x-sunset: "2025-09-09"
      responses: {"204": {description: Gone soon.}}
  /odd:
    get:
      operationId: getOdd
      x-sunset: "next spring"
      responses: {"204": {description: Odd.}}
"#;

struct Sandbox {
    dir: tempfile::TempDir,
    xtask: PathBuf,
}

/// What one run printed and returned; `explain` is `CODEGEN_EXPLAIN`'s line, kept apart from
/// the report.
#[derive(Debug)]
struct Run {
    stdout: String,
    stderr: String,
    explain: String,
    code: i32,
}

impl Sandbox {
    /// A scratch folder with the spec and the executable (linked when the file system allows,
    /// else copied; `copy` always copies).
    fn new(copy: bool) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("bin")).unwrap();
        let xtask = dir.path().join("bin/xtask");
        let built = Path::new(env!("CARGO_BIN_EXE_xtask"));
        if copy || fs::hard_link(built, &xtask).is_err() {
            fs::copy(built, &xtask).unwrap();
        }
        fs::write(dir.path().join("stamps.yaml"), SPEC).unwrap();
        Sandbox { dir, xtask }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(&self.xtask)
            .arg("codegen")
            .args(args)
            .current_dir(self.dir.path())
            .env("CODEGEN_EXPLAIN", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let (explain, stderr): (Vec<&str>, Vec<&str>) = stderr
            .split_inclusive('\n')
            .partition(|l| l.starts_with("codegen: "));
        Run {
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: stderr.concat(),
            explain: explain.concat(),
            code: output.status.code().unwrap(),
        }
    }

    /// The usual run: the spec into `out/`.
    fn generate(&self) -> Run {
        self.run(&DEFAULT)
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap()
    }
}

const DEFAULT: [&str; 6] = [
    "--spec",
    "stamps.yaml",
    "--out",
    "out",
    "--crate-name",
    "stamps",
];

fn assert_ran(run: &Run, why: &str) {
    assert!(
        run.explain.starts_with("codegen: running: ") && run.explain.contains(why),
        "expected a full run because of {why:?}: {run:#?}"
    );
    assert_eq!(run.code, 0, "{run:#?}");
}

fn assert_skipped(run: &Run) {
    assert!(
        run.explain.starts_with("codegen: up to date"),
        "expected a skipped run: {run:#?}"
    );
    assert_eq!(run.code, 0, "{run:#?}");
}

#[test]
fn a_second_identical_run_is_skipped_and_prints_what_a_full_rerun_prints() {
    let sandbox = Sandbox::new(false);
    let first = sandbox.generate();
    assert_ran(&first, "no stamp of these arguments");
    assert!(first.stdout.starts_with("wrote "), "{first:#?}");
    assert!(
        first
            .stderr
            .contains("operation `getOld` was sunset on 2025-09-09"),
        "{first:#?}"
    );
    let lib = sandbox.read("out/src/lib.rs");

    let second = sandbox.generate();
    assert_skipped(&second);
    // The rerun's report: the same warnings and summary, the files now unchanged.
    assert_eq!(second.stderr, first.stderr);
    assert!(
        second.stdout.contains(" files unchanged in "),
        "{second:#?}"
    );

    // A full rerun, the stamps gone, prints exactly what the skipped run printed.
    fs::remove_dir_all(sandbox.path("bin/codegen-stamps")).unwrap();
    let full = sandbox.generate();
    assert_ran(&full, "no stamp of these arguments");
    assert_eq!(
        (&full.stdout, &full.stderr),
        (&second.stdout, &second.stderr)
    );
    assert_eq!(sandbox.read("out/src/lib.rs"), lib);
}

#[test]
fn an_edited_removed_or_added_output_file_brings_a_full_run_that_restores_the_crate() {
    let sandbox = Sandbox::new(false);
    sandbox.generate();
    let lib = sandbox.read("out/src/lib.rs");

    fs::write(sandbox.path("out/src/lib.rs"), format!("{lib}// edited\n")).unwrap();
    assert_ran(&sandbox.generate(), "src/lib.rs: changed");
    assert_eq!(sandbox.read("out/src/lib.rs"), lib);
    assert_skipped(&sandbox.generate());

    fs::remove_file(sandbox.path("out/src/lib.rs")).unwrap();
    assert_ran(&sandbox.generate(), "a file is missing");
    assert_eq!(sandbox.read("out/src/lib.rs"), lib);

    fs::write(sandbox.path("out/src/extra.rs"), "").unwrap();
    assert_ran(&sandbox.generate(), "src/extra.rs: not a generated file");
    assert!(!sandbox.path("out/src/extra.rs").exists());

    fs::create_dir(sandbox.path("out/src/empty")).unwrap();
    assert_ran(&sandbox.generate(), "src/empty: an empty folder");
    assert!(!sandbox.path("out/src/empty").exists());

    // A build folder inside the crate is the user's, kept by the writer: no reason to run.
    fs::create_dir_all(sandbox.path("out/target/debug")).unwrap();
    assert_skipped(&sandbox.generate());
}

#[test]
fn a_changed_spec_or_argument_brings_a_full_run() {
    let sandbox = Sandbox::new(false);
    sandbox.generate();
    assert!(!sandbox.path("out/src/operations/get_new.rs").exists());

    let spec = format!(
        "{SPEC}  /new:\n    get:\n      operationId: getNew\n      responses: {{\"204\": {{description: New.}}}}\n"
    );
    fs::write(sandbox.path("stamps.yaml"), spec).unwrap();
    assert_ran(&sandbox.generate(), "target 0 spec changed");
    assert!(sandbox.path("out/src/operations/get_new.rs").exists());
    assert_skipped(&sandbox.generate());

    // Settings appearing beside the spec are an input too.
    fs::write(sandbox.path("stamps.codegen.toml"), "version = \"0.2.0\"\n").unwrap();
    assert_ran(&sandbox.generate(), "target 0 settings changed");
    assert!(
        sandbox
            .read("out/Cargo.toml")
            .contains("version = \"0.2.0\"")
    );

    let mut renamed = DEFAULT;
    renamed[5] = "renamed";
    assert_ran(&sandbox.run(&renamed), "no stamp of these arguments");
    assert!(
        sandbox
            .read("out/Cargo.toml")
            .contains("name = \"renamed\"")
    );
    // Back to the first arguments: their stamp no longer matches the output folder.
    assert_ran(&sandbox.generate(), ": changed");
    assert!(sandbox.read("out/Cargo.toml").contains("name = \"stamps\""));
}

#[test]
fn a_rebuilt_executable_brings_a_full_run() {
    let sandbox = Sandbox::new(true);
    sandbox.generate();
    assert_skipped(&sandbox.generate());
    // A build writes a new executable; its modification time alone differs here.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(&sandbox.xtask)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_ran(&sandbox.generate(), "executable changed");
}

#[test]
fn check_compares_the_files_even_where_a_stamp_says_up_to_date() {
    let sandbox = Sandbox::new(false);
    sandbox.generate();
    assert_skipped(&sandbox.generate());
    let check = [&DEFAULT[..], &["--check"]].concat();
    let clean = sandbox.run(&check);
    assert_eq!((clean.code, clean.explain.as_str()), (0, ""), "{clean:#?}");
    assert!(clean.stdout.contains("generated code is up to date"));

    let lib = sandbox.read("out/src/lib.rs");
    fs::write(sandbox.path("out/src/lib.rs"), format!("{lib}// edited\n")).unwrap();
    let stale = sandbox.run(&check);
    assert_eq!((stale.code, stale.explain.as_str()), (1, ""), "{stale:#?}");
    assert!(stale.stderr.contains("stale: "), "{stale:#?}");
    assert!(stale.stderr.contains("src/lib.rs"), "{stale:#?}");
}
