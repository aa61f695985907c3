//! OAuth 2.0 client credentials (RFC 6749 section 4.4): one cached access token shared by every
//! clone of the client, fetched once however many requests wait for it, and renewed shortly
//! before it expires. A [`TokenStore`] keeps the token beyond the client's life (the
//! command-line tool's cache file, so that its runs share one token).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::header::{self, HeaderValue};
use tokio::sync::Mutex;

use super::observe::{Attempt, Observer};
use crate::Error;
use crate::secret::Secret;

/// How long before expiry a token is renewed, at most; short-lived tokens are renewed when a
/// tenth of their lifetime remains.
const RENEW_BEFORE: Duration = Duration::from_secs(60);
/// The lifetime assumed when the token endpoint does not say (`expires_in` is optional).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

pub(super) struct TokenSource {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    cache: Mutex<Option<Token>>,
    store: Option<Arc<dyn TokenStore>>,
    observer: Option<Observer>,
}

struct Token {
    value: Secret,
    renew_at: Instant,
    /// `renew_at` on the wall clock, for a store that outlives the process.
    renew_at_wall: SystemTime,
}

/// Keeps a service account's token between clients: the client asks it before fetching a
/// token, and gives it every token it fetches (the one replacing a rejected token too).
pub(crate) trait TokenStore: Send + Sync {
    /// The kept token, if there is one.
    fn load(&self) -> Option<StoredToken>;
    /// Keeps `token`, replacing any kept before; failing to keep it is not an error.
    fn save(&self, token: &StoredToken);
}

/// A token as a [`TokenStore`] keeps it.
pub(crate) struct StoredToken {
    pub(crate) value: Secret,
    /// When to stop using it: shortly before it expires.
    pub(crate) renew_at: SystemTime,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    pub(super) fn new(token_url: String, client_id: String, client_secret: Secret) -> Self {
        TokenSource {
            token_url,
            client_id,
            client_secret,
            cache: Mutex::new(None),
            store: None,
            observer: None,
        }
    }

    /// Keeps tokens in `store` too, starting from the one it holds.
    pub(super) fn with_store(mut self, store: Option<Arc<dyn TokenStore>>) -> Self {
        self.store = store;
        self
    }

    /// Shows each token request to `observer`.
    pub(super) fn with_observer(mut self, observer: Option<Observer>) -> Self {
        self.observer = observer;
        self
    }

    /// The store's token, unless it is due for renewal.
    fn stored(&self) -> Option<Token> {
        let stored = self.store.as_ref()?.load()?;
        let left = stored.renew_at.duration_since(SystemTime::now()).ok()?;
        Some(Token {
            value: stored.value,
            renew_at: Instant::now() + left,
            renew_at_wall: stored.renew_at,
        })
    }

    fn keep(&self, token: &Token) {
        if let Some(store) = &self.store {
            store.save(&StoredToken {
                value: token.value.clone(),
                renew_at: token.renew_at_wall,
            });
        }
    }

    /// The cached token, or a new one when there is none or it is about to expire. Callers
    /// that arrive while a token is being fetched wait for it instead of fetching their own.
    pub(super) async fn token(&self, http: &reqwest::Client) -> Result<Secret, Error> {
        let mut cache = self.cache.lock().await;
        if cache.is_none() {
            *cache = self.stored();
        }
        if let Some(token) = cache.as_ref() {
            if Instant::now() < token.renew_at {
                return Ok(token.value.clone());
            }
        }
        let token = self.fetch(http).await?;
        self.keep(&token);
        let value = token.value.clone();
        *cache = Some(token);
        Ok(value)
    }

    /// A new token after the API rejected `rejected`, unless another request already
    /// replaced it.
    pub(super) async fn refresh(
        &self,
        http: &reqwest::Client,
        rejected: &Secret,
    ) -> Result<Secret, Error> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref() {
            if token.value != *rejected && Instant::now() < token.renew_at {
                return Ok(token.value.clone());
            }
        }
        let token = self.fetch(http).await?;
        self.keep(&token);
        let value = token.value.clone();
        *cache = Some(token);
        Ok(value)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, Error> {
        let started = Instant::now();
        let mut status = None;
        let result = self.request(http, &mut status).await;
        if let Some(observer) = &self.observer {
            let outcome = match (&result, status) {
                (_, Some(status)) => Ok(status),
                (Err(error), None) => Err(error),
                // A token always comes with a status.
                (Ok(_), None) => return result,
            };
            observer(&Attempt {
                method: &http::Method::POST,
                url: &self.token_url,
                attempt: 1,
                outcome,
                elapsed: started.elapsed(),
                retry_in: None,
            });
        }
        result
    }

    /// One token request; `status` is the answer's status, once there is one.
    async fn request(
        &self,
        http: &reqwest::Client,
        status: &mut Option<http::StatusCode>,
    ) -> Result<Token, Error> {
        let requested_at = Instant::now();
        let requested_at_wall = SystemTime::now();
        let response = http
            .post(&self.token_url)
            .header(header::AUTHORIZATION, self.basic_credentials()?)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(|e| Error::Auth(format!("token request failed: {}", e.without_url())))?;
        let status = *status.insert(response.status());
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::Auth(format!("reading the token failed: {}", e.without_url())))?;
        if !status.is_success() {
            // The standard error code (`invalid_client`) helps and holds no secret; the rest
            // of the body is not shown.
            let code = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("error")?.as_str().map(short));
            return Err(Error::Auth(match code {
                Some(code) => format!("the token endpoint answered HTTP {status} ({code})"),
                None => format!("the token endpoint answered HTTP {status}"),
            }));
        }
        let json: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|_| Error::Auth("the token endpoint answered with invalid JSON".to_owned()))?;
        let Some(access_token) = json.get("access_token").and_then(|v| v.as_str()) else {
            return Err(Error::Auth(
                "the token endpoint's answer has no `access_token`".to_owned(),
            ));
        };
        if let Some(kind) = json.get("token_type").and_then(|v| v.as_str()) {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(Error::Auth(format!(
                    "the token endpoint issued a {:?} token, not a bearer token",
                    short(kind)
                )));
            }
        }
        let lifetime = match json.get("expires_in") {
            Some(v) => v
                .as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| Duration::from_secs_f64(s.min(1e9)))
                .ok_or_else(|| {
                    Error::Auth("the token's `expires_in` is not a number".to_owned())
                })?,
            None => DEFAULT_LIFETIME,
        };
        let margin = RENEW_BEFORE.min(lifetime / 10);
        Ok(Token {
            value: Secret::new(access_token),
            renew_at: requested_at + (lifetime - margin),
            renew_at_wall: requested_at_wall + (lifetime - margin),
        })
    }

    /// `Basic base64(urlencode(client_id) ":" urlencode(client_secret))` (RFC 6749 2.3.1).
    fn basic_credentials(&self) -> Result<HeaderValue, Error> {
        let mut pair = form_encode(&self.client_id);
        pair.push(':');
        pair.push_str(&form_encode(self.client_secret.expose()));
        let mut value = HeaderValue::from_str(&format!("Basic {}", base64(pair.as_bytes())))
            .map_err(|_| Error::Auth("the client credentials are not encodable".to_owned()))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// At most 64 characters of a server-provided string, for error messages.
fn short(text: &str) -> String {
    text.chars().take(64).collect()
}

/// `application/x-www-form-urlencoded` encoding of one value: unreserved characters stay,
/// space becomes `+`, every other byte is percent-encoded.
fn form_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xF)] as char);
            }
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn form_encoding_escapes_reserved_characters() {
        assert_eq!(form_encode("a b:c%d/é~"), "a+b%3Ac%25d%2F%C3%A9%7E");
        assert_eq!(form_encode("mdb_sa_id_1.x-y*"), "mdb_sa_id_1.x-y*");
    }
}
