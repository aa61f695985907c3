//! Upstream renamed two operations and a schema of the rename constructs after the crate
//! shipped them (`tests/fixtures/renames-before.yaml` -> `tests/constructs/specs/renames.yaml`).
//! The lock file beside the spec keeps the shipped names, so code written against them still
//! compiles and runs, and the upstream names work too: as types, client methods and commands.
// `getThing` is deprecated in the spec, and so are its names.
#![allow(deprecated)]

use codegen::lock::Lock;
use codegen::version::Bump;
use codegen::{Config, Options};
use construct_renames::cli::{self, EXIT_OK};
use construct_renames::models::{PaginatedThingView, Thing, ThingPage};
use construct_renames::{Client, GetGroupThing, GetThing, ListGroupThings, ListThings};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCK: &str = include_str!("../../constructs/specs/renames.lock");

fn surface_of(spec: &str, lock: Option<&Lock>) -> codegen::LockedRun {
    let config =
        Config::from_toml(include_str!("../../constructs/specs/renames.codegen.toml")).unwrap();
    let options = Options {
        crate_name: "construct-renames".into(),
        spec_label: "tests/constructs/specs/renames.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: false,
        config,
        today: None,
    };
    codegen::generate_locked(spec, &options, lock, &mut Default::default()).unwrap()
}

async fn page_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/groups/abcd/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{ "id": 1, "name": "one" }],
            "totalCount": 1
        })))
        .mount(&server)
        .await;
    server
}

#[test]
fn shipped_and_upstream_names_are_the_same_items() {
    // Operation types: the alias is the type itself, constructor and all.
    let group = "abcd".parse().unwrap();
    let shipped: ListThings = ListGroupThings::new(group);
    let renamed: ListGroupThings = shipped.clone();
    assert_eq!(shipped, renamed);
    assert_eq!(ListThings::OPERATION_ID, "listGroupThings");
    let get: GetThing = GetGroupThing::new("abcd".parse().unwrap(), 7);
    assert_eq!(
        get.to_http(&"https://h.test".parse().unwrap())
            .unwrap()
            .uri(),
        "https://h.test/groups/abcd/things/7"
    );

    // The schema's new name is its shipped type.
    let page: ThingPage =
        serde_json::from_value(json!({ "results": [{ "id": 1 }], "totalCount": 1 })).unwrap();
    let same: PaginatedThingView = page;
    let back: ThingPage = same;
    assert_eq!(back.results.unwrap()[0].id, 1);
    let _: Option<Thing> = None;
}

#[tokio::test]
async fn both_client_methods_send_the_same_request() {
    let server = page_server().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let shipped = client
        .list_things("abcd".parse().unwrap())
        .send()
        .await
        .unwrap();
    let renamed = client
        .list_group_things("abcd".parse().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(shipped.body(), renamed.body());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url, requests[1].url);
}

#[tokio::test]
async fn both_commands_run_the_operation() {
    let server = page_server().await;
    let uri = server.uri();
    for command in ["list-things", "list-group-things"] {
        let args = [
            "renames-cli",
            "--base-url",
            &uri,
            "things",
            command,
            "--group-id",
            "abcd",
        ];
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cli::run(args, &|_: &str| None, &mut out, &mut err).await;
        let stderr = String::from_utf8(err).unwrap();
        assert_eq!(code, EXIT_OK, "{command}: {stderr}");
        assert!(String::from_utf8(out).unwrap().contains("\"one\""));
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // The help shows the upstream name beside the shipped one.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    cli::run(
        ["renames-cli", "things", "--help"],
        &|_: &str| None,
        &mut out,
        &mut err,
    )
    .await;
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("list-things"), "{help}");
    assert!(help.contains("list-group-things"), "{help}");
}

#[test]
fn the_lock_is_the_api_first_shipped() {
    let lock = Lock::parse(LOCK).unwrap();
    let before = surface_of(include_str!("../../fixtures/renames-before.yaml"), None);
    assert_eq!(lock.version.to_string(), "0.1.0");
    assert_eq!(lock.api, before.surface);
}

#[test]
fn the_rename_is_a_minor_change_that_lists_the_renames() {
    let lock = Lock::parse(LOCK).unwrap();
    let after = surface_of(
        include_str!("../../constructs/specs/renames.yaml"),
        Some(&lock),
    );
    assert!(after.notes.is_empty(), "{:?}", after.notes);
    let report = codegen::surface::Report::new(
        "construct-renames",
        lock.version,
        &lock.api,
        &after.surface,
        Vec::new(),
    );
    assert_eq!(report.bump(), Bump::Minor, "{}", report.markdown());
    assert_eq!(report.proposed().to_string(), "0.1.1");
    let renames: Vec<(&str, &str)> = report
        .renames
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        renames,
        [
            ("getThing", "getGroupThing"),
            ("listThings", "listGroupThings"),
            ("ThingPage", "PaginatedThingView"),
        ]
    );
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.severity != codegen::surface::Severity::Breaking),
        "{}",
        report.markdown()
    );
}
