//! Spec updates. A rehearsed one: the fragment as the 2024-11-19 snapshot shaped it, then as it
//! is today; the generated code must change exactly as the spec change implies (401/403 handled
//! as documented errors; the length bounds unset in `GroupId` and gone from the `--group-id`
//! help) and nowhere else. And the cases of `tests/spec-updates/`: each overlay applies and the
//! result generates; their semver verdicts come from `scripts/semver/check.sh`, here are the
//! cheap structural facts the verdicts rest on.

use std::collections::{BTreeMap, BTreeSet};

use codegen::{Config, Options};
use xtask::codegen::workspace_root;
use xtask::spec_update::{self, Bump};

fn generate(spec: &str) -> BTreeMap<String, String> {
    let config = Config::from_toml(include_str!("../../spec/codegen.toml")).unwrap();
    let options = Options {
        crate_name: "atlas-admin".into(),
        spec_label: "spec/atlas-admin.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: false,
        config,
        today: None,
    };
    codegen::generate(spec, &options).unwrap().files
}

/// Lines only in `old`, and lines only in `new`, of one file.
fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        let line = change.value().trim().to_owned();
        match change.tag() {
            similar::ChangeTag::Delete => removed.push(line),
            similar::ChangeTag::Insert => added.push(line),
            similar::ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

#[test]
fn update_from_2024_11_19_changes_only_what_the_spec_changed() {
    let old = generate(include_str!("../fixtures/atlas-admin-2024-11-19.yaml"));
    let new = generate(include_str!("../../spec/atlas-admin.yaml"));

    // The length rules needed the code-point counter; nothing else uses it.
    let old_files: BTreeSet<_> = old.keys().collect();
    let new_files: BTreeSet<_> = new.keys().collect();
    let gone: Vec<_> = old_files.difference(&new_files).collect();
    let added: Vec<_> = new_files.difference(&old_files).collect();
    assert_eq!(gone, [&&"src/validate.rs".to_owned()]);
    assert!(added.is_empty(), "{added:?}");

    let changed: Vec<&String> = new
        .keys()
        .filter(|p| old.get(*p).is_some_and(|o| o != &new[*p]))
        .collect();
    assert_eq!(
        changed,
        [
            "src/cli/legacy_backup.rs",
            "src/lib.rs",
            "src/operations/list_cluster_restore_jobs.rs",
            "src/params/group_id.rs"
        ]
    );

    // The `--group-id` help loses the length rules and keeps the pattern.
    let (removed, added) = changed_lines(
        &old["src/cli/legacy_backup.rs"],
        &new["src/cli/legacy_backup.rs"],
    );
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(
        removed[0].replace("\\nMinimum length: 24.\\nMaximum length: 24.", ""),
        added[0]
    );
    assert!(added[0].contains("Pattern: `^([a-f0-9]{24})$`."));

    let (removed, added) = changed_lines(&old["src/lib.rs"], &new["src/lib.rs"]);
    assert_eq!(removed, ["mod validate;"]);
    assert!(added.is_empty(), "{added:?}");

    let (removed, added) = changed_lines(
        &old["src/operations/list_cluster_restore_jobs.rs"],
        &new["src/operations/list_cluster_restore_jobs.rs"],
    );
    assert_eq!(removed, ["errors: &[400, 404, 500],"]);
    assert_eq!(added, ["errors: &[400, 401, 403, 404, 500],"]);

    let (removed, added) = changed_lines(
        &old["src/params/group_id.rs"],
        &new["src/params/group_id.rs"],
    );
    // The length constants stay, now unset (removing them would break users for a loosened
    // rule); the literal check's message loses the length rules; nothing else is added.
    assert_eq!(
        added,
        [
            "pub const MIN_LENGTH: ::std::option::Option<usize> = ::std::option::Option::None;",
            "pub const MAX_LENGTH: ::std::option::Option<usize> = ::std::option::Option::None;",
            r#"panic!("groupId: the literal does not match ^([a-f0-9]{{24}})$");"#
        ]
    );
    let removed = removed.join("\n");
    for gone in [
        "MIN_LENGTH: ::std::option::Option<usize> = ::std::option::Option::Some(24)",
        "MAX_LENGTH: ::std::option::Option<usize> = ::std::option::Option::Some(24)",
        "At least 24 characters",
        "At most 24 characters",
        "is shorter than 24",
    ] {
        assert!(removed.contains(gone), "{gone} should be gone:\n{removed}");
    }
    assert!(
        !removed.contains("PATTERN"),
        "the pattern stays:\n{removed}"
    );
}

fn case_files(name: &str) -> BTreeMap<String, String> {
    let overlay = spec_update::cases_dir().join(name).join("overlay.yaml");
    let base = std::fs::read_to_string(workspace_root().join("spec/atlas-admin.yaml")).unwrap();
    generate(&spec_update::apply_file(&base, &overlay).unwrap())
}

#[test]
fn every_case_reads_and_its_overlay_applies() {
    let cases = spec_update::cases().unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for expected in ["additive", "remove-property"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    for case in &cases {
        assert!(!case.description.is_empty(), "{}", case.name);
        assert!(!case_files(&case.name).is_empty(), "{}", case.name);
    }
    let expect = |name: &str| cases.iter().find(|c| c.name == name).unwrap().expect;
    assert_eq!(expect("additive"), Bump::Minor);
    assert_eq!(expect("remove-property"), Bump::Major);
}

/// The public names a file declares: items (`pub fn new`), fields (`pub name:`) and variants
/// (of the public enums, every variant is public).
fn public_names(text: &str) -> Vec<String> {
    let item = regex::Regex::new(
        r"pub (?:const |async )?(fn|struct|enum|const|type|mod|use) +([^\s(<:=;]+)",
    )
    .unwrap();
    let field = regex::Regex::new(r"^\s*pub ([a-z_#0-9]+):").unwrap();
    let variant = regex::Regex::new(r"^    ([A-Z][A-Za-z0-9]*)[,(]").unwrap();
    text.lines()
        .flat_map(|line| {
            let items = item
                .captures_iter(line)
                .map(|c| format!("{} {}", &c[1], &c[2]));
            let fields = field.captures(line).map(|c| format!("field {}", &c[1]));
            let variants = variant.captures(line).map(|c| format!("variant {}", &c[1]));
            items.chain(fields).chain(variants).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_additive_case_only_adds() {
    let base = generate(include_str!("../../spec/atlas-admin.yaml"));
    let case = case_files("additive");
    // Every file stays, and every public name in it: additions only.
    for (path, text) in &base {
        let Some(after) = case.get(path) else {
            panic!("{path} is gone");
        };
        let after = public_names(after);
        for name in public_names(text) {
            assert!(after.contains(&name), "{path}: `{name}` is gone");
        }
    }
    let job = public_names(&case["src/models/backup_restore_job.rs"]);
    assert!(job.contains(&"field requested_by".to_owned()), "{job:?}");
    assert!(job.contains(&"fn with_requested_by".to_owned()), "{job:?}");
    let status = public_names(&case["src/models/backup_restore_job_status_name.rs"]);
    assert!(status.contains(&"variant Queued".to_owned()), "{status:?}");
    assert!(case.contains_key("src/params/snapshot_id.rs"));
}

#[test]
fn the_removal_case_takes_the_field_away() {
    let before = public_names(
        &generate(include_str!("../../spec/atlas-admin.yaml"))["src/models/backup_restore_job.rs"],
    );
    let after = public_names(&case_files("remove-property")["src/models/backup_restore_job.rs"]);
    for gone in ["field cluster_name", "fn with_cluster_name"] {
        assert!(before.contains(&gone.to_owned()), "{before:?}");
        assert!(!after.contains(&gone.to_owned()), "{after:?}");
    }
}
