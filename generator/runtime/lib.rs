//! The support code the generator ships verbatim into every generated crate, as a crate of its
//! own: built, linted and unit-tested once here rather than inside each generated crate.
//!
//! This file is not shipped. It stands in for a generated crate's `lib.rs`: it declares the
//! support modules at the paths they have there, and defines the few items every generated
//! crate provides (the default URLs, the error body, the members holding credentials). Nor do
//! the unit tests ship: they are each support file's last item, `#[cfg(test)] mod tests`, which
//! the generator cuts off (`generator/src/emit/runtime.rs`).

// What only generated code calls (the models use `nullable`, `open_enum`, `object_only`; the
// operations `request`) looks unused here. The generated crates in this workspace are linted
// with `dead_code` on, which catches support code that nothing uses.
#![allow(dead_code)]
#![forbid(unsafe_code)]

pub mod error;
mod form;
pub mod lenient;
pub mod multipart;
mod nullable;
mod object_only;
mod open_enum;
pub mod operation;
pub mod request;
pub mod response;
pub mod secret;
mod validate;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub mod pagination;

/// The command-line tool's support modules; a generated crate's `cli/mod.rs` declares them
/// beside its commands.
#[cfg(feature = "cli")]
pub mod cli {
    mod completions;
    mod credentials;
    mod debug_log;
    mod folders;
    mod options;
    mod output_file;
    mod profile;
    mod progress;
    mod run;
    mod sunset;
    mod token_cache;
}

#[cfg(feature = "client")]
pub use client::{ApiKeyLocation, ApiKeyScheme, Client, ClientBuilder, Download, RetryPolicy};
pub use error::{Error, Rule, ValidationError};
pub use response::{ApiResponse, RateLimit};

/// A generated crate's server from its spec.
pub const DEFAULT_BASE_URL: &str = "https://api.example.test";
/// A generated crate's OAuth 2.0 token endpoint, for specs with a client-credentials flow.
pub const DEFAULT_TOKEN_URL: Option<&str> = Some("https://api.example.test/oauth/token");
/// A generated crate's `apiKey` security schemes.
#[cfg(feature = "client")]
pub const API_KEY_SCHEMES: &[ApiKeyScheme] = &[ApiKeyScheme {
    scheme: "apiKey",
    location: ApiKeyLocation::Header,
    name: "X-Api-Key",
}];
/// A generated crate's error body: its documented error schema, or any JSON when the spec
/// documents none (the form used here, as it needs no model).
pub type ErrorBody = serde_json::Value;
/// The JSON names of members that hold credentials, from the spec and `codegen.toml`.
pub(crate) const SECRET_FIELDS: &[&str] = &["authValue", "clientSecret"];

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every support file is compiled, linted and tested here only if this crate declares it:
    /// a file added to `runtime/` must be added above too.
    #[test]
    fn every_support_file_is_a_module_of_this_crate() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let lib = std::fs::read_to_string(root.join("lib.rs")).unwrap();
        let client = std::fs::read_to_string(root.join("client/mod.rs")).unwrap();
        let mut checked = 0;
        for folder in ["", "client", "cli"] {
            let declarer = if folder == "client" { &client } else { &lib };
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                let Some(module) = name.strip_suffix(".rs") else {
                    continue;
                };
                if matches!(name, "lib.rs" | "mod.rs") {
                    continue;
                }
                assert!(
                    declarer.contains(&format!("mod {module};")),
                    "{} is not declared as a module of the runtime crate",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 30, "only {checked} support files found");
    }
}
