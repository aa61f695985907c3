//! The generated command-line tool (`atlas_admin::cli`, feature `cli`), run in-process on given
//! arguments and environment against local wiremock servers: help text, validation before any
//! request, credentials from the environment, output, errors and exit codes. The built binary
//! itself runs against Prism in `cli_binary.rs`.

use std::collections::BTreeMap;

use atlas_admin::cli::{self, EXIT_FAILURE, EXIT_OK, EXIT_USAGE};
use atlas_admin_tests::mock_atlas::{
    GROUP_ID, JOBS_PATH, MEDIA_TYPE, Paging, job, mount_jobs, server_with_jobs,
};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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
        GROUP_ID,
        "--cluster-name",
        "my-cluster",
    ]);
    args.extend(extra);
    run_with_env(&args, &[("MONGODB_ATLAS_ACCESS_TOKEN", "token-1")]).await
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
        "Pattern (ECMA-262): `^([a-f0-9]{24})$`.",
        "Pattern (ECMA-262): `^[a-zA-Z0-9][a-zA-Z0-9-]*$`.",
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
    args.extend(["--base-url", &uri, "--group-id", GROUP_ID]);
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
        GROUP_ID,
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
    let server = server_with_jobs(1, Paging::Counted).await;
    let run = list_jobs(&server, &["--output", "pretty"]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert!(run.stdout.starts_with("{\n  \""), "{}", run.stdout);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["results"][0], job(0));
}

#[tokio::test]
async fn all_pages_prints_every_item_of_every_page_one_per_line() {
    let server = server_with_jobs(12, Paging::Counted).await;
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
    let server = server_with_jobs(2, Paging::Counted).await;
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
        GROUP_ID,
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

/// A server that challenges requests without credentials for a digest answer, and pages one
/// job to those with one.
async fn digest_server() -> MockServer {
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
    mount_jobs(&server, 1, Paging::Counted).await;
    server
}

#[tokio::test]
async fn an_api_key_from_the_environment_answers_the_digest_challenge() {
    let server = digest_server().await;
    let uri = server.uri();
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        &uri,
        "--group-id",
        GROUP_ID,
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

// The Atlas CLI's spelling, profiles, the token cache, retries, timeouts, `--debug`,
// `--output-file` and completions.

/// A scratch folder for one test, removed at the end: the user's configuration and cache
/// folders the tool is pointed at through `XDG_CONFIG_HOME` and `XDG_CACHE_HOME`, so no test
/// reads or writes the real user's files.
struct Home {
    root: std::path::PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let root = std::env::temp_dir().join(format!("atlas-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("config")).unwrap();
        std::fs::create_dir_all(root.join("cache")).unwrap();
        Home { root }
    }

    /// Writes the Atlas CLI's configuration file.
    fn write_config(&self, text: &str) -> std::path::PathBuf {
        let folder = self.root.join("config/atlascli");
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("config.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The tool's folder in the cache folder.
    fn cache(&self) -> std::path::PathBuf {
        self.root.join("cache/atlas-admin")
    }

    /// The environment with these folders and `extra`.
    fn env(&self, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut env = vec![
            (
                "XDG_CONFIG_HOME".to_owned(),
                self.root.join("config").display().to_string(),
            ),
            (
                "XDG_CACHE_HOME".to_owned(),
                self.root.join("cache").display().to_string(),
            ),
        ];
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        env
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

async fn run_in(args: &[&str], env: &[(String, String)]) -> Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    run_with_env(args, &env).await
}

/// A token endpoint on `server` that hands out `token`.
async fn mount_token_endpoint(server: &MockServer, token: &str) {
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 3600,
        })))
        .mount(server)
        .await;
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/api/oauth/token")
        .count()
}

/// What identifies a request: method, path, query and the headers that matter.
fn request_key(request: &Request) -> String {
    format!(
        "{} {} {:?} {:?}",
        request.method,
        request.url,
        request.headers.get("accept"),
        request.headers.get("authorization"),
    )
}

#[tokio::test]
async fn the_atlas_cli_spelling_reaches_the_same_request() {
    let server = server_with_jobs(3, Paging::Counted).await;
    let uri = server.uri();
    let ours = [
        "atlas-admin",
        "legacy-backup",
        "list-cluster-restore-jobs",
        "--base-url",
        &uri,
        "--group-id",
        GROUP_ID,
        "--cluster-name",
        "my-cluster",
        "--items-per-page",
        "2",
        "--include-count",
        "true",
    ];
    let atlas = [
        "atlas-admin",
        "legacyBackup",
        "listClusterRestoreJobs",
        "--base-url",
        &uri,
        "--groupId",
        GROUP_ID,
        "--clusterName",
        "my-cluster",
        "--itemsPerPage",
        "2",
        "--includeCount",
        "true",
    ];
    let mut project_id = atlas;
    project_id[5] = "--projectId";
    let env = [("MONGODB_ATLAS_ACCESS_TOKEN", "token-1")];
    let mut outputs = Vec::new();
    for args in [&ours[..], &atlas[..], &project_id[..]] {
        let run = run_with_env(args, &env).await;
        assert_eq!(run.code, EXIT_OK, "{args:?}: {}", run.stderr);
        outputs.push(run.stdout);
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    let keys: Vec<String> = requests.iter().map(request_key).collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[0], keys[2]);
    assert!(keys[0].contains("itemsPerPage=2"), "{}", keys[0]);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[tokio::test]
async fn the_help_shows_each_alias_once() {
    let mut args = COMMAND.to_vec();
    args.push("--help");
    let run = run_with_env(&args, &[]).await;
    assert_eq!(run.code, EXIT_OK);
    assert_eq!(
        run.stdout.matches("--projectId").count(),
        1,
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("--groupId").count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("[aliases: --groupId, --projectId]"),
        "{}",
        run.stdout
    );
    // A parameter whose camelCase name is its kebab-case name gets no alias.
    assert!(
        !run.stdout.contains("[aliases: --envelope]"),
        "{}",
        run.stdout
    );

    let tag = run_with_env(&["atlas-admin", "legacy-backup", "--help"], &[]).await;
    assert_eq!(
        tag.stdout.matches("listClusterRestoreJobs").count(),
        1,
        "{}",
        tag.stdout
    );
    let top = run_with_env(&["atlas-admin", "--help"], &[]).await;
    assert_eq!(
        top.stdout.matches("legacyBackup").count(),
        1,
        "{}",
        top.stdout
    );
}

#[tokio::test]
async fn a_profile_supplies_the_service_account_the_project_and_the_server() {
    let home = Home::new("profile");
    let server = server_with_jobs(1, Paging::Counted).await;
    mount_token_endpoint(&server, "profile-token").await;
    home.write_config(&format!(
        r#"telemetry_enabled = false

[default]
  org_id = "5e2211c17a3e5a48f5497de3"
  project_id = "ffffffffffffffffffffffff"
  service = "cloud"

[dev]
  auth_type = "service_account"
  base_url = "{}"
  client_id = "mdb_sa_id_profile"
  client_secret = "mdb_sa_sk_profile-secret"
  output = "json"
  project_id = "{GROUP_ID}"
"#,
        server.uri()
    ));
    let args = [
        "atlas-admin",
        "legacyBackup",
        "listClusterRestoreJobs",
        "-P",
        "dev",
        "--clusterName",
        "my-cluster",
    ];
    let run = run_in(&args, &home.env(&[])).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let requests = server.received_requests().await.unwrap();
    let call = requests.iter().find(|r| r.url.path() == JOBS_PATH).unwrap();
    assert_eq!(call.headers["authorization"], "Bearer profile-token");
    assert!(!run.stderr.contains("profile-secret") && !run.stdout.contains("profile-secret"));

    // `--profile` spelled out, and an API key profile answering the digest challenge.
    let digest_server = digest_server().await;
    home.write_config(&format!(
        "[keys]\npublic_api_key = \"profile-public\"\nprivate_api_key = \"profile-private\"\nproject_id = \"{GROUP_ID}\"\n"
    ));
    let uri = digest_server.uri();
    let args = [
        "atlas-admin",
        "legacy-backup",
        "list-cluster-restore-jobs",
        "--profile",
        "keys",
        "--base-url",
        &uri,
        "--cluster-name",
        "my-cluster",
    ];
    let run = run_in(&args, &home.env(&[])).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let requests = digest_server.received_requests().await.unwrap();
    let answer = requests[1].headers["authorization"].to_str().unwrap();
    assert!(answer.contains(r#"username="profile-public""#), "{answer}");
}

#[tokio::test]
async fn the_command_line_beats_the_environment_which_beats_the_profile() {
    let home = Home::new("precedence");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"results":[],"totalCount":0}"#, MEDIA_TYPE),
        )
        .mount(&server)
        .await;
    let (from_line, from_env, from_profile) = (
        "111111111111111111111111",
        "222222222222222222222222",
        "333333333333333333333333",
    );
    home.write_config(&format!(
        "[default]\nproject_id = \"{from_profile}\"\naccess_token = \"profile-token\"\nbase_url = \"{}\"\n",
        server.uri()
    ));
    let base = [
        "atlas-admin",
        "legacy-backup",
        "list-cluster-restore-jobs",
        "--cluster-name",
        "c",
    ];
    let with_group = [&base[..], &["--group-id", from_line]].concat();
    let env_project = [("MONGODB_ATLAS_PROJECT_ID", from_env)];
    let env_token = [("MONGODB_ATLAS_ACCESS_TOKEN", "env-token")];
    // Arguments, extra environment, the group id and the credentials the request gets.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case<'_>; 4] = [
        (&with_group, &env_project, from_line, "Bearer profile-token"),
        (&base, &env_project, from_env, "Bearer profile-token"),
        (&base, &[], from_profile, "Bearer profile-token"),
        (&base, &env_token, from_profile, "Bearer env-token"),
    ];
    for (n, (args, extra, group, authorization)) in cases.into_iter().enumerate() {
        let run = run_in(args, &home.env(extra)).await;
        assert_eq!(run.code, EXIT_OK, "case {n}: {}", run.stderr);
        let requests = server.received_requests().await.unwrap();
        let last = requests.last().unwrap();
        assert!(
            last.url
                .path()
                .starts_with(&format!("/api/atlas/v2/groups/{group}/")),
            "case {n}: {}",
            last.url
        );
        assert_eq!(last.headers["authorization"], authorization, "case {n}");
    }

    // Nowhere: the option is required, and the message says where else it may come from.
    let empty = Home::new("precedence-none");
    let run = run_in(&base, &empty.env(&[("MONGODB_ATLAS_ACCESS_TOKEN", "t")])).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("--group-id"), "{}", run.stderr);
    assert!(
        run.stderr.contains("MONGODB_ATLAS_PROJECT_ID"),
        "{}",
        run.stderr
    );

    // A bad value from the environment names where it came from, and nothing is sent.
    let before = server.received_requests().await.unwrap().len();
    let bad = [("MONGODB_ATLAS_PROJECT_ID", "not-an-id")];
    let run = run_in(&base, &home.env(&bad)).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("groupId"), "{}", run.stderr);
    assert!(
        run.stderr.contains("MONGODB_ATLAS_PROJECT_ID"),
        "{}",
        run.stderr
    );
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn a_profile_keeping_its_secret_in_the_keyring_says_which_variable_to_set() {
    let home = Home::new("keyring");
    let server = server_with_jobs(1, Paging::Counted).await;
    mount_token_endpoint(&server, "keyring-token").await;
    // What the Atlas CLI writes when the system keyring holds the secret.
    home.write_config(&format!(
        "[default]\nauth_type = \"service_account\"\nclient_id = \"mdb_sa_id_kr\"\nproject_id = \"{GROUP_ID}\"\n"
    ));
    let uri = server.uri();
    let args = [
        &COMMAND[..],
        &["--base-url", &uri, "--cluster-name", "my-cluster"],
    ]
    .concat();
    let run = run_in(&args, &home.env(&[])).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("keyring"), "{}", run.stderr);
    assert!(
        run.stderr.contains("MONGODB_ATLAS_CLIENT_SECRET"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("MONGODB_ATLAS_CLIENT_ID"),
        "{}",
        run.stderr
    );
    assert_eq!(token_requests(&server).await, 0);

    // With the secret in the environment, the profile's client id is used with it.
    let run = run_in(&args, &home.env(&[("MONGODB_ATLAS_CLIENT_SECRET", "s")])).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let requests = server.received_requests().await.unwrap();
    let token = requests
        .iter()
        .find(|r| r.url.path() == "/api/oauth/token")
        .unwrap();
    let basic = token.headers["authorization"].to_str().unwrap();
    // base64("mdb_sa_id_kr:s")
    assert_eq!(basic, "Basic bWRiX3NhX2lkX2tyOnM=");
}

#[tokio::test]
async fn a_malformed_configuration_file_names_the_file_and_the_line() {
    let home = Home::new("malformed");
    let path = home
        .write_config("[default]\npublic_api_key = \"abc\"\nprivate_api_key = \"very-secret-key\n");
    let server = silent_server().await;
    let uri = server.uri();
    let args = [
        &COMMAND[..],
        &[
            "--base-url",
            &uri,
            "--group-id",
            GROUP_ID,
            "--cluster-name",
            "c",
        ],
    ]
    .concat();
    let run = run_in(&args, &home.env(&[])).await;
    assert_eq!(run.code, EXIT_USAGE);
    let expected = format!("{}:3:", path.display());
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(!run.stderr.contains("very-secret-key"), "{}", run.stderr);

    // An unknown profile is named, with the ones the file has.
    home.write_config("[default]\n[dev]\n");
    let args = [&args[..], &["-P", "prod"]].concat();
    let run = run_in(&args, &home.env(&[])).await;
    assert_eq!(run.code, EXIT_USAGE);
    assert!(run.stderr.contains("no profile `prod`"), "{}", run.stderr);
    assert!(run.stderr.contains("default, dev"), "{}", run.stderr);
    server.verify().await;
}

/// The cache files in the tool's cache folder.
fn cache_files(home: &Home) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(home.cache()) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The command against `server` with a service account from the environment.
fn service_account_run(
    server: &MockServer,
    home: &Home,
    extra: &[&str],
) -> (Vec<String>, Vec<(String, String)>) {
    let mut args: Vec<String> = COMMAND.iter().map(|s| (*s).to_owned()).collect();
    args.extend(
        [
            "--base-url",
            &server.uri(),
            "--group-id",
            GROUP_ID,
            "--cluster-name",
            "my-cluster",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let env = home.env(&[
        ("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_cache"),
        ("MONGODB_ATLAS_CLIENT_SECRET", "mdb_sa_sk_cache-secret"),
    ]);
    (args, env)
}

async fn run_args(args: &[String], env: &[(String, String)]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_in(&args, env).await
}

#[tokio::test]
async fn twenty_runs_share_one_token_kept_where_only_the_user_can_read_it() {
    let home = Home::new("token-cache");
    let server = server_with_jobs(1, Paging::Counted).await;
    mount_token_endpoint(&server, "cached-token-value").await;
    let (args, env) = service_account_run(&server, &home, &[]);
    for n in 0..20 {
        let run = run_args(&args, &env).await;
        assert_eq!(run.code, EXIT_OK, "run {n}: {}", run.stderr);
        assert!(
            !run.stdout.contains("cached-token-value")
                && !run.stderr.contains("cached-token-value")
        );
    }
    assert_eq!(token_requests(&server).await, 1);
    let calls = server.received_requests().await.unwrap();
    let api_calls: Vec<_> = calls.iter().filter(|r| r.url.path() == JOBS_PATH).collect();
    assert_eq!(api_calls.len(), 20);
    assert!(
        api_calls
            .iter()
            .all(|r| r.headers["authorization"] == "Bearer cached-token-value")
    );
    let files = cache_files(&home);
    assert_eq!(files.len(), 1, "{files:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let folder = std::fs::metadata(home.cache())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(folder & 0o077, 0);
    }

    // Another token endpoint (another server) is another cache entry.
    let other = server_with_jobs(1, Paging::Counted).await;
    mount_token_endpoint(&other, "other-token").await;
    let (args, env) = service_account_run(&other, &home, &[]);
    assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
    assert_eq!(token_requests(&other).await, 1);
    assert_eq!(cache_files(&home).len(), 2);
}

#[tokio::test]
async fn a_corrupt_or_exposed_cache_file_is_ignored_and_rewritten() {
    let home = Home::new("token-corrupt");
    let server = server_with_jobs(1, Paging::Counted).await;
    mount_token_endpoint(&server, "fresh-token").await;
    let (args, env) = service_account_run(&server, &home, &[]);
    assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
    let file = cache_files(&home).pop().unwrap();

    std::fs::write(&file, "{ not json").unwrap();
    assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
    assert_eq!(token_requests(&server).await, 2);
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(kept["access_token"], "fresh-token");

    #[cfg(unix)]
    {
        // Readable by others: someone could have planted it; it is not trusted.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
        assert_eq!(token_requests(&server).await, 3);
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // A symbolic link in its place is not followed.
        let target = home.root.join("elsewhere.json");
        std::fs::copy(&file, &target).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::remove_file(&file).unwrap();
        std::os::unix::fs::symlink(&target, &file).unwrap();
        assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
        assert_eq!(token_requests(&server).await, 4);
        assert!(
            !std::fs::symlink_metadata(&file)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

#[tokio::test]
async fn a_cached_token_the_api_rejects_is_replaced() {
    let home = Home::new("token-rejected");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "revoked-token", "token_type": "Bearer", "expires_in": 3600,
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_token_endpoint(&server, "second-token").await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer revoked-token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": 401, "errorCode": "UNAUTHORIZED", "reason": "Unauthorized",
        })))
        .mount(&server)
        .await;
    mount_jobs(&server, 1, Paging::Counted).await;
    let (args, env) = service_account_run(&server, &home, &[]);
    let run = run_args(&args, &env).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(token_requests(&server).await, 2);
    // The next run starts from the replacement.
    assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
    assert_eq!(token_requests(&server).await, 2);
    let kept: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cache_files(&home).pop().unwrap()).unwrap()).unwrap();
    assert_eq!(kept["access_token"], "second-token");
}

#[tokio::test]
async fn no_token_cache_asks_every_time_and_keeps_nothing() {
    let home = Home::new("token-off");
    let server = server_with_jobs(1, Paging::Counted).await;
    mount_token_endpoint(&server, "t").await;
    let (args, env) = service_account_run(&server, &home, &["--no-token-cache"]);
    for _ in 0..3 {
        assert_eq!(run_args(&args, &env).await.code, EXIT_OK);
    }
    assert_eq!(token_requests(&server).await, 3);
    assert!(cache_files(&home).is_empty());
}

/// A server answering 429 (with `Retry-After: 1`) `failures` times, then the jobs.
async fn rate_limited_server(failures: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(serde_json::json!({
                    "error": 429, "errorCode": "RATE_LIMITED", "reason": "Too Many Requests",
                })),
        )
        .up_to_n_times(failures)
        .mount(&server)
        .await;
    mount_jobs(&server, 1, Paging::Counted).await;
    server
}

#[tokio::test]
async fn a_429_then_200_succeeds_after_one_retry_waiting_as_asked() {
    let server = rate_limited_server(1).await;
    let started = std::time::Instant::now();
    let run = list_jobs(&server, &[]).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    let page: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(page["results"][0], job(0));

    // `--retries 0`: the 429 is the answer.
    let server = rate_limited_server(1).await;
    let run = list_jobs(&server, &["--retries", "0"]).await;
    assert_eq!(run.code, EXIT_FAILURE);
    assert!(run.stderr.contains("429"), "{}", run.stderr);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_retry_that_would_end_past_the_timeout_is_not_made() {
    // The server asks for a wait of 1 s; the whole request may take 500 ms.
    let server = rate_limited_server(1).await;
    let started = std::time::Instant::now();
    let run = list_jobs(&server, &["--timeout", "500ms"]).await;
    assert_eq!(run.code, EXIT_FAILURE, "{}", run.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(
        run.stderr
            .contains("rate limited (HTTP 429), retry after 1s"),
        "{}",
        run.stderr
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_stalled_server_ends_at_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(60)))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let run = list_jobs(&server, &["--timeout", "300ms"]).await;
    let elapsed = started.elapsed();
    assert_eq!(run.code, EXIT_FAILURE, "{}", run.stderr);
    assert!(elapsed < std::time::Duration::from_secs(10), "{elapsed:?}");
    assert!(
        elapsed >= std::time::Duration::from_millis(300),
        "{elapsed:?}"
    );
    assert!(
        run.stderr.to_lowercase().contains("timed out"),
        "{}",
        run.stderr
    );
    // The timeout covers the retries too: a GET that timed out would be sent again (three
    // more times by default), but not past the deadline.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let bad = list_jobs(&server, &["--timeout", "soon"]).await;
    assert_eq!(bad.code, EXIT_USAGE);
    assert!(bad.stderr.contains("--timeout"), "{}", bad.stderr);
}

#[tokio::test]
async fn debug_prints_each_attempt_and_no_credential() {
    let home = Home::new("debug");
    let server = rate_limited_server(1).await;
    mount_token_endpoint(&server, "debug-token-value").await;
    let (args, env) = service_account_run(&server, &home, &["--debug"]);
    let run = run_args(&args, &env).await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    let uri = server.uri();
    let token_line = format!("debug: POST {uri}/api/oauth/token -> 200 OK (attempt 1, ");
    assert!(run.stderr.contains(&token_line), "{}", run.stderr);
    let call = format!("debug: GET {uri}{JOBS_PATH} -> ");
    assert!(
        run.stderr
            .contains(&format!("{call}429 Too Many Requests (attempt 1, ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("; retrying in 1000 ms"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{call}200 OK (attempt 2, ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("MONGODB_ATLAS_CLIENT_SECRET"),
        "{}",
        run.stderr
    );
    for secret in [
        "mdb_sa_sk_cache-secret",
        "debug-token-value",
        "mdb_sa_id_cache",
    ] {
        assert!(!run.stderr.contains(secret), "{secret} in:\n{}", run.stderr);
        assert!(!run.stdout.contains(secret), "{secret} in:\n{}", run.stdout);
    }
    // The next run takes the token from the cache: no token request to show.
    let again = run_args(&args, &env).await;
    assert!(
        !again.stderr.contains("/api/oauth/token ->"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("a token is kept"), "{}", again.stderr);
    assert!(!again.stderr.contains("debug-token-value"));

    // Digest: neither key pair part shows.
    let server = MockServer::start().await;
    mount_jobs(&server, 1, Paging::Counted).await;
    let uri = server.uri();
    let args = [
        &COMMAND[..],
        &[
            "--debug",
            "--base-url",
            &uri,
            "--group-id",
            GROUP_ID,
            "--cluster-name",
            "my-cluster",
        ],
    ]
    .concat();
    let run = run_with_env(
        &args,
        &[
            ("MONGODB_ATLAS_PUBLIC_API_KEY", "pub-key-value"),
            ("MONGODB_ATLAS_PRIVATE_API_KEY", "priv-key-value"),
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("API key (digest) from MONGODB_ATLAS_PUBLIC_API_KEY"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("priv-key-value") && !run.stderr.contains("pub-key-value"));
}

#[tokio::test]
async fn output_file_is_written_whole_on_success_and_not_at_all_on_failure() {
    let home = Home::new("output-file");
    let target = home.root.join("jobs.json");
    let target_text = target.display().to_string();

    let server = server_with_jobs(12, Paging::Counted).await;
    let run = list_jobs(
        &server,
        &[
            "--all-pages",
            "--items-per-page",
            "5",
            "--output-file",
            &target_text,
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_OK, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written.lines().count(), 12);

    // The third page fails: no file, no partial file, and the earlier file stays as it was.
    // (`--retries 0`: a GET answered 500 would be sent again, to the same answer.)
    let failing = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("pageNum", "3"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({
            "error": 500, "errorCode": "UNEXPECTED_ERROR", "reason": "Internal Server Error",
        })))
        .mount(&failing)
        .await;
    mount_jobs(&failing, 12, Paging::Counted).await;
    let run = list_jobs(
        &failing,
        &[
            "--all-pages",
            "--items-per-page",
            "5",
            "--retries",
            "0",
            "--output-file",
            &target_text,
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_FAILURE, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), written);
    let fresh = home.root.join("fresh.json");
    let run = list_jobs(
        &failing,
        &[
            "--all-pages",
            "--items-per-page",
            "5",
            "--retries",
            "0",
            "--output-file",
            &fresh.display().to_string(),
        ],
    )
    .await;
    assert_eq!(run.code, EXIT_FAILURE);
    assert!(!fresh.exists());
    let mut names: Vec<String> = std::fs::read_dir(&home.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["cache", "config", "jobs.json"]);
}

#[tokio::test]
async fn completions_for_each_shell_know_the_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let run = run_with_env(&["atlas-admin", "completions", shell], &[]).await;
        assert_eq!(run.code, EXIT_OK, "{shell}: {}", run.stderr);
        for word in ["legacy-backup", "list-cluster-restore-jobs", "group-id"] {
            assert!(run.stdout.contains(word), "{shell}: {word} missing");
        }
    }
    let run = run_with_env(&["atlas-admin", "completions", "tcsh"], &[]).await;
    assert_eq!(run.code, EXIT_USAGE);
}

#[tokio::test]
async fn credentials_are_refused_over_plain_http_to_a_remote_host() {
    let mut args = COMMAND.to_vec();
    args.extend([
        "--base-url",
        "http://remote-host.example",
        "--group-id",
        GROUP_ID,
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
