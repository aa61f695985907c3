//! OAuth 2.0 client credentials (RFC 6749 section 4.4): one cached access token shared by every
//! clone of the client, fetched once however many requests wait for it, and renewed shortly
//! before it expires.
//!
//! The fetch runs outside the lock: requests that need a token while one is being fetched
//! wait for that same fetch, which has its own deadline, so a stalled token endpoint holds
//! every caller for at most one deadline, never one after another.
//!
//! A [`TokenStore`] keeps the token beyond the client's life (the command-line tool's cache
//! file, so that its runs share one token).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use http::StatusCode;
use http::header::{self, HeaderValue};

use super::RetryPolicy;
use super::observe::{Attempt, Observer};
use super::transport;
use crate::Error;
use crate::secret::Secret;

/// How long before expiry a token is renewed, at most; short-lived tokens are renewed when a
/// tenth of their lifetime remains.
const RENEW_BEFORE: Duration = Duration::from_secs(60);
/// The lifetime assumed when the token endpoint does not say (`expires_in` is optional).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// The largest token response read: a token answer is a few hundred bytes.
pub(super) const MAX_TOKEN_BODY_BYTES: usize = 64 * 1024;

/// How tokens are fetched.
#[derive(Clone)]
pub(super) struct Fetching {
    pub(super) http: transport::Transport,
    /// The deadline of one token request, answer included.
    pub(super) timeout: Duration,
    pub(super) max_body_bytes: usize,
    /// Applied to the token endpoint's own HTTP 429.
    pub(super) retry: RetryPolicy,
    /// Shown each token request.
    pub(super) observer: Option<Observer>,
}

/// A fetch in flight, awaited by every request that needs its token. Errors are shared as
/// messages, since `Error` is not `Clone`.
type Fetch = Shared<BoxFuture<'static, Result<Token, SharedError>>>;

#[derive(Clone)]
enum SharedError {
    Timeout(String),
    Auth(String),
}

impl From<SharedError> for Error {
    fn from(error: SharedError) -> Self {
        match error {
            SharedError::Timeout(message) => Error::Timeout(message),
            SharedError::Auth(message) => Error::Auth(message),
        }
    }
}

pub(super) struct TokenSource {
    request: Arc<TokenRequest>,
    state: Mutex<State>,
}

/// What a token request sends, how, and where its token is kept.
struct TokenRequest {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    fetching: Fetching,
    store: Option<Arc<dyn TokenStore>>,
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

#[derive(Default)]
struct State {
    token: Option<Token>,
    in_flight: Option<Fetch>,
}

#[derive(Clone)]
struct Token {
    value: Secret,
    renew_at: Instant,
    /// `renew_at` on the wall clock, for a store that outlives the process.
    renew_at_wall: SystemTime,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("token_url", &self.request.token_url)
            .field("client_id", &self.request.client_id)
            .field("client_secret", &self.request.client_secret)
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    pub(super) fn new(
        token_url: String,
        client_id: String,
        client_secret: Secret,
        fetching: Fetching,
        store: Option<Arc<dyn TokenStore>>,
    ) -> Self {
        TokenSource {
            request: Arc::new(TokenRequest {
                token_url,
                client_id,
                client_secret,
                fetching,
                store,
            }),
            state: Mutex::new(State::default()),
        }
    }

    /// The cached token, or a new one when there is none or it is about to expire. Callers
    /// that arrive while a token is being fetched wait for that fetch instead of starting
    /// their own.
    pub(super) async fn token(&self) -> Result<Secret, Error> {
        self.current_or_fetch(None).await
    }

    /// A new token after the API rejected `rejected`, unless another request already
    /// replaced it.
    pub(super) async fn refresh(&self, rejected: &Secret) -> Result<Secret, Error> {
        self.current_or_fetch(Some(rejected)).await
    }

    async fn current_or_fetch(&self, rejected: Option<&Secret>) -> Result<Secret, Error> {
        let fetch = {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.token.is_none() {
                state.token = self.request.stored();
            }
            if let Some(token) = &state.token {
                let usable = Instant::now() < token.renew_at && Some(&token.value) != rejected;
                if usable {
                    return Ok(token.value.clone());
                }
            }
            let request = Arc::clone(&self.request);
            state
                .in_flight
                .get_or_insert_with(|| async move { request.fetch().await }.boxed().shared())
                .clone()
        };
        let result = fetch.clone().await;
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        // The first caller back from this fetch files its result; later fetches are not
        // disturbed.
        if state.in_flight.as_ref().is_some_and(|f| f.ptr_eq(&fetch)) {
            state.in_flight = None;
            if let Ok(token) = &result {
                state.token = Some(token.clone());
            }
        }
        result.map(|token| token.value).map_err(Error::from)
    }
}

impl TokenRequest {
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

    /// One token, retrying the endpoint's HTTP 429 as the client's retry policy says, and
    /// given to the store.
    async fn fetch(&self) -> Result<Token, SharedError> {
        let mut attempt = 1;
        loop {
            let requested_at = Instant::now();
            let requested_at_wall = SystemTime::now();
            let exchanged = self.exchange().await;
            let delay = match &exchanged {
                Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS => {
                    self.fetching.retry.delay(attempt, false, response)
                }
                _ => None,
            };
            self.observe(attempt, &exchanged, requested_at.elapsed(), delay);
            let response = exchanged?;
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            let token = token_of(
                response.status(),
                response.body(),
                requested_at,
                requested_at_wall,
            )?;
            if let Some(store) = &self.store {
                store.save(&StoredToken {
                    value: token.value.clone(),
                    renew_at: token.renew_at_wall,
                });
            }
            return Ok(token);
        }
    }

    /// Shows one token request to the observer, if there is one.
    fn observe(
        &self,
        attempt: u32,
        exchanged: &Result<http::Response<Vec<u8>>, SharedError>,
        elapsed: Duration,
        retry_in: Option<Duration>,
    ) {
        let Some(observer) = &self.fetching.observer else {
            return;
        };
        let failure;
        let outcome = match exchanged {
            Ok(response) => Ok(response.status()),
            Err(error) => {
                failure = Error::from(error.clone());
                Err(&failure)
            }
        };
        observer(&Attempt {
            method: &http::Method::POST,
            url: &self.token_url,
            attempt,
            outcome,
            elapsed,
            retry_in,
        });
    }

    /// The token request, within its deadline, its answer read up to the limit.
    async fn exchange(&self) -> Result<http::Response<Vec<u8>>, SharedError> {
        let failed = |e: Error| match e {
            Error::Timeout(_) => SharedError::Timeout(format!(
                "the token endpoint did not answer within {:?}",
                self.fetching.timeout
            )),
            e => SharedError::Auth(format!("token request failed: {e}")),
        };
        let credentials = self.basic_credentials().map_err(SharedError::Auth)?;
        let request = http::Request::post(self.token_url.as_str())
            .header(header::AUTHORIZATION, credentials)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(b"grant_type=client_credentials".to_vec())
            .map_err(|_| SharedError::Auth("the token URL is not a valid URL".to_owned()))?;
        self.fetching
            .http
            .send(request, self.fetching.timeout, self.fetching.max_body_bytes)
            .await
            .map_err(failed)
    }

    /// `Basic base64(urlencode(client_id) ":" urlencode(client_secret))` (RFC 6749 2.3.1).
    fn basic_credentials(&self) -> Result<HeaderValue, String> {
        let mut pair = form_encode(&self.client_id);
        pair.push(':');
        pair.push_str(&form_encode(self.client_secret.expose()));
        let mut value = HeaderValue::from_str(&format!("Basic {}", base64(pair.as_bytes())))
            .map_err(|_| "the client credentials are not encodable".to_owned())?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// The token of the endpoint's answer to a request sent at `requested_at` (`requested_at_wall`
/// on the wall clock).
fn token_of(
    status: StatusCode,
    body: &[u8],
    requested_at: Instant,
    requested_at_wall: SystemTime,
) -> Result<Token, SharedError> {
    let fail = |message: String| Err(SharedError::Auth(message));
    if !status.is_success() {
        // The standard error code (`invalid_client`) helps and holds no secret; the rest
        // of the body is not shown.
        let code = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("error")?.as_str().map(short));
        return fail(match code {
            Some(code) => format!("the token endpoint answered HTTP {status} ({code})"),
            None => format!("the token endpoint answered HTTP {status}"),
        });
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return fail("the token endpoint answered with invalid JSON".to_owned());
    };
    let Some(access_token) = json.get("access_token").and_then(|v| v.as_str()) else {
        return fail("the token endpoint's answer has no `access_token`".to_owned());
    };
    if let Some(kind) = json.get("token_type").and_then(|v| v.as_str()) {
        if !kind.eq_ignore_ascii_case("bearer") {
            return fail(format!(
                "the token endpoint issued a {} token, not a bearer token",
                short(kind)
            ));
        }
    }
    let lifetime = match json.get("expires_in") {
        Some(v) => {
            let seconds = v
                .as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .filter(|s| s.is_finite() && *s >= 0.0);
            match seconds {
                Some(s) => Duration::from_secs_f64(s.min(1e9)),
                None => return fail("the token's `expires_in` is not a number".to_owned()),
            }
        }
        None => DEFAULT_LIFETIME,
    };
    let margin = RENEW_BEFORE.min(lifetime / 10);
    Ok(Token {
        value: Secret::new(access_token),
        renew_at: requested_at + (lifetime - margin),
        renew_at_wall: requested_at_wall + (lifetime - margin),
    })
}

/// At most 64 characters of a server-provided string, for error messages, quoted with its
/// control characters escaped so that it cannot drive a terminal.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(64).collect();
    format!("{cut:?}")
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
pub(super) fn base64(bytes: &[u8]) -> String {
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
