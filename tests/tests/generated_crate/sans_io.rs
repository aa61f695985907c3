//! The sans-IO core: `to_http` builds exactly the request the spec describes, and
//! `parse_response` turns every kind of response into the model or a typed error.
#![allow(deprecated)]

use atlas_admin::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};
use atlas_admin::{BaseUrl, Error, ListClusterRestoreJobs};
use atlas_admin_tests::fixtures::SEED_PAGE;
use http::{Response, StatusCode};

const GROUP: GroupId = GroupId::from_static("32b6e34b3d91647abb20e7b8");
const CLUSTER: ClusterName = ClusterName::from_static("my-cluster");

fn shape(op: &ListClusterRestoreJobs, base: &str) -> String {
    let request = op.to_http(&base.parse().unwrap()).unwrap();
    let mut out = format!("{} {}\n", request.method(), request.uri());
    for (name, value) in request.headers() {
        out.push_str(&format!("{name}: {}\n", value.to_str().unwrap()));
    }
    out
}

#[test]
fn request_without_optional_parameters() {
    let op = ListClusterRestoreJobs::new(GROUP, CLUSTER);
    insta::assert_snapshot!(shape(&op, atlas_admin::DEFAULT_BASE_URL), @r"
    GET https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/my-cluster/restoreJobs
    user-agent: atlas-admin/0.1.0
    accept: application/vnd.atlas.2023-01-01+json
    ");
}

#[test]
fn request_with_every_parameter_in_spec_order() {
    let op = ListClusterRestoreJobs::new(GROUP, CLUSTER)
        .batch_id(BatchId::from_static("0123456789abcdef01234567"))
        .pretty(true)
        .page_num(PageNum::from_static(3))
        .items_per_page(ItemsPerPage::from_static(500))
        .include_count(false)
        .envelope(true);
    insta::assert_snapshot!(shape(&op, "http://127.0.0.1:4010/"), @r"
    GET http://127.0.0.1:4010/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/my-cluster/restoreJobs?envelope=true&includeCount=false&itemsPerPage=500&pageNum=3&pretty=true&batchId=0123456789abcdef01234567
    user-agent: atlas-admin/0.1.0
    accept: application/vnd.atlas.2023-01-01+json
    ");
}

#[test]
fn base_url_with_a_path_prefix() {
    let op = ListClusterRestoreJobs::new(GROUP, CLUSTER).items_per_page(ItemsPerPage::DEFAULT);
    let base = BaseUrl::try_from("https://proxy.example/atlas").unwrap();
    let request = op.to_http(&base).unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://proxy.example/atlas/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/my-cluster/restoreJobs?itemsPerPage=100"
    );
}

#[test]
fn only_valid_base_urls_are_made() {
    for base in [
        "",
        "cloud.mongodb.com",
        "ftp://x",
        "https://x/?q=1",
        "https://x:y",
    ] {
        assert!(
            matches!(BaseUrl::parse(base), Err(Error::InvalidBaseUrl { .. })),
            "{base:?}"
        );
    }
    assert_eq!(BaseUrl::DEFAULT.as_str(), atlas_admin::DEFAULT_BASE_URL);
}

#[test]
fn one_base_url_serves_many_requests() {
    let base = BaseUrl::DEFAULT;
    let first = ListClusterRestoreJobs::new(GROUP, CLUSTER)
        .to_http(&base)
        .unwrap();
    let second = ListClusterRestoreJobs::new(GROUP, ClusterName::from_static("other"))
        .page_num(PageNum::from_static(2))
        .to_http(&base)
        .unwrap();
    assert_eq!(first.uri().host(), Some("cloud.mongodb.com"));
    assert_eq!(
        second.uri().path_and_query().unwrap().as_str(),
        "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/other/restoreJobs?pageNum=2"
    );
}

fn response(status: u16, content_type: Option<&str>, body: &str) -> Response<Vec<u8>> {
    let mut builder = Response::builder().status(status);
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

const VENDOR_JSON: Option<&str> = Some("application/vnd.atlas.2023-01-01+json");

#[test]
fn success_decodes_with_rate_limit_headers() {
    let mut ok = response(200, VENDOR_JSON, SEED_PAGE);
    ok.headers_mut()
        .insert("ratelimit-limit", "100".parse().unwrap());
    ok.headers_mut()
        .insert("ratelimit-remaining", "99".parse().unwrap());
    let page = ListClusterRestoreJobs::parse_response(ok).unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.total_count, Some(42));
    assert_eq!(page.rate_limit().limit, Some(100));
    assert_eq!(page.rate_limit().remaining, Some(99));
}

#[test]
fn documented_errors_carry_the_api_error() {
    for status in [400u16, 401, 403, 404, 500] {
        let body = format!(
            r#"{{"error": {status}, "errorCode": "RESOURCE_NOT_FOUND", "reason": "Not Found", "detail": "x"}}"#
        );
        let err = ListClusterRestoreJobs::parse_response(response(
            status,
            Some("application/json"),
            &body,
        ))
        .unwrap_err();
        match err {
            Error::Api {
                status: got, body, ..
            } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(body.error_code, "RESOURCE_NOT_FOUND");
                assert_eq!(body.error, status as i32);
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[test]
fn rate_limited_carries_retry_after() {
    let mut limited = response(
        429,
        Some("application/json"),
        r#"{"error": 429, "errorCode": "RATE_LIMITED"}"#,
    );
    limited
        .headers_mut()
        .insert("retry-after", "7".parse().unwrap());
    match ListClusterRestoreJobs::parse_response(limited).unwrap_err() {
        Error::RateLimited { rate_limit, body } => {
            assert_eq!(
                rate_limit.retry_after,
                Some(std::time::Duration::from_secs(7))
            );
            assert_eq!(body.unwrap().error_code, "RATE_LIMITED");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn undocumented_status_and_bad_bodies_are_typed_errors() {
    let teapot = ListClusterRestoreJobs::parse_response(response(
        418,
        Some("text/plain"),
        "short and stout",
    ));
    assert!(
        matches!(teapot, Err(Error::UnexpectedStatus { status, ref excerpt }) if status == 418 && excerpt == "short and stout")
    );

    let html = ListClusterRestoreJobs::parse_response(response(200, Some("text/html"), "<html>"));
    assert!(
        matches!(html, Err(Error::UnexpectedContentType { .. })),
        "{html:?}"
    );

    let truncated =
        ListClusterRestoreJobs::parse_response(response(200, VENDOR_JSON, &SEED_PAGE[..300]));
    assert!(
        matches!(truncated, Err(Error::Decode { .. })),
        "{truncated:?}"
    );

    for body in ["[]", "null"] {
        let result = ListClusterRestoreJobs::parse_response(response(200, VENDOR_JSON, body));
        assert!(
            matches!(result, Err(Error::Decode { .. })),
            "{body}: {result:?}"
        );
    }

    let wrong = ListClusterRestoreJobs::parse_response(response(
        200,
        VENDOR_JSON,
        r#"{"totalCount": "many"}"#,
    ));
    match wrong {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "totalCount"),
        other => panic!("{other:?}"),
    }

    let huge = "x".repeat(1 << 20);
    match ListClusterRestoreJobs::parse_response(response(502, None, &huge)) {
        Err(Error::UnexpectedStatus { excerpt, .. }) => assert!(excerpt.len() < 1024),
        other => panic!("{other:?}"),
    }
}
