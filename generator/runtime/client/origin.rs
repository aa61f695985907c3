//! Origins (scheme, host, port): credentials go only to the client's own origin, and over
//! plain `http` only to a loopback host.

use std::net::IpAddr;

use crate::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute `http`/`https` URL.
    pub(super) fn of_url(url: &str) -> Result<Origin, Error> {
        let uri: http::Uri = url.parse().map_err(|_| Error::InvalidBaseUrl {
            url: url.to_owned(),
            reason: "not a valid absolute URL",
        })?;
        Origin::of_uri(&uri).ok_or_else(|| Error::InvalidBaseUrl {
            url: url.to_owned(),
            reason: "the URL has no http or https scheme and host",
        })
    }

    /// The origin of `uri`, if it is an absolute `http`/`https` URI.
    pub(super) fn of_uri(uri: &http::Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        Some(Origin {
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
            scheme,
        })
    }

    /// Credentials may go to this origin: it is `https`, or its host is a loopback address.
    pub(super) fn check_safe_for_credentials(&self, url: &str) -> Result<(), Error> {
        if self.scheme == "https" || self.is_loopback() {
            return Ok(());
        }
        Err(Error::InvalidBaseUrl {
            url: url.to_owned(),
            reason: "credentials are only sent over https, or over http to a loopback host \
                     (call `allow_insecure_http()` on the builder to send them anyway)",
        })
    }

    fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host == "localhost"
            || host.ends_with(".localhost")
            || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let a = Origin::of_url("https://Example.com/api").unwrap();
        assert_eq!(a, Origin::of_url("https://example.com:443/x").unwrap());
        assert_ne!(a, Origin::of_url("http://example.com:443").unwrap());
        assert_ne!(a, Origin::of_url("https://example.com:8443").unwrap());
        assert_ne!(a, Origin::of_url("https://example.org").unwrap());
    }

    #[test]
    fn plain_http_is_safe_only_to_loopback_hosts() {
        let safe = |url: &str| Origin::of_url(url).unwrap().check_safe_for_credentials(url);
        assert!(safe("https://cloud.mongodb.com").is_ok());
        assert!(safe("http://127.0.0.1:8080").is_ok());
        assert!(safe("http://127.8.9.10").is_ok());
        assert!(safe("http://[::1]:99").is_ok());
        assert!(safe("http://localhost:3000").is_ok());
        assert!(safe("http://cloud.mongodb.com").is_err());
        assert!(safe("http://10.0.0.1").is_err());
        assert!(safe("http://localhost.example.com").is_err());
    }
}
