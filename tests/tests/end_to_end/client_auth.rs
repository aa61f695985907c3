//! The client's service-account (OAuth 2.0 client credentials), bearer, basic and API-key
//! authentication, against local wiremock servers: the token request's form, one token for
//! many concurrent calls, renewal near expiry, one refresh after a 401, keys in a header, the
//! query or a cookie, and no secret in `Debug` or errors.
#![allow(deprecated)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use atlas_admin::{Client, Error};
use atlas_admin_tests::mock_atlas::{JOBS_PATH, list_jobs, one_page};
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN_PATH: &str = "/api/oauth/token";
const CLIENT_ID: &str = "mdb_sa_id_1";
const CLIENT_SECRET: &str = "p@ss word:1";

fn unauthorized() -> ResponseTemplate {
    let body =
        serde_json::json!({"error": 401, "errorCode": "NOT_ORG_GROUP_CREATOR", "detail": "no"});
    ResponseTemplate::new(401).set_body_json(body)
}

/// A token endpoint issuing `tok-1`, `tok-2`, ... valid for `expires_in` seconds.
async fn mount_token_endpoint(server: &MockServer, expires_in: u64, delay: Duration) {
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(move |_: &Request| {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({
                    "access_token": format!("tok-{n}"),
                    "token_type": "Bearer",
                    "expires_in": expires_in,
                }))
                .set_delay(delay)
        })
        .mount(server)
        .await;
}

fn service_account_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .build()
        .unwrap()
}

async fn requests_to(server: &MockServer, path: &str) -> Vec<Request> {
    let requests = server.received_requests().await.unwrap();
    requests
        .into_iter()
        .filter(|r| r.url.path() == path)
        .collect()
}

fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn token_request_is_a_client_credentials_grant() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(one_page())
        .expect(1)
        .mount(&server)
        .await;

    list_jobs(&service_account_client(&server)).await.unwrap();

    let tokens = requests_to(&server, TOKEN_PATH).await;
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(token.method.as_str(), "POST");
    // base64("mdb_sa_id_1:p%40ss+word%3A1"): each part form-encoded first (RFC 6749 2.3.1).
    assert_eq!(
        header_of(token, "authorization"),
        Some("Basic bWRiX3NhX2lkXzE6cCU0MHNzK3dvcmQlM0Ex")
    );
    assert_eq!(
        header_of(token, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header_of(token, "accept"), Some("application/json"));
    assert_eq!(token.body, b"grant_type=client_credentials");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    // A slow token endpoint, so that every call is waiting for the token at the same time.
    mount_token_endpoint(&server, 3600, Duration::from_millis(300)).await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(one_page())
        .expect(20)
        .mount(&server)
        .await;
    let client = service_account_client(&server);

    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { list_jobs(&client).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }

    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
    assert_eq!(requests_to(&server, JOBS_PATH).await.len(), 20);
}

#[tokio::test]
async fn an_expiring_token_is_renewed_once() {
    let server = MockServer::start().await;
    // Valid for 1 s: renewed when a tenth of that remains.
    mount_token_endpoint(&server, 1, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(one_page())
        .mount(&server)
        .await;
    let client = service_account_client(&server);

    list_jobs(&client).await.unwrap();
    list_jobs(&client).await.unwrap();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    list_jobs(&client).await.unwrap();
    list_jobs(&client.clone()).await.unwrap();

    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
    let auths: Vec<_> = requests_to(&server, JOBS_PATH)
        .await
        .iter()
        .map(|r| header_of(r, "authorization").unwrap().to_owned())
        .collect();
    assert_eq!(
        auths,
        [
            "Bearer tok-1",
            "Bearer tok-1",
            "Bearer tok-2",
            "Bearer tok-2"
        ]
    );
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once_and_the_call_retried() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600, Duration::ZERO).await;
    let revoked = Arc::new(AtomicBool::new(false));
    let revoked_in_server = revoked.clone();
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(move |request: &Request| {
            let auth = header_of(request, "authorization").unwrap_or_default();
            let tok1_ok = !revoked_in_server.load(Ordering::SeqCst);
            match auth {
                "Bearer tok-1" if tok1_ok => one_page(),
                "Bearer tok-2" => one_page(),
                _ => unauthorized(),
            }
        })
        .mount(&server)
        .await;
    let client = service_account_client(&server);

    list_jobs(&client).await.unwrap();
    revoked.store(true, Ordering::SeqCst);
    list_jobs(&client).await.unwrap();
    list_jobs(&client).await.unwrap();

    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
    let auths: Vec<_> = requests_to(&server, JOBS_PATH)
        .await
        .iter()
        .map(|r| header_of(r, "authorization").unwrap().to_owned())
        .collect();
    assert_eq!(
        auths,
        [
            "Bearer tok-1",
            "Bearer tok-1",
            "Bearer tok-2",
            "Bearer tok-2"
        ]
    );
}

#[tokio::test]
async fn a_token_rejected_again_gives_the_typed_401() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(unauthorized())
        .mount(&server)
        .await;

    let error = list_jobs(&service_account_client(&server))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, Error::Api { status, .. } if status.as_u16() == 401),
        "{error:?}"
    );
    // One refresh and one retry, no more.
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(requests_to(&server, JOBS_PATH).await.len(), 2);
}

#[tokio::test]
async fn token_endpoint_failures_are_auth_errors_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "bad secret p@ss word:1",
        })))
        .mount(&server)
        .await;

    let error = list_jobs(&service_account_client(&server))
        .await
        .unwrap_err();

    let Error::Auth(message) = &error else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert!(
        message.contains("401") && message.contains("invalid_client"),
        "{message}"
    );
    for shown in [format!("{error}"), format!("{error:?}")] {
        assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    }
    assert!(requests_to(&server, JOBS_PATH).await.is_empty());

    // An unreachable token endpoint is an auth error too.
    let client = Client::builder()
        .base_url(server.uri())
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .token_url("http://127.0.0.1:1/api/oauth/token")
        .build()
        .unwrap();
    let error = list_jobs(&client).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
}

#[tokio::test]
async fn bearer_tokens_are_sent_as_given() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("/restoreJobs$"))
        .and(header("authorization", "Bearer my-static-token"))
        .and(header("user-agent", "my-app/1.0"))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .respond_with(one_page())
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("my-static-token")
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    assert_eq!(client.base_url().as_str(), server.uri());

    list_jobs(&client).await.unwrap();
}

#[tokio::test]
async fn debug_output_holds_no_secret() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(one_page())
        .mount(&server)
        .await;

    let digest = Client::builder()
        .digest_auth("public-key-abc", "private-key-xyz")
        .build()
        .unwrap();
    let service = service_account_client(&server);
    // After a call the client also holds the access token.
    list_jobs(&service).await.unwrap();
    let bearer = Client::builder()
        .bearer_token("bearer-token-123")
        .build()
        .unwrap();
    let builder = Client::builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .digest_auth("public-key-abc", "private-key-xyz");

    let shown = format!("{digest:?} {service:?} {bearer:?} {builder:?} {digest:#?}");
    for secret in [
        "private-key-xyz",
        CLIENT_SECRET,
        "tok-1",
        "bearer-token-123",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("<redacted>"), "{shown}");
    // The public parts help debugging and stay visible.
    assert!(
        shown.contains("public-key-abc") && shown.contains(CLIENT_ID),
        "{shown}"
    );
}

/// `tests/constructs/specs/media.yaml` declares HTTP basic and API keys in a header, the query
/// and a cookie.
mod basic_and_api_keys {
    use super::*;

    fn media_client(server: &MockServer) -> construct_media::ClientBuilder {
        construct_media::Client::builder().base_url(server.uri())
    }

    async fn get_status(client: &construct_media::Client) {
        client.get_status().send().await.unwrap();
    }

    #[tokio::test]
    async fn basic_credentials_are_sent_base64_encoded() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/Status"))
            // base64("ACxxx:tok:en é")
            .and(header("authorization", "Basic QUN4eHg6dG9rOmVuIMOp"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let client = media_client(&server)
            .basic_auth("ACxxx", "tok:en é")
            .build()
            .unwrap();
        get_status(&client).await;
    }

    #[tokio::test]
    async fn api_keys_go_where_their_schemes_say() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/Status"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = media_client(&server)
            .api_key("key-h")
            .api_key_for("apiKeyQuery", "key q&1")
            .api_key_for("apiKeyCookie", "key;c")
            .basic_auth("user", "pass")
            .build()
            .unwrap();
        get_status(&client).await;
        let sent = &requests_to(&server, "/Status").await[0];
        // The first `apiKey` scheme is the header one.
        assert_eq!(header_of(sent, "x-api-key"), Some("key-h"));
        assert_eq!(sent.url.query(), Some("api_key=key%20q%261"));
        assert_eq!(header_of(sent, "cookie"), Some("session=key%3Bc"));
        // Keys go with the other credentials, not instead of them.
        assert_eq!(header_of(sent, "authorization"), Some("Basic dXNlcjpwYXNz"));
    }

    #[test]
    fn an_unknown_scheme_is_refused_and_keys_never_show() {
        let error = construct_media::Client::builder()
            .api_key_for("nope", "secret-key")
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "unusable client settings: the spec has no API key scheme named `nope`"
        );
        let client = construct_media::Client::builder()
            .api_key("secret-key")
            .basic_auth("user", "secret-password")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("secret-key") && !shown.contains("secret-password"),
            "{shown}"
        );
        assert!(shown.contains("apiKeyHeader"), "{shown}");
        assert_eq!(construct_media::API_KEY_SCHEMES.len(), 3);
    }

    #[tokio::test]
    async fn without_an_api_key_scheme_there_is_nothing_to_send_it_with() {
        let error = Client::builder().api_key("k").build().unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
    }
}

/// A raw HTTP server on 127.0.0.1 that reads each request and then `answer`s it (or not).
async fn raw_server(answer: &'static [u8], close: bool) -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let _ = socket.write_all(answer).await;
                if close {
                    return;
                }
                // Stall: keep the connection open, send nothing more.
                tokio::time::sleep(Duration::from_secs(3600)).await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_server_that_stalls_after_the_headers_gives_a_timeout_error() {
    // Headers promising 100 bytes, then 5 of them, then nothing.
    let addr = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"res",
        false,
    )
    .await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .bearer_token("t")
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(10), list_jobs(&client)).await;
    let error = result
        .expect("send() must return in bounded time")
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout(_)) && error.is_timeout(),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    // A server that never answers at all: the overall deadline.
    let silent = raw_server(b"", false).await;
    let client = Client::builder()
        .base_url(format!("http://{silent}"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), list_jobs(&client)).await;
    assert!(result.expect("bounded").unwrap_err().is_timeout());
}

#[test]
fn every_client_has_timeouts_by_default() {
    use atlas_admin::ClientBuilder;
    assert_eq!(
        ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(10)
    );
    assert_eq!(ClientBuilder::DEFAULT_READ_TIMEOUT, Duration::from_secs(30));
    assert_eq!(ClientBuilder::DEFAULT_TIMEOUT, Duration::from_secs(300));
    assert_eq!(
        ClientBuilder::DEFAULT_TOKEN_TIMEOUT,
        Duration::from_secs(30)
    );
    let shown = format!("{:?}", Client::builder());
    for field in ["connect_timeout: 10s", "read_timeout: 30s", "timeout: 300s"] {
        assert!(shown.contains(field), "{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_token_endpoint_holds_every_clone_for_one_deadline_at_most() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3600)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .token_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let calls = (0..5).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { list_jobs(&client).await })
    });
    let results = tokio::time::timeout(
        Duration::from_secs(10),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("every call returns in bounded time");
    for result in results {
        let error = result.unwrap().unwrap_err();
        assert!(error.is_timeout(), "{error:?}");
    }
    // One shared deadline, not one per waiting call after another.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
}

#[tokio::test]
async fn the_token_endpoints_answer_is_read_up_to_a_limit() {
    let server = MockServer::start().await;
    let huge = format!("{{\"access_token\": \"{}\"}}", "a".repeat(2 << 20));
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .mount(&server)
        .await;
    let error = list_jobs(&service_account_client(&server))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Auth(m) if m.contains("longer than the limit")),
        "{error}"
    );
}

#[tokio::test]
async fn the_token_endpoints_429_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    mount_token_endpoint(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(one_page())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .retry(atlas_admin::RetryPolicy::new(3))
        .build()
        .unwrap();
    list_jobs(&client).await.unwrap();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 3);
}

#[test]
fn credentials_are_refused_over_plain_http_to_remote_hosts() {
    let refused = |builder: atlas_admin::ClientBuilder| match builder.build() {
        Err(Error::InvalidBaseUrl { reason, .. }) => {
            assert!(reason.contains("allow_insecure_http"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    };
    refused(
        Client::builder()
            .base_url("http://api.example.com")
            .bearer_token("t"),
    );
    refused(
        Client::builder()
            .base_url("http://10.1.2.3:8080")
            .digest_auth("p", "k"),
    );
    refused(
        Client::builder()
            .base_url("https://api.example.com")
            .service_account("id", "secret")
            .token_url("http://api.example.com/token"),
    );
    // Loopback hosts, https, no credentials, or an explicit opt-in are fine.
    for url in [
        "http://127.0.0.1:1",
        "http://localhost:8080",
        "http://[::1]:80",
    ] {
        Client::builder()
            .base_url(url)
            .bearer_token("t")
            .build()
            .unwrap();
    }
    Client::builder()
        .base_url("http://api.example.com")
        .build()
        .unwrap();
    Client::builder()
        .base_url("http://api.example.com")
        .bearer_token("t")
        .allow_insecure_http()
        .build()
        .unwrap();
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_origin() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(one_page())
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/stolen", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token")
        .build()
        .unwrap();
    let error = list_jobs(&client).await.unwrap_err();
    // The redirect is returned, not followed.
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert!(elsewhere.received_requests().await.unwrap().is_empty());

    // Within the origin a redirect is followed, credentials included.
    let moved = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved"))
        .mount(&moved)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .and(header("authorization", "Bearer secret-token"))
        .respond_with(one_page())
        .mount(&moved)
        .await;
    let client = Client::builder()
        .base_url(moved.uri())
        .bearer_token("secret-token")
        .build()
        .unwrap();
    list_jobs(&client).await.unwrap();
}

#[tokio::test]
async fn execute_attaches_credentials_only_for_the_clients_origin() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    for s in [&server, &other] {
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(204))
            .mount(s)
            .await;
    }
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token")
        .build()
        .unwrap();
    for target in [&server, &other] {
        let request = http::Request::get(format!("{}/x", target.uri()))
            .body(Vec::new())
            .unwrap();
        client.execute(request).await.unwrap();
    }
    let sent = |requests: Vec<Request>| header_of(&requests[0], "authorization").map(str::to_owned);
    assert_eq!(
        sent(server.received_requests().await.unwrap()),
        Some("Bearer secret-token".to_owned())
    );
    assert_eq!(sent(other.received_requests().await.unwrap()), None);
}
