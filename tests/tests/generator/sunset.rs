//! `x-sunset` on operations: the generator warns about dates already past (on the day the
//! caller says it is) and about values that are not dates, and shows valid dates in the code.

use codegen::{Config, Options};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Sunsets, version: "1"}
paths:
  /old:
    get:
      operationId: getOld
      deprecated: true
      x-sunset: "2025-09-09"
      responses: {"204": {description: Gone soon.}}
  /later:
    get:
      operationId: getLater
      x-sunset: "2026-07-31"
      responses: {"204": {description: Later.}}
  /odd:
    get:
      operationId: getOdd
      x-sunset: "next spring"
      responses: {"204": {description: Odd.}}
  /plain:
    get:
      operationId: getPlain
      responses: {"204": {description: Plain.}}
"#;

fn generate(today: Option<&str>) -> codegen::GeneratedCrate {
    let options = Options {
        crate_name: "sunsets".into(),
        spec_label: "sunsets.yaml".into(),
        command: "test".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config: Config::default(),
        today: today.map(str::to_owned),
    };
    codegen::generate(SPEC, &options).unwrap()
}

fn warnings(today: Option<&str>) -> Vec<String> {
    generate(today)
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_sunset_date_already_past_is_a_warning_naming_the_operation() {
    assert_eq!(
        warnings(Some("2026-01-15")),
        // Warnings of the one channel, sorted by pointer.
        [
            "warning: #/paths/~1odd/get/x-sunset: `x-sunset` \"next spring\" is not a date (YYYY-MM-DD); ignored",
            "warning: #/paths/~1old/get/x-sunset: operation `getOld` was sunset on 2025-09-09, before today (2026-01-15): the API may no longer serve it",
        ]
    );
    // On the sunset day itself the operation is still served.
    assert_eq!(warnings(Some("2025-09-09")).len(), 1);
    assert_eq!(warnings(Some("2026-08-01")).len(), 3);
    // Without a date, only the malformed value is reported.
    assert_eq!(warnings(None).len(), 1);
}

#[test]
fn strict_generation_fails_on_a_past_sunset_and_writes_nothing() {
    let dir = xtask::codegen::scratch_dir().unwrap();
    let spec = dir.path().join("sunsets.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = dir.path().join("crate");
    let args = |strict: bool| {
        let mut args: Vec<String> = vec![
            "--spec".into(),
            spec.display().to_string(),
            "--out".into(),
            out.display().to_string(),
            "--crate-name".into(),
            "sunsets".into(),
        ];
        if strict {
            args.push("--strict".into());
        }
        args
    };
    // `getOld`'s sunset (2025-09-09) is past whatever day the test runs.
    let error = xtask::codegen::run_inner(args(true)).unwrap_err();
    assert!(
        error.contains("warning: #/paths/~1old/get/x-sunset: operation `getOld` was sunset on 2025-09-09")
            // How many sunsets are past depends on the day the test runs.
            && error.contains(" warnings; nothing was written"),
        "{error}"
    );
    assert!(!out.exists(), "--strict wrote {}", out.display());
    // Without `--strict` the same warnings are printed and the crate is written.
    xtask::codegen::run_inner(args(false)).unwrap();
    assert!(out.join("src/operations/get_old.rs").exists());
}

#[test]
fn the_generated_code_does_not_depend_on_the_day() {
    assert_eq!(
        generate(Some("2020-01-01")).files,
        generate(Some("2030-01-01")).files
    );
}

/// The text without whitespace, so that checks do not depend on where lines were wrapped.
fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn sunset_dates_show_in_the_docs_the_constant_and_the_deprecation_note() {
    let files: std::collections::BTreeMap<String, String> = generate(None)
        .files
        .into_iter()
        .map(|(path, text)| (path, squash(&text)))
        .collect();
    let has = |text: &str, needle: &str| text.contains(&squash(needle));
    let old = &files["src/operations/get_old.rs"];
    assert!(
        has(
            old,
            "Sunset: the API stops serving this operation on 2025-09-09"
        ),
        "{old}"
    );
    assert!(
        has(old, r#"SUNSET: Option<&'static str> = Some("2025-09-09""#),
        "{old}"
    );
    assert!(
        has(
            old,
            r#"#[deprecated(note = "deprecated in the API spec; the API stops serving it on 2025-09-09")]"#
        ),
        "{old}"
    );
    // A sunset without the `deprecated` flag still deprecates the operation.
    let later = &files["src/operations/get_later.rs"];
    assert!(
        has(
            later,
            r#"#[deprecated(note = "the API stops serving it on 2026-07-31")]"#
        ),
        "{later}"
    );
    // A value that is not a date is left out, and so is the deprecation it would imply.
    for file in ["src/operations/get_odd.rs", "src/operations/get_plain.rs"] {
        let text = &files[file];
        assert!(has(text, "SUNSET: Option<&'static str> = None"), "{text}");
        assert!(!text.contains("#[deprecated"), "{text}");
        assert!(!has(text, "Sunset:"), "{text}");
    }
}
