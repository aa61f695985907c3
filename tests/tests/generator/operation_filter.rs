//! The codegen configuration can pick operations (by `operationId` or by tag); the crate then
//! carries those operations and only the types they reach.

use codegen::{Config, Options};

fn files(config: Config) -> Vec<String> {
    let options = Options {
        crate_name: "filtered".into(),
        spec_label: "requests.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config,
        today: None,
    };
    let spec = include_str!("../../constructs/specs/requests.yaml");
    let generated = codegen::generate(spec, &options).unwrap();
    generated
        .files
        .into_keys()
        .filter(|p| {
            p.starts_with("src/models/")
                || p.starts_with("src/operations/")
                || p.starts_with("src/params/")
        })
        .collect()
}

#[test]
fn by_operation_id_keeps_only_reachable_types() {
    let config = Config::from_toml("operations = [\"createFile\"]").unwrap();
    assert_eq!(
        files(config),
        [
            "src/models/mod.rs",
            "src/models/new_file.rs",
            "src/operations/create_file.rs",
            "src/operations/mod.rs"
        ]
    );
}

#[test]
fn without_a_filter_every_operation_and_schema_is_generated() {
    let all = files(Config::default());
    for expected in [
        "src/operations/get_file.rs",
        "src/operations/delete_file.rs",
        "src/operations/create_file.rs",
        "src/operations/list_things.rs",
        "src/models/problem.rs",
        "src/params/label.rs",
    ] {
        assert!(
            all.iter().any(|f| f == expected),
            "{expected} missing from {all:?}"
        );
    }
}

#[test]
fn by_tag_with_no_match_generates_no_operation() {
    let config = Config::from_toml("tags = [\"nothing has this tag\"]").unwrap();
    // Nothing to send: the crate is its (empty) models alone, without an operations module.
    assert_eq!(files(config), ["src/models/mod.rs"]);
}
