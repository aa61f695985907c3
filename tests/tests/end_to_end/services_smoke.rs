//! Proves that the local test servers are oracles worth trusting: Prism accepts a valid request
//! for the project's document and rejects invalid ones with the status codes other tests rely on;
//! httpbin challenges for digest authentication the way the Atlas API does. Every request here is
//! written by hand over a `TcpStream`, so no client library can hide a mistake.
//!
//! Run through `cargo xtask test`, which installs the servers and sets the variables
//! `atlas_admin_tests::services` reads.

use atlas_admin_tests::services::{Httpbin, Prism, RawResponse, atlas_spec_path, raw_request};
use std::net::TcpStream;
use std::path::Path;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const ACCEPT_V1: &str = "Accept: application/vnd.atlas.2023-01-01+json";
const BEARER: &str = "Authorization: Bearer test-token";

fn restore_jobs(group: &str, cluster: &str, query: &str) -> String {
    format!("/api/atlas/v2/groups/{group}/clusters/{cluster}/restoreJobs{query}")
}

fn get(prism: &Prism, target: &str, headers: &[&str]) -> RawResponse {
    raw_request(&prism.base_url, "GET", target, headers)
}

/// Asserts that Prism rejected the request with `status`, naming the part of the request it found
/// invalid in its `sl-violations` header.
fn assert_rejected(response: &RawResponse, status: u16, violation: &str, prism: &Prism) {
    assert_eq!(
        response.status,
        status,
        "expected {status}; got {response:#?}\nPrism's log:\n{}",
        prism.log()
    );
    let violations = response.header("sl-violations").unwrap_or_default();
    assert!(
        violations.contains(violation),
        "expected a violation naming {violation:?}, got {violations:?}"
    );
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_answers_a_valid_list_request_with_200_and_a_page_of_results() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let target = restore_jobs(GROUP, "my-cluster", "?itemsPerPage=5");

    let response = get(prism, &target, &[ACCEPT_V1, BEARER]);

    assert_eq!(response.status, 200, "{response:#?}\n{}", prism.log());
    assert_eq!(
        response.header("content-type"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert_eq!(response.header("sl-violations"), None, "{response:#?}");
    assert!(
        response.body.starts_with('{') && response.body.contains("\"results\":["),
        "not a page of results: {}",
        response.body
    );
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_dynamic_mode_answers_the_same_request_with_the_same_body() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let target = restore_jobs(GROUP, "my-cluster", "?pageNum=2");

    let first = get(prism, &target, &[ACCEPT_V1, BEARER]);
    let second = get(prism, &target, &[ACCEPT_V1, BEARER]);

    assert_eq!(first.status, 200, "{first:#?}");
    assert_eq!(first.body, second.body);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_rejects_a_group_id_that_breaks_its_pattern_with_400() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let response = get(
        prism,
        &restore_jobs("XYZ", "my-cluster", ""),
        &[ACCEPT_V1, BEARER],
    );
    assert_rejected(&response, 400, r#""path","groupid""#, prism);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_rejects_items_per_page_above_500_with_400_and_accepts_500() {
    let prism = Prism::shared(&atlas_spec_path(), true);

    let too_many = restore_jobs(GROUP, "my-cluster", "?itemsPerPage=501");
    let response = get(prism, &too_many, &[ACCEPT_V1, BEARER]);
    assert_rejected(&response, 400, r#""query","itemsperpage""#, prism);

    let most = restore_jobs(GROUP, "my-cluster", "?itemsPerPage=500");
    assert_eq!(get(prism, &most, &[ACCEPT_V1, BEARER]).status, 200);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_rejects_a_cluster_name_starting_with_a_hyphen_with_400() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let response = get(
        prism,
        &restore_jobs(GROUP, "-bad", ""),
        &[ACCEPT_V1, BEARER],
    );
    assert_rejected(&response, 400, r#""path","clustername""#, prism);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_rejects_a_batch_id_that_breaks_its_pattern_with_400() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let target = restore_jobs(GROUP, "my-cluster", "?batchId=zz");
    let response = get(prism, &target, &[ACCEPT_V1, BEARER]);
    assert_rejected(&response, 400, r#""query","batchid""#, prism);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_answers_an_accept_header_the_operation_cannot_produce_with_406() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let target = restore_jobs(GROUP, "my-cluster", "");
    let response = get(prism, &target, &["Accept: application/xml", BEARER]);
    assert_eq!(response.status, 406, "{response:#?}");
    assert!(
        response.body.contains("NOT_ACCEPTABLE"),
        "{}",
        response.body
    );
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_rejects_a_request_without_credentials_with_401() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let response = get(prism, &restore_jobs(GROUP, "my-cluster", ""), &[ACCEPT_V1]);
    assert_rejected(&response, 401, "Invalid security scheme used", prism);
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn prism_answers_500_when_its_own_example_breaks_the_document() {
    // `--errors` is what makes Prism check its responses too: without it this would be a 200.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("services/fixtures/example-breaks-schema.yaml");
    let prism = Prism::start(&fixture, false);

    let response = get(&prism, "/things/1", &["Accept: application/json"]);

    assert_eq!(response.status, 500, "{response:#?}");
    let violations = response.header("sl-violations").unwrap_or_default();
    assert!(
        violations.contains(r#""response","body","id""#),
        "{violations:?}"
    );
}

/// Asserts that httpbin challenges an unauthenticated request for `algorithm` the way a digest
/// client must handle: 401 with `WWW-Authenticate: Digest` carrying `qop="auth"`, a nonce and the
/// algorithm.
fn assert_digest_challenge(algorithm: &str) {
    let httpbin = Httpbin::shared();
    let target = format!("/digest-auth/auth/user/passwd/{algorithm}");

    let response = raw_request(&httpbin.base_url, "GET", &target, &[]);

    assert_eq!(response.status, 401, "{response:#?}\n{}", httpbin.log());
    let challenge = response
        .header("www-authenticate")
        .unwrap_or_else(|| panic!("no WWW-Authenticate header: {response:#?}"));
    assert!(challenge.starts_with("Digest "), "{challenge}");
    assert!(challenge.contains(r#"qop="auth""#), "{challenge}");
    assert!(
        challenge.contains(&format!("algorithm={algorithm}")),
        "{challenge}"
    );
    let nonce = challenge
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(
        !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_hexdigit()),
        "no hex nonce in {challenge}"
    );
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn httpbin_challenges_for_md5_digest_auth() {
    assert_digest_challenge("MD5");
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn httpbin_challenges_for_sha256_digest_auth() {
    assert_digest_challenge("SHA-256");
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn servers_stop_when_their_guards_drop() {
    let prism = Prism::start(&atlas_spec_path(), true);
    let httpbin = Httpbin::start();
    let addresses = [&prism.base_url, &httpbin.base_url].map(|url| url[7..].to_string());
    for address in &addresses {
        assert!(TcpStream::connect(address).is_ok(), "{address} not up");
    }

    drop(prism);
    drop(httpbin);

    for address in &addresses {
        assert!(
            TcpStream::connect(address).is_err(),
            "{address} still answers after its guard dropped"
        );
    }
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn shared_servers_are_started_once_per_test_binary() {
    let first = Prism::shared(&atlas_spec_path(), true);
    let second = Prism::shared(&atlas_spec_path(), true);
    assert!(std::ptr::eq(first, second));
    assert!(std::ptr::eq(Httpbin::shared(), Httpbin::shared()));
}
