//! HTTP digest authentication (RFC 7616; MD5 and SHA-256, `qop=auth`): answer the server's
//! challenge, then keep reusing its nonce with an increasing `nc` until the server asks again.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use http::StatusCode;
use http::header::{self, HeaderValue};

use super::Client;
use crate::Error;
use crate::secret::Secret;

pub(super) struct DigestAuth {
    username: String,
    password: Secret,
    /// The last challenge, whose `nc` counts the answers given to it.
    challenge: Mutex<Option<WwwAuthenticateHeader>>,
}

impl fmt::Debug for DigestAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digest")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish_non_exhaustive()
    }
}

impl DigestAuth {
    pub(super) fn new(username: String, password: Secret) -> Self {
        DigestAuth {
            username,
            password,
            challenge: Mutex::new(None),
        }
    }

    /// Sends `request` with an answer to the cached challenge, if there is one. On a 401 with a
    /// digest challenge (the first request, a stale nonce, or a rejected answer) it answers the
    /// new challenge and sends once more; that response is returned whatever it is.
    pub(super) async fn send(
        &self,
        client: &Client,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let cached = {
            let mut challenge = self
                .challenge
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match challenge.as_mut() {
                Some(challenge) => Some(self.answer(challenge, request)?),
                None => None,
            }
        };
        let response = client.exchange(request, cached).await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let Some(mut challenge) = challenge_of(&response)? else {
            return Ok(response);
        };
        let answer = self.answer(&mut challenge, request)?;
        *self
            .challenge
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(challenge);
        client.exchange(request, Some(answer)).await
    }

    /// The `Authorization` value answering `challenge` for `request`; counts the answer in the
    /// challenge's `nc`.
    fn answer(
        &self,
        challenge: &mut WwwAuthenticateHeader,
        request: &http::Request<Vec<u8>>,
    ) -> Result<HeaderValue, Error> {
        let uri = request
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let context = AuthContext::new_with_method(
            self.username.as_str(),
            self.password.expose(),
            uri,
            // No body: `qop=auth` even when the server also offers `auth-int`.
            None::<&[u8]>,
            HttpMethod::from(request.method().as_str()),
        );
        let answer = challenge
            .respond(&context)
            .map_err(|e| Error::Auth(format!("cannot answer the digest challenge: {e}")))?;
        let mut value = HeaderValue::from_str(&answer.to_header_string())
            .map_err(|_| Error::Auth("the digest answer is not a valid header value".to_owned()))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// The digest challenge of a 401 response, if it has one.
fn challenge_of(
    response: &http::Response<Vec<u8>>,
) -> Result<Option<WwwAuthenticateHeader>, Error> {
    for value in response.headers().get_all(header::WWW_AUTHENTICATE) {
        let Ok(value) = value.to_str() else {
            continue;
        };
        let value = value.trim_start();
        let is_digest = value
            .get(..6)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("digest"));
        if !is_digest {
            continue;
        }
        // The parser expects the scheme spelled `Digest`.
        let params = &value[6..];
        return WwwAuthenticateHeader::parse(params)
            .map(Some)
            .map_err(|e| Error::Auth(format!("malformed digest challenge: {e}")));
    }
    Ok(None)
}
