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
    /// Profiles read from a configuration file in the user's configuration folder; none
    /// without it.
    #[serde(default)]
    pub profiles: Option<ProfilesConfig>,
    /// Parameters (by their spec name) that, when not given, take the value of a setting of
    /// the environment or the profile: `ownerId = "team_id"` reads `PREFIX_TEAM_ID`,
    /// else `team_id` of the profile.
    #[serde(default)]
    pub parameter_settings: BTreeMap<String, String>,
    /// More spellings of parameters' options (by their spec name), besides the kebab-case and
    /// camelCase ones: `ownerId = ["teamId"]`.
    #[serde(default)]
    pub option_aliases: BTreeMap<String, Vec<String>>,
}

/// Where the command-line tool reads profiles, and their format.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ProfilesConfig {
    /// The file's folder in the user's configuration folder: `atlascli` reads
    /// `~/.config/atlascli/config.toml`.
    pub folder: String,
    /// The keys and layout of the file.
    pub format: ProfileFormat,
}

/// The layouts of profile files the command-line tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileFormat {
    /// The Atlas CLI's `config.toml`: a table per profile, with `auth_type`, `client_id`,
    /// `client_secret`, `public_api_key`, `private_api_key`, `access_token`, `base_url` and
    /// other settings such as `project_id`.
    AtlasCli,
}

impl CliConfig {
    /// Checks what becomes a path or an environment variable name.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(profiles) = &self.profiles {
            let folder = &profiles.folder;
            let plain = !folder.is_empty()
                && folder != "."
                && folder != ".."
                && !folder.contains(['/', '\\', ':', '\0']);
            if !plain {
                return Err(format!(
                    "cli.profiles.folder: `{folder}` must be one folder name, without separators"
                ));
            }
        }
        for (param, key) in &self.parameter_settings {
            let valid = !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid {
                return Err(format!(
                    "cli.parameter_settings.{param}: `{key}` must be a setting name in \
                     lowercase snake_case, like `team_id`"
                ));
            }
        }
        for (param, aliases) in &self.option_aliases {
            for alias in aliases {
                let valid = !alias.is_empty()
                    && !alias.starts_with('-')
                    && alias
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if !valid {
                    return Err(format!(
                        "cli.option_aliases.{param}: `{alias}` must be an option name without \
                         dashes in front, of letters, digits, `-` and `_`"
                    ));
                }
            }
        }
        Ok(())
    }
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
    /// Parses the TOML text of a settings file, and checks its values (see
    /// [`Config::validate`]).
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    /// Checks the values that become file names, paths and identifiers in the generated crate
    /// (example and binary names, and the command-line tool's profile folder, setting names
    /// and option aliases): one line per bad value, naming its key.
    pub fn validate(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        for (i, example) in self.examples.iter().enumerate() {
            if let Err(reason) = check_file_name(&example.name) {
                problems.push(format!(
                    "`examples[{i}].name` = {:?}: {reason}",
                    example.name
                ));
            }
        }
        if let Some(cli) = &self.cli {
            if let Some(bin_name) = &cli.bin_name {
                if let Err(reason) = check_file_name(bin_name) {
                    problems.push(format!("`cli.bin_name` = {bin_name:?}: {reason}"));
                }
            }
            if let Err(problem) = cli.validate() {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
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

/// A name that becomes a file name (`examples/NAME.rs`, `src/bin/NAME.rs`) and a Cargo target
/// name: ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters;
/// nothing that could leave the folder it is written to.
pub fn check_file_name(name: &str) -> Result<(), String> {
    let valid = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(
            "must be 1 to 64 ASCII letters, digits, `-` or `_`, starting with a letter \
             (it becomes a file name)"
                .to_owned(),
        )
    }
}

/// A package name for the generated crate: a valid file name whose library name (with `-`
/// as `_`) is a Rust identifier, not a keyword.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    check_file_name(name)?;
    let lib_name = name.replace('-', "_");
    if syn::parse_str::<syn::Ident>(&lib_name).is_err() {
        return Err(format!(
            "its library name `{lib_name}` is a Rust keyword, which cannot name a crate"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_the_folder_or_are_no_identifiers_are_refused() {
        for bad in [
            "../../x",
            "a/b",
            "",
            "1abc",
            "a b",
            "a.rs",
            "é",
            &"x".repeat(65),
        ] {
            assert!(check_file_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_file_name("list_restore-jobs2").is_ok());
        assert!(check_crate_name("atlas-admin").is_ok());
        for bad in ["self", "crate", "super", "type", "fn", "../x"] {
            assert!(check_crate_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bad_values_are_reported_with_their_key() {
        let text = "[[examples]]\nname = \"../../x\"\noperation = \"op\"\nenv_prefix = \"P_\"\n\n[cli]\nbin_name = \"a b\"\nenv_prefix = \"P_\"\n";
        let error = Config::from_toml(text).unwrap_err();
        assert!(
            error.contains("`examples[0].name` = \"../../x\""),
            "{error}"
        );
        assert!(error.contains("`cli.bin_name` = \"a b\""), "{error}");
    }

    #[test]
    fn the_cli_profile_settings_parse() {
        let config = Config::from_toml(
            "[cli]\nenv_prefix = \"X_\"\n[cli.profiles]\nfolder = \"xcli\"\nformat = \"atlas-cli\"\n\
             [cli.parameter_settings]\nownerId = \"team_id\"\n\
             [cli.option_aliases]\nownerId = [\"teamId\"]\n",
        )
        .unwrap();
        let cli = config.cli.unwrap();
        let profiles = cli.profiles.unwrap();
        assert_eq!(profiles.folder, "xcli");
        assert_eq!(profiles.format, ProfileFormat::AtlasCli);
        assert_eq!(cli.parameter_settings["ownerId"], "team_id");
        assert_eq!(cli.option_aliases["ownerId"], ["teamId"]);
    }

    #[test]
    fn cli_values_that_become_paths_or_names_are_checked() {
        let cases = [
            (
                "[cli.profiles]\nfolder = \"../x\"\nformat = \"atlas-cli\"",
                "cli.profiles.folder",
            ),
            (
                "[cli.profiles]\nfolder = \"\"\nformat = \"atlas-cli\"",
                "cli.profiles.folder",
            ),
            (
                "[cli.profiles]\nfolder = \"x\"\nformat = \"gcloud\"",
                "unknown variant",
            ),
            (
                "[cli.parameter_settings]\nownerId = \"Team-Id\"",
                "cli.parameter_settings.ownerId",
            ),
            (
                "[cli.option_aliases]\nownerId = [\"--teamId\"]",
                "cli.option_aliases.ownerId",
            ),
            (
                "[cli.option_aliases]\nownerId = [\"a b\"]",
                "cli.option_aliases.ownerId",
            ),
        ];
        for (table, expected) in cases {
            let text = format!("[cli]\nenv_prefix = \"X_\"\n{table}\n");
            let error = Config::from_toml(&text).unwrap_err();
            assert!(error.contains(expected), "{table}: {error}");
        }
    }
}
