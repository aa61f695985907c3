//! `cargo xtask update-spec` on an upstream-shaped snapshot written for these tests
//! (`tests/fixtures/upstream/atlas-api-snapshot.yaml`): the operation of `spec/` is found
//! although upstream renamed it, the fragment holds it and exactly what it references, the
//! same snapshot always gives the same bytes, and the run regenerates and reports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_yaml::Value;
use xtask::update_spec;

fn root() -> PathBuf {
    xtask::codegen::workspace_root()
}

fn snapshot() -> PathBuf {
    root().join("tests/fixtures/upstream/atlas-api-snapshot.yaml")
}

fn project_spec() -> PathBuf {
    root().join("spec/atlas-admin.yaml")
}

fn keys(value: &Value, path: &[&str]) -> BTreeSet<String> {
    let mut at = value;
    for step in path {
        at = &at[*step];
    }
    at.as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-update-spec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_renamed_operation_is_selected_with_exactly_what_it_references() {
    let fragment = update_spec::select(&snapshot(), &project_spec()).unwrap();
    assert_eq!(
        fragment.operations,
        [(
            "listClusterRestoreJobs".to_owned(),
            "listGroupClusterRestoreJobs".to_owned()
        )]
    );
    let doc: Value = serde_yaml::from_str(&fragment.text).unwrap();
    let path = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/restoreJobs";
    assert_eq!(keys(&doc, &["paths"]), BTreeSet::from([path.to_owned()]));
    // The POST on the same path is another operation, not named in the settings.
    assert_eq!(
        keys(&doc["paths"], &[path]),
        BTreeSet::from(["get".to_owned()])
    );
    let get = &doc["paths"][path]["get"];
    assert_eq!(get["operationId"], "listGroupClusterRestoreJobs");
    assert_eq!(get["x-sunset"], "2026-11-30", "extensions are kept");
    let strings = |items: &[&str]| {
        items
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        keys(&doc, &["components", "schemas"]),
        strings(&[
            "ApiBSONTimestampView",
            "ApiError",
            "BackupRestoreJob",
            "BackupRestoreJobDelivery",
            "BadRequestDetail",
            "FieldViolation",
            "Link",
            "PaginatedLegacyRestoreJobView",
            "RestoreJobFileHash",
        ])
    );
    assert_eq!(
        keys(&doc, &["components", "responses"]),
        strings(&[
            "badRequest",
            "forbidden",
            "internalServerError",
            "notFound",
            "tooManyRequests",
            "unauthorized"
        ])
    );
    assert_eq!(
        keys(&doc, &["components", "parameters"]),
        strings(&[
            "envelope",
            "groupId",
            "includeCount",
            "itemsPerPage",
            "pageNum",
            "pretty"
        ])
    );
    assert_eq!(
        keys(&doc, &["components", "securitySchemes"]),
        strings(&["DigestAuth", "ServiceAccounts"])
    );
    let tags: Vec<&str> = doc["tags"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["Legacy Backup"]);
}

#[test]
fn the_same_snapshot_gives_the_same_bytes_and_a_fragment_selects_itself() {
    let first = update_spec::select(&snapshot(), &project_spec()).unwrap();
    let second = update_spec::select(&snapshot(), &project_spec()).unwrap();
    assert_eq!(first, second);

    // Selecting again from the fragment changes nothing: the closure is complete.
    let dir = scratch("again");
    let again = dir.join("atlas-api-snapshot.yaml");
    std::fs::write(&again, &first.text).unwrap();
    let third = update_spec::select(&again, &project_spec()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(third.text, first.text);
}

#[test]
fn an_operation_missing_from_the_snapshot_is_named() {
    let text = std::fs::read_to_string(snapshot()).unwrap();
    let mut doc: Value = serde_yaml::from_str(&text).unwrap();
    doc["paths"]
        .as_mapping_mut()
        .unwrap()
        .remove("/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/restoreJobs");
    let dir = scratch("missing");
    let file = dir.join("without.yaml");
    std::fs::write(&file, serde_yaml::to_string(&doc).unwrap()).unwrap();
    let err = update_spec::select(&file, &project_spec()).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(err.starts_with("without.yaml: #/paths: "), "{err}");
    assert!(err.contains("`listClusterRestoreJobs`"), "{err}");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn into_a_scratch_folder_it_regenerates_and_reports_leaving_the_project_alone() {
    let before = read(&project_spec());
    let dir = scratch("into");
    let report = dir.join("report.md");
    let snapshot = snapshot();
    let args = [
        "--from",
        snapshot.to_str().unwrap(),
        "--into",
        dir.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ];
    update_spec::update_with(args.iter().map(|s| (*s).to_owned()).collect()).unwrap();
    assert_eq!(read(&project_spec()), before, "spec/ is untouched");

    let fragment = read(&dir.join("spec/atlas-admin.yaml"));
    assert!(fragment.contains("operationId: listGroupClusterRestoreJobs"));
    let operations = read(&dir.join("generated/src/operations/mod.rs"));
    assert!(operations.contains("pub type ListGroupClusterRestoreJobs = ListClusterRestoreJobs;"));
    let models = read(&dir.join("generated/src/models/mod.rs"));
    assert!(models.contains("pub type PaginatedLegacyRestoreJobView = PaginatedRestoreJobView;"));

    let report = read(&report);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        report.contains("**minor (additive changes only)**: proposed version **0.1.1**"),
        "{report}"
    );
    assert!(
        report
            .contains("- operation `listClusterRestoreJobs` is now `listGroupClusterRestoreJobs`"),
        "{report}"
    );
    assert!(
        report
            .contains("- schema `PaginatedRestoreJobView` is now `PaginatedLegacyRestoreJobView`"),
        "{report}"
    );
    assert!(
        report.contains("new optional field `restore_finished_date: Option<Lenient<Timestamp>>`"),
        "{report}"
    );
    assert!(
        report.contains("new documented error response `429`"),
        "{report}"
    );
    assert!(!report.contains("### Breaking"), "{report}");
}
