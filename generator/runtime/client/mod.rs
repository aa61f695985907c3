//! The HTTP client: sends operations with authentication (digest, OAuth 2.0 client credentials
//! or a bearer token), optional retries on 429/503, and reads whole bodies up to a limit.

mod auth;
mod digest;
mod oauth;
mod retry;

use crate::request::BaseUrl;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{self, HeaderValue};

use crate::operation::Operation;
use crate::secret::Secret;
use crate::{ApiResponse, Error};

use auth::Auth;
pub use retry::RetryPolicy;

/// Sends requests to the API. Cheap to clone: clones share the connection pool, the cached
/// OAuth token and the digest challenge.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: BaseUrl,
    user_agent: HeaderValue,
    auth: Auth,
    retry: RetryPolicy,
    max_body_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("user_agent", &self.inner.user_agent)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .finish()
    }
}

/// Configures a [`Client`]; made by [`Client::builder`].
pub struct ClientBuilder {
    base_url: String,
    token_url: Option<String>,
    credentials: Credentials,
    user_agent: String,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    max_body_bytes: usize,
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
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = match &self.credentials {
            Credentials::None => "none",
            Credentials::Digest { .. } => "digest",
            Credentials::ServiceAccount { .. } => "service account",
            Credentials::Bearer(_) => "bearer token",
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token_url", &self.token_url)
            .field("credentials", &credentials)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            token_url: crate::DEFAULT_TOKEN_URL.map(str::to_owned),
            credentials: Credentials::None,
            user_agent: crate::request::USER_AGENT.to_owned(),
            retry: RetryPolicy::disabled(),
            timeout: None,
            max_body_bytes: ClientBuilder::DEFAULT_MAX_BODY_BYTES,
        }
    }
}

impl ClientBuilder {
    /// The default of [`ClientBuilder::max_body_bytes`]: 64 MiB, far above any page the API
    /// sends, and a bound on what a runaway or hostile server can make the client hold.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

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

    /// The `User-Agent` of every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Retries on HTTP 429 and 503; off unless set.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A timeout for each HTTP exchange, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body read, in bytes; a longer one fails with
    /// [`Error::BodyTooLarge`] as soon as it is known to be longer, without reading the rest.
    /// Defaults to [`ClientBuilder::DEFAULT_MAX_BODY_BYTES`].
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The client, after checking the URLs and the user agent.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = BaseUrl::parse(&self.base_url)?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::Auth("the user agent is not a valid header value".to_owned()))?;
        let mut http = reqwest::Client::builder().user_agent(user_agent.clone());
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        let http = http.build().map_err(Error::Transport)?;
        let auth = match self.credentials {
            Credentials::None => Auth::None,
            Credentials::Bearer(token) => Auth::Bearer(auth::bearer_value(&token)?),
            Credentials::Digest {
                public_key,
                private_key,
            } => Auth::Digest(digest::DigestAuth::new(public_key, private_key)),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
            } => {
                let Some(token_url) = self.token_url else {
                    return Err(Error::Auth(
                        "a service account needs a token URL and the spec has none".to_owned(),
                    ));
                };
                BaseUrl::parse(&token_url)?;
                Auth::ServiceAccount(oauth::TokenSource::new(token_url, client_id, client_secret))
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                user_agent,
                auth,
                retry: self.retry,
                max_body_bytes: self.max_body_bytes,
            }),
        })
    }
}

impl Client {
    /// A builder with the spec's server, no credentials and no retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Where requests go.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// Sends `operation` and decodes its response.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<ApiResponse<O::Output>, Error> {
        let request = operation.to_http(&self.inner.base_url)?;
        let response = self.execute(request).await?;
        O::parse_response(response)
    }

    /// Sends a request with the client's credentials and retry policy and reads the whole
    /// response. Error statuses are returned as responses, not errors: after the
    /// authentication steps, the last response is the one returned.
    pub async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut attempt = 1;
        loop {
            let response = self.inner.auth.send(self, &request).await?;
            match self.inner.retry.delay(attempt, &response) {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return Ok(response),
            }
        }
    }

    /// One HTTP exchange of `request`, with `authorization` if given; no retries.
    async fn exchange(
        &self,
        request: &http::Request<Vec<u8>>,
        authorization: Option<HeaderValue>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut headers = request.headers().clone();
        headers.insert(header::USER_AGENT, self.inner.user_agent.clone());
        if let Some(mut value) = authorization {
            value.set_sensitive(true);
            headers.insert(header::AUTHORIZATION, value);
        }
        let url = request.uri().to_string();
        let response = self
            .inner
            .http
            .request(request.method().clone(), url)
            .headers(headers)
            .body(request.body().clone())
            .send()
            .await
            .map_err(Error::Transport)?;
        read_response(response, self.inner.max_body_bytes).await
    }

    fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }
}

/// The whole response, as an `http::Response`, if its body is at most `limit` bytes.
async fn read_response(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<http::Response<Vec<u8>>, Error> {
    let status = response.status();
    let too_large = || Error::BodyTooLarge { status, limit };
    // A declared length is checked first; the count below catches bodies that lie or have none.
    let declared = response.content_length().unwrap_or(0);
    if declared > limit as u64 {
        return Err(too_large());
    }
    let version = response.version();
    let headers = response.headers().clone();
    let mut body = Vec::with_capacity(declared as usize);
    while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let mut out = http::Response::new(body);
    *out.status_mut() = status;
    *out.version_mut() = version;
    *out.headers_mut() = headers;
    Ok(out)
}
