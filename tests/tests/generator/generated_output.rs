//! What the generator makes of `spec/` and of the construct specs: the committed crates up to
//! date (so stale generated code fails a plain `cargo test`), and what `spec/` generates under
//! snapshot (so a reviewer sees each change).

use std::collections::{BTreeMap, BTreeSet};

use xtask::codegen::{self, Target};

fn generate(target: &Target) -> BTreeMap<String, String> {
    let args = codegen::parse_args(vec![]).unwrap();
    let config = target.config(&args).unwrap();
    target
        .generate(config, &mut codegen::Timings::default())
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", target.out.display()))
        .files
}

#[test]
fn committed_crates_are_fresh() {
    let mut stale = Vec::new();
    for target in codegen::project_targets() {
        stale.extend(codegen::stale_files(&target.out, &generate(&target)));
    }
    assert!(
        stale.is_empty(),
        "{}\ngenerated code is stale: run `cargo xtask codegen` and commit the result",
        stale.join("\n")
    );
}

/// The crate generated from `spec/`, file by file, as a reviewer reads a spec update: every
/// file the spec shapes is under snapshot. The support files shipped verbatim are not (they are
/// `generator/runtime/`'s, the same for every spec), nor are the construct crates: committed
/// and kept fresh above, they are their own one copy, reviewed in their diff.
#[test]
fn every_file_generated_from_spec_is_under_snapshot() {
    let root = codegen::workspace_root();
    let target = codegen::project_targets()
        .into_iter()
        .find(|t| t.out == root.join("generated"))
        .expect("spec/ is a target");
    let mut asserted = BTreeSet::new();
    for (path, text) in generate(&target) {
        // Shipped verbatim: after the `@generated` header, the support file's source up to its
        // unit tests.
        let body = text
            .split_once("\n\n")
            .map_or(text.as_str(), |(_, body)| body);
        let support_file = path.strip_prefix("src/").is_some_and(|p| {
            std::fs::read_to_string(root.join("generator/runtime").join(p))
                .is_ok_and(|source| source.starts_with(body))
        });
        if support_file {
            continue;
        }
        let name = format!("{}__{}", target.crate_name, path.replace('/', "__"));
        insta::with_settings!({ snapshot_path => "snapshots/generated", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name.as_str(), text);
        });
        asserted.insert(format!("{name}.snap"));
    }
    // A snapshot nothing asserts (of a file no longer generated, or a second copy of a
    // committed file) would only mislead a reviewer.
    let folder = root.join("tests/tests/generator/snapshots/generated");
    let mut unasserted: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap") && !asserted.contains(name))
        .collect();
    unasserted.sort();
    assert!(
        unasserted.is_empty(),
        "snapshots no test asserts, to delete from {}:\n{}",
        folder.display(),
        unasserted.join("\n")
    );
}

/// What each construct spec costs: every construct left out or degraded, with its pointer and
/// what was done, and the operations generated and skipped.
#[test]
fn construct_spec_warnings_are_under_snapshot() {
    let args = codegen::parse_args(vec![]).unwrap();
    // A spec-update case is the main spec with an overlay; its report is not a construct's.
    for target in codegen::project_targets()
        .into_iter()
        .filter(|t| t.overlay.is_none())
    {
        let config = target.config(&args).unwrap();
        let output = target
            .generate(config, &mut codegen::Timings::default())
            .unwrap();
        let spec = target.spec.file_name().unwrap().to_string_lossy();
        let name = format!("warnings__{}", target.crate_name);
        // A past sunset's warning names the day of the run; the snapshot must not.
        let report = output.report(&spec).replace(&codegen::today(), "<today>");
        insta::assert_snapshot!(name, report);
    }
}

/// A spec without operations has nothing to send: its crate is the models alone, without the
/// request plumbing, the client, their features or their dependencies.
#[test]
fn only_a_crate_with_operations_carries_the_client() {
    let mut seen = [false, false];
    for target in codegen::project_targets()
        .into_iter()
        .filter(|t| t.overlay.is_none())
    {
        let files = generate(&target);
        let operations = files
            .keys()
            .any(|p| p.starts_with("src/operations/") && p != "src/operations/mod.rs");
        seen[usize::from(operations)] = true;
        let name = &target.crate_name;
        for path in [
            "src/client/mod.rs",
            "src/request.rs",
            "src/response.rs",
            "src/error.rs",
            "src/operations/mod.rs",
        ] {
            assert_eq!(files.contains_key(path), operations, "{name}: {path}");
        }
        let manifest: toml::Table = files["Cargo.toml"].parse().unwrap();
        let dependencies = manifest["dependencies"].as_table().unwrap();
        for dependency in ["http", "hyper", "tokio", "ring", "serde_path_to_error"] {
            assert_eq!(
                dependencies.contains_key(dependency),
                operations,
                "{name}: {dependency}"
            );
        }
        assert_eq!(manifest.contains_key("features"), operations, "{name}");
        let lib = &files["src/lib.rs"];
        assert_eq!(
            lib.contains("pub use request::BaseUrl;"),
            operations,
            "{name}"
        );
    }
    assert_eq!(seen, [true, true], "specs with and without operations");
}

#[test]
fn generation_is_deterministic() {
    let target = &codegen::project_targets()[0];
    assert_eq!(generate(target), generate(target));
}

#[test]
fn check_names_every_stale_missing_and_extra_file() {
    let target = &codegen::project_targets()[0];
    let files = generate(target);
    let dir = std::env::temp_dir().join(format!("atlas-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in &files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    assert!(
        codegen::stale_files(&dir, &files).is_empty(),
        "a fresh copy is up to date"
    );

    let edited = dir.join("src/models/link.rs");
    std::fs::write(&edited, "// edited by hand\n").unwrap();
    std::fs::remove_file(dir.join("src/params/group_id.rs")).unwrap();
    std::fs::write(dir.join("src/models/leftover.rs"), "").unwrap();
    let problems = codegen::stale_files(&dir, &files);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].starts_with("stale: ") && problems[0].ends_with("src/models/link.rs"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("missing: ") && problems[1].ends_with("src/params/group_id.rs"),
        "{problems:?}"
    );
    assert!(
        problems[2].starts_with("extra: ") && problems[2].ends_with("src/models/leftover.rs"),
        "{problems:?}"
    );
}
