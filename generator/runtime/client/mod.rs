//! The HTTP client: sends operations with authentication (digest, OAuth 2.0 client
//! credentials, a bearer token, HTTP basic, API keys), within timeouts, with optional retries,
//! and reads whole bodies up to a limit, or hands a success body over piece by piece.

mod auth;
mod builder;
mod connect;
mod digest;
mod download;
mod keys;
mod md5;
mod oauth;
mod observe;
mod origin;
mod proxy;
mod retry;
mod trace;
mod transport;

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use http::header::{self, HeaderValue};

use crate::operation::Operation;
use crate::request::BaseUrl;
use crate::{ApiResponse, Error};

use auth::Auth;
pub use builder::ClientBuilder;
use builder::Limits;
pub use download::Download;
pub use keys::{ApiKeyLocation, ApiKeyScheme};
use origin::Origin;
// The command-line tool keeps tokens across runs and logs each attempt with `--debug`.
#[allow(unused_imports)]
pub(crate) use oauth::{StoredToken, TokenStore};
#[allow(unused_imports)]
pub(crate) use observe::{Attempt, Observer};
pub use retry::RetryPolicy;
use transport::{Receive, Unread};

/// Sends requests to the API. Cheap to clone: clones share the connection pool, the cached
/// OAuth token and the digest challenge.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: transport::Transport,
    base_url: BaseUrl,
    /// Where credentials may go: the base URL's scheme, host and port.
    origin: Origin,
    user_agent: HeaderValue,
    auth: Auth,
    /// API keys, sent with the credentials.
    api_keys: Vec<keys::ApiKey>,
    retry: RetryPolicy,
    limits: Limits,
    observer: Option<Observer>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("user_agent", &self.inner.user_agent)
            .field("auth", &self.inner.auth)
            .field("api_keys", &self.inner.api_keys)
            .field("retry", &self.inner.retry)
            .field("limits", &self.inner.limits)
            .finish()
    }
}

impl Client {
    /// A builder with the spec's server, no credentials, no retries and the default limits.
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
        let span = trace::operation_span::<O>(request.method());
        trace::instrument(span, async {
            let response = self.execute(request).await?;
            O::parse_response(response)
        })
        .await
    }

    /// Sends a request with the client's retry policy and reads the whole response; the
    /// client's credentials go with it only when it is for the client's origin (the base
    /// URL's scheme, host and port). Error statuses are returned as responses, not errors:
    /// after the authentication steps and retries, the last response is the one returned.
    ///
    /// Retried, when the policy allows another attempt: HTTP 429 for any method (the server
    /// did not act on the request); 5xx statuses other than 501, connection failures and
    /// timeouts only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE).
    pub async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        self.execute_as(request).await
    }

    /// Sends `operation` like [`Client::send`], but a 2xx response's body is not read: the
    /// [`Download`] hands it over piece by piece as it arrives, so a body of any size passes
    /// through without being held in memory (`max_body_bytes` does not apply to it). Other
    /// statuses are read up to that limit and decoded as `send` decodes them.
    pub async fn download<O: Operation>(&self, operation: &O) -> Result<Download, Error> {
        let request = operation.to_http(&self.inner.base_url)?;
        let span = trace::operation_span::<O>(request.method());
        trace::instrument(span, async {
            let response: http::Response<Unread> = self.execute_as(request).await?;
            if response.status().is_success() {
                return Ok(Download::new(response));
            }
            let limit = self.inner.limits.max_body_bytes;
            let response =
                transport::read_response(response.map(|Unread(body)| body), limit).await?;
            let status = response.status();
            // Only a 2xx is a success, so this is an error; should the operation take it as
            // one all the same, the body is already read and the status is unexpected here.
            match O::parse_response(response) {
                Err(error) => Err(error),
                Ok(_) => Err(Error::UnexpectedStatus {
                    status,
                    excerpt: String::new(),
                }),
            }
        })
        .await
    }

    /// [`Client::execute`], with the body taken off the connection as `B` says.
    async fn execute_as<B: Receive>(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<B>, Error> {
        let credentials = Origin::of_uri(request.uri()).is_some_and(|o| o == self.inner.origin);
        let idempotent = retry::is_idempotent(request.method());
        let deadline = self
            .inner
            .limits
            .deadline
            .map(|total| (Instant::now() + total, total));
        let url = request.uri().to_string();
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let result = match deadline {
                Some((at, total)) => {
                    let at = tokio::time::Instant::from_std(at);
                    tokio::time::timeout_at(at, self.attempt(&request, credentials))
                        .await
                        .unwrap_or_else(|_| {
                            Err(Error::Timeout(format!(
                                "no answer within {total:?}, retries included"
                            )))
                        })
                }
                None => self.attempt(&request, credentials).await,
            };
            let mut delay = match &result {
                Ok(response) => self.inner.retry.delay(attempt, idempotent, response),
                Err(error) => self
                    .inner
                    .retry
                    .delay_after_error(attempt, idempotent, error),
            };
            // A wait that would end past the deadline is not taken: the last answer is more
            // use to the caller than a timeout.
            if let (Some(wait), Some((at, _))) = (delay, deadline) {
                if Instant::now() + wait >= at {
                    delay = None;
                }
            }
            self.attempt_ended(&Attempt {
                method: request.method(),
                url: &url,
                attempt,
                outcome: result.as_ref().map(http::Response::status),
                elapsed: started.elapsed(),
                retry_in: delay,
            });
            match delay {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return result,
            }
        }
    }

    /// One attempt of `request`, with the client's credentials if `credentials`.
    async fn attempt<B: Receive>(
        &self,
        request: &http::Request<Vec<u8>>,
        credentials: bool,
    ) -> Result<http::Response<B>, Error> {
        if credentials && !self.inner.api_keys.is_empty() {
            let keyed = keys::with_keys(&self.inner.api_keys, request)?;
            self.inner.auth.send(self, &keyed).await
        } else if credentials {
            self.inner.auth.send(self, request).await
        } else {
            self.exchange(request, None).await
        }
    }

    /// Reports an ended attempt to the `tracing` events and to the observer, if any.
    fn attempt_ended(&self, attempt: &Attempt<'_>) {
        trace::attempt_done(attempt);
        if let Some(observer) = &self.inner.observer {
            observer(attempt);
        }
    }

    /// One HTTP exchange of `request`, with `authorization` if given; no retries.
    async fn exchange<B: Receive>(
        &self,
        request: &http::Request<Vec<u8>>,
        authorization: Option<HeaderValue>,
    ) -> Result<http::Response<B>, Error> {
        let mut outgoing = request.clone();
        if let Some(mut value) = authorization {
            value.set_sensitive(true);
            outgoing.headers_mut().insert(header::AUTHORIZATION, value);
        }
        let limits = &self.inner.limits;
        self.inner
            .http
            .send(outgoing, limits.timeout, limits.max_body_bytes)
            .await
    }
}
