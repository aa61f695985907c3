//! The command-line tool generated for the request constructs (`construct_requests::cli`):
//! request bodies from JSON or a file, repeated list options, header parameters, enums, an
//! option renamed because the tool already has one of its name, and a spec without security.

use construct_requests::cli::{self, EXIT_OK, EXIT_USAGE};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

async fn run(server: &MockServer, args: &[&str]) -> Run {
    let uri = server.uri();
    let mut all = vec!["requests-cli", "--base-url", &uri];
    all.extend(args);
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = cli::run(all, &|_: &str| None, &mut stdout, &mut stderr).await;
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_body_option_is_sent_as_the_json_request_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .and(header("content-type", "application/vnd.example.v1+json"))
        .and(body_json(serde_json::json!({"name": "a.txt", "size": 3})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({"name": "a.txt"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let run = run(
        &server,
        &[
            "files",
            "create-file",
            "--body",
            r#"{"name":"a.txt","size":3}"#,
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(run.stdout, "{\"name\":\"a.txt\"}\n");
    server.verify().await;
}

#[tokio::test]
async fn a_body_can_come_from_a_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .and(body_json(serde_json::json!({"name": "from-file"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({"name": "from-file"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let file = std::env::temp_dir().join(format!("cli-body-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"name": "from-file"}"#).unwrap();
    let at_file = format!("@{}", file.display());
    let run = run(&server, &["files", "create-file", "--body", &at_file]).await;
    std::fs::remove_file(&file).unwrap();
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    server.verify().await;
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_exits_2_and_sends_nothing() {
    let server = silent_server().await;
    let missing_name = run(
        &server,
        &["files", "create-file", "--body", r#"{"size":3}"#],
    )
    .await;
    assert_eq!(missing_name.code, EXIT_USAGE);
    assert!(
        missing_name.stderr.contains("--body"),
        "{}",
        missing_name.stderr
    );
    assert!(
        missing_name.stderr.contains("name"),
        "{}",
        missing_name.stderr
    );

    let no_file = run(
        &server,
        &["files", "create-file", "--body", "@/no/such/file.json"],
    )
    .await;
    assert_eq!(no_file.code, EXIT_USAGE);
    assert!(
        no_file.stderr.contains("/no/such/file.json"),
        "{}",
        no_file.stderr
    );
    server.verify().await;
}

#[tokio::test]
async fn lists_enums_and_headers_reach_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/report%20v2"))
        .and(query_param("mode", "safe"))
        .and(query_param("limit", "3"))
        .and(query_param("ids", "1,2"))
        .and(header("x-trace", "trace-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "r"})))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(
        &server,
        &[
            "other",
            "get-file",
            "--name",
            "report v2",
            "--mode",
            "safe",
            "--limit",
            "3",
            "--tags",
            "a",
            "--tags",
            "b",
            "--ids",
            "1",
            "--ids",
            "2",
            "--x-trace",
            "trace-1",
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let requests = server.received_requests().await.unwrap();
    let tags: Vec<String> = requests[0]
        .url
        .query_pairs()
        .filter(|(k, _)| k == "tags")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(tags, ["a", "b"]);
    server.verify().await;
}

#[tokio::test]
async fn a_value_breaking_a_length_rule_exits_2_naming_the_parameter() {
    let server = silent_server().await;
    let run = run(
        &server,
        &[
            "other",
            "get-file",
            "--name",
            "n",
            "--label",
            "far-too-long",
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("label"), "{}", run.stderr);
    assert!(run.stderr.contains("far-too-long"), "{}", run.stderr);
    server.verify().await;
}

#[tokio::test]
async fn a_parameter_named_like_a_global_option_gets_its_location_as_prefix() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("output", "wide"))
        .and(query_param("kind", "blue"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["x", "y"])))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(
        &server,
        &[
            "other",
            "list-things",
            "--query-output",
            "wide",
            "--kind",
            "blue",
            "--output",
            "pretty",
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(run.stdout, "[\n  \"x\",\n  \"y\"\n]\n");
    server.verify().await;
}

#[tokio::test]
async fn an_operation_without_a_body_in_its_answer_prints_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/files/old"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(&server, &["other", "delete-file", "--name", "old"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    server.verify().await;
}

#[tokio::test]
async fn the_help_of_an_operation_with_every_kind_of_option() {
    let server = silent_server().await;
    let run = run(&server, &["other", "get-file", "--help"]).await;
    assert_eq!(run.code, EXIT_OK);
    assert!(
        run.stdout.contains("Known values: fast, safe"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Repeat the option for several values."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Sent as the `X-Trace` header parameter."),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("requests_get_file_help", run.stdout);
}

#[tokio::test]
async fn an_operation_with_a_sunset_date_warns_on_stderr_and_still_runs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/r1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(&server, &["reports", "get-report", "--id", "r1"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: `reports get-report` has a sunset date of 2099-12-31: the API stops serving it from that day\n"
    );
    assert_eq!(run.stdout, "");
}

#[tokio::test]
async fn the_sunset_warning_names_the_command_when_run_by_its_camel_case_alias() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/r1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(&server, &["reports", "getReport", "--id", "r1"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: `reports get-report` has a sunset date of 2099-12-31: the API stops serving it from that day\n"
    );
}

#[tokio::test]
async fn an_operation_without_a_sunset_date_runs_without_a_warning() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/files/a"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(&server, &["other", "delete-file", "--name", "a"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}

#[test]
fn the_help_of_a_sunset_operation_shows_its_date() {
    let mut root = cli::command();
    let command = root
        .find_subcommand_mut("reports")
        .and_then(|c| c.find_subcommand_mut("list-reports"))
        .unwrap();
    assert_eq!(
        command.get_about().map(ToString::to_string).as_deref(),
        Some("[sunset 2020-01-31] Lists the reports.")
    );
    let help = command.render_long_help().to_string();
    assert!(
        help.contains("Deprecated: the API marks this operation as deprecated.\n\nSunset: the API stops serving this operation on 2020-01-31."),
        "{help}"
    );
}

/// A server answering the first `method /path` with 503 (`Retry-After: 0`), then with `then`.
async fn unavailable_once(method_name: &str, at: &str, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(at))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method(method_name))
        .and(path(at))
        .respond_with(then)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_503_is_retried_for_a_get_and_not_for_a_post() {
    let ok = ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "a.txt"}));
    let server = unavailable_once("GET", "/files/a.txt", ok).await;
    let get = run(&server, &["other", "get-file", "--name", "a.txt"]).await;
    assert_eq!(get.code, EXIT_OK, "{}", get.stderr);
    assert_eq!(get.stdout, "{\"name\":\"a.txt\"}\n");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // A POST that reached the server may have acted: it is not sent again.
    let created = ResponseTemplate::new(201).set_body_json(serde_json::json!({"name": "a.txt"}));
    let server = unavailable_once("POST", "/files", created).await;
    let post = run(
        &server,
        &["files", "create-file", "--body", r#"{"name":"a.txt"}"#],
    )
    .await;
    assert_eq!(post.code, cli::EXIT_FAILURE, "{}", post.stderr);
    assert!(post.stderr.contains("503"), "{}", post.stderr);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
