//! The client's retry policy against a local wiremock server: `Retry-After` is honoured when
//! retrying is on; with retrying off (the default) a 429 becomes `Error::RateLimited`.
#![allow(deprecated)]

use std::time::{Duration, Instant};

use atlas_admin::params::{ClusterName, GroupId};
use atlas_admin::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn one_page() -> ResponseTemplate {
    let body = serde_json::json!({
        "results": [{"id": "5b3e2f9e7a3c2e1f0d9c8b7a", "delivery": {"methodName": "HTTP"}}],
        "totalCount": 1,
    });
    ResponseTemplate::new(200).set_body_raw(
        serde_json::to_vec(&body).unwrap(),
        "application/vnd.atlas.2023-01-01+json",
    )
}

/// A server answering the first `failures` requests with `status` (and `Retry-After` if
/// given), then with a page.
async fn flaky_server(status: u16, retry_after: Option<&str>, failures: u64) -> MockServer {
    let server = MockServer::start().await;
    let mut failure = ResponseTemplate::new(status).set_body_json(serde_json::json!({
        "error": status, "errorCode": "RATE_LIMITED", "detail": "slow down",
    }));
    if let Some(after) = retry_after {
        failure = failure.insert_header("Retry-After", after);
    }
    Mock::given(method("GET"))
        .and(path_regex("/restoreJobs$"))
        .respond_with(failure)
        .up_to_n_times(failures)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("/restoreJobs$"))
        .respond_with(one_page())
        .mount(&server)
        .await;
    server
}

async fn list_jobs(client: &Client) -> Result<(), Error> {
    client
        .list_cluster_restore_jobs(
            GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            ClusterName::from_static("my-cluster"),
        )
        .send()
        .await
        .map(|_| ())
}

fn client(server: &MockServer, retry: Option<RetryPolicy>) -> Client {
    let mut builder = Client::builder().base_url(server.uri()).bearer_token("t");
    if let Some(retry) = retry {
        builder = builder.retry(retry);
    }
    builder.build().unwrap()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn with_retries_a_429_is_retried_after_retry_after() {
    let server = flaky_server(429, Some("1"), 1).await;
    let client = client(&server, Some(RetryPolicy::new(3)));

    let started = Instant::now();
    list_jobs(&client).await.unwrap();

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn without_retries_a_429_is_a_rate_limited_error() {
    let server = flaky_server(429, Some("1"), 1).await;

    let error = list_jobs(&client(&server, None)).await.unwrap_err();

    let Error::RateLimited { rate_limit, .. } = &error else {
        panic!("expected Error::RateLimited, got {error:?}");
    };
    assert_eq!(rate_limit.retry_after, Some(Duration::from_secs(1)));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let server = flaky_server(429, Some("0"), 10).await;
    let client = client(&server, Some(RetryPolicy::new(3)));

    let error = list_jobs(&client).await.unwrap_err();

    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn a_long_retry_after_is_capped_at_max_delay() {
    let server = flaky_server(503, Some("3600"), 1).await;
    let policy = RetryPolicy::new(2).max_delay(Duration::from_millis(200));

    let started = Instant::now();
    list_jobs(&client(&server, Some(policy))).await.unwrap();

    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(200) && took < Duration::from_secs(30),
        "{took:?}"
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn without_retry_after_the_backoff_is_exponential() {
    let server = flaky_server(503, None, 2).await;
    let policy = RetryPolicy::new(3)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_secs(5));

    let started = Instant::now();
    list_jobs(&client(&server, Some(policy))).await.unwrap();

    // Waits of 50-100 ms, then 100-200 ms.
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(150) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert_eq!(request_count(&server).await, 3);
}
