//! What the generator targets share: the options of a run and the property checked on it.

use codegen::{Config, Options};

/// A neutral configuration that turns on the optional emitters (secret properties, paging
/// helpers) so fuzzed specs reach them; no examples, which would name an operation.
const CONFIG: &str = r#"
secret_properties = ["token", "password"]
[pagination]
page_param = "pageNum"
size_param = "itemsPerPage"
items_field = "results"
total_field = "totalCount"
"#;

pub fn options() -> Options {
    Options {
        crate_name: "fuzzed".into(),
        spec_label: "fuzzed.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
        config: Config::from_toml(CONFIG).expect("the fuzz configuration parses"),
        today: None,
    }
}

/// Runs the whole pipeline: it must return the crate or diagnostics that say something, and
/// never panic, hang or overflow the stack (libFuzzer reports those).
pub fn generate(spec: &str, options: &Options) {
    match codegen::generate(spec, options) {
        Ok(generated) => assert!(generated.files.contains_key("src/lib.rs")),
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            assert!(!diagnostics.render("fuzzed.yaml").trim().is_empty());
        }
    }
}
