//! Codegen settings that are not in the spec (a TOML file beside it, e.g. `spec/codegen.toml`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// Settings of one generation run. Every field has a default, so an empty file is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    /// The generated crate's version (`MAJOR.MINOR.PATCH`); `0.1.0` when absent. Changed by
    /// `cargo xtask codegen --bump`, which sets the version the change report proposes.
    #[serde(default)]
    pub version: Option<String>,
    /// Property names (as spelled in the spec) whose values are credentials: they print as
    /// `<redacted>` in `Debug`, like properties with `format: password`.
    #[serde(default)]
    pub secret_properties: Vec<String>,
    /// When set, only these operations (by `operationId`) are generated.
    #[serde(default)]
    pub operations: Option<Vec<String>>,
    /// When set, only operations carrying one of these tags are generated.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// The API's paging convention; without it no operation gets page-walking helpers.
    #[serde(default)]
    pub pagination: Option<PaginationConfig>,
    /// Example programs to emit under `examples/`.
    #[serde(default)]
    pub examples: Vec<ExampleConfig>,
    /// The command-line tool, behind the generated crate's `cli` feature; none without it.
    #[serde(default)]
    pub cli: Option<CliConfig>,
    /// Renames upstream that the lock file cannot pair on its own.
    #[serde(default)]
    pub renames: Renames,
}

/// Pairings decided by hand: each new upstream name with the name the lock file knows it
/// by, for renames the lock cannot pair safely by itself (it reports those).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Renames {
    /// New `operationId` -> the operation's name in the lock.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// New schema name -> the schema name (or Rust type name) in the lock.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
}

/// A command-line tool with one subcommand per tag and one per operation under it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct CliConfig {
    /// The binary's name; the crate's name when absent.
    #[serde(default)]
    pub bin_name: Option<String>,
    /// Prefix of the environment variables it reads (`PREFIX_CLIENT_ID`, ...).
    pub env_prefix: String,
}

/// An example program that calls one operation with credentials from the environment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ExampleConfig {
    /// The file name, without `.rs`.
    pub name: String,
    /// The `operationId` it calls.
    pub operation: String,
    /// Prefix of the environment variables it reads (`PREFIX_CLIENT_ID`, ...).
    pub env_prefix: String,
}

/// How list operations page: an operation is paginated when it has both query parameters and
/// its success body has the items field (and, optionally, the total field).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct PaginationConfig {
    /// The 1-based page number query parameter.
    pub page_param: String,
    /// The page size query parameter.
    pub size_param: String,
    /// The array property of the page that holds the items.
    pub items_field: String,
    /// The integer property of the page with the total number of items, if the API has one.
    #[serde(default)]
    pub total_field: Option<String>,
}

impl Config {
    /// Parses the TOML text of a settings file.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Whether the operation passes the `operations` and `tags` filters. `names` are every
    /// name the operation answers to (its stable name, its `operationId`, its aliases), so a
    /// filter keeps working when upstream renames an operation.
    pub fn includes_operation(&self, names: &[&str], tags: &[String]) -> bool {
        let by_id = self
            .operations
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| names.contains(&id.as_str())));
        let by_tag = self
            .tags
            .as_ref()
            .is_none_or(|wanted| tags.iter().any(|t| wanted.contains(t)));
        by_id && by_tag
    }
}
