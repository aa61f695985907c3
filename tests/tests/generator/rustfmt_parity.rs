//! The generator prints Rust in `rustfmt`'s layout itself (no formatter runs during codegen),
//! so `rustfmt --check` (edition 2024, the workspace's configuration) must find nothing to
//! change in what it makes of `spec/` and of every construct spec. A difference here is a
//! printer bug: the message shows `rustfmt`'s diff.

use std::path::Path;
use std::process::Command;

use xtask::codegen::{self, Target};

fn rustfmt() -> std::path::PathBuf {
    // The toolchain's rustfmt beside the cargo running the tests, else the one on PATH.
    std::env::var_os("CARGO")
        .map(|cargo| Path::new(&cargo).with_file_name("rustfmt"))
        .filter(|path| path.exists())
        .unwrap_or_else(|| "rustfmt".into())
}

fn check(target: &Target) -> Option<String> {
    // As `cargo xtask codegen` makes it: with the target's overlay, lock and configuration.
    let args = codegen::parse_args(vec![]).unwrap();
    let config = target.config(&args).unwrap();
    let files = target
        .generate(config, &mut codegen::Timings::default())
        .unwrap()
        .files;
    let dir = std::env::temp_dir().join(format!(
        "atlas-rustfmt-parity-{}-{}",
        target.crate_name,
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in &files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
    }
    // From the crate roots `rustfmt` walks every module, as `cargo fmt` does.
    let roots: Vec<&String> = files
        .keys()
        .filter(|p| *p == "src/lib.rs" || p.starts_with("src/bin/") || p.starts_with("examples/"))
        .collect();
    let mut command = Command::new(rustfmt());
    command.args(["--check", "--edition", "2024"]);
    // The workspace's configuration, if it has one (rustfmt's defaults otherwise).
    let root = codegen::workspace_root();
    if ["rustfmt.toml", ".rustfmt.toml"]
        .iter()
        .any(|f| root.join(f).exists())
    {
        command.arg("--config-path").arg(&root);
    }
    let output = command
        .args(&roots)
        .current_dir(&dir)
        .output()
        .expect("rustfmt runs (rustup component add rustfmt)");
    let _ = std::fs::remove_dir_all(&dir);
    if output.status.success() {
        return None;
    }
    Some(format!(
        "{}:\n{}{}",
        target.spec.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

#[test]
fn rustfmt_changes_nothing_in_any_generated_crate() {
    let targets = codegen::project_targets();
    assert!(targets.len() > 1, "the fragment and the construct specs");
    let failures: Vec<String> = targets.iter().filter_map(check).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Shapes at the edges of `rustfmt`'s rules, each first met in the crate of a whole Atlas spec
/// or of a construct spec: printed by the generator's printer, then checked by `rustfmt`.
#[test]
fn edge_shapes_print_as_rustfmt_does() {
    let snippets = [
        // A `return` statement of exactly 100 columns: `rustfmt` keeps a column for the
        // semicolon it may add besides the statement's own, so the call breaks.
        r#"impl ClientId {
            const fn broken_rule(value: &str) -> ::std::option::Option<crate::Rule> {
                if !matches_pattern(value) {
                    return ::std::option::Option::Some(crate::Rule::Pattern("^mdb_sa_id_[a-fA-F\\d]{24}$"));
                }
                ::std::option::Option::None
            }
        }"#,
        // The same one column shorter stays on one line.
        r#"impl ClientId {
            const fn broken_rule(value: &str) -> ::std::option::Option<crate::Rule> {
                if !matches_pattern(value) {
                    return ::std::option::Option::Some(crate::Rule::Pattern("^mdb_sa_id_[a-fA-F_d]{24}$"));
                }
                ::std::option::Option::None
            }
        }"#,
        // A call followed by `?` whose callee breaks: the arguments leave a column for the `?`.
        r#"async fn run() {
            match matches.subcommand() {
                ::std::option::Option::Some(("get-message", matches)) => {
                    let operation = crate::operations::GetMessage::new(run::required::<crate::params::MessageId>(matches, "message-id")?);
                    context.call(operation).await
                }
                _ => {}
            }
        }"#,
        // Functions inside a block, set off by blank lines as module items are.
        r#"const fn matches(input: &str) -> bool {
            const fn is_a(b: u8) -> bool { b == b'a' }
            const fn is_b(b: u8) -> bool { b == b'b' }
            let bytes = input.as_bytes();
            !bytes.is_empty() && (is_a(bytes[0]) || is_b(bytes[0]))
        }"#,
    ];
    let header = ::codegen::format::Header {
        spec_label: "a snippet".into(),
        command: "the printer".into(),
    };
    let dir = std::env::temp_dir().join(format!("atlas-rustfmt-edges-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (i, snippet) in snippets.iter().enumerate() {
        let tokens: proc_macro2::TokenStream = snippet.parse().unwrap();
        let text = ::codegen::format::rust_file(&header, tokens).unwrap();
        let file = dir.join(format!("snippet{i}.rs"));
        std::fs::write(&file, &text).unwrap();
        let output = Command::new(rustfmt())
            .args(["--check", "--edition", "2024"])
            .arg(&file)
            .output()
            .expect("rustfmt runs");
        if !output.status.success() {
            failures.push(String::from_utf8_lossy(&output.stdout).into_owned());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
