//! Decoding `http::Response`s: the documented success body, documented error bodies, rate
//! limits, and typed errors for everything else.

use std::ops::Deref;
use std::time::Duration;

use http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use crate::Error;

/// How many bytes of an unexpected body an error keeps, so a huge body cannot flood a log.
const EXCERPT_BYTES: usize = 512;

/// A decoded success response: the body, plus the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: RateLimit,
    body: T,
}

impl<T> ApiResponse<T> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> RateLimit {
        self.rate_limit
    }

    pub fn body(&self) -> &T {
        &self.body
    }

    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// The `RateLimit-Limit`, `RateLimit-Remaining` and `Retry-After` headers, where present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        RateLimit {
            limit: number("ratelimit-limit"),
            remaining: number("ratelimit-remaining"),
            // Only the delay-seconds form; an HTTP date is rare here and would need a clock.
            retry_after: number("retry-after").map(Duration::from_secs),
        }
    }
}

/// What an operation's spec says its responses are.
pub struct Expected {
    /// The documented success status.
    pub success: u16,
    /// Whether the spec documents `2XX`: then any 2xx status is a success.
    pub any_success: bool,
    /// Whether the success response has a body.
    pub success_body: bool,
    /// Whether that body is a JSON object. Derived serde impls would also accept an array of
    /// the fields in order (so `[]` would decode as an empty page); checked here instead.
    pub success_object: bool,
    /// Documented error statuses.
    pub errors: &'static [u16],
    /// Documented ranges of error statuses, by their hundreds digit (`4` for `4XX`).
    pub error_ranges: &'static [u16],
    /// Whether a `default` response documents every other status.
    pub default_error: bool,
}

impl Expected {
    fn is_success(&self, status: StatusCode) -> bool {
        status.as_u16() == self.success || self.any_success && status.is_success()
    }

    fn is_documented_error(&self, status: StatusCode) -> bool {
        let code = status.as_u16();
        self.errors.contains(&code)
            || self.error_ranges.contains(&(code / 100))
            || self.default_error
    }
}

/// Decodes a response with a JSON body (or none) as `expected` describes.
pub fn decode<T: DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
    expected: &Expected,
) -> Result<ApiResponse<T>, Error> {
    let (parts, body) = response.into_parts();
    let body = body.as_ref();
    let status = parts.status;
    let rate_limit = RateLimit::from_headers(&parts.headers);
    if !expected.is_success(status) {
        return Err(error(status, &parts.headers, body, expected));
    }
    check_json(status, &parts.headers, body)?;
    let body = if expected.success_body {
        if expected.success_object && !starts_with_object(body) {
            return Err(Error::Decode {
                status,
                path: ".".to_owned(),
                message: "expected a JSON object".to_owned(),
                excerpt: excerpt(body),
            });
        }
        decode_json(status, body)?
    } else {
        // No documented body: decode `null` so `T = ()` works whatever the server sent.
        decode_json(status, b"null")?
    };
    Ok(ApiResponse {
        status,
        headers: parts.headers,
        rate_limit,
        body,
    })
}

/// Decodes a response whose success body is text (`text/plain`, CSV, XML).
pub fn decode_text<B: AsRef<[u8]>>(
    response: http::Response<B>,
    expected: &Expected,
) -> Result<ApiResponse<String>, Error> {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    if !expected.is_success(status) {
        return Err(error(status, &parts.headers, body.as_ref(), expected));
    }
    let text = String::from_utf8(body.as_ref().to_vec()).map_err(|e| Error::Decode {
        status,
        path: ".".to_owned(),
        message: format!("the text is not UTF-8: {e}"),
        excerpt: excerpt(body.as_ref()),
    })?;
    Ok(ApiResponse {
        status,
        rate_limit: RateLimit::from_headers(&parts.headers),
        headers: parts.headers,
        body: text,
    })
}

/// Decodes a response whose success body is bytes (a file, an image, an archive), as sent.
pub fn decode_bytes<B: AsRef<[u8]>>(
    response: http::Response<B>,
    expected: &Expected,
) -> Result<ApiResponse<Vec<u8>>, Error> {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    if !expected.is_success(status) {
        return Err(error(status, &parts.headers, body.as_ref(), expected));
    }
    Ok(ApiResponse {
        status,
        rate_limit: RateLimit::from_headers(&parts.headers),
        headers: parts.headers,
        body: body.as_ref().to_vec(),
    })
}

/// The error a response that is not a success stands for.
fn error(status: StatusCode, headers: &HeaderMap, body: &[u8], expected: &Expected) -> Error {
    let rate_limit = RateLimit::from_headers(headers);
    if status == StatusCode::TOO_MANY_REQUESTS {
        let body = decode_json::<crate::ErrorBody>(status, body)
            .ok()
            .map(Box::new);
        return Error::RateLimited { rate_limit, body };
    }
    if expected.is_documented_error(status) && !status.is_success() {
        if let Err(e) = check_json(status, headers, body) {
            return e;
        }
        return match decode_json::<crate::ErrorBody>(status, body) {
            Ok(body) => Error::Api {
                status,
                body: Box::new(body),
                rate_limit,
            },
            Err(e) => e,
        };
    }
    Error::UnexpectedStatus {
        status,
        excerpt: excerpt(body),
    }
}

/// A missing `Content-Type` is accepted (some proxies drop it); a present one must be JSON.
fn check_json(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let content_type = String::from_utf8_lossy(value.as_bytes()).into_owned();
    if is_json(&content_type) {
        Ok(())
    } else {
        Err(Error::UnexpectedContentType {
            status,
            content_type,
            excerpt: excerpt(body),
        })
    }
}

/// `application/json` and any `+json` media type, parameters ignored.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

fn decode_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    let decode_error = |path: String, message: String| Error::Decode {
        status,
        path,
        message,
        excerpt: excerpt(body),
    };
    // Tracking the path costs about as much as decoding itself, so it is only done again on
    // failure, to say where: decoding is deterministic, so it fails at the same place.
    let first = {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        T::deserialize(&mut deserializer).map(|value| (value, deserializer.end()))
        // The first deserializer and its scratch space are gone before a second one starts,
        // so a failing body is never held twice.
    };
    match first {
        Ok((value, Ok(()))) => Ok(value),
        // Trailing data after the JSON value means the body is not what the spec says.
        Ok((_, Err(trailing))) => Err(decode_error(".".to_owned(), trailing.to_string())),
        Err(error) => {
            let mut deserializer = serde_json::Deserializer::from_slice(body);
            Err(
                match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                    Err(e) => decode_error(e.path().to_string(), e.inner().to_string()),
                    Ok(_) => decode_error(".".to_owned(), error.to_string()),
                },
            )
        }
    }
}

fn starts_with_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The first bytes of a body, as text, for error messages.
fn excerpt(body: &[u8]) -> String {
    let cut = body.len().min(EXCERPT_BYTES);
    let mut text = String::from_utf8_lossy(&body[..cut]).into_owned();
    if body.len() > cut {
        text.push('…');
    }
    text
}
