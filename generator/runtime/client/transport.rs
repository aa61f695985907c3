//! The HTTP connection layer: reqwest over rustls (the `ring` provider, the platform's
//! certificate store), with the client's timeouts and a redirect policy that never leaves the
//! origin, and reading bodies up to a limit.

use std::future::Future;
use std::sync::Arc;

use http::header::HeaderValue;
use rustls_platform_verifier::BuilderVerifierExt;

use super::builder::Limits;
use super::origin::Origin;
use crate::Error;

/// Redirects followed at most, within one origin.
const MAX_REDIRECTS: usize = 10;

pub(super) fn http_client(
    user_agent: &HeaderValue,
    limits: &Limits,
) -> Result<reqwest::Client, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(user_agent.clone())
        .connect_timeout(limits.connect_timeout)
        .read_timeout(limits.read_timeout)
        .timeout(limits.timeout)
        .redirect(redirect_policy())
        .referer(false)
        .build()
        .map_err(|e| Error::Config(format!("cannot set up HTTP: {e}")))
}

/// Redirects are followed only within the origin of the request (same scheme, host and
/// port), so credentials never reach another server, nor the same one over plain `http`. A
/// redirect elsewhere is returned to the caller as the response it is.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let first = attempt.previous().first().map(|url| url.as_str());
        let same_origin = first
            .and_then(|url| Origin::of_url(url).ok())
            .zip(Origin::of_url(attempt.url().as_str()).ok())
            .is_some_and(|(from, to)| from == to);
        if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// A transport failure as the client's error: timeouts are told apart.
pub(super) fn transport_error(error: reqwest::Error) -> Error {
    let error = error.without_url();
    if error.is_timeout() {
        Error::Timeout(error.to_string())
    } else {
        Error::Transport(error)
    }
}

/// How an exchange takes the response body off the connection: read whole, up to a limit
/// (`Vec<u8>`), or left there for the caller to read piece by piece ([`Unread`]). Statuses
/// and headers are all the authentication steps and the retry policy look at, so they work
/// the same on either.
pub(super) trait Receive: Sized + Send {
    fn receive(
        response: reqwest::Response,
        limit: usize,
    ) -> impl Future<Output = Result<http::Response<Self>, Error>> + Send;
}

impl Receive for Vec<u8> {
    fn receive(
        response: reqwest::Response,
        limit: usize,
    ) -> impl Future<Output = Result<http::Response<Self>, Error>> + Send {
        read_response(response, limit)
    }
}

/// A body still on the connection (see [`Receive`]).
pub(super) struct Unread(pub(super) reqwest::Response);

impl Receive for Unread {
    async fn receive(
        response: reqwest::Response,
        _limit: usize,
    ) -> Result<http::Response<Self>, Error> {
        let mut out = http::Response::new(());
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = response.headers().clone();
        Ok(out.map(|()| Unread(response)))
    }
}

/// The whole response, as an `http::Response`, if its body is at most `limit` bytes.
pub(super) async fn read_response(
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
    // What the server declares is reserved only up to 1 MiB: a length is a claim, not bytes.
    let mut body = Vec::with_capacity(declared.min(1 << 20) as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
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
