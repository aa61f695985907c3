//! The generated command-line tool as a program (`cargo run -p atlas-admin --features cli`),
//! against Prism serving `spec/`: Prism rejects any request that breaks the spec, so a
//! successful call shows the tool sent a valid one. `cargo xtask test` builds the binary and
//! passes its path in `ATLAS_TEST_CLI`.

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
