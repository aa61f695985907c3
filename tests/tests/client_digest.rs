//! HTTP digest authentication of the client.
//!
//! Against a digest verifier written here (MD5, `qop=auth`) on a local wiremock server, so that
//! plain `cargo test` covers it: the challenge is answered, its nonce is reused with an
//! increasing `nc`, a stale nonce is re-challenged, and a wrong key gives the operation's typed
//! 401. Against httpbin (MD5 and SHA-256) when `cargo xtask test` provides it.
#![allow(deprecated)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use atlas_admin::params::{ClusterName, GroupId};
use atlas_admin::{Client, Error};
use atlas_admin_tests::services::Httpbin;
use md5::{Digest, Md5};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const REALM: &str = "MMS Public API";
const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "8f2c0e1a-1111-2222-3333-444455556666";

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The parameters of a `Digest` authorization header (quoted or not).
fn digest_params(header: &str) -> Option<HashMap<String, String>> {
    let rest = header.strip_prefix("Digest ")?;
    let mut params = HashMap::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if name.is_empty() {
            break;
        }
        let value: String = if chars.peek() == Some(&'"') {
            chars.next();
            chars.by_ref().take_while(|c| *c != '"').collect()
        } else {
            chars.by_ref().take_while(|c| *c != ',').collect()
        };
        params.insert(name.trim().to_owned(), value.trim().to_owned());
    }
    Some(params)
}

/// What the verifier saw and which nonce it currently issues.
#[derive(Default)]
struct VerifierState {
    nonce: String,
    /// `nc` of every accepted answer, in order.
    accepted_nc: Vec<u32>,
    /// The highest `nc` accepted for the current nonce.
    last_nc: u32,
    /// Requests without any authorization.
    unauthenticated: usize,
    /// Answers to an old nonce.
    stale: usize,
    /// Answers with a wrong hash, user or `nc`.
    rejected: usize,
}

type Shared = Arc<Mutex<VerifierState>>;

fn challenge(nonce: &str, stale: bool) -> ResponseTemplate {
    let stale = if stale { ", stale=true" } else { "" };
    ResponseTemplate::new(401)
        .insert_header(
            "WWW-Authenticate",
            format!(r#"Digest realm="{REALM}", domain="", nonce="{nonce}", algorithm=MD5, qop="auth"{stale}"#),
        )
        .set_body_json(serde_json::json!({
            "error": 401, "errorCode": "UNAUTHORIZED", "detail": "digest authentication needed",
        }))
}

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

/// Checks an answer as RFC 7616 section 3.4.1 computes it for MD5 and `qop=auth`.
fn verify(request: &Request, state: &mut VerifierState) -> ResponseTemplate {
    let header = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let Some(params) = header.and_then(digest_params) else {
        state.unauthenticated += 1;
        return challenge(&state.nonce, false);
    };
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    if param("nonce") != state.nonce {
        state.stale += 1;
        return challenge(&state.nonce, true);
    }
    let uri = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let nc = u32::from_str_radix(param("nc"), 16).unwrap_or(0);
    let ha1 = md5_hex(&format!("{PUBLIC_KEY}:{REALM}:{PRIVATE_KEY}"));
    let ha2 = md5_hex(&format!("{}:{uri}", request.method));
    let expected = md5_hex(&format!(
        "{ha1}:{}:{}:{}:auth:{ha2}",
        state.nonce,
        param("nc"),
        param("cnonce")
    ));
    let counts_up = nc > state.last_nc;
    let ok = param("username") == PUBLIC_KEY
        && param("realm") == REALM
        && param("uri") == uri
        && param("qop") == "auth"
        && param("nc").len() == 8
        && !param("cnonce").is_empty()
        && counts_up
        && param("response") == expected;
    if ok {
        state.accepted_nc.push(nc);
        state.last_nc = nc;
        one_page()
    } else {
        state.rejected += 1;
        challenge(&state.nonce, false)
    }
}

async fn digest_server() -> (MockServer, Shared) {
    let state = Arc::new(Mutex::new(VerifierState {
        nonce: "nonce-one".to_owned(),
        ..VerifierState::default()
    }));
    let server = MockServer::start().await;
    let in_server = state.clone();
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(move |request: &Request| verify(request, &mut in_server.lock().unwrap()))
        .mount(&server)
        .await;
    (server, state)
}

fn digest_client(server: &MockServer, private_key: &str) -> Client {
    Client::builder()
        .base_url(server.uri())
        .digest_auth(PUBLIC_KEY, private_key)
        .build()
        .unwrap()
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

#[tokio::test]
async fn the_challenge_is_answered_then_reused_with_an_increasing_nc() {
    let (server, state) = digest_server().await;
    let client = digest_client(&server, PRIVATE_KEY);

    list_jobs(&client).await.unwrap();
    list_jobs(&client.clone()).await.unwrap();
    list_jobs(&client).await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 4);
    let state = state.lock().unwrap();
    // One challenge in all: later requests answer the cached one straight away.
    assert_eq!(state.unauthenticated, 1);
    assert_eq!(state.accepted_nc, [1, 2, 3]);
    assert_eq!((state.stale, state.rejected), (0, 0));
}

#[tokio::test]
async fn a_stale_nonce_is_challenged_again() {
    let (server, state) = digest_server().await;
    let client = digest_client(&server, PRIVATE_KEY);

    list_jobs(&client).await.unwrap();
    {
        let mut state = state.lock().unwrap();
        state.nonce = "nonce-two".to_owned();
        state.last_nc = 0;
    }
    list_jobs(&client).await.unwrap();
    list_jobs(&client).await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 5);
    let state = state.lock().unwrap();
    assert_eq!(state.stale, 1);
    // The new nonce's count starts again at 1.
    assert_eq!(state.accepted_nc, [1, 1, 2]);
}

#[tokio::test]
async fn a_wrong_key_gives_the_typed_401() {
    let (server, state) = digest_server().await;
    let client = digest_client(&server, "not-the-private-key");

    let error = list_jobs(&client).await.unwrap_err();

    assert!(
        matches!(&error, Error::Api { status, body, .. }
            if status.as_u16() == 401 && body.error_code == "UNAUTHORIZED"),
        "{error:?}"
    );
    let state = state.lock().unwrap();
    assert_eq!((state.unauthenticated, state.rejected), (1, 1));
    assert!(state.accepted_nc.is_empty());
}

#[tokio::test]
async fn execute_returns_the_final_401_response() {
    let (server, _state) = digest_server().await;
    let client = digest_client(&server, "wrong");

    let request = http::Request::get(format!("{}/anything", server.uri()))
        .body(Vec::new())
        .unwrap();
    let response = client.execute(request).await.unwrap();

    assert_eq!(response.status(), 401);
    assert!(response.headers().contains_key("www-authenticate"));
}

/// `GET {httpbin}/digest-auth/auth/user/passwd/{algorithm}` through `Client::execute`.
async fn httpbin_digest(algorithm: &str, password: &str) -> http::Response<Vec<u8>> {
    let base_url = tokio::task::spawn_blocking(|| Httpbin::shared().base_url.clone())
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(&base_url)
        .digest_auth("user", password)
        .build()
        .unwrap();
    let url = format!("{base_url}/digest-auth/auth/user/passwd/{algorithm}");
    let request = http::Request::get(url).body(Vec::new()).unwrap();
    client.execute(request).await.unwrap()
}

#[tokio::test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
async fn httpbin_accepts_the_right_key_md5() {
    let response = httpbin_digest("MD5", "passwd").await;
    assert_eq!(response.status(), 200, "{}", Httpbin::shared().log());
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["authenticated"], true);
}

#[tokio::test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
async fn httpbin_accepts_the_right_key_sha256() {
    let response = httpbin_digest("SHA-256", "passwd").await;
    assert_eq!(response.status(), 200, "{}", Httpbin::shared().log());
}

#[tokio::test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
async fn httpbin_rejects_a_wrong_key() {
    for algorithm in ["MD5", "SHA-256"] {
        let response = httpbin_digest(algorithm, "wrong").await;
        assert_eq!(response.status(), 401, "{algorithm}");
    }
}

#[tokio::test]
async fn the_first_digest_challenge_the_client_can_answer_is_used() {
    let (server, state) = {
        let state = Arc::new(Mutex::new(VerifierState {
            nonce: "nonce-one".to_owned(),
            ..VerifierState::default()
        }));
        let server = MockServer::start().await;
        let in_server = state.clone();
        Mock::given(wiremock::matchers::method("GET"))
            .respond_with(move |request: &Request| {
                if request.headers.get("authorization").is_some() {
                    return verify(request, &mut in_server.lock().unwrap());
                }
                // An algorithm the client does not know first, then MD5; and a scheme that
                // only starts like `Digest`.
                ResponseTemplate::new(401)
                    .append_header("WWW-Authenticate", r#"Digestive realm="x", nonce="bad""#)
                    .append_header(
                        "WWW-Authenticate",
                        format!(r#"Digest realm="{REALM}", nonce="nonce-one", algorithm=SHA3-999, qop="auth""#),
                    )
                    .append_header(
                        "WWW-Authenticate",
                        format!(r#"Basic realm="b", Digest realm="{REALM}", nonce="nonce-one", algorithm=MD5, qop="auth""#),
                    )
            })
            .mount(&server)
            .await;
        (server, state)
    };
    list_jobs(&digest_client(&server, PRIVATE_KEY))
        .await
        .unwrap();
    assert_eq!(state.lock().unwrap().accepted_nc, [1]);
}

#[tokio::test]
async fn a_server_asking_for_auth_int_gets_an_answer_over_the_body() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(|request: &Request| {
            let header = request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok());
            let Some(params) = header.and_then(digest_params) else {
                return ResponseTemplate::new(401).insert_header(
                    "WWW-Authenticate",
                    format!(
                        r#"Digest realm="{REALM}", nonce="n-int", algorithm=MD5, qop="auth-int""#
                    ),
                );
            };
            let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
            let uri = format!(
                "{}?{}",
                request.url.path(),
                request.url.query().unwrap_or("")
            );
            let uri = uri.trim_end_matches('?');
            let ha1 = md5_hex(&format!("{PUBLIC_KEY}:{REALM}:{PRIVATE_KEY}"));
            // RFC 7616 3.4.3: with auth-int, A2 includes the hash of the body (empty here).
            let ha2 = md5_hex(&format!("{}:{uri}:{}", request.method, md5_hex("")));
            let expected = md5_hex(&format!(
                "{ha1}:n-int:{}:{}:auth-int:{ha2}",
                param("nc"),
                param("cnonce")
            ));
            if param("qop") == "auth-int" && param("response") == expected {
                one_page()
            } else {
                ResponseTemplate::new(403)
            }
        })
        .mount(&server)
        .await;
    list_jobs(&digest_client(&server, PRIVATE_KEY))
        .await
        .unwrap();
}
