//! A rehearsed spec update: the fragment as the 2024-11-19 snapshot shaped it, then as it is
//! today. The generated code must change exactly as the spec change implies (401/403 handled
//! as documented errors; the length bounds gone from `GroupId` and from the `--group-id` help)
//! and nowhere else.

use std::collections::{BTreeMap, BTreeSet};

use codegen::{Config, Options};

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
    // The literal check's message loses the length rules; nothing else is added.
    assert_eq!(
        added,
        [r#"panic!("groupId: the literal does not match ^([a-f0-9]{{24}})$");"#]
    );
    let removed = removed.join("\n");
    for gone in [
        "MIN_LENGTH",
        "MAX_LENGTH",
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
