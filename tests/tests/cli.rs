//! The generated command-line tool (`atlas_admin::cli`, feature `cli`), run in-process on given
//! arguments and environment against local wiremock servers: help text, validation before any
//! request, credentials from the environment, output, errors and exit codes. The built binary
//! itself runs against Prism in `cli_binary.rs`.

use std::collections::BTreeMap;

use atlas_admin::cli::{self, EXIT_FAILURE, EXIT_OK, EXIT_USAGE};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const JOBS_PATH: &str =
    "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/my-cluster/restoreJobs";
const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";
const COMMAND: [&str; 3] = ["atlas-admin", "legacy-backup", "list-cluster-restore-jobs"];

/// What one run of the tool did.
struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

async fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let lookup = move |name: &str| env.get(name).cloned();
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = cli::run(args.iter().copied(), &lookup, &mut stdout, &mut stderr).await;
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// The operation's command with `extra` options, a bearer token in the environment, against
/// `server`.
async fn list_jobs(server: &MockServer, extra: &[&str]) -> Run {
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        &uri,
        "--group-id",
        GROUP,
        "--cluster-name",
        "my-cluster",
    ]);
    args.extend(extra);
    run_with_env(&args, &[("MONGODB_ATLAS_ACCESS_TOKEN", "token-1")]).await
}

fn job(n: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("{n:024x}"),
        "delivery": {"methodName": "HTTP", "statusName": "READY"},
        "statusName": "FINISHED",
    })
}

/// A server paging `total` jobs by `pageNum`/`itemsPerPage`, with `totalCount`.
async fn server_with_jobs(total: usize) -> MockServer {
    let server = MockServer::start().await;
    mount_jobs(&server, total).await;
    server
}

async fn mount_jobs(server: &MockServer, total: usize) {
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
            let page = query("pageNum").unwrap_or(1);
            let start = ((page - 1) * per_page).min(total);
            let end = (start + per_page).min(total);
            let results: Vec<_> = (start..end).map(job).collect();
            let body = serde_json::json!({"results": results, "totalCount": total, "links": []});
            ResponseTemplate::new(200).set_body_raw(serde_json::to_vec(&body).unwrap(), MEDIA_TYPE)
        })
        .mount(server)
        .await;
}

/// A server that must not be called.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_operation_help_shows_every_parameter_with_its_rules() {
    let mut args = COMMAND.to_vec();
    args.push("--help");
    let run = run_with_env(&args, &[]).await;
    assert_eq!(run.code, EXIT_OK);
    assert_eq!(run.stderr, "");
    for option in [
        "--group-id <GROUP_ID>",
        "--cluster-name <CLUSTER_NAME>",
        "--items-per-page <N>",
        "--page-num <N>",
        "--batch-id <BATCH_ID>",
        "--include-count <BOOL>",
        "--envelope <BOOL>",
        "--pretty <BOOL>",
        "--all-pages",
        "--base-url <URL>",
    ] {
        assert!(
            run.stdout.contains(option),
            "{option} missing:\n{}",
            run.stdout
        );
    }
    for fact in [
        "Pattern: `^([a-f0-9]{24})$`.",
        "Pattern: `^[a-zA-Z0-9][a-zA-Z0-9-]*$`.",
        "Maximum: 500.",
        "Default: `100`.",
        "Deprecated: the API marks this operation as deprecated.",
    ] {
        assert!(run.stdout.contains(fact), "{fact} missing:\n{}", run.stdout);
    }
    insta::assert_snapshot!("operation_help", run.stdout);
}

#[tokio::test]
async fn the_top_level_help_lists_the_tags_and_where_credentials_come_from() {
    let run = run_with_env(&["atlas-admin", "--help"], &[]).await;
    assert_eq!(run.code, EXIT_OK);
    assert!(run.stdout.contains("legacy-backup"));
    assert!(
        run.stdout
            .contains("MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET")
    );
    assert!(
        run.stdout
            .contains("MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY")
    );
    insta::assert_snapshot!("top_level_help", run.stdout);

    let tag = run_with_env(&["atlas-admin", "legacy-backup", "--help"], &[]).await;
    assert_eq!(tag.code, EXIT_OK);
    assert!(tag.stdout.contains("list-cluster-restore-jobs"));
    assert!(tag.stdout.contains("[deprecated]"));
}

#[tokio::test]
async fn no_command_prints_the_help_on_stderr_and_exits_2() {
    let run = run_with_env(&["atlas-admin"], &[]).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("Usage: atlas-admin"), "{}", run.stderr);
}

#[tokio::test]
async fn a_bad_group_id_exits_2_naming_the_parameter_and_sends_nothing() {
    let server = silent_server().await;
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        &uri,
        "--group-id",
        "not-an-id",
        "--cluster-name",
        "c",
    ]);
    let run = run_with_env(&args, &[("MONGODB_ATLAS_ACCESS_TOKEN", "t")]).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("groupId"), "{}", run.stderr);
    assert!(run.stderr.contains("not-an-id"), "{}", run.stderr);
    assert!(run.stderr.contains("^([a-f0-9]{24})$"), "{}", run.stderr);
    server.verify().await;
}

#[tokio::test]
async fn out_of_range_and_malformed_values_exit_2_with_the_rule() {
    let server = silent_server().await;
    let page_size = list_jobs(&server, &["--items-per-page", "501"]).await;
    assert_eq!(page_size.code, EXIT_USAGE);
    assert!(
        page_size.stderr.contains("itemsPerPage"),
        "{}",
        page_size.stderr
    );
    assert!(page_size.stderr.contains("500"), "{}", page_size.stderr);

    let not_a_number = list_jobs(&server, &["--page-num", "two"]).await;
    assert_eq!(not_a_number.code, EXIT_USAGE);
    assert!(
        not_a_number.stderr.contains("--page-num"),
        "{}",
        not_a_number.stderr
    );

    let not_a_bool = list_jobs(&server, &["--envelope", "yes"]).await;
    assert_eq!(not_a_bool.code, EXIT_USAGE);
    assert!(
        not_a_bool.stderr.contains("--envelope"),
        "{}",
        not_a_bool.stderr
    );

    let cluster = list_jobs(&server, &["--cluster-name", "-bad"]).await;
    assert_eq!(cluster.code, EXIT_USAGE);
    server.verify().await;
}

#[tokio::test]
async fn a_missing_required_option_exits_2() {
    let server = silent_server().await;
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend(["--base-url", &uri, "--group-id", GROUP]);
    let run = run_with_env(&args, &[("MONGODB_ATLAS_ACCESS_TOKEN", "t")]).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("--cluster-name"), "{}", run.stderr);
    server.verify().await;
}

#[tokio::test]
async fn without_credentials_it_exits_2_listing_the_variables() {
    let server = silent_server().await;
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        &uri,
        "--group-id",
        GROUP,
        "--cluster-name",
        "c",
    ]);
    let run = run_with_env(&args, &[]).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("no credentials"), "{}", run.stderr);
    assert!(
        run.stderr.contains("MONGODB_ATLAS_CLIENT_SECRET"),
        "{}",
        run.stderr
    );
    server.verify().await;
}

#[tokio::test]
async fn a_call_prints_the_body_as_the_server_sent_it() {
    let server = MockServer::start().await;
    // A member the models do not know is printed too: the output is the server's.
    let body = r#"{"results":[],"totalCount":0,"links":[],"futureMember":{"x":1}}"#;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .and(query_param("itemsPerPage", "5"))
        .and(query_param("includeCount", "false"))
        .and(query_param("batchId", "ffffffffffffffffffffffff"))
        .and(header("authorization", "Bearer token-1"))
        .and(header("accept", MEDIA_TYPE))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, MEDIA_TYPE))
        .expect(1)
        .mount(&server)
        .await;
    let run = list_jobs(
        &server,
        &[
            "--items-per-page",
            "5",
            "--include-count",
            "false",
            "--batch-id",
            "ffffffffffffffffffffffff",
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{body}\n"));
    assert_eq!(run.stderr, "");
    server.verify().await;
}

#[tokio::test]
async fn output_pretty_indents_the_body() {
    let server = server_with_jobs(1).await;
    let run = list_jobs(&server, &["--output", "pretty"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert!(run.stdout.starts_with("{\n  \""), "{}", run.stdout);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["results"][0], job(0));
}

#[tokio::test]
async fn all_pages_prints_every_item_of_every_page_one_per_line() {
    let server = server_with_jobs(12).await;
    let run = list_jobs(&server, &["--all-pages", "--items-per-page", "5"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|j| j["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..12).map(|n| format!("{n:024x}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn an_api_error_goes_to_stderr_with_its_error_code_and_exits_1() {
    let server = MockServer::start().await;
    let error = serde_json::json!({
        "detail": "No cluster named my-cluster exists in group 32b6e34b3d91647abb20e7b8.",
        "error": 404,
        "errorCode": "CLUSTER_NOT_FOUND",
        "reason": "Not Found",
    });
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(ResponseTemplate::new(404).set_body_json(&error))
        .mount(&server)
        .await;
    let run = list_jobs(&server, &[]).await;
    assert_eq!(run.code, EXIT_FAILURE);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: the API answered HTTP 404 Not Found\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(r#""errorCode": "CLUSTER_NOT_FOUND""#),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn an_undocumented_answer_is_a_typed_failure_not_output() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[1, 2", MEDIA_TYPE))
        .mount(&server)
        .await;
    let run = list_jobs(&server, &[]).await;
    assert_eq!(run.code, EXIT_FAILURE);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[tokio::test]
async fn a_service_account_from_the_environment_gets_a_token_from_the_given_server() {
    let server = server_with_jobs(2).await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "minted-token",
            "token_type": "Bearer",
            "expires_in": 3600,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        &uri,
        "--group-id",
        GROUP,
        "--cluster-name",
        "my-cluster",
    ]);
    let secret = "mdb_sa_sk_very-secret-value";
    let run = run_with_env(
        &args,
        &[
            ("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_1"),
            ("MONGODB_ATLAS_CLIENT_SECRET", secret),
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let requests = server.received_requests().await.unwrap();
    let call = requests.iter().find(|r| r.url.path() == JOBS_PATH).unwrap();
    assert_eq!(call.headers["authorization"], "Bearer minted-token");
    assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    server.verify().await;
}

#[tokio::test]
async fn an_api_key_from_the_environment_answers_the_digest_challenge() {
    let server = MockServer::start().await;
    // Mounted first, so it is tried first: unauthenticated requests get the challenge.
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            r#"Digest realm="MMS Public API", qop="auth", nonce="abc123", algorithm=MD5"#,
        ))
        .mount(&server)
        .await;
    mount_jobs(&server, 1).await;
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        &uri,
        "--group-id",
        GROUP,
        "--cluster-name",
        "my-cluster",
    ]);
    let run = run_with_env(
        &args,
        &[
            ("MONGODB_ATLAS_PUBLIC_KEY", "public-key"),
            ("MONGODB_ATLAS_PRIVATE_KEY", "private-key-secret"),
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let answer = requests[1].headers["authorization"].to_str().unwrap();
    assert!(answer.starts_with("Digest "), "{answer}");
    assert!(answer.contains(r#"username="public-key""#), "{answer}");
    assert!(!answer.contains("private-key-secret"));
}

#[tokio::test]
async fn credentials_are_refused_over_plain_http_to_a_remote_host() {
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        "http://remote-host.example",
        "--group-id",
        GROUP,
        "--cluster-name",
        "my-cluster",
    ]);
    let env = [
        ("MONGODB_ATLAS_CLIENT_ID", "id"),
        ("MONGODB_ATLAS_CLIENT_SECRET", "secret-1"),
    ];
    let run = run_with_env(&args, &env).await;
    assert_eq!(run.code, EXIT_USAGE, "{}", run.stderr);
    assert!(
        run.stderr.contains("credentials are only sent over https"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("secret-1"));
}

#[tokio::test]
async fn a_server_error_body_cannot_drive_the_terminal() {
    let server = MockServer::start().await;
    // An undocumented status with a text body holding an escape sequence (a terminal title
    // change) and a bell.
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(ResponseTemplate::new(418).set_body_raw(
            "teapot \u{1b}]0;owned\u{7} \u{1b}[2J".repeat(10_000),
            "text/plain",
        ))
        .mount(&server)
        .await;
    let run = list_jobs(&server, &[]).await;
    assert_eq!(run.code, EXIT_FAILURE);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", &run.stderr[..200]);
    assert!(!run.stderr.contains('\u{7}'));
    assert!(run.stderr.contains("\\u{1b}]0;owned"), "{}", run.stderr);
    assert!(run.stderr.len() < 70_000, "{} bytes", run.stderr.len());
}

#[tokio::test]
async fn a_huge_api_error_body_is_printed_bounded() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "error": 409, "errorCode": "CONFLICT", "detail": "x".repeat(500_000),
    });
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(ResponseTemplate::new(409).set_body_json(body))
        .mount(&server)
        .await;
    let run = list_jobs(&server, &[]).await;
    assert_eq!(run.code, EXIT_FAILURE);
    // Undocumented 409, still the API's structured error (printed as JSON, cut short).
    assert!(
        run.stderr
            .starts_with("error: the API answered HTTP 409 Conflict\n{"),
        "{}",
        &run.stderr[..300]
    );
    assert!(run.stderr.len() < 70_000, "{} bytes", run.stderr.len());
    assert!(run.stderr.contains("more bytes not shown"));
}
