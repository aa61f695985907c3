//! The client's credentials and how each kind authenticates one request.

use std::fmt;

use http::StatusCode;
use http::header::HeaderValue;

use super::Client;
use super::digest::DigestAuth;
use super::oauth::TokenSource;
use super::transport::Receive;
use crate::Error;
use crate::secret::Secret;

pub(super) enum Auth {
    None,
    /// The whole `Authorization` value, marked sensitive.
    Bearer(HeaderValue),
    /// The whole `Authorization` value (`Basic ...`), marked sensitive.
    Basic(HeaderValue),
    Digest(DigestAuth),
    ServiceAccount(TokenSource),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f
                .debug_tuple("Bearer")
                .field(&crate::secret::Redacted)
                .finish(),
            Auth::Basic(_) => f
                .debug_tuple("Basic")
                .field(&crate::secret::Redacted)
                .finish(),
            Auth::Digest(digest) => fmt::Debug::fmt(digest, f),
            Auth::ServiceAccount(source) => fmt::Debug::fmt(source, f),
        }
    }
}

/// `Bearer <token>`, marked sensitive.
pub(super) fn bearer_value(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|_| Error::Auth("the bearer token is not a valid header value".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}

impl Auth {
    /// Sends `request` authenticated, taking the steps the scheme needs (a digest challenge, a
    /// token refresh); returns the last response.
    pub(super) async fn send<B: Receive>(
        &self,
        client: &Client,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<B>, Error> {
        match self {
            Auth::None => client.exchange(request, None).await,
            Auth::Bearer(value) | Auth::Basic(value) => {
                client.exchange(request, Some(value.clone())).await
            }
            Auth::Digest(digest) => digest.send(client, request).await,
            Auth::ServiceAccount(source) => {
                let token = source.token().await?;
                let response = client
                    .exchange(request, Some(bearer_value(&token)?))
                    .await?;
                if response.status() != StatusCode::UNAUTHORIZED {
                    return Ok(response);
                }
                // The token may have been revoked or expired early: get a new one, once.
                let fresh = source.refresh(&token).await?;
                client.exchange(request, Some(bearer_value(&fresh)?)).await
            }
        }
    }
}
