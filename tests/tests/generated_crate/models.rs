//! The generated models read real Atlas responses: the seed's example page, values the spec
//! does not know yet, malformed bodies, and secrets kept out of `Debug`.
#![allow(deprecated)]

use atlas_admin::models::{
    ApiError, BackupRestoreJob, BackupRestoreJobDelivery, BackupRestoreJobDeliveryMethodName,
    BackupRestoreJobDeliveryStatusName, BackupRestoreJobStatusName, Link, PaginatedRestoreJobView,
    RestoreJobFileHashTypeName,
};
use atlas_admin_tests::fixtures::SEED_PAGE;
use serde_json::{Value, json};

fn seed_page() -> PaginatedRestoreJobView {
    serde_json::from_str(SEED_PAGE).expect("the seed's example decodes")
}

#[test]
fn seed_example_decodes_field_by_field() {
    let page = seed_page();
    assert_eq!(page.total_count, Some(42));
    let links = page.links.as_ref().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].href.as_deref(),
        Some("https://cloud.mongodb.com/api/atlas")
    );
    assert_eq!(links[0].rel.as_deref(), Some("self"));

    let results = page.results.as_ref().unwrap();
    assert_eq!(results.len(), 1);
    let job = &results[0];
    let id = Some("32b6e34b3d91647abb20e7b8");
    assert_eq!(job.batch_id.as_deref(), id);
    assert_eq!(job.cluster_id.as_deref(), id);
    assert_eq!(job.group_id.as_deref(), id);
    assert_eq!(job.id.as_deref(), id);
    assert_eq!(job.snapshot_id.as_deref(), id);
    assert_eq!(job.cluster_name.as_deref(), Some("string"));
    let may_4: jiff::Timestamp = "2025-05-04T09:42:00Z".parse().unwrap();
    assert_eq!(job.created.as_ref().unwrap().get(), Some(may_4));
    assert_eq!(job.encryption_enabled, Some(true));
    assert_eq!(
        job.status_name,
        Some(BackupRestoreJobStatusName::InProgress)
    );
    // The example's placeholder is not a UUID: it is kept as sent, not rejected.
    let key = job.master_key_uuid.as_ref().unwrap();
    assert_eq!(key.get(), None);
    assert_eq!(key.as_str(), "string");
    // Write-only properties are never in responses.
    assert_eq!(job.checkpoint_id, None);
    assert_eq!(job.oplog_inc, None);
    assert_eq!(job.oplog_ts, None);
    assert_eq!(job.point_in_time_utc_millis, None);

    let delivery = &job.delivery;
    assert_eq!(delivery.auth_header.as_deref(), Some("string"));
    assert_eq!(delivery.auth_value.as_deref(), Some("string"));
    assert_eq!(delivery.expiration_hours, Some(42));
    assert_eq!(delivery.expires.as_ref().unwrap().get(), Some(may_4));
    assert_eq!(delivery.max_downloads, Some(42));
    assert_eq!(
        delivery.method_name,
        BackupRestoreJobDeliveryMethodName::ClientPitHttp
    );
    assert_eq!(
        delivery.status_name,
        Some(BackupRestoreJobDeliveryStatusName::NotStarted)
    );
    assert_eq!(delivery.target_cluster_id.as_deref(), id);
    assert_eq!(delivery.target_cluster_name.as_deref(), Some("string"));
    assert_eq!(delivery.target_group_id.as_deref(), id);
    assert_eq!(delivery.url.as_deref(), Some("string"));
    assert_eq!(delivery.url_v2.as_deref(), Some("string"));

    let hashes = job.hashes.as_ref().unwrap();
    assert_eq!(hashes[0].file_name.as_deref(), Some("string"));
    assert_eq!(hashes[0].hash.as_deref(), Some("string"));
    assert_eq!(hashes[0].type_name, Some(RestoreJobFileHashTypeName::Sha1));
    assert_eq!(
        hashes[0].links.as_ref().unwrap()[0].rel.as_deref(),
        Some("self")
    );
    assert_eq!(job.links.as_ref().unwrap().len(), 1);

    let timestamp = job.timestamp.as_ref().unwrap();
    assert_eq!(timestamp.date.as_ref().unwrap().get(), Some(may_4));
    assert_eq!(timestamp.increment, Some(1199145600));
}

#[test]
fn seed_example_round_trips_to_equal_json() {
    let original: Value = serde_json::from_str(SEED_PAGE).unwrap();
    let written = serde_json::to_value(seed_page()).unwrap();
    assert_eq!(written, original);
}

#[test]
fn top_level_must_be_an_object() {
    for body in ["[]", "null", "42", "\"page\""] {
        let response = http::Response::builder()
            .status(200)
            .header("content-type", "application/vnd.atlas.2023-01-01+json")
            .body(body)
            .unwrap();
        let result = atlas_admin::ListClusterRestoreJobs::parse_response(response);
        assert!(result.is_err(), "{body} must not decode as a page");
    }
    for body in ["null", "42", "\"page\""] {
        assert!(
            serde_json::from_str::<PaginatedRestoreJobView>(body).is_err(),
            "{body}"
        );
    }
}

fn job_with(delivery: Value, status: Value) -> Value {
    json!({ "delivery": delivery, "statusName": status })
}

#[test]
fn unknown_enum_values_are_kept_and_round_trip() {
    let body = job_with(json!({ "methodName": "TELEPORT" }), json!("SOMETHING_NEW"));
    let mut body = body;
    body["newField"] = json!(1);
    let job: BackupRestoreJob = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        job.delivery.method_name,
        BackupRestoreJobDeliveryMethodName::Unknown("TELEPORT".into())
    );
    assert!(job.delivery.method_name.is_unknown());
    assert_eq!(job.delivery.method_name.as_str(), "TELEPORT");
    assert_eq!(
        job.status_name.as_ref().unwrap().to_string(),
        "SOMETHING_NEW"
    );
    let written = serde_json::to_value(&job).unwrap();
    // The unknown member is ignored (forward compatibility), everything else is kept.
    body.as_object_mut().unwrap().remove("newField");
    assert_eq!(written, body);
}

#[test]
fn enum_helpers_agree() {
    for known in BackupRestoreJobStatusName::KNOWN {
        let parsed: BackupRestoreJobStatusName = known.as_str().parse().unwrap();
        assert_eq!(&parsed, known);
        assert!(!parsed.is_unknown());
    }
}

#[test]
fn errors_name_the_field_path() {
    let missing = r#"{"results": [{"statusName": "KILLED"}]}"#;
    let mut de = serde_json::Deserializer::from_str(missing);
    let err = serde_path_to_error::deserialize::<_, PaginatedRestoreJobView>(&mut de).unwrap_err();
    assert_eq!(err.path().to_string(), "results[0]");
    assert!(
        err.inner().to_string().contains("missing field `delivery`"),
        "{err}"
    );

    let wrong = r#"{"totalCount": "many"}"#;
    let mut de = serde_json::Deserializer::from_str(wrong);
    let err = serde_path_to_error::deserialize::<_, PaginatedRestoreJobView>(&mut de).unwrap_err();
    assert_eq!(err.path().to_string(), "totalCount");
}

#[test]
fn secrets_do_not_show_in_debug() {
    let body = job_with(
        json!({ "methodName": "HTTP", "authHeader": "X-Token", "authValue": "s3cr3t" }),
        json!("FINISHED"),
    );
    let job: BackupRestoreJob = serde_json::from_value(body).unwrap();
    let printed = format!("{job:?}");
    assert!(!printed.contains("s3cr3t"), "{printed}");
    assert!(!printed.contains("X-Token"), "{printed}");
    assert!(printed.contains("<redacted>"), "{printed}");
    assert!(
        printed.contains("Finished"),
        "other fields still print: {printed}"
    );
    // The value is still there for the caller.
    assert_eq!(job.delivery.auth_value.as_deref(), Some("s3cr3t"));
}

#[test]
fn models_are_built_from_their_required_fields_and_setters() {
    let job = BackupRestoreJob::new(
        BackupRestoreJobDelivery::new("AUTOMATED_RESTORE")
            .with_target_cluster_name("Cluster1")
            .with_max_downloads(2),
    )
    .with_snapshot_id("5f3e8d8a1c9d440000a1b2c3")
    .with_created("2024-01-02T03:04:05Z".parse::<jiff::Timestamp>().unwrap())
    .with_links([Link::new().with_rel("self")]);
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        json!({
            "created": "2024-01-02T03:04:05Z",
            "delivery": {
                "maxDownloads": 2,
                "methodName": "AUTOMATED_RESTORE",
                "targetClusterName": "Cluster1"
            },
            "links": [{ "rel": "self" }],
            "snapshotId": "5f3e8d8a1c9d440000a1b2c3"
        })
    );
    // Fields stay readable and writable.
    assert_eq!(
        job.delivery.method_name,
        BackupRestoreJobDeliveryMethodName::AutomatedRestore
    );
    let mut job = job;
    job.snapshot_id = None;
    assert!(
        !serde_json::to_value(&job)
            .unwrap()
            .as_object()
            .unwrap()
            .contains_key("snapshotId")
    );

    // Every field optional: `Default` and `new()` are the same empty value.
    assert_eq!(Link::default(), Link::new());
    assert_eq!(serde_json::to_value(Link::default()).unwrap(), json!({}));
    // Required fields are the constructor's arguments, in the spec's order.
    let error = ApiError::new(404, "RESOURCE_NOT_FOUND").with_detail("no such cluster");
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({ "detail": "no such cluster", "error": 404, "errorCode": "RESOURCE_NOT_FOUND" })
    );
}

#[test]
fn open_enums_compare_order_and_hash_by_their_wire_value() {
    use std::collections::{BTreeSet, HashSet};
    // A known value and the same text kept as unknown are the same value.
    assert_eq!(
        BackupRestoreJobStatusName::Unknown("FINISHED".into()),
        BackupRestoreJobStatusName::Finished
    );
    let hashed: HashSet<_> = [
        BackupRestoreJobStatusName::Finished,
        BackupRestoreJobStatusName::Unknown("FINISHED".into()),
    ]
    .into_iter()
    .collect();
    assert_eq!(hashed.len(), 1);
    // Sorted as their text, whatever the spec's order and wherever `Unknown` is declared.
    let sorted: Vec<String> = [
        BackupRestoreJobStatusName::Unknown("QUEUED".into()),
        BackupRestoreJobStatusName::InProgress,
        BackupRestoreJobStatusName::Killed,
        BackupRestoreJobStatusName::Unknown("ABORTED".into()),
        BackupRestoreJobStatusName::Broken,
    ]
    .into_iter()
    .collect::<BTreeSet<_>>()
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        sorted,
        ["ABORTED", "BROKEN", "IN_PROGRESS", "KILLED", "QUEUED"]
    );
}
