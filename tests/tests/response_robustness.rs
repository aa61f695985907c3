//! The generated decoder under hostile responses: truncated JSON, wrong types, huge numbers,
//! deep nesting, a 10 MB array, invalid UTF-8, wrong content types and every status give the
//! model or a typed `Error`, never a panic, and use memory bounded by the input.
//!
//! Memory is measured by a counting global allocator whose counters are per thread, so tests
//! running in parallel do not disturb each other's figures.
#![allow(deprecated)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use atlas_admin::models::PaginatedRestoreJobView;
use atlas_admin::{ApiResponse, Error, ListClusterRestoreJobs};
use http::Response;
use proptest::prelude::*;
use serde_json::Value;

struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed on this thread (a block freed on another thread
    /// than the one that allocated it makes this drift, hence signed).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    // `try_with`: the allocator also runs while thread-locals are being torn down.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is forwarded to `System` unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as if the old and the new block coexisted for a moment, as they may.
            track(new_size as isize);
            track(-(layout.size() as isize));
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the peak of the bytes it had allocated at once
/// (including what it returns).
fn peak_bytes<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let result = f();
    let peak = PEAK.with(Cell::get) - base;
    (result, peak.max(0) as usize)
}

const SEED_PAGE: &str = include_str!("../fixtures/seed-page.json");
const VENDOR_JSON: &str = "application/vnd.atlas.2023-01-01+json";
const DOCUMENTED_ERRORS: [u16; 5] = [400, 401, 403, 404, 500];

type Decoded = Result<ApiResponse<PaginatedRestoreJobView>, Error>;

fn response(status: u16, content_type: Option<&str>, body: Vec<u8>) -> Response<Vec<u8>> {
    let mut builder = Response::builder().status(status);
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(body).unwrap()
}

fn decode(status: u16, content_type: Option<&str>, body: &[u8]) -> Decoded {
    ListClusterRestoreJobs::parse_response(response(status, content_type, body.to_vec()))
}

/// `decode`, with the peak of the bytes the decoder itself had allocated at once (the
/// response it is given is made before measuring; what it returns is counted).
fn decode_measured(status: u16, content_type: Option<&str>, body: &[u8]) -> (Decoded, usize) {
    let response = response(status, content_type, body.to_vec());
    peak_bytes(|| ListClusterRestoreJobs::parse_response(response))
}

/// The decoder's contract for any response: the model only for the documented success
/// status, else a typed error that carries the response's status and a bounded excerpt.
fn check_contract(status: u16, decoded: &Decoded) -> Result<(), TestCaseError> {
    match decoded {
        Ok(page) => prop_assert_eq!(page.status().as_u16(), 200),
        Err(error) => {
            prop_assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            match error {
                Error::UnexpectedStatus { excerpt, .. }
                | Error::UnexpectedContentType { excerpt, .. }
                | Error::Decode { excerpt, .. } => {
                    // 512 bytes kept, each at worst a 6-byte escape of a control character
                    // (`\u{9f}`), plus the ellipsis.
                    prop_assert!(excerpt.len() <= 512 * 6 + 3, "{}", excerpt.len());
                    prop_assert!(
                        !excerpt.contains('\u{1b}'),
                        "an escape character in the excerpt"
                    );
                }
                Error::Api { .. } | Error::RateLimited { .. } => {}
                other => prop_assert!(false, "not an error a response can cause: {other:?}"),
            }
            prop_assert!(!error.to_string().is_empty());
        }
    }
    Ok(())
}

/// The path and message of a `Decode` error, failing on anything else.
fn decode_error(decoded: Decoded) -> (String, String) {
    match decoded {
        Err(Error::Decode { path, message, .. }) => (path, message),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// Every JSON pointer into `value`, the root excepted.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return,
    };
    for (key, child) in children {
        let pointer = format!("{at}/{key}");
        out.push(pointer.clone());
        pointers(child, pointer, out);
    }
}

/// Values of every JSON type, and numbers no Rust integer or float holds.
const ODD_VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    "\"text\"",
    "[]",
    "{}",
    "[[[]]]",
    "1e400",
    "-1e400",
    "18446744073709551617",
    "-9223372036854775809",
    "\"\\ud800\"",
];

fn seed_pointers() -> Vec<String> {
    let seed: Value = serde_json::from_str(SEED_PAGE).unwrap();
    let mut out = Vec::new();
    pointers(&seed, String::new(), &mut out);
    out
}

/// The seed page with the value at `pointer` replaced by `replacement` (JSON text).
fn replaced(pointer: &str, replacement: &str) -> String {
    let mut seed: Value = serde_json::from_str(SEED_PAGE).unwrap();
    // A placeholder string, swapped for the raw replacement text after serializing, so
    // replacements serde_json would refuse to hold (1e400, lone surrogates) reach the decoder.
    *seed.pointer_mut(pointer).unwrap() = Value::String("\u{1}REPLACED\u{1}".into());
    serde_json::to_string(&seed)
        .unwrap()
        .replace("\"\\u0001REPLACED\\u0001\"", replacement)
}

fn byte_edit() -> impl Strategy<Value = (usize, u8, u8)> {
    (0..SEED_PAGE.len(), 0..4u8, any::<u8>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_under_any_status_and_content_type(
        status in 100u16..1000,
        content_type in prop::sample::select(vec![
            Some(VENDOR_JSON), Some("application/json"), None, Some("text/html"), Some(""),
        ]),
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        check_contract(status, &decode(status, content_type, &body))?;
    }

    #[test]
    fn any_value_replaced_by_a_value_of_another_type(
        index in any::<prop::sample::Index>(),
        replacement in prop::sample::select(ODD_VALUES),
        status in prop::sample::select(vec![200u16, 400, 404, 429, 500]),
    ) {
        let pointers = seed_pointers();
        let pointer = index.get(&pointers);
        let body = replaced(pointer, replacement);
        let (decoded, peak) = decode_measured(status, Some(VENDOR_JSON), body.as_bytes());
        check_contract(status, &decoded)?;
        prop_assert!(peak <= 8 * body.len() + 16 * 1024, "{peak} bytes for {} bytes", body.len());
    }

    #[test]
    fn seed_page_with_bytes_cut_inserted_or_changed(edits in prop::collection::vec(byte_edit(), 1..8)) {
        let mut body = SEED_PAGE.as_bytes().to_vec();
        for (at, kind, byte) in edits {
            let at = at.min(body.len());
            match kind {
                0 => body.truncate(at),
                1 => body.insert(at, byte),
                2 if at < body.len() => body[at] = byte,
                _ if at < body.len() => {
                    body.remove(at);
                }
                _ => {}
            }
        }
        check_contract(200, &decode(200, Some(VENDOR_JSON), &body))?;
    }
}

#[test]
fn every_truncation_of_a_page_is_a_decode_error() {
    let body = SEED_PAGE.trim_end().as_bytes();
    for cut in 0..body.len() {
        let (path, message) = decode_error(decode(200, Some(VENDOR_JSON), &body[..cut]));
        assert!(!path.is_empty() && !message.is_empty(), "cut at {cut}");
    }
    assert!(decode(200, Some(VENDOR_JSON), body).is_ok());
}

#[test]
fn wrong_types_name_the_field() {
    for pointer in seed_pointers() {
        for replacement in ["[]", "{}", "true"] {
            let body = replaced(&pointer, replacement);
            match decode(200, Some(VENDOR_JSON), body.as_bytes()) {
                Ok(_) => {}
                Err(Error::Decode { path, .. }) => {
                    // `/results/0/delivery` is reported as `results[0].delivery` or a prefix of it.
                    let first = pointer.split('/').nth(1).unwrap();
                    assert!(path.starts_with(first), "{pointer}: {path}");
                }
                Err(other) => panic!("{pointer} = {replacement}: {other:?}"),
            }
        }
    }
}

#[test]
fn numbers_beyond_every_rust_type_are_decode_errors() {
    for number in [
        "1e400",
        "-1e400",
        "18446744073709551617",
        "2147483648",
        "1.5",
    ] {
        let body = format!(r#"{{"totalCount": {number}, "results": []}}"#);
        let (path, message) = decode_error(decode(200, None, body.as_bytes()));
        assert_eq!(path, "totalCount", "{number}: {message}");
    }
    // A huge number where the model has no field is skipped, not refused.
    let body = r#"{"unknownField": 1e400, "other": 18446744073709551617, "results": []}"#;
    assert!(decode(200, None, body.as_bytes()).is_ok());
}

#[test]
fn deep_nesting_is_a_decode_error_not_a_stack_overflow() {
    for body in [
        "[".repeat(100_000),
        format!(r#"{{"results": {}"#, "[".repeat(100_000)),
        format!(r#"{{"unknownField": {}"#, "{\"a\":".repeat(100_000)),
        format!(
            r#"{{"error": 404, "parameters": [{}"#,
            "{\"a\":".repeat(100_000)
        ),
    ] {
        for status in [200, 404] {
            let (decoded, peak) = decode_measured(status, None, body.as_bytes());
            match decoded {
                Err(Error::Decode { message, .. }) => {
                    assert!(!message.is_empty());
                }
                other => panic!("{status}: {other:?}"),
            }
            // Known fields stop at serde_json's recursion limit (128); unknown ones are skipped
            // without recursion, keeping one byte per open bracket: linear, no stack.
            assert!(
                peak < 2 * body.len() + 16 * 1024,
                "{peak} bytes for {status} {}",
                &body[..20]
            );
        }
    }
}

#[test]
fn invalid_utf8_is_a_decode_error_with_a_readable_excerpt() {
    let body = b"{\"results\": [{\"clusterName\": \"a\xFFb\"}]}";
    match decode(200, Some(VENDOR_JSON), body) {
        Err(Error::Decode {
            path,
            message,
            excerpt,
            ..
        }) => {
            assert_eq!(path, "results[0].clusterName");
            assert!(message.contains("invalid unicode"), "{message}");
            assert!(excerpt.contains('\u{FFFD}'));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_non_json_content_type_is_refused_for_success_and_documented_errors() {
    for status in [200u16, 400, 404, 500] {
        for content_type in ["text/html", "application/xml", "", "text/json"] {
            match decode(status, Some(content_type), SEED_PAGE.as_bytes()) {
                Err(Error::UnexpectedContentType {
                    status: got,
                    content_type: ct,
                    ..
                }) => {
                    assert_eq!(got.as_u16(), status);
                    assert_eq!(ct, content_type);
                }
                other => panic!("{status} {content_type:?}: {other:?}"),
            }
        }
    }
}

#[test]
fn every_status_gets_its_own_outcome() {
    let error_body = br#"{"error": 400, "errorCode": "X", "reason": "r", "detail": "d"}"#;
    for status in 100u16..1000 {
        for body in [SEED_PAGE.as_bytes(), error_body] {
            let decoded = decode(status, Some("application/json"), body);
            check_contract(status, &decoded).unwrap();
            match (status, &decoded) {
                // Every property of a page is optional: any object is one.
                (200, Ok(_)) => {}
                (429, Err(Error::RateLimited { .. })) => {}
                (s, Err(Error::Api { .. })) if DOCUMENTED_ERRORS.contains(&s) => {}
                // Any other error status with the API's error body is the structured error too.
                (400..=599, Err(Error::Api { .. })) if body == error_body => {}
                (s, Err(Error::Decode { .. }))
                    if DOCUMENTED_ERRORS.contains(&s) && body == SEED_PAGE.as_bytes() => {}
                (s, Err(Error::UnexpectedStatus { .. })) if s != 200 && s != 429 => {
                    assert!(!DOCUMENTED_ERRORS.contains(&s));
                }
                (s, other) => panic!("{s}: {other:?}"),
            }
        }
    }
}

/// One job of the seed page, repeated to a body of about `size` bytes.
fn page_of_size(size: usize) -> (String, usize) {
    let seed: Value = serde_json::from_str(SEED_PAGE).unwrap();
    let job = serde_json::to_string(&seed["results"][0]).unwrap();
    let count = size / (job.len() + 1);
    let mut body = String::with_capacity(size + 64);
    body.push_str(r#"{"totalCount": 1, "results": ["#);
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&job);
    }
    body.push_str("]}");
    (body, count)
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn a_ten_megabyte_page_decodes_in_memory_proportional_to_it() {
    let (body, count) = page_of_size(TEN_MB);
    let (decoded, peak) = decode_measured(200, Some(VENDOR_JSON), body.as_bytes());
    let page = decoded.unwrap();
    assert_eq!(page.results.as_ref().map(Vec::len), Some(count));
    let ratio = peak as f64 / body.len() as f64;
    println!(
        "{} jobs, {} bytes of JSON: peak {} bytes ({ratio:.2}x the body)",
        count,
        body.len(),
        peak
    );
    // A real page of jobs is mostly text, so the model is about the size of the JSON; the
    // rest is the `Vec` of jobs growing by doubling.
    assert!(ratio < 4.0, "peak {peak} bytes is {ratio:.2}x the body");
}

#[test]
fn a_ten_megabyte_array_of_the_wrong_type_fails_without_building_it() {
    let mut body = String::from(r#"{"results": ["#);
    while body.len() < TEN_MB {
        body.push_str("123456789,");
    }
    body.push_str("0]}");
    let (decoded, peak) = decode_measured(200, Some(VENDOR_JSON), body.as_bytes());
    let (path, _) = decode_error(decoded);
    assert_eq!(path, "results[0]");
    assert!(peak < 16 * 1024, "{peak} bytes");
}

#[test]
fn a_ten_megabyte_array_of_minimal_jobs_has_a_stated_bound() {
    // The worst case for amplification: the smallest valid job (its one required property,
    // with a known enum value) becomes a whole struct with every other field `None`. The
    // bound is per job, not per byte.
    const JOB: &str = r#"{"delivery":{"methodName":"HTTP"}}"#;
    let count = TEN_MB / (JOB.len() + 1);
    let mut body = String::from(r#"{"results": ["#);
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        body.push_str(JOB);
    }
    body.push_str("]}");
    let job = std::mem::size_of::<atlas_admin::models::BackupRestoreJob>();
    let (decoded, peak) = decode_measured(200, Some(VENDOR_JSON), body.as_bytes());
    assert_eq!(decoded.unwrap().results.as_ref().map(Vec::len), Some(count));
    println!(
        "{count} minimal jobs of {job} bytes each, {} bytes of JSON: peak {peak} bytes ({:.1}x the body)",
        body.len(),
        peak as f64 / body.len() as f64
    );
    // A `Vec` of jobs grown by doubling: at most twice the jobs, three times while a
    // reallocation copies.
    assert!(peak <= 3 * count * job + 16 * 1024, "{peak} bytes");
}

mod body_limit {
    //! The client reads a body only up to `ClientBuilder::max_body_bytes`.

    use atlas_admin::params::{ClusterName, GroupId};
    use atlas_admin::{Client, ClientBuilder, Error};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn list(client: &Client) -> Result<usize, Error> {
        let page = client
            .list_cluster_restore_jobs(
                GroupId::from_static("32b6e34b3d91647abb20e7b8"),
                ClusterName::from_static("my-cluster"),
            )
            .send()
            .await?;
        Ok(page.results.as_ref().map_or(0, Vec::len))
    }

    /// A page padded with spaces to exactly `size` bytes.
    fn padded_page(size: usize) -> Vec<u8> {
        let mut body =
            br#"{"results": [{"delivery": {"methodName": "HTTP"}}], "totalCount": 1}"#.to_vec();
        body.resize(size, b' ');
        body
    }

    async fn server_with(body: Vec<u8>) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, super::VENDOR_JSON))
            .mount(&server)
            .await;
        server
    }

    #[tokio::test]
    async fn a_body_at_the_limit_is_read_and_one_byte_more_is_refused() {
        let server = server_with(padded_page(4096)).await;
        let at_limit = Client::builder()
            .base_url(server.uri())
            .max_body_bytes(4096)
            .build()
            .unwrap();
        assert_eq!(list(&at_limit).await.unwrap(), 1);
        let below = Client::builder()
            .base_url(server.uri())
            .max_body_bytes(4095)
            .build()
            .unwrap();
        match list(&below).await.unwrap_err() {
            Error::BodyTooLarge { status, limit } => {
                assert_eq!(status.as_u16(), 200);
                assert_eq!(limit, 4095);
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn the_default_limit_is_64_mib_and_admits_large_pages() {
        assert_eq!(ClientBuilder::DEFAULT_MAX_BODY_BYTES, 64 * 1024 * 1024);
        let server = server_with(padded_page(2 * 1024 * 1024)).await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        assert_eq!(list(&client).await.unwrap(), 1);
    }

    /// A server that streams `chunks` chunks of 1 KiB with no `Content-Length`, so only
    /// counting while reading can stop it.
    async fn chunked_server(chunks: usize) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buffer).await.unwrap();
                if n == 0 {
                    return;
                }
                request.extend_from_slice(&buffer[..n]);
            }
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                        transfer-encoding: chunked\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = format!("400\r\n{}\r\n", " ".repeat(1024));
            for _ in 0..chunks {
                // The client hangs up once it has seen too much.
                if socket.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
        });
        format!("http://{address}")
    }

    #[tokio::test]
    async fn a_chunked_body_without_a_length_is_cut_off_at_the_limit() {
        // 64 MiB of chunks against a 64 KiB limit.
        let base = chunked_server(64 * 1024).await;
        let client = Client::builder()
            .base_url(base)
            .max_body_bytes(64 * 1024)
            .build()
            .unwrap();
        match list(&client).await.unwrap_err() {
            Error::BodyTooLarge { limit, .. } => assert_eq!(limit, 64 * 1024),
            other => panic!("{other:?}"),
        }
    }
}

fn atlas_error(status: u16, code: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "error": status, "errorCode": code, "detail": "details", "reason": "Reason",
        "parameters": [{"name": "x"}],
    }))
    .unwrap()
}

#[test]
fn every_error_status_with_the_apis_error_body_is_a_structured_error() {
    // 404 is documented; 409, 410, 429 and 502 are not, and used to be bare excerpts.
    for (status, code) in [
        (404, "CLUSTER_NOT_FOUND"),
        (409, "CANNOT_MODIFY"),
        (410, "VERSION_GONE"),
        (429, "RATE_LIMITED"),
        (502, "BAD_GATEWAY"),
    ] {
        let error =
            decode(status, Some("application/json"), &atlas_error(status, code)).unwrap_err();
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(status),
            "{error:?}"
        );
        assert_eq!(error.error_code().as_deref(), Some(code), "{error:?}");
        assert!(error.is_error_code(code) && !error.is_error_code("OTHER"));
        let body = error.api_error().expect("the API's error body");
        assert_eq!(body.error_code, code);
        assert_eq!(body.detail.as_deref(), Some("details"));
    }
    // Bodies of another shape stay typed excerpts.
    let error = decode(502, Some("text/html"), b"<html>bad gateway</html>").unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.error_code(), None);
    let error = decode(409, Some("application/json"), b"{\"other\": 1}").unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
}

#[test]
fn api_error_display_is_bounded_and_escapes_control_characters() {
    let body = serde_json::to_vec(&serde_json::json!({
        "error": 404, "errorCode": "X", "detail": format!("\u{1b}]0;owned\u{7}{}", "d".repeat(100_000)),
    }))
    .unwrap();
    let error = decode(404, Some("application/json"), &body).unwrap_err();
    let shown = error.to_string();
    assert!(shown.len() < 1200, "{} bytes", shown.len());
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown}"
    );
}

#[test]
fn decode_errors_never_show_credentials() {
    // A body that fails to decode, with credentials in fields the spec marks secret.
    let body = br#"{"results": [{"id": "5b3e2f9e7a3c2e1f0d9c8b7a", "delivery": {"authHeader": "Authorization", "authValue": "Bearer hunter2-secret", "expires": 5}}], "totalCount": "many"}"#;
    let error = decode(200, Some("application/json"), body).unwrap_err();
    let Error::Decode { excerpt, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    for shown in [excerpt.clone(), error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("\"Authorization\""), "{shown}");
    }
    assert!(
        excerpt.contains(r#""authValue": "<redacted>""#),
        "{excerpt}"
    );
    // An excerpt cut inside a secret value hides the part it shows.
    let mut long = br#"{"results": "#.to_vec();
    long.extend(std::iter::repeat_n(b' ', 480));
    long.extend(br#""authValue": "Bearer hunter2-secret-that-runs-past-the-cut-of-the-excerpt"}"#);
    let error = decode(200, Some("application/json"), &long).unwrap_err();
    assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
    // A credential of the wrong type is not quoted by the decoder's message either.
    let body = br#"{"results": [{"delivery": {"authValue": 123456789}}]}"#;
    let error = decode(200, Some("application/json"), body).unwrap_err();
    assert!(
        !format!("{error} {error:?}").contains("123456789"),
        "{error:?}"
    );
}

/// A hostile HTTP server on 127.0.0.1: for each connection it reads the request and writes
/// `reply`, then either closes the connection or keeps it open, silent.
fn hostile_server(runtime: &tokio::runtime::Runtime, reply: Vec<u8>, hang: bool) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let reply = reply.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let _ = socket.write_all(&reply).await;
                if hang {
                    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                }
            });
        }
    });
    format!("http://{addr}")
}

fn hostile_reply() -> impl Strategy<Value = Vec<u8>> {
    let status = prop_oneof![Just(200u16), Just(404), Just(429), Just(500), 100u16..600];
    let length = prop_oneof![
        Just(None),
        (0u64..2000).prop_map(Some),
        Just(Some(u64::MAX)),
    ];
    let body = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        Just(br#"{"results": [{"id": "5b3e2f9e7a3c2e1f0d9c8b7a"}], "totalCount": 1}"#.to_vec()),
        Just(b"{\"results\": [".repeat(200)),
    ];
    let chunked = any::<bool>();
    let garbage_headers = proptest::collection::vec(any::<u8>(), 0..40);
    (status, length, body, chunked, garbage_headers).prop_map(
        |(status, length, body, chunked, garbage)| {
            let mut reply =
                format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n").into_bytes();
            if let Some(length) = length {
                reply.extend(format!("content-length: {length}\r\n").bytes());
            }
            if chunked {
                reply.extend(b"transfer-encoding: chunked\r\n");
            }
            reply.extend(b"x-junk: ");
            reply.extend(garbage.iter().filter(|b| **b != b'\r' && **b != b'\n'));
            reply.extend(b"\r\n\r\n");
            reply.extend(body);
            reply
        },
    )
}

proptest! {
    // `PROPTEST_CASES` sets a longer run (see fuzz/README.md).
    #![proptest_config(ProptestConfig { cases: cases_or(48), failure_persistence: None, ..ProptestConfig::default() })]

    /// The client against servers that lie about lengths, send garbage headers and bodies,
    /// close early or stall: every call returns within its deadlines, with the model or a
    /// typed error, and a body is never held past the client's limit.
    #[test]
    fn the_client_survives_hostile_servers(reply in hostile_reply(), hang in any::<bool>()) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let base_url = hostile_server(&runtime, reply, hang);
        let client = atlas_admin::Client::builder()
            .base_url(base_url)
            .read_timeout(std::time::Duration::from_millis(200))
            .timeout(std::time::Duration::from_secs(2))
            .max_body_bytes(4096)
            .build()
            .unwrap();
        let request = ListClusterRestoreJobs::new(
            atlas_admin::params::GroupId::from_static("32b6e34b3d91647abb20e7b8"),
            atlas_admin::params::ClusterName::from_static("c"),
        );
        let started = std::time::Instant::now();
        let result = runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(10), client.send(&request)).await
        });
        prop_assert!(result.is_ok(), "hung for {:?}", started.elapsed());
        prop_assert!(started.elapsed() < std::time::Duration::from_secs(5));
        if let Ok(Err(error)) = result {
            prop_assert!(!error.to_string().is_empty());
            prop_assert!(!error.to_string().contains('\u{1b}'), "an escape character in {error}");
        }
        runtime.shutdown_background();
    }
}

/// `PROPTEST_CASES` when set, else `default`: CI runs the default, longer runs set it.
fn cases_or(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
