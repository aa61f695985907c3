//! Building `http::Request`s: the base URL (checked once), percent-encoding of path segments
//! and query values. The operations' `to_http` methods are written with these.

use std::borrow::Cow;
use std::fmt;

use http::header::HeaderValue;
use http::uri::{self, Authority};
use http::{Method, Request, Uri, header};

use crate::Error;

/// `User-Agent` of every request: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// An absolute `http`/`https` base URL, checked once: requests are built against it without
/// parsing it again. It may carry a path prefix (`https://proxy.example/atlas`); trailing
/// slashes are dropped.
///
/// Made from text with [`BaseUrl::parse`] (or `TryFrom<&str>`, `FromStr`), or in a `const`
/// with [`BaseUrl::from_static`]; `BaseUrl::DEFAULT` is the spec's server.
#[derive(Clone)]
pub struct BaseUrl {
    text: Cow<'static, str>,
    https: bool,
    /// Where the authority ends (and the path prefix starts) in `text`.
    authority_end: usize,
    /// The authority of a parsed URL, made once; each request shares it. A literal's is made
    /// per request from its static text, which costs no copy (a `const` cannot hold one).
    authority: Option<Authority>,
}

impl BaseUrl {
    /// Checks `url`.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |reason| Error::InvalidBaseUrl {
            url: url.to_owned(),
            reason,
        };
        let (https, authority_end, len) = check(url).map_err(invalid)?;
        let mut base = BaseUrl {
            text: Cow::Owned(url[..len].to_owned()),
            https,
            authority_end,
            authority: None,
        };
        base.authority = Some(base.authority()?);
        Ok(base)
    }

    /// A base URL from a literal, checked at compile time when used in a `const` (a bad
    /// literal fails the build) and at run time otherwise (it panics).
    pub const fn from_static(url: &'static str) -> Self {
        let (https, authority_end, len) = match check(url) {
            Ok(parts) => parts,
            Err(reason) => panic!("{}", reason),
        };
        let (text, _) = url.as_bytes().split_at(len);
        let text = match std::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => panic!("a base URL is ASCII"),
        };
        BaseUrl {
            text: Cow::Borrowed(text),
            https,
            authority_end,
            authority: None,
        }
    }

    /// The URL, without trailing slashes.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The path prefix (empty, or starting with `/`), which every request path follows.
    fn path_prefix(&self) -> &str {
        &self.text[self.authority_end..]
    }

    /// The host and port. A literal's needs no copy: `check` admits only what `http` accepts
    /// as an authority (a host name or bracketed IPv6 address and a port up to 65535).
    fn authority(&self) -> Result<Authority, Error> {
        if let Some(authority) = &self.authority {
            return Ok(authority.clone());
        }
        let start = if self.https { 8 } else { 7 };
        let authority = match &self.text {
            Cow::Borrowed(text) => Ok(Authority::from_static(&text[start..self.authority_end])),
            Cow::Owned(text) => Authority::try_from(&text[start..self.authority_end]),
        };
        authority.map_err(|_| Error::InvalidBaseUrl {
            url: self.text.to_string(),
            reason: "the host or port is not valid",
        })
    }
}

/// Whether `url` is an absolute `http`/`https` URL without query or fragment: whether it is
/// `https`, where its authority ends, and its length without trailing slashes.
const fn check(url: &str) -> Result<(bool, usize, usize), &'static str> {
    let bytes = url.as_bytes();
    let https = starts_with(bytes, b"https://");
    let start = if https {
        8
    } else if starts_with(bytes, b"http://") {
        7
    } else if contains(bytes, b"://") {
        return Err("the scheme must be http or https");
    } else {
        return Err("not a valid absolute URL");
    };
    let mut i = start;
    if i < bytes.len() && bytes[i] == b'[' {
        // An IPv6 address.
        i += 1;
        while i < bytes.len()
            && (bytes[i].is_ascii_hexdigit() || bytes[i] == b':' || bytes[i] == b'.')
        {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b']' || i == start + 1 {
            return Err("the host or port is not valid");
        }
        i += 1;
    } else {
        while i < bytes.len() && is_unreserved(bytes[i]) {
            i += 1;
        }
        if i == start {
            return Err("the URL has no host");
        }
    }
    if i < bytes.len() && bytes[i] == b':' {
        i += 1;
        let mut port: u32 = 0;
        let port_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            port = port * 10 + (bytes[i] - b'0') as u32;
            if port > 65535 {
                return Err("the host or port is not valid");
            }
            i += 1;
        }
        if i == port_start {
            return Err("the host or port is not valid");
        }
    }
    if i < bytes.len() && bytes[i] != b'/' {
        return match bytes[i] {
            b'?' | b'#' => Err("a base URL cannot have a query"),
            _ => Err("the host or port is not valid"),
        };
    }
    let authority_end = i;
    while i < bytes.len() {
        match bytes[i] {
            b'?' | b'#' => return Err("a base URL cannot have a query"),
            b if is_path_byte(b) => {}
            _ => return Err("not a valid absolute URL"),
        }
        i += 1;
    }
    let mut len = bytes.len();
    while len > authority_end && bytes[len - 1] == b'/' {
        len -= 1;
    }
    Ok((https, authority_end, len))
}

const fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    if bytes.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if bytes[i].to_ascii_lowercase() != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    let mut i = 0;
    while i + needle.len() <= bytes.len() {
        let mut j = 0;
        while j < needle.len() && bytes[i + j] == needle[j] {
            j += 1;
        }
        if j == needle.len() {
            return true;
        }
        i += 1;
    }
    false
}

/// RFC 3986 `unreserved`, `sub-delims` and `%`: what a host, a port or a path segment holds.
const fn is_common_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'%'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        )
}

/// RFC 3986 `unreserved` (letters, digits, `-`, `.`, `_`, `~`): what a host name holds, and
/// what is never percent-encoded.
const fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

const fn is_path_byte(b: u8) -> bool {
    is_common_byte(b) || matches!(b, b':' | b'@' | b'/')
}

impl TryFrom<&str> for BaseUrl {
    type Error = Error;

    fn try_from(url: &str) -> Result<Self, Error> {
        Self::parse(url)
    }
}

impl TryFrom<String> for BaseUrl {
    type Error = Error;

    fn try_from(url: String) -> Result<Self, Error> {
        Self::parse(&url)
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = Error;

    fn from_str(url: &str) -> Result<Self, Error> {
        Self::parse(url)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BaseUrl").field(&self.as_str()).finish()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for BaseUrl {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for BaseUrl {}

/// Accumulates a request's path and query after a [`BaseUrl`].
// Plumbing of the generated `to_http` methods, public only so that the methods a spec does not
// use are not dead code: hidden, it stays out of the documented API and of semver checks.
#[doc(hidden)]
pub struct UrlBuilder<'b> {
    base: &'b BaseUrl,
    /// The path and query, as bytes so that digits and delimiters are appended without
    /// UTF-8 bookkeeping; `http` checks the whole, UTF-8 included, when it takes it.
    path: Vec<u8>,
    has_query: bool,
    /// `name=value` pairs of the `Cookie` header, `; `-separated.
    cookies: Vec<u8>,
    body: Option<(Cow<'static, str>, Vec<u8>)>,
}

impl<'b> UrlBuilder<'b> {
    /// Starts at the base URL's path prefix.
    pub fn new(base: &'b BaseUrl) -> Self {
        let prefix = base.path_prefix();
        // Room for the path and query of most requests, so the text is not moved as it grows.
        let mut path = Vec::with_capacity(prefix.len() + 256);
        path.extend_from_slice(prefix.as_bytes());
        UrlBuilder {
            base,
            path,
            has_query: false,
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Appends a fixed part of the path template, as written in the spec, or a value known to
    /// need no percent-encoding (its pattern admits only unreserved characters, and never an
    /// empty, `.` or `..` segment).
    #[inline]
    pub fn literal(&mut self, path: &str) {
        self.path.extend_from_slice(path.as_bytes());
    }

    /// Appends the value of the path parameter `parameter` as one path segment: `/`, `?`,
    /// `#`, `%`, spaces and every other character outside RFC 3986's unreserved set are
    /// percent-encoded. The empty string, `.` and `..` are refused: URL parsers drop or
    /// collapse such segments, so the request would go to another path.
    pub fn segment(&mut self, parameter: &'static str, value: &str) -> Result<(), Error> {
        if matches!(value, "" | "." | "..") {
            return Err(
                crate::ValidationError::new(parameter, crate::Rule::PathSegment, value).into(),
            );
        }
        encode_into(&mut self.path, value);
        Ok(())
    }

    /// [`UrlBuilder::segment`] for a value known to need no percent-encoding (its pattern
    /// admits only unreserved characters), which may still be an empty, `.` or `..` segment.
    pub fn segment_unencoded(&mut self, parameter: &'static str, value: &str) -> Result<(), Error> {
        if matches!(value, "" | "." | "..") {
            return Err(
                crate::ValidationError::new(parameter, crate::Rule::PathSegment, value).into(),
            );
        }
        self.path.extend_from_slice(value.as_bytes());
        Ok(())
    }

    /// Appends values as one path segment, `a,b,c` (the `simple` style of a list): each value
    /// percent-encoded, the commas between them literal.
    pub fn segment_joined<'v>(&mut self, values: impl IntoIterator<Item = &'v str>) {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.path.push(b',');
            }
            encode_into(&mut self.path, value);
        }
    }

    /// Appends `name=value` to the query, both percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.query_name(name);
        encode_into(&mut self.path, value);
    }

    // The methods below take the parameter's `key`: its name, percent-encoded by the
    // generator, and `=` (`"pageNum="`).

    /// Appends `key` and `value`, percent-encoded, to the query.
    pub fn query_text(&mut self, key: &str, value: &str) {
        self.query_key(key);
        encode_into(&mut self.path, value);
    }

    /// Appends `key` and `value` to the query, `value` as it is: it is known to need no
    /// percent-encoding (`true`, or a value whose pattern admits only unreserved characters).
    #[inline]
    pub fn query_unencoded(&mut self, key: &str, value: &str) {
        self.query_key(key);
        self.path.extend_from_slice(value.as_bytes());
    }

    /// Appends `key` and a value written with `Display` (a number), percent-encoded, without
    /// an intermediate string.
    pub fn query_display(&mut self, key: &str, value: impl fmt::Display) {
        use fmt::Write as _;
        self.query_key(key);
        // Writing to a `Vec` cannot fail.
        let _ = write!(Encoder(&mut self.path), "{value}");
    }

    /// Appends `key` and an integer, written without the formatting machinery.
    pub fn query_int(&mut self, key: &str, value: impl Into<i64>) {
        self.query_key(key);
        let value: i64 = value.into();
        // Digits and `-` need no encoding.
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut rest = value.unsigned_abs();
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if value < 0 {
            self.path.push(b'-');
        }
        self.path.extend_from_slice(&digits[start..]);
    }

    fn query_name(&mut self, name: &str) {
        self.path.push(if self.has_query { b'&' } else { b'?' });
        self.has_query = true;
        encode_into(&mut self.path, name);
        self.path.push(b'=');
    }

    #[inline]
    fn query_key(&mut self, key: &str) {
        self.path.push(if self.has_query { b'&' } else { b'?' });
        self.has_query = true;
        self.path.extend_from_slice(key.as_bytes());
    }

    /// Appends `key` and `a,b,c`: each value percent-encoded, the commas between them literal,
    /// as the `form` style without `explode` delimits them.
    pub fn query_joined<'v>(&mut self, key: &str, values: impl IntoIterator<Item = &'v str>) {
        self.query_key(key);
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.path.push(b',');
            }
            encode_into(&mut self.path, value);
        }
    }

    /// Adds `name=value` to the `Cookie` header; the value is percent-encoded, since cookie
    /// values cannot hold spaces, commas or semicolons.
    pub fn cookie(&mut self, name: &str, value: &str) {
        if !self.cookies.is_empty() {
            self.cookies.extend_from_slice(b"; ");
        }
        self.cookies.extend_from_slice(name.as_bytes());
        self.cookies.push(b'=');
        encode_into(&mut self.cookies, value);
    }

    /// Sends `value` as the JSON body, labelled `media_type`; nothing when `value` is `None`.
    pub fn json_body<T: serde::Serialize>(
        &mut self,
        media_type: &'static str,
        value: Option<&T>,
    ) -> Result<(), Error> {
        if let Some(value) = value {
            let bytes = serde_json::to_vec(value).map_err(|e| Error::Encode(e.to_string()))?;
            self.set_body(Cow::Borrowed(media_type), bytes);
        }
        Ok(())
    }

    /// The body and its `Content-Type`; the body encoders (JSON here, forms and multipart in
    /// their modules) end here.
    pub(crate) fn set_body(&mut self, media_type: Cow<'static, str>, bytes: Vec<u8>) {
        self.body = Some((media_type, bytes));
    }

    /// Sends `value` as it is, labelled `media_type` (text or bytes).
    pub fn raw_body(&mut self, media_type: &'static str, value: Option<&[u8]>) {
        if let Some(value) = value {
            self.set_body(Cow::Borrowed(media_type), value.to_vec());
        }
    }

    /// The finished request, asking for `accept` (a `const` of the generated code, made from
    /// a media type the generator checked, or made with [`header_value`]).
    pub fn build(
        self,
        method: Method,
        accept: Option<HeaderValue>,
    ) -> Result<Request<Vec<u8>>, Error> {
        let invalid = || Error::InvalidBaseUrl {
            url: self.base.as_str().to_owned(),
            reason: "the request URL is not valid",
        };
        let mut parts = uri::Parts::default();
        parts.scheme = Some(if self.base.https {
            uri::Scheme::HTTPS
        } else {
            uri::Scheme::HTTP
        });
        parts.authority = Some(self.base.authority()?);
        let path = if self.path.is_empty() {
            b"/".to_vec()
        } else {
            self.path
        };
        parts.path_and_query = Some(uri::PathAndQuery::try_from(path).map_err(|_| invalid())?);
        let uri = Uri::from_parts(parts).map_err(|_| invalid())?;
        let (body, content_type) = match self.body {
            Some((media_type, bytes)) => (bytes, Some(media_type)),
            None => (Vec::new(), None),
        };
        let mut request = Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        // Made at compile time: checking the text again on every request costs as much as
        // the rest of the headers. The map starts empty: appending skips looking for a value
        // to replace.
        headers.append(
            header::USER_AGENT,
            const { HeaderValue::from_static(USER_AGENT) },
        );
        if let Some(accept) = accept {
            headers.append(header::ACCEPT, accept);
        }
        if !self.cookies.is_empty() {
            headers.append(header::COOKIE, header_value_from_bytes(&self.cookies)?);
        }
        if let Some(media_type) = content_type {
            let value = match media_type {
                Cow::Borrowed(media_type) => static_header_value(media_type)?,
                Cow::Owned(media_type) => header_value(&media_type)?,
            };
            headers.append(header::CONTENT_TYPE, value);
        }
        Ok(request)
    }
}

/// A header value from a literal of the spec (a media type), without a copy. Checked first:
/// `HeaderValue::from_static` panics on anything but visible ASCII, spaces and tabs.
fn static_header_value(text: &'static str) -> Result<HeaderValue, Error> {
    if text
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        Ok(HeaderValue::from_static(text))
    } else {
        header_value(text)
    }
}

/// A header value from text, checked.
// Plumbing of the generated `to_http` methods, like `UrlBuilder`.
#[doc(hidden)]
pub fn header_value(text: &str) -> Result<HeaderValue, Error> {
    header_value_from_bytes(text.as_bytes())
}

/// [`header_value`] for bytes (the `Cookie` header is assembled as bytes); `http` checks both
/// alike.
fn header_value_from_bytes(bytes: &[u8]) -> Result<HeaderValue, Error> {
    HeaderValue::from_bytes(bytes).map_err(|_| {
        Error::Encode(format!(
            "{:?} is not a valid HTTP header value",
            String::from_utf8_lossy(bytes)
        ))
    })
}

/// Percent-encodes what is written through it.
struct Encoder<'a>(&'a mut Vec<u8>);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        encode_into(self.0, s);
        Ok(())
    }
}

/// [`encode_into`] for text (the client's API keys).
pub(crate) fn encode_into_string(out: &mut String, value: &str) {
    let mut bytes = std::mem::take(out).into_bytes();
    encode_into(&mut bytes, value);
    // Percent-encoding appends ASCII only, so the text stays UTF-8.
    *out = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// Percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~`. Encoding more than RFC 3986
/// requires is always safe, and servers disagree on the rest (`+` as space, `;` in segments).
/// Runs of bytes that need no encoding (most of any value) are copied whole.
pub(crate) fn encode_into(out: &mut Vec<u8>, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // One load per byte instead of a chain of range tests.
    const UNRESERVED: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = is_unreserved(b as u8);
            b += 1;
        }
        table
    };
    let bytes = value.as_bytes();
    out.reserve(bytes.len());
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(b)] {
            continue;
        }
        out.extend_from_slice(&bytes[copied..i]);
        out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        copied = i + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(base: &str, build: impl FnOnce(&mut UrlBuilder<'_>)) -> String {
        let base = BaseUrl::parse(base).unwrap();
        let mut builder = UrlBuilder::new(&base);
        build(&mut builder);
        builder.build(Method::GET, None).unwrap().uri().to_string()
    }

    #[test]
    fn segments_are_fully_encoded() {
        let built = url("https://example.com/", |u| {
            u.literal("/a/");
            u.segment("id", "a b/c?d#e%é").unwrap();
        });
        assert_eq!(built, "https://example.com/a/a%20b%2Fc%3Fd%23e%25%C3%A9");
    }

    #[test]
    fn displayed_query_values_are_encoded_like_text() {
        let built = url("http://127.0.0.1:8080/prefix", |u| {
            u.literal("/x");
            u.query_display("n=", -42);
            u.query_display("s=", "a b");
        });
        assert_eq!(built, "http://127.0.0.1:8080/prefix/x?n=-42&s=a%20b");
    }

    #[test]
    fn integers_are_written_in_decimal() {
        let built = url("https://example.com", |u| {
            u.literal("/x");
            for value in [0, 7, -42, i64::MAX, i64::MIN] {
                u.query_int("n=", value);
            }
            u.query_int("m=", 500i32);
        });
        assert_eq!(
            built,
            "https://example.com/x?n=0&n=7&n=-42&n=9223372036854775807&n=-9223372036854775808&m=500"
        );
    }

    #[test]
    fn long_paths_and_queries_are_written_whole() {
        let long = "ab/".repeat(100);
        let encoded = "ab%2F".repeat(100);
        let built = url("https://example.com/prefix", |u| {
            u.literal("/x/");
            u.segment("id", &long).unwrap();
            u.query_int("n=", -7);
            u.query_text("q=", &long);
            u.query_unencoded("v=", "1");
        });
        assert_eq!(
            built,
            format!("https://example.com/prefix/x/{encoded}?n=-7&q={encoded}&v=1")
        );
    }

    #[test]
    fn cookies_are_joined_and_encoded_into_one_header() {
        let base = BaseUrl::parse("https://example.com").unwrap();
        let mut builder = UrlBuilder::new(&base);
        builder.cookie("session", "a b;c");
        builder.cookie("theme", "dark");
        builder.raw_body("text/plain", Some(b"x"));
        let request = builder
            .build(
                Method::POST,
                Some(HeaderValue::from_static("application/json")),
            )
            .unwrap();
        let headers = request.headers();
        assert_eq!(headers[header::COOKIE], "session=a%20b%3Bc; theme=dark");
        assert_eq!(headers[header::ACCEPT], "application/json");
        assert_eq!(headers[header::CONTENT_TYPE], "text/plain");
        assert_eq!(headers[header::USER_AGENT], USER_AGENT);
        assert_eq!(headers.len(), 4);
        assert_eq!(request.uri().to_string(), "https://example.com/");
    }

    #[test]
    fn an_empty_path_is_a_slash() {
        assert_eq!(url("https://example.com", |_| {}), "https://example.com/");
    }

    #[test]
    fn dot_segments_and_empty_segments_are_refused() {
        let built = url("https://example.com/", |u| {
            u.literal("/files/");
            for value in ["", ".", ".."] {
                let error = u.segment("name", value).unwrap_err();
                assert!(error.to_string().starts_with("name: "), "{error}");
            }
            u.segment("name", "...").unwrap();
            u.segment("name", ".a").unwrap();
        });
        assert_eq!(built, "https://example.com/files/....a");
    }

    #[test]
    fn base_urls_are_checked() {
        for bad in [
            "ftp://example.com",
            "/relative",
            "https://example.com?x=1",
            "https://example.com/a#b",
            "https://",
            "https://exa mple.com",
            "https://example.com:port",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
        let ok = BaseUrl::parse("http://127.0.0.1:8080/prefix//").unwrap();
        assert_eq!(ok.as_str(), "http://127.0.0.1:8080/prefix");
        const STATIC: BaseUrl = BaseUrl::from_static("https://example.com/");
        assert_eq!(STATIC, BaseUrl::parse("https://example.com").unwrap());
    }
}
