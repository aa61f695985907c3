//! Building `http::Request`s: base URL checks and percent-encoding of path segments and query
//! values. The operations' `to_http` methods are written with these.

use std::borrow::Cow;

use http::{Method, Request, header};

use crate::Error;

/// `User-Agent` of every request: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Accumulates a request URL from a base URL, path pieces and query pairs.
pub struct UrlBuilder {
    url: String,
    has_query: bool,
    /// `name=value` pairs of the `Cookie` header, `; `-separated.
    cookies: String,
    body: Option<(Cow<'static, str>, Vec<u8>)>,
}

impl UrlBuilder {
    /// Starts from an absolute `http`/`https` base URL, which may carry a path prefix.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let invalid = |reason| Error::InvalidBaseUrl {
            url: base_url.to_owned(),
            reason,
        };
        let uri: http::Uri = base_url
            .parse()
            .map_err(|_| invalid("not a valid absolute URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(invalid("the scheme must be http or https")),
        }
        if uri.authority().is_none() {
            return Err(invalid("the URL has no host"));
        }
        if uri.query().is_some() {
            return Err(invalid("a base URL cannot have a query"));
        }
        Ok(UrlBuilder {
            url: base_url.trim_end_matches('/').to_owned(),
            has_query: false,
            cookies: String::new(),
            body: None,
        })
    }

    /// Appends a fixed part of the path template, as written in the spec.
    pub fn literal(&mut self, path: &str) {
        self.url.push_str(path);
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
        encode_into(&mut self.url, value);
        Ok(())
    }

    /// Appends values as one path segment, `a,b,c` (the `simple` style of a list): each value
    /// percent-encoded, the commas between them literal.
    pub fn segment_joined<'v>(&mut self, values: impl IntoIterator<Item = &'v str>) {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.url.push(',');
            }
            encode_into(&mut self.url, value);
        }
    }

    /// Appends `name=value` to the query, both percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        encode_into(&mut self.url, name);
        self.url.push('=');
        encode_into(&mut self.url, value);
    }

    /// Appends `name=a,b,c`: each value percent-encoded, the commas between them literal, as
    /// the `form` style without `explode` delimits them.
    pub fn query_joined<'v>(&mut self, name: &str, values: impl IntoIterator<Item = &'v str>) {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        encode_into(&mut self.url, name);
        self.url.push('=');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.url.push(',');
            }
            encode_into(&mut self.url, value);
        }
    }

    /// Adds `name=value` to the `Cookie` header; the value is percent-encoded, since cookie
    /// values cannot hold spaces, commas or semicolons.
    pub fn cookie(&mut self, name: &str, value: &str) {
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        self.cookies.push_str(name);
        self.cookies.push('=');
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

    /// The finished request, asking for `accept`.
    pub fn build(self, method: Method, accept: Option<&str>) -> Result<Request<Vec<u8>>, Error> {
        let mut builder = Request::builder()
            .method(method)
            .uri(&self.url)
            .header(header::USER_AGENT, USER_AGENT);
        if let Some(accept) = accept {
            builder = builder.header(header::ACCEPT, accept);
        }
        if !self.cookies.is_empty() {
            builder = builder.header(header::COOKIE, self.cookies);
        }
        let body = match self.body {
            Some((media_type, bytes)) => {
                builder = builder.header(header::CONTENT_TYPE, media_type.as_ref());
                bytes
            }
            None => Vec::new(),
        };
        builder.body(body).map_err(|_| Error::InvalidBaseUrl {
            url: self.url,
            reason: "the request URL is not valid",
        })
    }
}

/// Percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~`. Encoding more than RFC 3986
/// requires is always safe, and servers disagree on the rest (`+` as space, `;` in segments).
pub(crate) fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_fully_encoded() {
        let mut url = UrlBuilder::new("https://example.com/").unwrap();
        url.literal("/a/");
        url.segment("id", "a b/c?d#e%é").unwrap();
        assert_eq!(url.url, "https://example.com/a/a%20b%2Fc%3Fd%23e%25%C3%A9");
    }

    #[test]
    fn dot_segments_and_empty_segments_are_refused() {
        let mut url = UrlBuilder::new("https://example.com/").unwrap();
        url.literal("/files/");
        for value in ["", ".", ".."] {
            let error = url.segment("name", value).unwrap_err();
            assert!(error.to_string().starts_with("name: "), "{error}");
        }
        url.segment("name", "...").unwrap();
        url.segment("name", ".a").unwrap();
        assert_eq!(url.url, "https://example.com/files/....a");
    }

    #[test]
    fn base_urls_are_checked() {
        assert!(UrlBuilder::new("ftp://example.com").is_err());
        assert!(UrlBuilder::new("/relative").is_err());
        assert!(UrlBuilder::new("https://example.com?x=1").is_err());
        assert!(UrlBuilder::new("http://127.0.0.1:8080/prefix").is_ok());
    }
}
