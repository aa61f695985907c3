//! Hostile input never panics the generator: mutated specs and arbitrary patterns give either
//! output or typed errors. (Bounded runs; a longer fuzzing campaign is separate work.)

use codegen::{Config, Options};
use proptest::prelude::*;

const SPEC: &str = include_str!("../../spec/atlas-admin.yaml");

fn options() -> Options {
    Options {
        crate_name: "fuzzed".into(),
        spec_label: "fuzzed.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config: Config::default(),
    }
}

/// The fragment with one line dropped, duplicated or cut short: small edits that keep most of
/// the document valid, so the resolver and emitters (not just the YAML parser) see them.
fn mutated_spec() -> impl Strategy<Value = String> {
    let lines = SPEC.lines().count();
    (0..lines, 0..3u8, 0..40usize).prop_map(|(line, kind, cut)| {
        let mut out: Vec<String> = SPEC.lines().map(str::to_owned).collect();
        match kind {
            0 => {
                out.remove(line);
            }
            1 => {
                let copy = out[line].clone();
                out.insert(line, copy);
            }
            _ => {
                let text = &out[line];
                let end = text.char_indices().nth(cut).map_or(text.len(), |(i, _)| i);
                out[line] = text[..end].to_owned();
            }
        }
        out.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_give_output_or_errors(spec in mutated_spec()) {
        match codegen::generate(&spec, &options()) {
            Ok(crate_files) => prop_assert!(crate_files.files.contains_key("src/lib.rs")),
            Err(diagnostics) => prop_assert!(!diagnostics.render("fuzzed.yaml").is_empty()),
        }
    }

    #[test]
    fn arbitrary_text_is_not_a_spec(text in ".{0,200}") {
        prop_assert!(codegen::generate(&text, &options()).is_err());
    }

    #[test]
    fn arbitrary_patterns_compile_or_are_refused(pattern in r"[\\^$.|?*+()\[\]{}a-c0-9dDwWsSbBpPu<>=!:,-]{0,24}") {
        if let Ok(compiled) = codegen::pattern::compile(&pattern) {
            let _ = compiled.is_match("abc-123");
        }
    }
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_stack_overflow() {
    let deep = format!("openapi: 3.0.1\ninfo: {}\n", "[".repeat(100_000));
    assert!(codegen::generate(&deep, &options()).is_err());
}
