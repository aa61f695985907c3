//! Which credentials a run uses, and where every setting comes from: the command line first,
//! then the environment (`PREFIX_` and the profile key in capitals: `MONGODB_ATLAS_CLIENT_ID`),
//! then the profile.

use std::fmt;

use super::profile::{self, Kind, Profile, Scheme};
use super::run::{Env, Failure, Settings};
use crate::secret::Secret;

/// The credentials of a run.
pub enum Credentials {
    None,
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
    },
    ApiKey {
        public_key: String,
        private_key: Secret,
    },
    Bearer(Secret),
}

/// Credentials and where they came from (for `--debug`; never the values).
pub struct Chosen {
    pub credentials: Credentials,
    pub origin: String,
}

impl fmt::Debug for Chosen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)
    }
}

/// The places settings are read from, below the command line.
pub struct Sources<'a> {
    pub settings: &'a Settings,
    pub env: Env<'a>,
    pub profile: Option<Profile>,
}

/// A setting's value and where it came from.
pub struct Found {
    pub value: String,
    pub origin: String,
}

impl Sources<'_> {
    /// The environment variable of profile key `key`: the CLI's prefix and the key in
    /// capitals (`team_id` -> `PREFIX_TEAM_ID`).
    pub fn variable(&self, key: &str) -> String {
        format!("{}{}", self.settings.env_prefix, key.to_ascii_uppercase())
    }

    fn in_env(&self, key: &str) -> Option<Found> {
        let variable = self.variable(key);
        let value = (self.env)(&variable).filter(|v| !v.is_empty())?;
        Some(Found {
            value,
            origin: variable,
        })
    }

    fn in_profile(&self, key: &str) -> Option<Found> {
        let profile = self.profile.as_ref()?;
        Some(Found {
            value: profile.get(key)?.to_owned(),
            origin: format!("`{key}` of the {}", profile.describe()),
        })
    }

    /// Setting `key`: the environment's, else the profile's.
    pub fn setting(&self, key: &str) -> Option<Found> {
        self.in_env(key).or_else(|| self.in_profile(key))
    }

    /// The credentials the API accepts: a complete set from the environment first (service
    /// account, API key, access token, in this order); else the profile's, each value of it
    /// overridden by the environment. A profile whose secret is in the system keyring is an
    /// error telling which variable to set.
    pub fn credentials(&self) -> Result<Chosen, Failure> {
        let schemes = self.schemes();
        if schemes.is_empty() {
            return Ok(Chosen {
                credentials: Credentials::None,
                origin: "none (the API needs none)".to_owned(),
            });
        }
        for &scheme in &schemes {
            if let Some(chosen) = self.complete(scheme, |key| self.in_env(key)) {
                return Ok(chosen);
            }
        }
        // The older names of the API key variables.
        if schemes.contains(&profile::API_KEY) {
            let public = self.in_env("public_key");
            let private = self.in_env("private_key");
            if let (Some(public), Some(private)) = (public, private) {
                return Ok(chosen(profile::API_KEY, Some(public), private));
            }
        }
        let Some(profile) = &self.profile else {
            return Err(self.no_credentials());
        };
        let Some(scheme) = profile.scheme(&schemes) else {
            return Err(match profile.get(profile::AUTH_TYPE) {
                Some(auth_type) => Failure::Usage(format!(
                    "the {} authenticates with `auth_type = \"{auth_type}\"`, which this API does not accept",
                    profile.describe()
                )),
                None => self.no_credentials(),
            });
        };
        if let Some(chosen) = self.complete(scheme, |key| self.setting(key)) {
            return Ok(chosen);
        }
        Err(self.keyring(profile, scheme))
    }

    /// The schemes the API accepts, in the order they are tried.
    fn schemes(&self) -> Vec<Scheme> {
        let s = self.settings;
        let mut schemes = Vec::new();
        if s.service_account {
            schemes.push(profile::SERVICE_ACCOUNT);
        }
        if s.digest {
            schemes.push(profile::API_KEY);
        }
        if s.service_account || s.bearer {
            schemes.push(profile::USER_ACCOUNT);
        }
        schemes
    }

    fn complete(&self, scheme: Scheme, get: impl Fn(&str) -> Option<Found>) -> Option<Chosen> {
        let id = match scheme.id_key {
            Some(key) => Some(get(key)?),
            None => None,
        };
        let secret = get(scheme.secret_key)?;
        Some(chosen(scheme, id, secret))
    }

    /// The profile names a scheme but lacks its secret: the Atlas CLI keeps it in the system
    /// keyring (or it was never set).
    fn keyring(&self, profile: &Profile, scheme: Scheme) -> Failure {
        let mut missing = Vec::new();
        if let Some(key) = scheme.id_key {
            if self.setting(key).is_none() {
                missing.push(self.variable(key));
            }
        }
        missing.push(self.variable(scheme.secret_key));
        Failure::Usage(format!(
            "the {} has no {}: the Atlas CLI keeps it in the system keyring, which this tool \
             does not read. Set {} in the environment (the profile's other settings still \
             apply).",
            profile.describe(),
            scheme.secret_name,
            missing.join(" and ")
        ))
    }

    fn no_credentials(&self) -> Failure {
        Failure::Usage(format!(
            "no credentials.\n\n{}",
            self.settings.credentials_help()
        ))
    }
}

fn chosen(scheme: Scheme, id: Option<Found>, secret: Found) -> Chosen {
    let mut origins: Vec<String> = id.iter().map(|f| f.origin.clone()).collect();
    origins.push(secret.origin.clone());
    let (credentials, kind) = match (scheme.kind, id) {
        (Kind::ServiceAccount, Some(id)) => (
            Credentials::ServiceAccount {
                client_id: id.value,
                client_secret: Secret::new(secret.value),
            },
            "service account",
        ),
        (Kind::ApiKey, Some(id)) => (
            Credentials::ApiKey {
                public_key: id.value,
                private_key: Secret::new(secret.value),
            },
            "API key (digest)",
        ),
        _ => (
            Credentials::Bearer(Secret::new(secret.value)),
            "access token",
        ),
    };
    Chosen {
        credentials,
        origin: format!("{kind} from {}", origins.join(" and ")),
    }
}
