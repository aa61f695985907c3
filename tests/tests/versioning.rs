//! The version of the generated crate moves only when asked: `cargo xtask codegen` reports the
//! changes since the lock's version and proposes the next one, `--bump` sets it (in the
//! settings, the manifest and the lock), a version too small for the changes is refused, and
//! retired names leave the lock only with `--prune-lock`. Run on a scratch copy of `spec/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xtask::codegen as xcodegen;

struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    /// `spec/` copied into a scratch folder, the spec edited by `edit`.
    fn new(name: &str, edit: impl Fn(String) -> String) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("atlas-versioning-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = xcodegen::workspace_root().join("spec");
        for file in ["codegen.toml", "atlas-admin.lock"] {
            std::fs::copy(spec.join(file), dir.join(file)).unwrap();
        }
        let text = std::fs::read_to_string(spec.join("atlas-admin.yaml")).unwrap();
        std::fs::write(dir.join("atlas-admin.yaml"), edit(text)).unwrap();
        Scratch { dir }
    }

    fn edit_spec(&self, edit: impl Fn(String) -> String) {
        let path = self.dir.join("atlas-admin.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }

    fn run(&self, extra: &[&str]) -> Result<ExitCode, String> {
        let mut args: Vec<String> = vec![
            "--spec".into(),
            self.path("atlas-admin.yaml"),
            "--out".into(),
            self.path("out"),
            "--crate-name".into(),
            "atlas-admin".into(),
            "--report".into(),
            self.path("report.md"),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        xcodegen::run_inner(args)
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    fn read(&self, name: &str) -> String {
        read(&self.dir.join(name))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn renamed(text: String) -> String {
    text.replace(
        "operationId: listClusterRestoreJobs",
        "operationId: listGroupClusterRestoreJobs",
    )
}

#[test]
fn the_version_moves_only_with_bump_and_the_lock_with_it() {
    let scratch = Scratch::new("bump", renamed);
    let (settings, lock) = (
        scratch.read("codegen.toml"),
        scratch.read("atlas-admin.lock"),
    );

    assert_eq!(scratch.run(&[]), Ok(ExitCode::SUCCESS));
    assert!(
        scratch
            .read("report.md")
            .contains("proposed version **0.1.1**")
    );
    assert_eq!(scratch.read("codegen.toml"), settings, "never silently");
    // The same lock (its first line names the spec it was generated from).
    let parse = |text: &str| codegen::Lock::parse(text).unwrap();
    assert_eq!(parse(&scratch.read("atlas-admin.lock")), parse(&lock));
    assert!(
        scratch
            .read("out/Cargo.toml")
            .contains("\nversion = \"0.1.0\"\n")
    );

    assert_eq!(scratch.run(&["--bump"]), Ok(ExitCode::SUCCESS));
    let bumped = scratch.read("codegen.toml");
    assert_eq!(
        bumped,
        settings.replace("version = \"0.1.0\"", "version = \"0.1.1\"")
    );
    assert!(
        scratch
            .read("out/Cargo.toml")
            .contains("\nversion = \"0.1.1\"\n")
    );
    let lock = scratch.read("atlas-admin.lock");
    assert!(lock.contains("\nversion = \"0.1.1\"\n"), "{lock}");
    assert!(
        lock.contains(
            "aliases.listGroupClusterRestoreJobs = { type = \"ListGroupClusterRestoreJobs\""
        ),
        "{lock}"
    );

    // The lock now describes 0.1.1: nothing changed since.
    assert_eq!(scratch.run(&["--check"]), Ok(ExitCode::SUCCESS));
    assert!(
        scratch
            .read("report.md")
            .contains("No change to the public API")
    );
}

#[test]
fn a_version_too_small_for_the_changes_is_refused() {
    let property = "        encryptionEnabled:\n          type: boolean\n          readOnly: true\n          description: Whether the restored data is encrypted.\n";
    let scratch = Scratch::new("small", |text| text.replace(property, ""));
    let settings = scratch
        .read("codegen.toml")
        .replace("version = \"0.1.0\"", "version = \"0.1.1\"");
    std::fs::write(scratch.dir.join("codegen.toml"), settings).unwrap();
    let err = scratch.run(&[]).unwrap_err();
    assert!(
        err.contains("the configured version 0.1.1 is too small for a major change since 0.1.0: it needs 0.2.0 or later"),
        "{err}"
    );
    assert_eq!(scratch.run(&["--bump"]), Ok(ExitCode::SUCCESS));
    assert!(scratch.read("codegen.toml").contains("version = \"0.2.0\""));
}

#[test]
fn retired_names_stay_in_the_lock_until_pruned() {
    // Without `hashes`, nothing uses `RestoreJobFileHash` (and its enum) any more.
    let hashes = "        hashes:\n          type: array\n          readOnly: true\n          description: Checksums of the files this job delivers, one per file.\n          items:\n            $ref: \"#/components/schemas/RestoreJobFileHash\"\n";
    let scratch = Scratch::new("prune", |text| {
        assert!(text.contains(hashes));
        text.replace(hashes, "")
    });
    assert_eq!(scratch.run(&["--bump"]), Ok(ExitCode::SUCCESS));
    let report = scratch.read("report.md");
    assert!(
        report.contains("- type `RestoreJobFileHash`: type removed"),
        "{report}"
    );
    let lock = scratch.read("atlas-admin.lock");
    assert!(lock.contains("\nversion = \"0.2.0\"\n"), "{lock}");
    let retired = lock.split("[types.RestoreJobFileHash]").nth(1).unwrap();
    assert!(retired.contains("\nretired = true\n"), "{lock}");

    // The name comes back with the schema, and the report counts it as added again.
    scratch.edit_spec(|text| text.replace("        id:\n          type: string\n          pattern: ^([a-f0-9]{24})$\n          readOnly: true\n          description: Identifies this restore job.\n", &format!("{hashes}        id:\n          type: string\n          pattern: ^([a-f0-9]{{24}})$\n          readOnly: true\n          description: Identifies this restore job.\n")));
    assert_eq!(scratch.run(&[]), Ok(ExitCode::SUCCESS));
    assert!(
        scratch
            .read("report.md")
            .contains("- type `RestoreJobFileHash`: new struct")
    );
    scratch.edit_spec(|text| text.replace(hashes, ""));

    assert_eq!(scratch.run(&["--prune-lock"]), Ok(ExitCode::SUCCESS));
    let pruned = scratch.read("atlas-admin.lock");
    assert!(!pruned.contains("RestoreJobFileHash"), "{pruned}");
    assert!(pruned.contains("\nversion = \"0.2.0\"\n"));
}
