//! The client against an independent oracle: Prism serves `spec/` and validates every request
//! (path, query, patterns, bounds, `Accept`), and its `--dynamic` answers are random documents
//! of the response schema, which the models must decode.
#![allow(deprecated)]

use atlas_admin::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};
use atlas_admin::{Client, Error};
use atlas_admin_tests::services::{Prism, atlas_spec_path};

fn client(prism: &Prism) -> Client {
    Client::builder()
        .base_url(&prism.base_url)
        .bearer_token("test-token")
        .build()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn every_parameter_combination_is_accepted() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let client = client(prism);
    let groups = ["32b6e34b3d91647abb20e7b8", "0123456789abcdef01234567"];
    let clusters = ["Cluster0", "my-cluster", "a", "x-1-2-3"];
    let sizes = [None, Some(1), Some(100), Some(500)];
    let pages = [None, Some(1), Some(7)];
    let flags = [None, Some(true), Some(false)];
    let batches = [None, Some("ffffffffffffffffffffffff")];
    let mut sent = 0;
    runtime().block_on(async {
        for (i, group) in groups.iter().enumerate() {
            for cluster in clusters {
                for size in sizes {
                    for page in pages {
                        for batch in batches {
                            let flag = flags[(sent + i) % flags.len()];
                            let mut request = client.list_cluster_restore_jobs(
                                GroupId::new(*group).unwrap(),
                                ClusterName::new(cluster).unwrap(),
                            );
                            if let Some(n) = size {
                                request = request.items_per_page(ItemsPerPage::new(n).unwrap());
                            }
                            if let Some(n) = page {
                                request = request.page_num(PageNum::new(n).unwrap());
                            }
                            if let Some(b) = batch {
                                request = request.batch_id(BatchId::new(b).unwrap());
                            }
                            if let Some(f) = flag {
                                request = request.envelope(f).include_count(!f).pretty(f);
                            }
                            let described = format!("{:?}", request.operation());
                            match request.send().await {
                                Ok(page) => assert_eq!(page.status(), 200),
                                Err(e) => panic!("Prism rejected {described}: {e}"),
                            }
                            sent += 1;
                        }
                    }
                }
            }
        }
    });
    assert_eq!(sent, 2 * 4 * 4 * 3 * 2);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn two_hundred_dynamic_responses_decode() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let client = client(prism);
    let mut decoded = 0;
    let mut jobs = 0;
    runtime().block_on(async {
        for i in 0..200 {
            // Different parameters give Prism different seeds, so the documents differ.
            let page = client
                .list_cluster_restore_jobs(
                    GroupId::from_static("32b6e34b3d91647abb20e7b8"),
                    ClusterName::new(format!("c{i}")).unwrap(),
                )
                .send()
                .await
                .unwrap_or_else(|e| panic!("response {i} does not decode: {e}"));
            jobs += page.results.as_ref().map_or(0, Vec::len);
            decoded += 1;
        }
    });
    assert_eq!(decoded, 200);
    assert!(jobs > 0, "Prism's documents had no jobs at all");
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_error_answers_become_typed_errors() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    // Without credentials Prism answers 401, which the spec documents with `ApiError`.
    let anonymous = Client::builder().base_url(&prism.base_url).build().unwrap();
    let result = runtime().block_on(
        anonymous
            .list_cluster_restore_jobs(
                GroupId::from_static("32b6e34b3d91647abb20e7b8"),
                ClusterName::from_static("my-cluster"),
            )
            .send(),
    );
    match result {
        Err(
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::UnexpectedContentType { status, .. },
        ) => {
            assert_eq!(status, 401)
        }
        other => panic!("expected a 401 error, got {other:?}"),
    }
}
