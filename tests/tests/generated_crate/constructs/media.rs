//! `tests/constructs/specs/media.yaml`: requests and responses that are not JSON, status
//! ranges, shared responses, server variables, derived operation names, and object, cookie
//! and union parameters, built and decoded without I/O.

use construct_media::models::{GetMessagesJsonFilter, GetMessagesJsonWindow, NewMessage};
use construct_media::multipart::File;
use construct_media::params::{ExportId, MessageId, Top};
use construct_media::{
    BaseUrl, CreateNote, DownloadExport, Error, GetMessage, GetMessagesJson, GetReport,
    SendMessage, SetCover, UploadAnything, UploadMedia,
};
use serde_json::json;

const BASE: BaseUrl = BaseUrl::from_static("https://h.test/v2");

fn body_text(request: &http::Request<Vec<u8>>) -> &str {
    std::str::from_utf8(request.body()).unwrap()
}

fn response(status: u16, content_type: &str, body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.to_vec())
        .unwrap()
}

#[test]
fn form_bodies_are_url_encoded_pairs_with_deep_objects_where_the_encoding_says() {
    let message: NewMessage = serde_json::from_value(json!({
        "To": "+15551234567",
        "Body": "Hi & bye",
        "MediaUrl": ["https://m.test/a.png", "https://m.test/b.png"],
        "Labels": {"campaign": "spring"},
    }))
    .unwrap();
    let request = SendMessage::new(message).to_http(&BASE).unwrap();
    assert_eq!(request.uri().path(), "/v2/Messages.json");
    assert_eq!(
        request.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        body_text(&request),
        "To=%2B15551234567&Body=Hi%20%26%20bye\
         &MediaUrl=https%3A%2F%2Fm.test%2Fa.png&MediaUrl=https%3A%2F%2Fm.test%2Fb.png\
         &Labels%5Bcampaign%5D=spring"
    );
}

#[test]
fn status_ranges_and_shared_responses_decode_as_documented() {
    let problem = br#"{"title": "rate", "status": 503}"#;
    // `5XX` is documented (by the shared `Problem` response, one type for every operation).
    match SendMessage::parse_response(response(503, "application/problem+json", problem)) {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 503);
            let body: construct_media::models::ProblemResponse = *body;
            assert_eq!(body.title.as_deref(), Some("rate"));
        }
        other => panic!("{other:?}"),
    }
    // `4XX` too.
    assert!(matches!(
        SendMessage::parse_response(response(422, "application/problem+json", problem)),
        Err(Error::Api { status, .. }) if status == 422
    ));
    // `2XX` is a success whatever the 2xx status; `GetReport` documents only `5XX` errors.
    let report = GetReport::parse_response(response(203, "text/csv", b"a,b\n1,2\n")).unwrap();
    assert_eq!(report.status(), 203);
    assert_eq!(report.body(), "a,b\n1,2\n");
    assert!(matches!(
        GetReport::parse_response(response(502, "application/problem+json", problem)),
        Err(Error::Api { .. })
    ));
    assert!(matches!(
        GetReport::parse_response(response(404, "text/plain", b"no")),
        Err(Error::UnexpectedStatus { .. })
    ));
}

#[test]
fn text_requests_and_responses_are_strings() {
    let request = CreateNote::new()
        .body("remember the milk")
        .to_http(&BASE)
        .unwrap();
    assert_eq!(request.headers()["content-type"], "text/plain");
    assert_eq!(request.headers()["accept"], "text/plain");
    assert_eq!(body_text(&request), "remember the milk");
    let stored = CreateNote::parse_response(response(201, "text/plain", "é stored".as_bytes()))
        .unwrap()
        .into_body();
    assert_eq!(stored, "é stored");
    match CreateNote::parse_response(response(201, "text/plain", &[0xff, 0xfe])) {
        Err(Error::Decode { message, .. }) => assert!(message.contains("UTF-8"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(CreateNote::new().to_http(&BASE).unwrap().body().is_empty());
}

#[test]
fn binary_requests_and_responses_are_bytes() {
    let jpeg = vec![0xff, 0xd8, 0xff, 0x00, 0x7f];
    let request = SetCover::new("m1", jpeg.clone()).to_http(&BASE).unwrap();
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(request.headers()["content-type"], "image/jpeg");
    assert_eq!(request.body(), &jpeg);
    // `*/*` is sent labelled as bytes.
    let request = UploadAnything::new(b"raw".to_vec()).to_http(&BASE).unwrap();
    assert_eq!(
        request.headers()["content-type"],
        "application/octet-stream"
    );

    let id: ExportId = "EX42".parse().unwrap();
    let request = DownloadExport::new(id).to_http(&BASE).unwrap();
    assert_eq!(
        request.headers()["accept"],
        "application/vnd.example.v2+gzip"
    );
    let archive = [0x1f, 0x8b, 0x08, 0x00];
    let downloaded =
        DownloadExport::parse_response(response(200, "application/vnd.example.v2+gzip", &archive))
            .unwrap();
    assert_eq!(downloaded.into_body(), archive);
}

/// The parts of a `multipart/form-data` body: (headers, content) each.
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let delimiter = format!("--{boundary}\r\n");
    let close = format!("--{boundary}--\r\n");
    assert!(body.ends_with(close.as_bytes()));
    let mut rest = &body[..body.len() - close.len()];
    let mut out = Vec::new();
    while !rest.is_empty() {
        rest = rest.strip_prefix(delimiter.as_bytes()).unwrap();
        let end = find(rest, delimiter.as_bytes()).unwrap_or(rest.len());
        let part = rest[..end].strip_suffix(b"\r\n").unwrap();
        let split = find(part, b"\r\n\r\n").unwrap();
        let headers = String::from_utf8(part[..split].to_vec()).unwrap();
        out.push((headers, part[split + 4..].to_vec()));
        rest = &rest[end..];
    }
    out
}

/// An upload with a named image, a caption, tags, two extra files and options.
fn upload_body() -> construct_media::models::UploadMediaBody {
    let mut body: construct_media::models::UploadMediaBody = serde_json::from_value(json!({
        "file": "",
        "caption": "a \"cat\"",
        "tags": ["x", "y"],
        "options": {"public": true},
    }))
    .unwrap();
    body.file = File::new(b"\x89PNG".to_vec())
        .file_name("cat.png")
        .content_type("image/png");
    body.extras = Some(vec![File::new(b"one".to_vec()), File::new(b"two".to_vec())]);
    body
}

#[test]
fn multipart_bodies_send_files_and_values_as_parts() {
    let request = UploadMedia::new("m1", upload_body())
        .to_http(&BASE)
        .unwrap();
    let content_type = request.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let parts = parts(&content_type, request.body());
    let disposition = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
    let file = |name: &str, file: &str, media: &str| {
        format!(
            "{}; filename=\"{file}\"\r\nContent-Type: {media}",
            disposition(name)
        )
    };
    let expected: Vec<(String, &[u8])> = vec![
        (file("file", "cat.png", "image/png"), b"\x89PNG"),
        (disposition("caption"), b"a \"cat\""),
        (disposition("tags"), b"x"),
        (disposition("tags"), b"y"),
        (file("extras", "extras", "application/octet-stream"), b"one"),
        (file("extras", "extras", "application/octet-stream"), b"two"),
        (
            format!(
                "{}\r\nContent-Type: application/json",
                disposition("options")
            ),
            br#"{"public":true}"#,
        ),
    ];
    let expected: Vec<(String, Vec<u8>)> =
        expected.into_iter().map(|(h, c)| (h, c.to_vec())).collect();
    assert_eq!(parts, expected);
    // The same body always gets the same boundary, one that occurs in no part.
    let again = UploadMedia::new("m1", upload_body())
        .to_http(&BASE)
        .unwrap();
    assert_eq!(again.headers()["content-type"], content_type.as_str());
    assert_eq!(
        format!("{:?}", File::new(vec![0; 3])),
        "File { len: 3, file_name: None, content_type: None }"
    );
}

#[test]
fn object_and_cookie_parameters() {
    let filter: GetMessagesJsonFilter =
        serde_json::from_value(json!({"status": "sent", "to": "+1 555"})).unwrap();
    let window: GetMessagesJsonWindow =
        serde_json::from_value(json!({"from": 10, "until": 20})).unwrap();
    let request = GetMessagesJson::new()
        .filter(filter)
        .window(window)
        .session_hint("a b;c")
        .to_http(&BASE)
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("filter%5Bstatus%5D=sent&filter%5Bto%5D=%2B1%20555&from=10&until=20")
    );
    assert_eq!(request.headers()["cookie"], "session_hint=a%20b%3Bc");
    // No operationId: named after its method and path.
    assert_eq!(GetMessagesJson::OPERATION_ID, "getMessagesJson");
}

#[test]
fn union_parameters_take_the_first_alternative_the_value_passes() {
    assert!(matches!(
        "42".parse::<MessageId>().unwrap(),
        MessageId::Integer(n) if n.get() == 42
    ));
    assert!(matches!(
        "MM0123abcd".parse::<MessageId>().unwrap(),
        MessageId::String(_)
    ));
    assert_eq!(
        "0".parse::<MessageId>().unwrap_err().to_string(),
        r#"MessageId: "0" is not an integer of at least 1, or a string matching ^MM[0-9a-f]{8}$"#
    );
    let request = GetMessage::new("MM0123abcd".parse().unwrap())
        .to_http(&BASE)
        .unwrap();
    assert_eq!(request.uri().path(), "/v2/Messages/MM0123abcd");

    // A UUID alternative checks the UUID's spelling.
    assert!(matches!(
        "6f1c2a5e-8d3b-4c7a-9e2f-0a1b2c3d4e5f"
            .parse::<ExportId>()
            .unwrap(),
        ExportId::Uuid(_)
    ));
    assert!(matches!(
        "EX7".parse::<ExportId>().unwrap(),
        ExportId::String(_)
    ));
    assert!("6f1c2a5e".parse::<ExportId>().is_err());
    assert_eq!(
        serde_json::from_value::<MessageId>(json!(5)).unwrap(),
        "5".parse::<MessageId>().unwrap()
    );
}

#[test]
fn one_or_several_values_are_a_list_and_exclusive_bounds_are_checked() {
    let request = GetReport::new()
        .columns(vec!["date".into(), "cost".into()])
        .top(Top::new(100).unwrap())
        .x_regions(vec!["eu".into(), "us".into()])
        .to_http(&BASE)
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("Columns=date&Columns=cost&Top=100")
    );
    assert_eq!(request.headers()["x-regions"], "eu,us");
    assert_eq!(
        Top::new(0).unwrap_err().to_string(),
        "Top: 0 is below the minimum 1"
    );
    assert!(Top::new(101).is_err());
}

#[test]
fn server_variables_have_defaults_and_can_be_set() {
    assert_eq!(
        construct_media::DEFAULT_BASE_URL,
        "https://eu.api.example.test/v2"
    );
    assert_eq!(
        construct_media::server_url("http", "us", "v3"),
        "http://us.api.example.test/v3"
    );
    let request = CreateNote::new()
        .to_http(
            &construct_media::server_url("https", "us", "v2")
                .parse()
                .unwrap(),
        )
        .unwrap();
    assert_eq!(request.uri(), "https://us.api.example.test/v2/Notes");
}
