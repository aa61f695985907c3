//! Page walking through the client (`.pages()` and `.items()` of the operation's request
//! builder), against a local wiremock server holding a list of restore jobs.
#![allow(deprecated)]

use atlas_admin::params::{ClusterName, GroupId, ItemsPerPage, PageNum};
use atlas_admin::{Client, Error};
use futures_util::TryStreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const JOBS_PATH: &str =
    "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/my-cluster/restoreJobs";

/// How the fake server pages.
#[derive(Clone, Copy)]
enum Paging {
    /// Honours `pageNum` and `itemsPerPage` and reports `totalCount`.
    Counted,
    /// Honours them but never says how many there are.
    Uncounted,
    /// Always answers with the first page.
    Stuck,
}

fn job_id(n: usize) -> String {
    format!("{n:024x}")
}

async fn server_with_jobs(total: usize, paging: Paging) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(move |request: &Request| {
            let query = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.parse::<usize>().unwrap())
            };
            let per_page = query("itemsPerPage").unwrap_or(100);
            let page = match paging {
                Paging::Stuck => 1,
                _ => query("pageNum").unwrap_or(1),
            };
            let start = ((page - 1) * per_page).min(total);
            let end = (start + per_page).min(total);
            let results: Vec<_> = (start..end)
                .map(|n| {
                    serde_json::json!({
                        "id": job_id(n),
                        "delivery": {"methodName": "HTTP"},
                        "statusName": "FINISHED",
                    })
                })
                .collect();
            let mut body = serde_json::json!({"results": results, "links": []});
            if let Paging::Counted = paging {
                body["totalCount"] = total.into();
            }
            ResponseTemplate::new(200).set_body_raw(
                serde_json::to_vec(&body).unwrap(),
                "application/vnd.atlas.2023-01-01+json",
            )
        })
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap()
}

/// The `pageNum` of every request the server got, in order.
async fn requested_pages(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "pageNum")
                .map_or_else(|| "-".to_owned(), |(_, v)| v.into_owned())
        })
        .collect()
}

fn ids(jobs: &[atlas_admin::models::BackupRestoreJob]) -> Vec<String> {
    jobs.iter()
        .map(|job| job.id.as_ref().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn items_walk_every_page_until_the_total_count() -> Result<(), Error> {
    let server = server_with_jobs(1234, Paging::Counted).await;
    let client = client(&server);

    let jobs: Vec<_> = client
        .list_cluster_restore_jobs(
            GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            ClusterName::from_static("my-cluster"),
        )
        .items_per_page(ItemsPerPage::new(500)?)
        .items()
        .try_collect()
        .await?;

    assert_eq!(jobs.len(), 1234);
    assert_eq!(ids(&jobs), (0..1234).map(job_id).collect::<Vec<_>>());
    // The first request asks for the default page; the walk then counts on from it.
    assert_eq!(requested_pages(&server).await, ["-", "2", "3"]);
    Ok(())
}

#[tokio::test]
async fn pages_start_at_the_requested_page() -> Result<(), Error> {
    let server = server_with_jobs(1234, Paging::Counted).await;
    let client = client(&server);

    let pages: Vec<_> = client
        .list_cluster_restore_jobs(
            GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            ClusterName::from_static("my-cluster"),
        )
        .items_per_page(ItemsPerPage::new(500)?)
        .page_num(PageNum::new(2)?)
        .pages()
        .try_collect()
        .await?;

    let sizes: Vec<_> = pages
        .iter()
        .map(|page| page.results.as_ref().unwrap().len())
        .collect();
    assert_eq!(sizes, [500, 234]);
    assert!(pages.iter().all(|page| page.total_count == Some(1234)));
    assert_eq!(requested_pages(&server).await, ["2", "3"]);
    Ok(())
}

#[tokio::test]
async fn without_a_total_count_a_short_page_is_the_last() -> Result<(), Error> {
    let server = server_with_jobs(1234, Paging::Uncounted).await;
    let client = client(&server);

    let jobs: Vec<_> = client
        .list_cluster_restore_jobs(
            GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            ClusterName::from_static("my-cluster"),
        )
        .items_per_page(ItemsPerPage::new(500)?)
        .include_count(false)
        .items()
        .try_collect()
        .await?;

    assert_eq!(jobs.len(), 1234);
    assert_eq!(requested_pages(&server).await, ["-", "2", "3"]);
    Ok(())
}

#[tokio::test]
async fn without_a_total_count_an_empty_page_is_the_last() -> Result<(), Error> {
    let server = server_with_jobs(1000, Paging::Uncounted).await;
    let client = client(&server);

    let jobs: Vec<_> = client
        .list_cluster_restore_jobs(
            GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            ClusterName::from_static("my-cluster"),
        )
        .items_per_page(ItemsPerPage::new(500)?)
        .items()
        .try_collect()
        .await?;

    assert_eq!(jobs.len(), 1000);
    assert_eq!(requested_pages(&server).await, ["-", "2", "3"]);
    Ok(())
}

#[tokio::test]
async fn a_server_repeating_a_page_stops_the_walk_with_an_error() -> Result<(), Error> {
    let server = server_with_jobs(1234, Paging::Stuck).await;
    let client = client(&server);

    let results: Vec<Result<_, Error>> = futures_util::StreamExt::collect(
        client
            .list_cluster_restore_jobs(
                GroupId::from_static("32b6e34b3d91647abb20e7b8"),
                ClusterName::from_static("my-cluster"),
            )
            .items_per_page(ItemsPerPage::new(500)?)
            .include_count(false)
            .items(),
    )
    .await;

    // The first page's items, then the error, then nothing more.
    assert_eq!(results.len(), 501);
    assert!(results[..500].iter().all(Result::is_ok));
    let error = results[500].as_ref().unwrap_err();
    assert!(matches!(error, Error::Pagination(_)), "{error:?}");
    assert_eq!(requested_pages(&server).await, ["-", "2"]);
    Ok(())
}

#[tokio::test]
async fn an_error_response_ends_the_walk() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "error": 404, "errorCode": "CLUSTER_NOT_FOUND", "detail": "no such cluster",
        })))
        .mount(&server)
        .await;
    let client = client(&server);

    let results: Vec<Result<_, Error>> = futures_util::StreamExt::collect(
        client
            .list_cluster_restore_jobs(
                GroupId::from_static("32b6e34b3d91647abb20e7b8"),
                ClusterName::from_static("my-cluster"),
            )
            .items(),
    )
    .await;

    assert_eq!(results.len(), 1);
    let error = results[0].as_ref().unwrap_err();
    assert!(
        matches!(error, Error::Api { status, .. } if status.as_u16() == 404),
        "{error:?}"
    );
    Ok(())
}

/// A server whose page `n` (1-based) is `script(n)`: the job numbers it holds and the total
/// count it claims.
async fn lying_server(
    script: impl Fn(usize) -> (Vec<usize>, Option<i64>) + Send + Sync + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(move |request: &Request| {
            let page = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "pageNum")
                .map_or(1, |(_, v)| v.parse::<usize>().unwrap());
            let (jobs, total) = script(page);
            let results: Vec<_> = jobs
                .iter()
                .map(|n| serde_json::json!({"id": job_id(*n), "delivery": {"methodName": "HTTP"}}))
                .collect();
            let mut body = serde_json::json!({"results": results});
            if let Some(total) = total {
                body["totalCount"] = total.into();
            }
            ResponseTemplate::new(200).set_body_raw(
                serde_json::to_vec(&body).unwrap(),
                "application/vnd.atlas.2023-01-01+json",
            )
        })
        .mount(&server)
        .await;
    server
}

/// Walks every item with pages of `per_page`, within a deadline: the items (or the error
/// that ended the walk) and the number of requests sent.
async fn walk(server: &MockServer, per_page: i64) -> (Vec<Result<String, String>>, usize) {
    let client = client(server);
    let stream = client
        .list_cluster_restore_jobs(
            GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            ClusterName::from_static("my-cluster"),
        )
        .items_per_page(ItemsPerPage::new(per_page).unwrap())
        .items();
    let results: Vec<Result<_, Error>> = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        futures_util::StreamExt::collect(stream),
    )
    .await
    .expect("the walk ends");
    let results = results
        .into_iter()
        .map(|r| {
            r.map(|job| job.id.unwrap().to_string())
                .map_err(|e| e.to_string())
        })
        .collect();
    (results, server.received_requests().await.unwrap().len())
}

#[tokio::test]
async fn pages_that_cycle_end_the_walk_with_an_error() {
    // A, B, A, B, ... full pages, with and without a total that promises more.
    for total in [None, Some(1_000_000)] {
        let server = lying_server(move |page| {
            let jobs = if page % 2 == 1 {
                vec![1, 2]
            } else {
                vec![3, 4]
            };
            (jobs, total)
        })
        .await;
        let (results, requests) = walk(&server, 2).await;
        assert_eq!(requests, 3, "{total:?}");
        assert_eq!(results.len(), 5);
        assert!(results[..4].iter().all(Result::is_ok));
        assert!(
            results[4]
                .as_ref()
                .unwrap_err()
                .contains("same 2 items as an earlier page")
        );
    }
}

#[tokio::test]
async fn a_short_page_where_the_total_promises_more_is_an_error_after_its_items() {
    // Two items then a short page of one, while the total says 10.
    let server = lying_server(|page| match page {
        1 => (vec![1, 2], Some(10)),
        _ => (vec![3], Some(10)),
    })
    .await;
    let (results, requests) = walk(&server, 2).await;
    assert_eq!(requests, 2);
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(Result::is_ok), "{results:?}");
    let error = results[3].as_ref().unwrap_err();
    assert!(error.contains("total count promises 10"), "{error}");

    // Empty pages where the total promises more: the same.
    let server = lying_server(|page| match page {
        1 => (vec![1, 2], Some(5)),
        _ => (vec![], Some(5)),
    })
    .await;
    let (results, requests) = walk(&server, 2).await;
    assert_eq!(requests, 2);
    assert!(results.last().unwrap().is_err(), "{results:?}");

    // Without a total, a short page is simply the last.
    let server = lying_server(|page| match page {
        1 => (vec![1, 2], None),
        _ => (vec![3], None),
    })
    .await;
    let (results, _) = walk(&server, 2).await;
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(Result::is_ok));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        // `PROPTEST_CASES` sets a longer run (see fuzz/README.md).
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Hostile pagers: each page `n` is drawn from a short script (repeated when the walk goes
    /// past it), of up to 3 items from a small set, with an arbitrary total or none. The walk
    /// always ends, after a bounded number of requests, with every item yielded at most once
    /// per distinct page.
    #[test]
    fn the_walk_ends_whatever_the_server_says(
        script in proptest::collection::vec(
            (
                proptest::collection::vec(0usize..6, 0..=3),
                proptest::option::of(proptest::prop_oneof![0i64..20, proptest::prelude::Just(i64::MAX)]),
            ),
            1..6,
        )
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let pages = script.len();
        let (results, requests) = runtime.block_on(async move {
            let server = lying_server(move |page| script[(page - 1) % script.len()].clone()).await;
            walk(&server, 3).await
        });
        // Distinct non-empty pages over 6 items of at most 3 are few; a cycle is caught the
        // first time a page repeats, so the walk never passes the script twice.
        proptest::prop_assert!(requests <= pages + 1, "{requests} requests for {pages} pages");
        let errors = results.iter().filter(|r| r.is_err()).count();
        proptest::prop_assert!(errors <= 1);
        proptest::prop_assert!(results.last().is_none_or(|_| errors == 0 || results.last().unwrap().is_err()));
    }
}
