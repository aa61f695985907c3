//! Cost of decoding a page of 500 restore jobs (about 1 MB of JSON): the generated operation's
//! `parse_response`, `serde_json::from_slice` straight into the generated model, and a
//! hand-written minimal serde struct of the same fields (strings for timestamps, UUIDs and
//! enums) decoding the same bytes.
//!
//! Run: `cargo bench -p atlas-admin-benches --bench decode`. Criterion prints the throughput in
//! MiB/s; the medians land in `target/criterion/decode_page_500/<function>/new/estimates.json`.

// The operation is deprecated in the API spec, and so in the generated crate.
#![allow(deprecated)]

use std::hint::black_box;
use std::time::Duration;

use atlas_admin::ListClusterRestoreJobs;
use atlas_admin::models::PaginatedRestoreJobView;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

const JOBS: usize = 500;

/// A 24-digit hexadecimal id, different for each `n`.
fn object_id(kind: u32, n: usize) -> String {
    format!("{kind:08x}{n:016x}")
}

fn link(href: String, rel: &str) -> Value {
    json!({ "href": href, "rel": rel })
}

/// One job as the server sends it: every read-only and read-write property of the
/// `BackupRestoreJob` schema (the write-only ones are never returned).
fn job(n: usize) -> Value {
    let group = object_id(0x6001, n % 7);
    let id = object_id(0x7001, n);
    let base = format!("https://cloud.mongodb.com/api/atlas/v2/groups/{group}");
    let created = format!(
        "2026-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        1 + n % 12,
        1 + n % 28,
        n % 24,
        n % 60,
        (n * 7) % 60
    );
    let status = ["IN_PROGRESS", "BROKEN", "KILLED", "FINISHED"][n % 4];
    let method = ["CLIENT_PIT_HTTP", "QUERY", "AUTOMATED_RESTORE", "HTTP"][n % 4];
    let delivery_status = ["NOT_STARTED", "IN_PROGRESS", "READY", "EXPIRED"][n % 4];
    json!({
        "batchId": object_id(0x8001, n / 3),
        "clusterId": object_id(0x9001, n % 5),
        "clusterName": format!("Cluster{}-prod", n % 5),
        "created": created,
        "delivery": {
            "authHeader": "X-Download-Token",
            "authValue": format!("token-{n:08}-{}", "k".repeat(24)),
            "expirationHours": 48,
            "expires": created,
            "maxDownloads": 3,
            "methodName": method,
            "statusName": delivery_status,
            "targetClusterId": object_id(0x9002, n % 5),
            "targetClusterName": format!("Restore{}", n % 5),
            "targetGroupId": group,
            "url": format!("https://restore.example.net/{id}.tar.gz"),
            "urlV2": format!("https://restore.example.net/v2/{id}.tar.gz"),
        },
        "encryptionEnabled": n % 2 == 0,
        "groupId": group,
        "hashes": [
            {
                "fileName": format!("shard-{n}.tar.gz"),
                "hash": format!("{:040x}", n as u128 * 0x9e37_79b9_7f4a_7c15),
                "links": [link(format!("{base}/hashes/{n}"), "self")],
                "typeName": "SHA1",
            }
        ],
        "id": id,
        "links": [link(format!("{base}/clusters/Cluster{}/restoreJobs/{id}", n % 5), "self")],
        "masterKeyUUID": format!("2c1f4e3a-8b7d-4c6e-9f0a-{n:012x}"),
        "snapshotId": object_id(0xa001, n),
        "statusName": status,
        "timestamp": { "date": created, "increment": 1_199_145_600 + n as i64 },
    })
}

fn page() -> Vec<u8> {
    let results: Vec<Value> = (0..JOBS).map(job).collect();
    let page = json!({
        "links": [link("https://cloud.mongodb.com/api/atlas/v2/groups/x/clusters/y/restoreJobs?pageNum=1".into(), "self")],
        "results": results,
        "totalCount": JOBS,
    });
    serde_json::to_vec(&page).expect("serializes")
}

/// What a careful person would write by hand for the same JSON: plain strings for timestamps,
/// UUIDs and enums, `Option` for what may be absent. The fields are decoded to be timed and
/// never read.
#[allow(dead_code)]
mod hand {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page {
        pub links: Option<Vec<Link>>,
        pub results: Option<Vec<Job>>,
        pub total_count: Option<i32>,
    }

    #[derive(Deserialize)]
    pub struct Link {
        pub href: Option<String>,
        pub rel: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Job {
        pub batch_id: Option<String>,
        pub cluster_id: Option<String>,
        pub cluster_name: Option<String>,
        pub created: Option<String>,
        pub delivery: Delivery,
        pub encryption_enabled: Option<bool>,
        pub group_id: Option<String>,
        pub hashes: Option<Vec<Hash>>,
        pub id: Option<String>,
        pub links: Option<Vec<Link>>,
        #[serde(rename = "masterKeyUUID")]
        pub master_key_uuid: Option<String>,
        pub snapshot_id: Option<String>,
        pub status_name: Option<String>,
        pub timestamp: Option<Timestamp>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Delivery {
        pub auth_header: Option<String>,
        pub auth_value: Option<String>,
        pub expiration_hours: Option<i32>,
        pub expires: Option<String>,
        pub max_downloads: Option<i32>,
        pub method_name: String,
        pub status_name: Option<String>,
        pub target_cluster_id: Option<String>,
        pub target_cluster_name: Option<String>,
        pub target_group_id: Option<String>,
        pub url: Option<String>,
        pub url_v2: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Hash {
        pub file_name: Option<String>,
        pub hash: Option<String>,
        pub links: Option<Vec<Link>>,
        pub type_name: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Timestamp {
        pub date: Option<String>,
        pub increment: Option<i32>,
    }

    /// How many jobs the page holds, to check the decoder reads the same data.
    pub fn jobs(bytes: &[u8]) -> usize {
        let page: Page = serde_json::from_slice(bytes).expect("decodes");
        page.results.map_or(0, |r| r.len())
    }
}

fn response(body: &[u8]) -> http::Response<&[u8]> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.atlas.2023-01-01+json")
        .body(body)
        .expect("a valid response")
}

fn decode(c: &mut Criterion) {
    let bytes = page();
    // The three decoders agree on what they read, so they are timed on the same work.
    let model: PaginatedRestoreJobView = serde_json::from_slice(&bytes).expect("decodes");
    assert_eq!(model.results.as_ref().map(Vec::len), Some(JOBS));
    assert_eq!(hand::jobs(&bytes), JOBS);
    let decoded = ListClusterRestoreJobs::parse_response(response(&bytes)).expect("decodes");
    assert_eq!(*decoded.body(), model);
    let first = &model.results.as_ref().expect("results")[0];
    assert!(first.created.as_ref().is_some_and(|c| c.is_valid()));
    assert!(first.master_key_uuid.as_ref().is_some_and(|u| u.is_valid()));
    assert!(first.status_name.as_ref().is_some_and(|s| !s.is_unknown()));

    let mut g = c.benchmark_group("decode_page_500");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("parse_response", |b| {
        b.iter(|| ListClusterRestoreJobs::parse_response(response(black_box(&bytes))))
    });
    g.bench_function("model_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<PaginatedRestoreJobView>(black_box(&bytes)))
    });
    g.bench_function("hand_written", |b| {
        b.iter(|| serde_json::from_slice::<hand::Page>(black_box(&bytes)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = decode
}
criterion_main!(benches);
