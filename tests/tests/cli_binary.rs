//! The generated command-line tool as a program (`cargo run -p atlas-admin --features cli`),
//! against Prism serving `spec/`: Prism rejects any request that breaks the spec, so a
//! successful call shows the tool sent a valid one. `cargo xtask test` builds the binary and
//! passes its path in `ATLAS_TEST_CLI`. Progress is checked here too, with the tool's stderr on a
//! pseudo-terminal: only the real process can tell that stderr is a terminal.

use std::path::PathBuf;
use std::process::{Command, Output};

use atlas_admin_tests::services::{Prism, atlas_spec_path};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

fn cli_binary() -> PathBuf {
    let path = std::env::var_os("ATLAS_TEST_CLI")
        .expect("ATLAS_TEST_CLI is unset: run these tests through `cargo xtask test`");
    let path = PathBuf::from(path);
    assert!(path.is_file(), "no command-line tool at {}", path.display());
    path
}

/// Runs the tool with `args` and only `env` in its environment.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(cli_binary())
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("the command-line tool starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn help_shows_every_parameter_and_the_deprecation() {
    let output = run(
        &["legacy-backup", "list-cluster-restore-jobs", "--help"],
        &[],
    );
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for option in [
        "--group-id",
        "--cluster-name",
        "--items-per-page",
        "--page-num",
        "--batch-id",
        "--include-count",
        "--envelope",
        "--pretty",
        "--all-pages",
    ] {
        assert!(help.contains(option), "{option} missing:\n{help}");
    }
    assert!(help.contains("deprecated"), "{help}");
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn a_bad_group_id_exits_2_with_the_message_naming_group_id() {
    let output = run(
        &[
            "legacy-backup",
            "list-cluster-restore-jobs",
            "--group-id",
            "12345",
            "--cluster-name",
            "my-cluster",
        ],
        &[("MONGODB_ATLAS_ACCESS_TOKEN", "t")],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("groupId"), "{stderr}");
    assert!(stderr.contains("12345"), "{stderr}");
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn a_call_against_the_mock_prints_the_page() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    let output = run(
        &[
            "legacy-backup",
            "list-cluster-restore-jobs",
            "--base-url",
            &prism.base_url,
            "--group-id",
            GROUP,
            "--cluster-name",
            "Cluster0",
            "--items-per-page",
            "10",
            "--include-count",
            "true",
        ],
        &[("MONGODB_ATLAS_ACCESS_TOKEN", "test-token")],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}\n{}", prism.log());
    assert_eq!(stderr, "");
    let page: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(page.is_object(), "{page}");
    // What the tool printed is a page the library decodes.
    let _: atlas_admin::models::PaginatedRestoreJobView = serde_json::from_value(page).unwrap();
}

#[test]
#[ignore = "needs local test servers: run `cargo xtask test`"]
fn a_request_prism_rejects_exits_1_with_the_error_on_stderr() {
    let prism = Prism::shared(&atlas_spec_path(), true);
    // No credentials header: Prism answers 401 with an error body, as the API would.
    let output = run(
        &[
            "legacy-backup",
            "list-cluster-restore-jobs",
            "--base-url",
            &prism.base_url,
            "--group-id",
            GROUP,
            "--cluster-name",
            "Cluster0",
        ],
        &[
            ("MONGODB_ATLAS_PUBLIC_KEY", "public"),
            ("MONGODB_ATLAS_PRIVATE_KEY", "private-secret"),
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("private-secret"), "{stderr}");
}

/// A local server paging 12 jobs by `pageNum`/`itemsPerPage`, with `totalCount`.
async fn jobs_server() -> wiremock::MockServer {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &Request| {
            let query = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .map_or(1, |(_, v)| v.parse::<usize>().unwrap())
            };
            let (page, per_page) = (query("pageNum"), query("itemsPerPage"));
            let results: Vec<_> = ((page - 1) * per_page..(page * per_page).min(12))
                .map(|n| {
                    serde_json::json!({
                        "id": format!("{n:024x}"),
                        "delivery": {"methodName": "HTTP", "statusName": "READY"},
                        "statusName": "FINISHED",
                    })
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "results": results, "totalCount": 12,
            }))
        })
        .mount(&server)
        .await;
    server
}

fn all_pages_args(base_url: &str) -> Vec<String> {
    [
        "legacy-backup",
        "list-cluster-restore-jobs",
        "--base-url",
        base_url,
        "--group-id",
        GROUP,
        "--cluster-name",
        "Cluster0",
        "--items-per-page",
        "5",
        "--all-pages",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Runs the tool with its stderr on a new pseudo-terminal; returns its stdout and what the
/// terminal received.
#[cfg(unix)]
fn run_on_terminal(args: &[String]) -> (Output, String) {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use std::io::Read;
    let controller = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&controller).unwrap();
    unlockpt(&controller).unwrap();
    let name = ptsname(&controller, Vec::new()).unwrap();
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut child = Command::new(cli_binary())
        .args(args)
        .env_clear()
        .env("MONGODB_ATLAS_ACCESS_TOKEN", "t")
        .stdout(std::process::Stdio::piped())
        .stderr(terminal)
        .spawn()
        .unwrap();
    // Read the terminal while the tool runs; it ends (EIO) once the tool has closed it.
    let mut reader = std::fs::File::from(controller);
    let screen = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    let screen = screen.join().unwrap();
    (
        Output {
            status,
            stdout,
            stderr: Vec::new(),
        },
        screen,
    )
}

#[cfg(unix)]
#[tokio::test]
#[ignore = "needs the built tool: run `cargo xtask test`"]
async fn all_pages_shows_progress_on_a_terminal_and_nothing_in_a_pipe() {
    let server = jobs_server().await;
    let args = all_pages_args(&server.uri());
    let (output, screen) = tokio::task::spawn_blocking({
        let args = args.clone();
        move || run_on_terminal(&args)
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "{screen}");
    assert_eq!(text(&output.stdout).lines().count(), 12);
    assert!(screen.contains("5/12 items, 1 page, "), "{screen:?}");
    assert!(screen.contains(" items/s"), "{screen:?}");
    // The line is cleared at the end, leaving the terminal as it was.
    assert!(screen.ends_with("\r\x1b[K"), "{screen:?}");

    let piped = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args, &[("MONGODB_ATLAS_ACCESS_TOKEN", "t")])
    })
    .await
    .unwrap();
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(text(&piped.stdout).lines().count(), 12);
    assert_eq!(text(&piped.stderr), "");
}
