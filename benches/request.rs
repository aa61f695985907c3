//! Cost of building a request: validating every parameter from text or numbers, setting them
//! on `ListClusterRestoreJobs`, and `to_http` (URL with percent-encoded segments and the query,
//! `Accept` and `User-Agent` headers), against a base URL parsed once ([`BaseUrl`]) and, as a
//! baseline, parsed again for every request.
//!
//! Run: `cargo bench -p atlas-admin-benches --bench request`. The medians land in
//! `target/criterion/build_request/<function>/new/estimates.json`.

// The operation is deprecated in the API spec, and so in the generated crate.
#![allow(deprecated)]

use std::hint::black_box;
use std::time::Duration;

use atlas_admin::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};
use atlas_admin::{BaseUrl, ListClusterRestoreJobs};
use criterion::{Criterion, criterion_group, criterion_main};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const CLUSTER: &str = "Cluster0-prod-eu-west-1";
const BATCH: &str = "5e4f3a2b1c0d9e8f7a6b5c4d";

/// Every parameter validated and set, as a caller with untrusted input would.
fn operation(
    group: &str,
    cluster: &str,
    batch: &str,
    per_page: i64,
    page: i64,
) -> ListClusterRestoreJobs {
    ListClusterRestoreJobs::new(
        group.parse::<GroupId>().expect("valid"),
        cluster.parse::<ClusterName>().expect("valid"),
    )
    .envelope(false)
    .include_count(true)
    .items_per_page(ItemsPerPage::new(per_page).expect("valid"))
    .page_num(PageNum::new(page).expect("valid"))
    .pretty(false)
    .batch_id(batch.parse::<BatchId>().expect("valid"))
}

fn request(c: &mut Criterion) {
    let op = operation(GROUP, CLUSTER, BATCH, 500, 3);
    let http = op.to_http(&BaseUrl::DEFAULT).expect("builds");
    assert_eq!(
        http.uri().to_string(),
        format!(
            "https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/clusters/{CLUSTER}/restoreJobs\
             ?envelope=false&includeCount=true&itemsPerPage=500&pageNum=3&pretty=false&batchId={BATCH}"
        )
    );

    let mut g = c.benchmark_group("build_request");
    g.bench_function("validate_and_to_http", |b| {
        b.iter(|| {
            operation(
                black_box(GROUP),
                black_box(CLUSTER),
                black_box(BATCH),
                black_box(500),
                black_box(3),
            )
            .to_http(black_box(&BaseUrl::DEFAULT))
        })
    });
    g.bench_function("validate_only", |b| {
        b.iter(|| {
            operation(
                black_box(GROUP),
                black_box(CLUSTER),
                black_box(BATCH),
                black_box(500),
                black_box(3),
            )
        })
    });
    // The client's case: a base URL parsed once from text, used for every request.
    let parsed = BaseUrl::parse("https://cloud.mongodb.com").expect("valid");
    g.bench_function("to_http_only", |b| {
        b.iter(|| black_box(&op).to_http(black_box(&parsed)))
    });
    let literal = BaseUrl::DEFAULT;
    g.bench_function("to_http_only_literal_base", |b| {
        b.iter(|| black_box(&op).to_http(black_box(&literal)))
    });
    // Baseline: the base URL parsed again for every request, as `to_http(&str)` did.
    g.bench_function("to_http_parsing_the_base_each_time", |b| {
        b.iter(|| {
            let base = BaseUrl::parse(black_box("https://cloud.mongodb.com")).expect("valid");
            black_box(&op).to_http(&base)
        })
    });
    g.bench_function("required_only_to_http", |b| {
        b.iter(|| {
            ListClusterRestoreJobs::new(
                black_box(GROUP).parse::<GroupId>().expect("valid"),
                black_box(CLUSTER).parse::<ClusterName>().expect("valid"),
            )
            .to_http(black_box(&BaseUrl::DEFAULT))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = request
}
criterion_main!(benches);
