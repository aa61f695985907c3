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
