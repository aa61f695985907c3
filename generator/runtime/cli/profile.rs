//! Profiles in the Atlas CLI's configuration file: `<config folder>/<folder>/config.toml`, one
//! TOML table per profile (`[default]`, `[dev]`) with the Atlas CLI's key names. The Atlas CLI
//! may keep a profile's secret in the system keyring instead of the file; this tool reads no
//! keyring, and says so when a profile needs it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::run::{Env, Failure};

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";
/// The file's name in its folder.
const FILE_NAME: &str = "config.toml";
/// The largest file read: a configuration file is a few hundred bytes.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The key naming how a profile authenticates.
pub const AUTH_TYPE: &str = "auth_type";

/// The kinds of credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ServiceAccount,
    ApiKey,
    AccessToken,
}

/// One way to authenticate, as a profile spells it: the key naming it in `auth_type`, the key
/// of the identifier (none for a lone token) and the key of the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    pub kind: Kind,
    pub auth_type: &'static str,
    pub id_key: Option<&'static str>,
    pub secret_key: &'static str,
    /// What the secret is called in messages.
    pub secret_name: &'static str,
}

/// A service account: OAuth 2.0 client credentials.
pub const SERVICE_ACCOUNT: Scheme = Scheme {
    kind: Kind::ServiceAccount,
    auth_type: "service_account",
    id_key: Some("client_id"),
    secret_key: "client_secret",
    secret_name: "client secret",
};
/// An API key pair, for HTTP digest authentication.
pub const API_KEY: Scheme = Scheme {
    kind: Kind::ApiKey,
    auth_type: "api_keys",
    id_key: Some("public_api_key"),
    secret_key: "private_api_key",
    secret_name: "private API key",
};
/// A user account's access token, sent as a bearer token.
pub const USER_ACCOUNT: Scheme = Scheme {
    kind: Kind::AccessToken,
    auth_type: "user_account",
    id_key: None,
    secret_key: "access_token",
    secret_name: "access token",
};

/// One profile of the file: its string values by key.
pub struct Profile {
    pub name: String,
    pub path: PathBuf,
    values: BTreeMap<String, String>,
}

// Values hold secrets: only the keys are shown.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("path", &self.path)
            .field("keys", &self.values.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Profile {
    /// The value of `key`, when set and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    /// Where a value came from, for messages: `profile `dev` in /home/me/.config/atlascli/config.toml`.
    pub fn describe(&self) -> String {
        format!("profile `{}` in {}", self.name, self.path.display())
    }

    /// How the profile authenticates: its `auth_type`, else the first scheme whose
    /// identifier or secret it holds.
    pub fn scheme(&self, schemes: &[Scheme]) -> Option<Scheme> {
        if let Some(auth_type) = self.get(AUTH_TYPE) {
            return schemes.iter().copied().find(|s| s.auth_type == auth_type);
        }
        schemes.iter().copied().find(|s| {
            s.id_key.is_some_and(|key| self.get(key).is_some()) || self.get(s.secret_key).is_some()
        })
    }
}

/// The configuration file under `config_folder`.
pub fn file_path(config_folder: &Path, folder: &str) -> PathBuf {
    config_folder.join(folder).join(FILE_NAME)
}

/// Reads profile `name` from the file at `path`. A missing file or profile is `None` unless
/// the profile was asked for by name (`explicit`); a malformed file is an error naming the
/// file and the line.
pub fn load(path: &Path, name: &str, explicit: bool) -> Result<Option<Profile>, Failure> {
    let text = match read(path) {
        Ok(Some(text)) => text,
        Ok(None) if explicit => {
            return Err(Failure::Usage(format!(
                "profile `{name}` asked for, but there is no configuration file {}",
                path.display()
            )));
        }
        Ok(None) => return Ok(None),
        Err(message) => {
            return Err(Failure::Usage(format!(
                "cannot read {}: {message}",
                path.display()
            )));
        }
    };
    let table: toml::Table = toml::from_str(&text).map_err(|error| {
        // The parser's own rendering quotes the offending line, which may hold a secret:
        // only the line number and the reason are shown.
        let line = error.span().map_or(1, |span| {
            text[..span.start.min(text.len())].matches('\n').count() + 1
        });
        Failure::Usage(format!(
            "{}:{line}: not a valid configuration file: {}",
            path.display(),
            error.message().trim_end()
        ))
    })?;
    let Some(entry) = table.get(name) else {
        if explicit {
            let mut names: Vec<&str> = table
                .iter()
                .filter(|(_, value)| value.is_table())
                .map(|(key, _)| key.as_str())
                .collect();
            names.sort_unstable();
            return Err(Failure::Usage(format!(
                "no profile `{name}` in {} (it has: {})",
                path.display(),
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            )));
        }
        return Ok(None);
    };
    let Some(entries) = entry.as_table() else {
        return Err(Failure::Usage(format!(
            "{}: `{name}` is not a profile (a table of settings)",
            path.display()
        )));
    };
    let values = entries
        .iter()
        .filter_map(|(key, value)| {
            let text = match value {
                toml::Value::String(text) => text.clone(),
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => return None,
            };
            Some((key.clone(), text))
        })
        .collect();
    Ok(Some(Profile {
        name: name.to_owned(),
        path: path.to_owned(),
        values,
    }))
}

/// The file's text; `None` when there is no file.
fn read(path: &Path) -> Result<Option<String>, String> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error.to_string()),
    };
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|error| error.to_string())?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("larger than {MAX_FILE_BYTES} bytes"));
    }
    Ok(Some(text))
}

/// The profile's name: `--profile`, else the `PROFILE` variable, else [`DEFAULT_PROFILE`];
/// and whether it was asked for by name.
pub fn name(given: Option<String>, env: Env<'_>, variable: &str) -> (String, bool) {
    match given.or_else(|| env(variable).filter(|v| !v.is_empty())) {
        Some(name) => (name, true),
        None => (DEFAULT_PROFILE.to_owned(), false),
    }
}
