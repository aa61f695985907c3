//! `ClientBuilder`: where requests go, the credentials, and the limits every request is held
//! to (timeouts, body size, retries, where credentials may be sent).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::HeaderValue;

use super::auth::{self, Auth};
use super::oauth::TokenStore;
use super::observe::Observer;
use super::origin::Origin;
use super::{Client, Inner, RetryPolicy, digest, oauth};
use crate::Error;
use crate::request::BaseUrl;
use crate::secret::Secret;

/// Configures a [`Client`]; made by [`Client::builder`].
pub struct ClientBuilder {
    base_url: String,
    token_url: Option<String>,
    credentials: Credentials,
    /// API keys by scheme name (`None`: the spec's first `apiKey` scheme).
    api_keys: Vec<(Option<String>, Secret)>,
    user_agent: String,
    retry: RetryPolicy,
    limits: Limits,
    allow_insecure_http: bool,
    token_store: Option<Arc<dyn TokenStore>>,
    observer: Option<Observer>,
}

/// The bounds of every exchange.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub(super) connect_timeout: Duration,
    pub(super) read_timeout: Duration,
    pub(super) timeout: Duration,
    pub(super) token_timeout: Duration,
    pub(super) max_body_bytes: usize,
    /// The deadline of a whole call, retries and their waits included; none unless set.
    pub(super) deadline: Option<Duration>,
}

enum Credentials {
    None,
    Digest {
        public_key: String,
        private_key: Secret,
    },
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
    },
    Bearer(Secret),
    Basic {
        username: String,
        password: Secret,
    },
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = match &self.credentials {
            Credentials::None => "none",
            Credentials::Digest { .. } => "digest",
            Credentials::ServiceAccount { .. } => "service account",
            Credentials::Bearer(_) => "bearer token",
            Credentials::Basic { .. } => "basic",
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token_url", &self.token_url)
            .field("credentials", &credentials)
            .field("api_keys", &self.api_keys.len())
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            token_url: crate::DEFAULT_TOKEN_URL.map(str::to_owned),
            credentials: Credentials::None,
            api_keys: Vec::new(),
            user_agent: crate::request::USER_AGENT.to_owned(),
            retry: RetryPolicy::disabled(),
            limits: Limits {
                connect_timeout: ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
                read_timeout: ClientBuilder::DEFAULT_READ_TIMEOUT,
                timeout: ClientBuilder::DEFAULT_TIMEOUT,
                token_timeout: ClientBuilder::DEFAULT_TOKEN_TIMEOUT,
                max_body_bytes: ClientBuilder::DEFAULT_MAX_BODY_BYTES,
                deadline: None,
            },
            allow_insecure_http: false,
            token_store: None,
            observer: None,
        }
    }
}

impl ClientBuilder {
    /// The default of [`ClientBuilder::max_body_bytes`]: 64 MiB, far above any page the API
    /// sends, and a bound on what a runaway or hostile server can make the client hold.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
    /// The default of [`ClientBuilder::connect_timeout`]: 10 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default of [`ClientBuilder::read_timeout`]: 30 s without a byte from the server.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
    /// The default of [`ClientBuilder::timeout`]: 5 minutes for one exchange, whole body
    /// included.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
    /// The default of [`ClientBuilder::token_timeout`]: 30 s for one token request.
    pub const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

    /// Where requests go; defaults to the spec's server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// HTTP digest authentication with an API key pair.
    pub fn digest_auth(
        mut self,
        public_key: impl Into<String>,
        private_key: impl Into<Secret>,
    ) -> Self {
        self.credentials = Credentials::Digest {
            public_key: public_key.into(),
            private_key: private_key.into(),
        };
        self
    }

    /// A service account: OAuth 2.0 client credentials, exchanged for a bearer token at the
    /// token URL.
    pub fn service_account(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.credentials = Credentials::ServiceAccount {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        };
        self
    }

    /// The OAuth 2.0 token endpoint of [`ClientBuilder::service_account`]; defaults to the
    /// spec's.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// A bearer token obtained elsewhere, sent as `Authorization: Bearer <token>`.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Credentials::Bearer(token.into());
        self
    }

    /// HTTP basic authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.credentials = Credentials::Basic {
            username: username.into(),
            password: password.into(),
        };
        self
    }

    /// An API key for the spec's first `apiKey` security scheme, sent as that scheme says (a
    /// header, a query parameter or a cookie) with every request that credentials go with,
    /// besides any other credentials.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_keys.push((None, key.into()));
        self
    }

    /// An API key for the spec's `apiKey` security scheme named `scheme`; `build` fails when
    /// the spec has none of that name.
    pub fn api_key_for(mut self, scheme: impl Into<String>, key: impl Into<Secret>) -> Self {
        self.api_keys.push((Some(scheme.into()), key.into()));
        self
    }

    /// The `User-Agent` of every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When to send a request again (see [`RetryPolicy`]); off unless set.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The deadline of one HTTP exchange, from connecting to the end of the body; a request
    /// still unanswered then fails with [`Error::Timeout`]. Defaults to
    /// [`ClientBuilder::DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = timeout;
        self
    }

    /// How long connecting (TCP and TLS) may take. Defaults to
    /// [`ClientBuilder::DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect_timeout = timeout;
        self
    }

    /// How long the server may send nothing while a response is expected (its headers or the
    /// next bytes of its body). Defaults to [`ClientBuilder::DEFAULT_READ_TIMEOUT`].
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.read_timeout = timeout;
        self
    }

    /// The deadline of one request to the OAuth token endpoint, answer included. Requests
    /// waiting for that token wait at most this long too. Defaults to
    /// [`ClientBuilder::DEFAULT_TOKEN_TIMEOUT`].
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.limits.token_timeout = timeout;
        self
    }

    /// The largest response body read, in bytes; a longer one fails with
    /// [`Error::BodyTooLarge`] as soon as it is known to be longer, without reading the rest.
    /// Defaults to [`ClientBuilder::DEFAULT_MAX_BODY_BYTES`].
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.limits.max_body_bytes = limit;
        self
    }

    /// Lets credentials go over plain `http` to any host. Without it, [`ClientBuilder::build`]
    /// refuses credentials with an `http` base or token URL unless the host is a loopback
    /// address (`localhost`, `127.0.0.0/8`, `::1`), where nothing crosses a network.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The deadline of a whole call of [`Client::execute`] (or `send`): every attempt, the
    /// authentication steps and the waits between attempts. A retry whose wait would end
    /// past it is not made: the last answer is returned instead.
    // Only the command-line tool sets one (`--timeout`).
    #[allow(dead_code)]
    pub(crate) fn deadline(mut self, deadline: Duration) -> Self {
        self.limits.deadline = Some(deadline);
        self
    }

    /// Where a service account's token is kept beyond this client's life.
    // Only the command-line tool sets one.
    #[allow(dead_code)]
    pub(crate) fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.token_store = Some(store);
        self
    }

    /// Shown every attempt of every request, token requests included.
    // Only the command-line tool sets one.
    #[allow(dead_code)]
    pub(crate) fn observer(mut self, observer: Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The client, after checking the URLs, the user agent and where credentials would go.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = BaseUrl::parse(&self.base_url)?;
        let origin = Origin::of_url(base_url.as_str())?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::Config("the user agent is not a valid header value".to_owned()))?;
        let has_credentials =
            !matches!(self.credentials, Credentials::None) || !self.api_keys.is_empty();
        if has_credentials && !self.allow_insecure_http {
            origin.check_safe_for_credentials(&self.base_url)?;
        }
        let http = super::transport::Transport::new(&user_agent, &self.limits)?;
        let auth = match self.credentials {
            Credentials::None => Auth::None,
            Credentials::Bearer(token) => Auth::Bearer(auth::bearer_value(&token)?),
            Credentials::Basic { username, password } => {
                Auth::Basic(super::keys::basic_value(&username, &password)?)
            }
            Credentials::Digest {
                public_key,
                private_key,
            } => Auth::Digest(digest::DigestAuth::new(public_key, private_key)),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
            } => {
                let Some(token_url) = self.token_url else {
                    return Err(Error::Config(
                        "a service account needs a token URL and the spec has none".to_owned(),
                    ));
                };
                BaseUrl::parse(&token_url)?;
                if !self.allow_insecure_http {
                    Origin::of_url(&token_url)?.check_safe_for_credentials(&token_url)?;
                }
                Auth::ServiceAccount(oauth::TokenSource::new(
                    token_url,
                    client_id,
                    client_secret,
                    oauth::Fetching {
                        http: http.clone(),
                        timeout: self.limits.token_timeout,
                        max_body_bytes: oauth::MAX_TOKEN_BODY_BYTES,
                        retry: self.retry,
                        observer: self.observer.clone(),
                    },
                    self.token_store,
                ))
            }
        };
        let api_keys = self
            .api_keys
            .into_iter()
            .map(|(scheme, key)| super::keys::ApiKey::new(scheme.as_deref(), key))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                origin,
                user_agent,
                auth,
                api_keys,
                retry: self.retry,
                limits: self.limits,
                observer: self.observer,
            }),
        })
    }
}
