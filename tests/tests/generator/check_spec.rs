//! `cargo xtask check-spec`: counts (operations generated and skipped), errors and warnings
//! with their pointers, and phase timings, on specs of the project's own (the whole upstream
//! spec is checked by hand, see the README).

use std::path::PathBuf;

use xtask::check_spec::{self, CheckArgs};

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "atlas-check-spec-test-{}-{name}",
        std::process::id()
    ))
}

fn args(spec: PathBuf, out: PathBuf) -> CheckArgs {
    CheckArgs {
        crate_name: "checked".into(),
        spec,
        out,
        config: None,
        build: false,
        doc: false,
    }
}

#[test]
fn a_spec_that_generates_is_counted_timed_and_written_as_a_standalone_crate() {
    let spec = xtask::codegen::workspace_root().join("tests/constructs/specs/compositions.yaml");
    let out = scratch("ok");
    let report = check_spec::check(&args(spec, out.clone())).unwrap();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml"));
    let lib = out.join("src/lib.rs").exists();
    let _ = std::fs::remove_dir_all(&out);

    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(report.passed());
    assert_eq!(report.spec_schemas, 13);
    assert_eq!(report.spec_operations, 0);
    // The schemas, plus the inline union and its two object variants.
    assert_eq!(report.model_types, 16);
    let phases: Vec<&str> = report.phases.iter().map(|p| p.name).collect();
    assert_eq!(phases, ["parse", "resolve", "emit", "write", "generation"]);
    let manifest = manifest.unwrap();
    assert!(manifest.contains("name = \"checked\""), "{manifest}");
    assert!(
        manifest.contains("[workspace]"),
        "stands alone wherever it is written"
    );
    assert!(lib);

    let text = report.render("compositions.yaml");
    assert!(
        text.contains("in the spec: 0 operations, 13 schemas\n"),
        "{text}"
    );
    assert!(text.contains("errors: 0\n"), "{text}");
    assert!(text.contains("warnings: 0\n"), "{text}");
    assert!(
        text.contains("generated: 0 operations (0 skipped), "),
        "{text}"
    );
    assert!(text.contains("  generation "), "{text}");
}

#[test]
fn every_error_is_listed_with_its_pointer_and_nothing_is_written() {
    let dir = scratch("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("bad.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {$ref: '#/components/schemas/Gone'}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let report = check_spec::check(&args(spec, out.clone())).unwrap();
    let written = out.exists();
    let _ = std::fs::remove_dir_all(&dir);

    assert!(!report.passed());
    assert_eq!(report.spec_operations, 1);
    assert_eq!(report.spec_schemas, 1);
    assert_eq!(
        report.errors,
        [
            "#/components/schemas/A/properties/b: `$ref: #/components/schemas/Gone` points at nothing",
            "#/paths/~1a~1{id}/get/parameters: path parameter `id` is in the path but not declared",
        ]
    );
    assert!(!written, "a spec with errors writes nothing");
    let text = report.render("bad.yaml");
    assert!(
        text.contains("errors: 2\n  #/components/schemas/A/properties/b: "),
        "{text}"
    );
    assert!(text.contains("generated: nothing"), "{text}");
}

#[test]
fn warnings_fail_the_check_and_skipped_operations_are_counted() {
    let dir = scratch("warn");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("warn.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: q, in: query, content: {application/json: {schema: {type: object}}}}\n      responses:\n        '200': {description: ok}\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    N:\n      not: {type: string}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let report = check_spec::check(&args(spec, out.clone())).unwrap();
    let written = out.join("src/operations/get_b.rs").exists();
    let _ = std::fs::remove_dir_all(&dir);

    assert!(!report.passed(), "a warning fails the check");
    assert!(report.errors.is_empty());
    assert_eq!((report.operations, report.skipped_operations), (1, 1));
    assert_eq!(
        report.warnings,
        [
            "#/components/schemas/N: `not` schemas are not supported; the value is kept as JSON (`serde_json::Value`)",
            "#/paths/~1a/get/parameters/0: parameters described by `content` (not `schema`) are not supported; the operation `getA` is skipped",
        ]
    );
    assert!(written, "the crate of what generated is written");
    let text = report.render("warn.yaml");
    assert!(
        text.contains("generated: 1 operations (1 skipped), "),
        "{text}"
    );
    assert!(
        text.contains("warnings: 2\n  #/components/schemas/N: "),
        "{text}"
    );
}

#[test]
fn arguments() {
    let parsed =
        check_spec::parse_args(vec!["dir/my_API.v2.yaml".into(), "--build".into()]).unwrap();
    assert_eq!(parsed.crate_name, "my-api-v2");
    assert!(parsed.build && !parsed.doc);
    assert!(parsed.out.ends_with("atlas-check-spec/my-api-v2"));
    let numeric = check_spec::parse_args(vec!["2025.yaml".into()]).unwrap();
    assert_eq!(numeric.crate_name, "spec-2025");
    assert!(check_spec::parse_args(vec![]).is_err());
    assert!(check_spec::parse_args(vec!["a.yaml".into(), "--nope".into()]).is_err());
}
