//! Decoding `http::Response`s: the documented success body, documented error bodies, rate
//! limits, and typed errors for everything else.

use std::ops::Deref;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
            retry_after: headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| retry_after(v, SystemTime::now())),
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
    // An undocumented error status (a 409, 410, 502 from a proxy...) still gets the API's
    // structured error when its body is one.
    let error_shaped = (status.is_client_error() || status.is_server_error())
        && check_json(status, headers, body).is_ok()
        && starts_with_object(body);
    if error_shaped {
        if let Ok(body) = decode_json::<crate::ErrorBody>(status, body) {
            return Error::Api {
                status,
                body: Box::new(body),
                rate_limit,
            };
        }
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
        // serde's messages quote the offending value: not when it is a credential.
        message: if is_secret_path(&path) {
            "the value does not have the expected type (not shown: the field holds a credential)"
                .to_owned()
        } else {
            crate::error::escape_controls(&message).into_owned()
        },
        status,
        path,
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

/// The first bytes of a body, as text, for error messages: the values of members the spec
/// marks as credentials are replaced by `<redacted>`, and control characters are escaped.
fn excerpt(body: &[u8]) -> String {
    let cut = body.len().min(EXCERPT_BYTES);
    let text = String::from_utf8_lossy(&body[..cut]);
    let mut text = crate::error::escape_controls(&redact_secrets(&text)).into_owned();
    if body.len() > cut {
        text.push('…');
    }
    text
}

/// Whether a decoding path (`results[0].password`) ends at a member holding a credential.
fn is_secret_path(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let last = last.split('[').next().unwrap_or(last);
    crate::SECRET_FIELDS.contains(&last)
}

/// `text`, a JSON document or a prefix of one, with the value of every member named in
/// `crate::SECRET_FIELDS` replaced by `"<redacted>"`. It works on the text, not a parsed
/// value, since a body that failed to decode need not be valid JSON.
fn redact_secrets(text: &str) -> std::borrow::Cow<'_, str> {
    if crate::SECRET_FIELDS.is_empty() {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let end = string_end(bytes, i);
        let terminated = end > i + 1 && bytes[end - 1] == b'"';
        let name = if terminated {
            &text[i + 1..end - 1]
        } else {
            ""
        };
        let mut j = end;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let is_member = j < bytes.len() && bytes[j] == b':';
        if !(is_member && crate::SECRET_FIELDS.contains(&name)) {
            i = end;
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        // The value: a string to its closing quote, anything else to the next delimiter;
        // a value cut off by the excerpt runs to the end.
        let value_end = if bytes.get(j) == Some(&b'"') {
            string_end(bytes, j)
        } else {
            bytes[j..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']'))
                .map_or(bytes.len(), |p| j + p)
        };
        out.push_str(&text[copied..j]);
        out.push_str("\"<redacted>\"");
        copied = value_end;
        i = value_end;
    }
    if copied == 0 {
        return text.into();
    }
    out.push_str(&text[copied..]);
    out.into()
}

/// The index just past the JSON string starting at `start` (a `"`), or the end of `bytes`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The wait a `Retry-After` value asks for: delay-seconds, or an HTTP date (IMF-fixdate,
/// `Sun, 06 Nov 1994 08:49:37 GMT`) after `now`; a date already past means no wait.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = UNIX_EPOCH + Duration::from_secs(imf_fixdate(value)?);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Seconds since the Unix epoch of an IMF-fixdate (RFC 9110 5.6.7).
fn imf_fixdate(value: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (_weekday, rest) = value.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let number = |text: &str, digits: usize| {
        (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u64>().ok())
            .flatten()
    };
    let day = number(day, 2)?;
    let month = MONTHS.iter().position(|m| m == month)? as u64 + 1;
    let year = number(year, 4)?;
    let mut clock = time.split(':');
    let (hour, minute, second) = (
        number(clock.next()?, 2)?,
        number(clock.next()?, 2)?,
        number(clock.next()?, 2)?,
    );
    if clock.next().is_some() || year < 1970 || day == 0 || day > 31 || hour > 23 {
        return None;
    }
    if minute > 59 || second > 60 {
        return None;
    }
    Some(days_since_epoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar, from 1970 on.
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    // Howard Hinnant's days_from_civil, with the year starting in March.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_may_be_an_http_date() {
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        assert_eq!(
            imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(imf_fixdate("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            imf_fixdate("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599)
        );
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
        // A date already past: retry at once.
        let later = now + Duration::from_secs(3600);
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later),
            Some(Duration::ZERO)
        );
        for bad in [
            "",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "06 Nov 1994",
            "-1",
        ] {
            assert_eq!(retry_after(bad, now), None, "{bad}");
        }
    }
}
