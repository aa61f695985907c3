//! HTTP digest authentication (RFC 7616; MD5, SHA-256 and SHA-512-256, `qop=auth` and
//! `qop=auth-int`): answer the server's challenge, then keep reusing its nonce with an
//! increasing `nc` until the server asks again.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use http::StatusCode;
use http::header::{self, HeaderValue};

use super::Client;
use super::transport::Receive;
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
    pub(super) async fn send<B: Receive>(
        &self,
        client: &Client,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<B>, Error> {
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
            // The body, for `qop=auth-int` (preferred when the server offers it).
            Some(request.body().as_slice()),
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

/// The first digest challenge of a 401 response this client can answer, if it has any. A
/// response may offer several (one per algorithm); one with an unknown algorithm is skipped.
fn challenge_of<B>(response: &http::Response<B>) -> Result<Option<WwwAuthenticateHeader>, Error> {
    let mut problem = None;
    for value in response.headers().get_all(header::WWW_AUTHENTICATE) {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for params in digest_challenges(value) {
            match WwwAuthenticateHeader::parse(params) {
                Ok(challenge) => return Ok(Some(challenge)),
                Err(e) => problem = Some(e.to_string()),
            }
        }
    }
    match problem {
        // Digest was asked for, but in no form this client speaks.
        Some(problem) => Err(Error::Auth(format!(
            "no digest challenge this client can answer: {problem:?}"
        ))),
        None => Ok(None),
    }
}

/// The parameters of each `Digest` challenge in one `WWW-Authenticate` value. The scheme is a
/// whole token (`Digest`, in any case), at the start or after a comma; a value may also hold
/// other schemes' challenges (`Basic realm="x", Digest realm=...`).
fn digest_challenges(value: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut in_quotes = false;
    let mut escaped = false;
    let bytes = value.as_bytes();
    let mut at_item_start = true;
    for (i, &b) in bytes.iter().enumerate() {
        if in_quotes {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_quotes = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_quotes = true;
                at_item_start = false;
            }
            b',' => at_item_start = true,
            b' ' | b'\t' => {}
            _ if at_item_start => {
                at_item_start = false;
                let rest = &value[i..];
                let scheme_end = rest.find([' ', '\t']).unwrap_or(rest.len());
                if rest[..scheme_end].eq_ignore_ascii_case("digest") && scheme_end < rest.len() {
                    starts.push(i + scheme_end);
                }
            }
            _ => {}
        }
    }
    // Each challenge's parameters run to the next challenge of any scheme; parameters are
    // `name=value` items, and a challenge starts with a scheme token followed by a space.
    starts
        .iter()
        .map(|&start| {
            let rest = &value[start..];
            let end = next_scheme_start(rest).unwrap_or(rest.len());
            rest[..end].trim().trim_end_matches(',').trim()
        })
        .collect()
}

/// Where the next challenge (`Scheme param=...`) starts in `text`, a challenge's parameters:
/// after a comma, a token followed by a space rather than `=`.
fn next_scheme_start(text: &str) -> Option<usize> {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_quotes {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_quotes = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            ',' => {
                let item = text[i + 1..].trim_start();
                let token_end = item.find(['=', ' ', ',']).unwrap_or(item.len());
                if item[token_end..].starts_with(' ')
                    && !item[token_end..].trim_start().starts_with('=')
                {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_is_matched_as_a_whole_token() {
        assert_eq!(
            digest_challenges(r#"Digest realm="a", nonce="n""#),
            [r#"realm="a", nonce="n""#]
        );
        assert_eq!(digest_challenges(r#"DIGEST realm="a""#), [r#"realm="a""#]);
        assert!(digest_challenges(r#"Digestive realm="a""#).is_empty());
        assert!(digest_challenges(r#"Basic realm="Digest x""#).is_empty());
        assert_eq!(
            digest_challenges(
                r#"Basic realm="b", Digest realm="a", nonce="n, x", algorithm=SHA-256, Digest realm="a", nonce="m""#
            ),
            [
                r#"realm="a", nonce="n, x", algorithm=SHA-256"#,
                r#"realm="a", nonce="m""#
            ]
        );
    }
}
