//! Hostile input never panics the generator: mutated specs and arbitrary patterns give either
//! output or typed errors. (Bounded runs; a longer fuzzing campaign is separate work.)

use atlas_admin_tests::fixtures::ATLAS_SPEC;
use codegen::{Config, Options};
use proptest::prelude::*;

fn options() -> Options {
    Options {
        crate_name: "fuzzed".into(),
        spec_label: "fuzzed.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config: Config::default(),
        today: None,
    }
}

/// The fragment with one line dropped, duplicated or cut short: small edits that keep most of
/// the document valid, so the resolver and emitters (not just the YAML parser) see them.
fn mutated_spec() -> impl Strategy<Value = String> {
    let lines = ATLAS_SPEC.lines().count();
    (0..lines, 0..3u8, 0..40usize).prop_map(|(line, kind, cut)| {
        let mut out: Vec<String> = ATLAS_SPEC.lines().map(str::to_owned).collect();
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

/// Refused, and quickly: the generator finds the nesting before serde_yaml, whose scanner would
/// take seconds over it.
#[test]
fn deeply_nested_yaml_is_an_error_not_a_stack_overflow() {
    let deep = format!("openapi: 3.0.1\ninfo: {}\n", "[".repeat(100_000));
    assert_refused_for_nesting(&deep, 2);
    let json = format!(r#"{{"openapi": "3.0.1", "info": {}"#, "[".repeat(100_000));
    assert_refused_for_nesting(&json, 1);
}

fn assert_refused_for_nesting(spec: &str, line: usize) {
    let Err(diagnostics) = codegen::generate(spec, &options()) else {
        panic!("a document nested 100 000 deep was accepted");
    };
    let report = diagnostics.render("deep.yaml");
    assert!(
        report.contains(&format!("invalid YAML at line {line} column "))
            && report.contains("flow collections ([ ] and { }) nested more than 256 deep"),
        "{report}"
    );
}

/// A spec whose one operation returns `Chain0`, where `Chain{i}` is `link(Chain{i + 1})` for
/// `length` components and the last is a small object (or, when `cyclic`, `Chain0` again).
fn chain_spec(length: usize, cyclic: bool, link: impl Fn(&str) -> String) -> String {
    let mut spec = String::from(
        "openapi: 3.0.1\ninfo: {title: Chains, version: '1'}\npaths:\n  /chain:\n    get:\n      \
         operationId: getChain\n      responses:\n        '200':\n          description: ok\n          \
         content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Chain0'}\n\
         components:\n  schemas:\n",
    );
    for i in 0..length {
        let next = if i + 1 < length {
            link(&format!("{{$ref: '#/components/schemas/Chain{}'}}", i + 1))
        } else if cyclic {
            link("{$ref: '#/components/schemas/Chain0'}")
        } else {
            "{type: object, properties: {end: {type: string}}}".to_owned()
        };
        spec.push_str(&format!("    Chain{i}: {next}\n"));
    }
    spec
}

/// Runs `generate` on a thread with a 1 MiB stack (half the default), so only a generator whose depth
/// of recursion does not grow with the spec passes.
fn generate_on_small_stack(spec: String) -> Result<codegen::GeneratedCrate, String> {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || codegen::generate(&spec, &options()).map_err(|d| d.render("chain.yaml")))
        .unwrap()
        .join()
        .expect("the generator panicked or overflowed")
}

// Found by fuzzing (`generate_structured`): each `$ref` defined its target by recursion, so a
// long enough chain of components overflowed the stack.
#[test]
fn long_ref_chains_through_properties_and_items_do_not_overflow_the_stack() {
    let links: [fn(&str) -> String; 3] = [
        |next| format!("{{type: object, required: [next], properties: {{next: {next}}}}}"),
        |next| format!("{{type: object, properties: {{next: {next}}}}}"),
        |next| format!("{{type: array, items: {next}}}"),
    ];
    for link in links {
        let generated = generate_on_small_stack(chain_spec(600, false, link)).unwrap();
        let models = &generated.files["src/models/mod.rs"];
        assert!(models.contains("Chain599"), "{models}");
    }
    // A required cycle of 600 structs still gets a finite size: the link back is boxed.
    let cycle = chain_spec(600, true, links[0]);
    let generated = generate_on_small_stack(cycle).unwrap();
    let last = &generated.files["src/models/chain599.rs"];
    assert!(last.contains("Box<super::Chain0>"), "{last}");
}

// Found by fuzzing (`generate_structured`): `allOf` chains through `$ref`s were merged by
// recursion, and each struct re-merged the whole rest of the chain (quadratic, and cubic with
// the list of seen references), so a chain of a few hundred took minutes.
#[test]
fn long_all_of_and_alias_chains_are_refused_quickly() {
    let started = std::time::Instant::now();
    // Each link merges the next one's properties with its own.
    let all_of = chain_spec(2000, false, |next| {
        format!("{{allOf: [{next}, {{type: object, properties: {{extra: {{type: string}}}}}}]}}")
    });
    let error = generate_on_small_stack(all_of).unwrap_err();
    assert!(
        error.contains("`allOf` nested more than 64 deep"),
        "{error}"
    );
    let aliases = chain_spec(2000, false, str::to_owned);
    let error = generate_on_small_stack(aliases).unwrap_err();
    assert!(error.contains("a chain of more than 64 aliases"), "{error}");
    let cyclic = chain_spec(2000, true, str::to_owned);
    let error = generate_on_small_stack(cyclic).unwrap_err();
    assert!(error.contains("reference cycle") || error.contains("more than 64 aliases"));
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // Within the limit, both still work.
    generate_on_small_stack(chain_spec(10, false, |next| {
        format!("{{allOf: [{next}, {{type: object, properties: {{extra: {{type: string}}}}}}]}}")
    }))
    .unwrap();
    generate_on_small_stack(chain_spec(10, false, str::to_owned)).unwrap();
    // `allOf: [$ref]` alone documents a reference: a chain of them is a chain of aliases, made
    // without recursion however long.
    let documented = chain_spec(2000, false, |next| format!("{{allOf: [{next}]}}"));
    let krate = generate_on_small_stack(documented).unwrap();
    assert!(krate.files["src/models/chain0.rs"].contains("pub type Chain0 = super::Chain1;"));
}

// Found by fuzzing (`generate_structured`, a timeout): deciding which fields to box ran a
// search of the whole type graph per field, quadratic in the number of types; it is now one
// pass over the strongly connected components.
#[test]
fn boxing_the_fields_of_a_long_cycle_is_linear() {
    let spec = chain_spec(5000, true, |next| {
        format!("{{type: object, required: [next], properties: {{next: {next}}}}}")
    });
    let doc = codegen::parse::parse(&spec).unwrap();
    let started = std::time::Instant::now();
    let api = codegen::resolve::resolve(&doc, &Config::default()).unwrap();
    let elapsed = started.elapsed();
    let boxed = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            codegen::model::TypeKind::Struct(s) => {
                Some(s.fields.iter().filter(|f| f.boxed).count())
            }
            _ => None,
        })
        .sum::<usize>();
    // Every link of the cycle closes it, so each is boxed (as for shorter cycles).
    assert_eq!(boxed, 5000);
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

// Found by fuzzing (`pattern`, a timeout): an unanchored search for a long repetition built
// thousands of DFA states of thousands of NFA states each (quadratic) before the limit on
// the number of states stopped it; the NFA states they hold are now limited too.
#[test]
fn long_unanchored_repetitions_are_refused_quickly() {
    let started = std::time::Instant::now();
    for pattern in ["x{10000}", "[a-z]{9000}", "(?:ab){5000}"] {
        let error = codegen::pattern::compile(pattern).unwrap_err();
        assert!(
            error.reason.starts_with("is too complex"),
            "{pattern}: {error}"
        );
    }
    // Anchored, short, or decided by the first character, they still compile.
    for pattern in ["^x{1000}$", "^[a-z]{1,255}$", "[a-z]{1,255}", "a{1,9999}"] {
        assert!(codegen::pattern::compile(pattern).is_ok(), "{pattern}");
    }
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}
