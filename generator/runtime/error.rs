//! Errors: one `Error` for everything a call can fail with, and `ValidationError` for a value
//! that breaks a constraint of the spec. Neither ever carries a credential.

use std::fmt;

use http::StatusCode;

use crate::response::RateLimit;

/// Everything that can go wrong building a request, sending it, or reading its response.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A parameter value breaks the spec's constraints.
    Validation(ValidationError),
    /// A request body could not be serialized as JSON.
    Encode(String),
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl { url: String, reason: &'static str },
    /// The server answered with an error status and the API's error body: for a status the
    /// spec documents, or any other error status whose body is the API's error shape.
    Api {
        status: StatusCode,
        body: Box<crate::ErrorBody>,
        rate_limit: RateLimit,
    },
    /// The server is rate-limiting this client (HTTP 429).
    RateLimited {
        rate_limit: RateLimit,
        body: Option<Box<crate::ErrorBody>>,
    },
    /// A status the spec does not document for this operation.
    UnexpectedStatus { status: StatusCode, excerpt: String },
    /// The body is not of the documented media type.
    UnexpectedContentType {
        status: StatusCode,
        content_type: String,
        excerpt: String,
    },
    /// The body is not the JSON the spec describes; `path` is where decoding failed
    /// (`results[0].delivery`).
    Decode {
        status: StatusCode,
        path: String,
        message: String,
        excerpt: String,
    },
    /// The HTTP exchange failed (connection, TLS, proxy, protocol); what failed is in the
    /// message, its cause in `source()`.
    #[cfg(feature = "client")]
    Transport(TransportError),
    /// The server did not answer in time: connecting, a stall longer than the read timeout,
    /// or an exchange longer than the client's deadline (`ClientBuilder::timeout` and
    /// friends).
    #[cfg(feature = "client")]
    Timeout(String),
    /// The client's settings cannot be used (TLS setup, an invalid user agent, a service
    /// account without a token URL).
    #[cfg(feature = "client")]
    Config(String),
    /// The response body is longer than the client's limit
    /// (`ClientBuilder::max_body_bytes`); it was not read to the end.
    #[cfg(feature = "client")]
    BodyTooLarge { status: StatusCode, limit: usize },
    /// Getting credentials failed (token endpoint, digest challenge).
    #[cfg(feature = "client")]
    Auth(String),
    /// Page walking stopped because the server contradicted itself: a page seen before, a
    /// short page where the total count says more items follow, or more pages than any
    /// total could need.
    Pagination(String),
}

/// How much of an error body `Display` shows; the whole body stays in the error.
const MAX_DISPLAYED_BODY: usize = 1024;

impl Error {
    /// The HTTP status of the response that caused the error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::UnexpectedContentType { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            #[cfg(feature = "client")]
            Error::BodyTooLarge { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            _ => None,
        }
    }

    /// The API's error body, whatever the status: of [`Error::Api`] and of
    /// [`Error::RateLimited`] when its body was the API's error shape.
    pub fn api_error(&self) -> Option<&crate::ErrorBody> {
        match self {
            Error::Api { body, .. } => Some(body),
            Error::RateLimited { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// The API's error code (the `errorCode` member of its error body, such as
    /// `"CLUSTER_NOT_FOUND"`), if the error carries one.
    pub fn error_code(&self) -> Option<String> {
        let body = serde_json::to_value(self.api_error()?).ok()?;
        body.get("errorCode")?.as_str().map(str::to_owned)
    }

    /// Whether the API's error code is `code`.
    pub fn is_error_code(&self, code: &str) -> bool {
        self.error_code().is_some_and(|c| c == code)
    }

    /// Whether the server did not answer in time ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        #[cfg(feature = "client")]
        if let Error::Timeout(_) = self {
            return true;
        }
        false
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => e.fmt(f),
            Error::Encode(message) => write!(f, "cannot encode the request body: {message}"),
            Error::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL {url:?}: {reason}")
            }
            Error::Api { status, body, .. } => {
                // The body came from the server: bounded, and its control characters escaped
                // by `Debug`.
                let body = format!("{body:?}");
                write!(f, "HTTP {status}: {}", shorten(&body, MAX_DISPLAYED_BODY))
            }
            Error::RateLimited { rate_limit, .. } => match rate_limit.retry_after {
                Some(after) => write!(
                    f,
                    "rate limited (HTTP 429), retry after {}s",
                    after.as_secs()
                ),
                None => f.write_str("rate limited (HTTP 429)"),
            },
            Error::UnexpectedStatus { status, excerpt } => {
                write!(f, "undocumented HTTP status {status}: {excerpt}")
            }
            Error::UnexpectedContentType {
                status,
                content_type,
                excerpt,
            } => write!(
                f,
                "HTTP {status} with unexpected content type {content_type:?}: {excerpt}"
            ),
            Error::Decode {
                status,
                path,
                message,
                ..
            } => write!(
                f,
                "HTTP {status}: cannot decode the body at `{path}`: {message}"
            ),
            #[cfg(feature = "client")]
            Error::Transport(e) => write!(f, "HTTP transport error: {e}"),
            #[cfg(feature = "client")]
            Error::Timeout(message) => write!(f, "timed out: {message}"),
            #[cfg(feature = "client")]
            Error::Config(message) => write!(f, "unusable client settings: {message}"),
            #[cfg(feature = "client")]
            Error::BodyTooLarge { status, limit } => write!(
                f,
                "HTTP {status}: the response body is longer than the limit of {limit} bytes"
            ),
            #[cfg(feature = "client")]
            Error::Auth(message) => write!(f, "authentication failed: {message}"),
            Error::Pagination(message) => write!(f, "pagination stopped: {message}"),
        }
    }
}

/// `text` cut to at most `max` bytes (at a character boundary), with `…` when cut.
fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return text.into();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &text[..cut]).into()
}

/// Server text made safe to print: control characters (escape sequences, bells, carriage
/// returns) are written as `\u{..}` escapes, so the text cannot drive a terminal.
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            #[cfg(feature = "client")]
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// A failed HTTP exchange, as [`Error::Transport`] carries it: a message saying what failed
/// (connecting, the TLS handshake, the proxy's tunnel, the exchange itself) and the underlying
/// error as its `source()`. It holds no URL, header or credential; which library the client
/// is built on stays its own affair, so none of its types show here.
#[cfg(feature = "client")]
pub struct TransportError {
    what: &'static str,
    connect: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

#[cfg(feature = "client")]
impl TransportError {
    pub(crate) fn new(
        what: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            what,
            connect: false,
            source: Some(source.into()),
        }
    }

    /// An error without an underlying cause.
    pub(crate) fn message(what: &'static str) -> Self {
        TransportError {
            what,
            connect: false,
            source: None,
        }
    }

    /// Marks the error as one of connecting: the request did not reach the server.
    pub(crate) fn connecting(mut self) -> Self {
        self.connect = true;
        self
    }

    /// Whether connecting to the server (or the proxy) failed, so the request was not sent.
    pub fn is_connect(&self) -> bool {
        self.connect
    }
}

#[cfg(feature = "client")]
impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("TransportError");
        debug.field("what", &self.what);
        if let Some(source) = &self.source {
            debug.field("source", &format_args!("{source}"));
        }
        debug.finish()
    }
}

#[cfg(feature = "client")]
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }
}

#[cfg(feature = "client")]
impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

/// The constraint a value broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// ECMA-262 pattern, as written in the spec.
    Pattern(&'static str),
    /// Minimum length in Unicode code points.
    MinLength(usize),
    /// Maximum length in Unicode code points.
    MaxLength(usize),
    Minimum(i64),
    Maximum(i64),
    /// The text is not a decimal integer.
    Integer,
    /// None of the alternatives of a `oneOf`/`anyOf` parameter (described in words).
    OneOf(&'static str),
    /// A path parameter cannot be empty, `.` or `..`: the request would go to another path.
    PathSegment,
}

/// A value that breaks a constraint: which parameter, which rule, and the value itself
/// (shortened when long).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    parameter: &'static str,
    rule: Rule,
    value: String,
}

/// Values longer than this are shortened in errors, so a huge input cannot flood a log.
const MAX_SHOWN_CHARS: usize = 64;

impl ValidationError {
    pub fn new(parameter: &'static str, rule: Rule, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        let value = match value.char_indices().nth(MAX_SHOWN_CHARS) {
            Some((cut, _)) => format!("{}…", &value[..cut]),
            None => value,
        };
        ValidationError {
            parameter,
            rule,
            value,
        }
    }

    /// The parameter's name in the spec (`pageSize`).
    pub fn parameter(&self) -> &'static str {
        self.parameter
    }

    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The rejected value, shortened to 64 characters.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, v) = (self.parameter, &self.value);
        match self.rule {
            Rule::Pattern(pattern) => write!(f, "{p}: {v:?} does not match {pattern}"),
            Rule::MinLength(n) => write!(f, "{p}: {v:?} is shorter than {n} characters"),
            Rule::MaxLength(n) => write!(f, "{p}: {v:?} is longer than {n} characters"),
            Rule::Minimum(n) => write!(f, "{p}: {v} is below the minimum {n}"),
            Rule::Maximum(n) => write!(f, "{p}: {v} is above the maximum {n}"),
            Rule::Integer => write!(f, "{p}: {v:?} is not an integer"),
            Rule::OneOf(alternatives) => write!(f, "{p}: {v:?} is not {alternatives}"),
            Rule::PathSegment => write!(
                f,
                "{p}: {v:?} cannot be a path segment (empty, `.` and `..` change the path)"
            ),
        }
    }
}

impl std::error::Error for ValidationError {}
