//! Credentials sent with every request as they are: API keys (a header, query parameter or
//! cookie, as the spec's `apiKey` schemes say) and HTTP basic authentication.

use std::fmt;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::Error;
use crate::secret::Secret;

/// Where an `apiKey` scheme of the spec sends the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// An `apiKey` security scheme of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiKeyScheme {
    /// Its name under `components/securitySchemes`.
    pub scheme: &'static str,
    pub location: ApiKeyLocation,
    /// The header, query parameter or cookie name.
    pub name: &'static str,
}

/// A key the client sends, and how.
pub(super) struct ApiKey {
    scheme: ApiKeyScheme,
    /// The header value (header keys), or the key itself.
    header: Option<HeaderValue>,
    value: Secret,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("scheme", &self.scheme.scheme)
            .field("value", &crate::secret::Redacted)
            .finish()
    }
}

impl ApiKey {
    /// The key for the scheme named `scheme` (the spec's first `apiKey` scheme when `None`).
    pub(super) fn new(scheme: Option<&str>, value: Secret) -> Result<ApiKey, Error> {
        let found = match scheme {
            None => crate::API_KEY_SCHEMES.first(),
            Some(name) => crate::API_KEY_SCHEMES.iter().find(|s| s.scheme == name),
        };
        let scheme = *found.ok_or_else(|| {
            Error::Config(match scheme {
                None => "the spec has no API key scheme".to_owned(),
                Some(name) => format!("the spec has no API key scheme named `{name}`"),
            })
        })?;
        let header = match scheme.location {
            ApiKeyLocation::Header => {
                let mut header = HeaderValue::from_str(value.expose()).map_err(|_| {
                    Error::Auth("the API key is not a valid header value".to_owned())
                })?;
                header.set_sensitive(true);
                Some(header)
            }
            _ => None,
        };
        Ok(ApiKey {
            scheme,
            header,
            value,
        })
    }

    /// Adds the key to a request's URL and headers.
    fn apply(&self, url: &mut String, headers: &mut HeaderMap) -> Result<(), Error> {
        let name = self.scheme.name;
        match self.scheme.location {
            ApiKeyLocation::Header => {
                let header_name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
                if let Some(value) = &self.header {
                    headers.insert(header_name, value.clone());
                }
            }
            ApiKeyLocation::Query => {
                url.push(if url.contains('?') { '&' } else { '?' });
                crate::request::encode_into_string(url, name);
                url.push('=');
                crate::request::encode_into_string(url, self.value.expose());
            }
            ApiKeyLocation::Cookie => {
                let mut cookie = headers
                    .get(header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| format!("{v}; "))
                    .unwrap_or_default();
                cookie.push_str(name);
                cookie.push('=');
                crate::request::encode_into_string(&mut cookie, self.value.expose());
                let mut value = HeaderValue::from_str(&cookie).map_err(|_| {
                    Error::Config("the cookie is not a valid header value".to_owned())
                })?;
                value.set_sensitive(true);
                headers.insert(header::COOKIE, value);
            }
        }
        Ok(())
    }
}

/// `request` with every key added where its scheme says.
pub(super) fn with_keys(
    keys: &[ApiKey],
    request: &http::Request<Vec<u8>>,
) -> Result<http::Request<Vec<u8>>, Error> {
    let mut url = request.uri().to_string();
    let mut headers = request.headers().clone();
    for key in keys {
        key.apply(&mut url, &mut headers)?;
    }
    let mut keyed = http::Request::new(request.body().clone());
    *keyed.method_mut() = request.method().clone();
    *keyed.uri_mut() = url
        .parse()
        .map_err(|_| Error::Config("the API key does not fit in the request URL".to_owned()))?;
    *keyed.version_mut() = request.version();
    *keyed.headers_mut() = headers;
    Ok(keyed)
}

/// `Basic base64(user:password)`, marked sensitive.
pub(super) fn basic_value(username: &str, password: &Secret) -> Result<HeaderValue, Error> {
    let credentials = format!("{username}:{}", password.expose());
    let mut value = HeaderValue::from_str(&format!(
        "Basic {}",
        super::oauth::base64(credentials.as_bytes())
    ))
    .map_err(|_| Error::Auth("the basic credentials are not a valid header value".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}
