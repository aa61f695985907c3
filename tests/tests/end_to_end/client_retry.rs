//! The client's retry policy against a local wiremock server: `Retry-After` is honoured when
//! retrying is on; with retrying off (the default) a 429 becomes `Error::RateLimited`.
#![allow(deprecated)]

use std::time::{Duration, Instant};

use atlas_admin::params::{ClusterName, GroupId};
use atlas_admin::{Client, Error, RetryPolicy};
use atlas_admin_tests::mock_atlas::{list_jobs, one_page};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
async fn without_retry_after_the_backoff_is_capped_full_jitter() {
    let server = flaky_server(503, None, 2).await;
    let policy = RetryPolicy::new(3)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_secs(5));

    let started = Instant::now();
    list_jobs(&client(&server, Some(policy))).await.unwrap();

    // Waits of up to 100 ms, then up to 200 ms (their bounds are unit-tested in `retry.rs`).
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(request_count(&server).await, 3);
}

async fn server_answering(status: u16, failures: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).insert_header("retry-after", "0"))
        .up_to_n_times(failures)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::new(3).base_delay(Duration::from_millis(1))
}

#[tokio::test]
async fn server_errors_are_retried_only_for_idempotent_methods() {
    for (method, retried) in [
        ("GET", true),
        ("PUT", true),
        ("DELETE", true),
        ("POST", false),
        ("PATCH", false),
    ] {
        let server = server_answering(503, 1).await;
        let client = client(&server, Some(fast_retries()));
        let request = http::Request::builder()
            .method(method)
            .uri(format!("{}/x", server.uri()))
            .body(Vec::new())
            .unwrap();
        let response = client.execute(request).await.unwrap();
        let (status, count) = if retried { (204, 2) } else { (503, 1) };
        assert_eq!(response.status().as_u16(), status, "{method}");
        assert_eq!(request_count(&server).await, count, "{method}");
    }
    // A 429 is retried whatever the method: the server did not act on it.
    let server = server_answering(429, 1).await;
    let client = client(&server, Some(fast_retries()));
    let request = http::Request::post(format!("{}/x", server.uri()))
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        client.execute(request).await.unwrap().status().as_u16(),
        204
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn connection_failures_are_retried_for_idempotent_methods() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A server that drops the first two connections unanswered, then answers 204.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            if n >= 2 {
                let _ = socket
                    .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .retry(fast_retries())
        .build()
        .unwrap();
    let get = http::Request::get(format!("http://{addr}/x"))
        .body(Vec::new())
        .unwrap();
    assert_eq!(client.execute(get).await.unwrap().status().as_u16(), 204);
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    // A POST that may have reached the server is not sent again.
    accepted.store(0, Ordering::SeqCst);
    let post = http::Request::post(format!("http://{addr}/x"))
        .body(Vec::new())
        .unwrap();
    let error = client.execute(post).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

/// Every span and event the client records, as `name field=value ...` lines.
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(format!("span {}", span.metadata().name()));
        span.record(&mut fields);
        let mut lines = self.0.lock().unwrap();
        lines.push(fields.0);
        tracing::span::Id::from_u64(lines.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields("record".to_owned());
        values.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields("event".to_owned());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// `tracing` decides once per call site whether anyone listens, by asking the subscriber of
/// the thread that reaches it first. The other tests of this binary reach the client's call
/// sites on threads without a subscriber, which would settle "never" for every thread, the
/// recording one included. A global subscriber that answers "sometimes" and takes nothing
/// keeps each call site asking the subscriber of the thread it runs on.
fn ask_the_thread_subscriber_every_time() {
    struct AskEveryTime;
    impl tracing::Subscriber for AskEveryTime {
        fn register_callsite(
            &self,
            _: &'static tracing::Metadata<'static>,
        ) -> tracing::subscriber::Interest {
            tracing::subscriber::Interest::sometimes()
        }
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            false
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, _: &tracing::Event<'_>) {}
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        tracing::subscriber::set_global_default(AskEveryTime)
            .expect("no other test sets a global subscriber");
    });
}

#[tokio::test]
async fn each_request_is_traced_without_credentials() {
    let server = flaky_server(503, Some("0"), 1).await;
    let recorder = Recorder::default();
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token-123")
        .retry(fast_retries())
        .build()
        .unwrap();
    let request = atlas_admin::ListClusterRestoreJobs::new(
        GroupId::from_static("32b6e34b3d91647abb20e7b8"),
        ClusterName::from_static("my-cluster"),
    );
    ask_the_thread_subscriber_every_time();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    client.send(&request).await.unwrap();
    let lines = recorder.0.lock().unwrap().join("\n");
    assert!(
        lines.contains("span request operation=\"listClusterRestoreJobs\" method=GET path=\"/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/restoreJobs\""),
        "{lines}"
    );
    assert!(lines.contains("attempt=1 status=503"), "{lines}");
    assert!(lines.contains("attempt=2 status=200"), "{lines}");
    assert!(lines.contains("duration_ms="), "{lines}");
    assert!(lines.contains("retrying"), "{lines}");
    for secret in ["secret-token-123", "Bearer", "32b6e34b3d91647abb20e7b8"] {
        assert!(!lines.contains(secret), "{secret} in {lines}");
    }
}
