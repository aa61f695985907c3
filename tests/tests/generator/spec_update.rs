//! Spec updates. A rehearsed one: the fragment as the 2024-11-19 snapshot shaped it, then as it
//! is today; the generated code must change exactly as the spec change implies (401/403 handled
//! as documented errors; the length bounds unset in `GroupId` and gone from the `--group-id`
//! help) and nowhere else, and the change report says so (under snapshot). And the cases of
//! `tests/spec-updates/`: each overlay applies and the result generates, the change report gives
//! the verdict each case expects (cargo-semver-checks' verdicts come from
//! `scripts/semver/check.sh`), and the structural facts the verdicts rest on hold.

use std::collections::{BTreeMap, BTreeSet};

use atlas_admin_tests::fixtures::{ATLAS_CONFIG, ATLAS_SPEC};
use codegen::lock::Lock;
use codegen::surface::{Report, Severity};
use codegen::version::Bump;
use codegen::{Config, Options};
use xtask::codegen::workspace_root;
use xtask::spec_update;

fn options() -> Options {
    let config = Config::from_toml(ATLAS_CONFIG).unwrap();
    Options {
        crate_name: "atlas-admin".into(),
        spec_label: "spec/atlas-admin.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: false,
        config,
        today: None,
    }
}

fn generate(spec: &str) -> BTreeMap<String, String> {
    codegen::generate(spec, &options()).unwrap().files
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
    let old = generate(include_str!("../../fixtures/atlas-admin-2024-11-19.yaml"));
    let new = generate(ATLAS_SPEC);

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
        removed[0].replace(
            "\\nAt least 24 characters (Unicode code points).\\nAt most 24 characters (Unicode code points).",
            ""
        ),
        added[0]
    );
    assert!(added[0].contains("Pattern (ECMA-262): `^([a-f0-9]{24})$`."));

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
            "pub const MIN_LENGTH: Option<usize> = None;",
            "pub const MAX_LENGTH: Option<usize> = None;",
            r#"panic!("groupId: the literal does not match ^([a-f0-9]{{24}})$");"#
        ]
    );
    let removed = removed.join("\n");
    for gone in [
        "MIN_LENGTH: Option<usize> = Some(24)",
        "MAX_LENGTH: Option<usize> = Some(24)",
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

/// The crate of `spec` with the names `lock` keeps, and its public API.
fn locked_run(spec: &str, lock: Option<&Lock>) -> codegen::LockedRun {
    codegen::generate_locked(spec, &options(), lock, &mut Default::default()).unwrap()
}

/// The committed lock: the API of the crate as it ships.
fn shipped() -> Lock {
    Lock::parse(include_str!("../../../spec/atlas-admin.lock")).unwrap()
}

fn report(lock: &Lock, run: &codegen::LockedRun) -> Report {
    let notes = run.notes.iter().map(ToString::to_string).collect();
    Report::new("atlas-admin", lock.version, &lock.api, &run.surface, notes)
}

#[test]
fn update_from_2024_11_19_is_a_minor_change() {
    let old = locked_run(
        include_str!("../../fixtures/atlas-admin-2024-11-19.yaml"),
        None,
    );
    let lock = Lock {
        version: "0.1.0".parse().unwrap(),
        api: old.surface,
    };
    let new = locked_run(ATLAS_SPEC, Some(&lock));
    let report = report(&lock, &new);
    assert_eq!(report.bump(), Bump::Minor);
    insta::assert_snapshot!(report.markdown());
}

#[test]
fn the_committed_lock_is_todays_api() {
    let lock = shipped();
    let run = locked_run(ATLAS_SPEC, Some(&lock));
    assert!(run.notes.is_empty(), "{:?}", run.notes);
    assert_eq!(run.surface, lock.api.live());
    assert_eq!(report(&lock, &run).bump(), Bump::None);
}

/// The fragment with a case's overlay applied.
fn case_spec(name: &str) -> String {
    let overlay = spec_update::cases_dir().join(name).join("overlay.yaml");
    let base = std::fs::read_to_string(workspace_root().join("spec/atlas-admin.yaml")).unwrap();
    spec_update::apply_file(&base, &overlay).unwrap()
}

/// A case's crate, with the names the committed lock keeps (as `cargo xtask codegen
/// --overlay` and the compile test's crates are made), and its change report.
fn case_run(name: &str) -> (codegen::LockedRun, Report) {
    let lock = shipped();
    let run = locked_run(&case_spec(name), Some(&lock));
    let report = report(&lock, &run);
    (run, report)
}

fn case_files(name: &str) -> BTreeMap<String, String> {
    case_run(name).0.generated.files
}

#[test]
fn every_case_reads_and_its_overlay_applies() {
    let cases = spec_update::cases().unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for expected in ["additive", "remove-property", "rename"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    for case in &cases {
        assert!(!case.description.is_empty(), "{}", case.name);
        assert!(!case_files(&case.name).is_empty(), "{}", case.name);
    }
    let expect = |name: &str| cases.iter().find(|c| c.name == name).unwrap().expect;
    assert_eq!(expect("additive"), Bump::Minor);
    assert_eq!(expect("remove-property"), Bump::Major);
    assert_eq!(expect("rename"), Bump::Minor);
}

/// The change report's verdict on every case is the bump the case expects (the verdict of
/// cargo-semver-checks on the same cases comes from `scripts/semver/check.sh`).
#[test]
fn the_report_gives_every_case_its_expected_bump() {
    for case in spec_update::cases().unwrap() {
        let (run, report) = case_run(&case.name);
        assert!(run.notes.is_empty(), "{}: {:?}", case.name, run.notes);
        assert_eq!(
            report.bump(),
            case.expect,
            "{}:\n{}",
            case.name,
            report.markdown()
        );
    }
}

/// The changes of a report: (severity, item, what).
fn changes(report: &Report) -> Vec<(Severity, &str, &str)> {
    report
        .changes
        .iter()
        .map(|c| (c.severity, c.item.as_str(), c.what.as_str()))
        .collect()
}

#[test]
fn the_additive_case_is_minor_with_each_addition_listed() {
    let (_, report) = case_run("additive");
    assert_eq!(report.bump(), Bump::Minor, "{}", report.markdown());
    assert_eq!(report.proposed().to_string(), "0.1.1");
    assert!(report.renames.is_empty(), "{}", report.markdown());
    let changes = changes(&report);
    for (item, what) in [
        (
            "field `BackupRestoreJob.requested_by` (`requestedBy`)",
            "new optional field `requested_by: Option<String>`",
        ),
        (
            "enum `BackupRestoreJobStatusName`",
            "new value `QUEUED` (variant `Queued`)",
        ),
    ] {
        assert!(
            changes.contains(&(Severity::Additive, item, what)),
            "{item}: {what} not in\n{}",
            report.markdown()
        );
    }
    assert!(
        changes
            .iter()
            .any(|(severity, item, what)| *severity == Severity::Additive
                && item.contains("`snapshotId`")
                && what.starts_with("new optional query parameter")),
        "{}",
        report.markdown()
    );
    assert!(
        changes
            .iter()
            .all(|(severity, ..)| *severity != Severity::Breaking),
        "{}",
        report.markdown()
    );
}

#[test]
fn the_removal_case_is_major_and_names_the_field() {
    let (_, report) = case_run("remove-property");
    assert_eq!(report.bump(), Bump::Major);
    assert_eq!(report.proposed().to_string(), "0.2.0");
    assert_eq!(
        changes(&report),
        [(
            Severity::Breaking,
            "field `BackupRestoreJob.cluster_name` (`clusterName`)",
            "field removed"
        )],
        "{}",
        report.markdown()
    );
}

/// The operation upstream now calls `listGroupClusterRestoreJobs`, with its page schema
/// renamed (same shape): the crate keeps every name it shipped and adds the new ones, and the
/// report says minor and lists both renames.
#[test]
fn the_rename_case_is_minor_keeps_the_shipped_names_and_adds_the_new_ones() {
    let (run, report) = case_run("rename");
    assert!(run.notes.is_empty(), "{:?}", run.notes);
    assert_eq!(report.bump(), Bump::Minor, "{}", report.markdown());
    let renames: Vec<(&str, &str)> = report
        .renames
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        renames,
        [
            ("listClusterRestoreJobs", "listGroupClusterRestoreJobs"),
            ("PaginatedRestoreJobView", "PaginatedLegacyRestoreJobView")
        ]
    );
    let markdown = report.markdown();
    for name in [
        "listGroupClusterRestoreJobs",
        "PaginatedLegacyRestoreJobView",
    ] {
        assert!(markdown.contains(name), "{name} not in\n{markdown}");
    }

    // Every shipped file is still there; the module files only gain the new names.
    let old = generate(ATLAS_SPEC);
    let new = run.generated.files;
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    let (removed, added) = changed_lines(&old["src/models/mod.rs"], &new["src/models/mod.rs"]);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(
        added.contains(
            &"pub type PaginatedLegacyRestoreJobView = PaginatedRestoreJobView;".to_owned()
        ),
        "{added:?}"
    );
    let (removed, added) =
        changed_lines(&old["src/operations/mod.rs"], &new["src/operations/mod.rs"]);
    assert!(removed.is_empty(), "{removed:?}");
    for item in [
        "pub type ListGroupClusterRestoreJobs = ListClusterRestoreJobs;",
        "pub type ListGroupClusterRestoreJobsRequest<'c> = ListClusterRestoreJobsRequest<'c>;",
        "pub fn list_group_cluster_restore_jobs(",
    ] {
        assert!(added.contains(&item.to_owned()), "{item} not in {added:?}");
    }
    let (_, added) = changed_lines(
        &old["src/cli/legacy_backup.rs"],
        &new["src/cli/legacy_backup.rs"],
    );
    // The command answers to its upstream name too, as this tool and the Atlas CLI spell it
    // (in added lines, however the alias list is laid out).
    for alias in [
        "\"list-group-cluster-restore-jobs\"",
        "\"listGroupClusterRestoreJobs\"",
    ] {
        assert!(
            added.iter().any(|line| line.contains(alias)),
            "{alias} not in {added:?}"
        );
    }
    let changed: Vec<&String> = new.keys().filter(|p| old[*p] != new[*p]).collect();
    assert_eq!(
        changed,
        [
            "src/cli/legacy_backup.rs",
            "src/models/mod.rs",
            "src/models/paginated_restore_job_view.rs",
            "src/operations/list_cluster_restore_jobs.rs",
            "src/operations/mod.rs"
        ]
    );
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

/// Every file of the shipped crate is in `case`, with every public name it declared.
fn keeps_every_public_name(base: &BTreeMap<String, String>, case: &BTreeMap<String, String>) {
    for (path, text) in base {
        let Some(after) = case.get(path) else {
            panic!("{path} is gone");
        };
        let after = public_names(after);
        for name in public_names(text) {
            assert!(after.contains(&name), "{path}: `{name}` is gone");
        }
    }
}

#[test]
fn the_additive_case_only_adds() {
    let base = generate(ATLAS_SPEC);
    let case = case_files("additive");
    keeps_every_public_name(&base, &case);
    let job = public_names(&case["src/models/backup_restore_job.rs"]);
    assert!(job.contains(&"field requested_by".to_owned()), "{job:?}");
    assert!(job.contains(&"fn with_requested_by".to_owned()), "{job:?}");
    let status = public_names(&case["src/models/backup_restore_job_status_name.rs"]);
    assert!(status.contains(&"variant Queued".to_owned()), "{status:?}");
    assert!(case.contains_key("src/params/snapshot_id.rs"));
}

#[test]
fn the_rename_case_only_adds() {
    let base = generate(ATLAS_SPEC);
    keeps_every_public_name(&base, &case_files("rename"));
}

#[test]
fn the_removal_case_takes_the_field_away() {
    let before = public_names(&generate(ATLAS_SPEC)["src/models/backup_restore_job.rs"]);
    let after = public_names(&case_files("remove-property")["src/models/backup_restore_job.rs"]);
    for gone in ["field cluster_name", "fn with_cluster_name"] {
        assert!(before.contains(&gone.to_owned()), "{before:?}");
        assert!(!after.contains(&gone.to_owned()), "{after:?}");
    }
}
