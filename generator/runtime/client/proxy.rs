//! Proxies from the environment, as curl and most HTTP clients read them: `HTTPS_PROXY` for
//! `https` requests, `HTTP_PROXY` for `http` ones (`ALL_PROXY` for either when those are not
//! set; lower-case names too), except for the hosts `NO_PROXY` lists. An `https` request goes
//! through a tunnel (`CONNECT`), so the proxy sees only where it goes; an `http` request is
//! sent to the proxy whole.

use std::fmt;
use std::net::IpAddr;

use http::header::HeaderValue;

use crate::Error;

/// The proxies of one client, read once when it is built.
#[derive(Default)]
pub(super) struct Proxies {
    http: Option<Proxy>,
    https: Option<Proxy>,
    no_proxy: NoProxy,
}

/// One proxy: where it is, and the `Proxy-Authorization` its URL's user and password make.
#[derive(Clone)]
pub(super) struct Proxy {
    pub(super) tls: bool,
    pub(super) host: String,
    pub(super) port: u16,
    /// `Basic ...`, marked sensitive.
    pub(super) authorization: Option<HeaderValue>,
}

impl fmt::Debug for Proxy {
    // The URL's user and password are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("tls", &self.tls)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("authorization", &self.authorization.is_some())
            .finish()
    }
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxies")
            .field("http", &self.http)
            .field("https", &self.https)
            .field("no_proxy", &self.no_proxy.0.len())
            .finish()
    }
}

impl Proxies {
    /// The proxies the environment names.
    pub(super) fn from_env() -> Result<Proxies, Error> {
        Proxies::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Proxies, Error> {
        let read = |names: &[&str]| {
            names
                .iter()
                .filter_map(|name| var(name))
                .find(|value| !value.trim().is_empty())
        };
        let all = read(&["ALL_PROXY", "all_proxy"]);
        // Under CGI, `HTTP_PROXY` is the request's `Proxy:` header, which the caller of the
        // script chose ("httpoxy"): it is not taken then.
        let cgi = var("REQUEST_METHOD").is_some();
        let http = if cgi {
            read(&["http_proxy"])
        } else {
            read(&["HTTP_PROXY", "http_proxy"])
        };
        let https = read(&["HTTPS_PROXY", "https_proxy"]);
        let parse = |value: Option<String>| value.or(all.clone()).map(|v| Proxy::parse(&v));
        Ok(Proxies {
            http: parse(http).transpose()?,
            https: parse(https).transpose()?,
            no_proxy: NoProxy::parse(&read(&["NO_PROXY", "no_proxy"]).unwrap_or_default()),
        })
    }

    /// The proxy for a request to `host` over `https` (or `http`), if it takes one.
    pub(super) fn for_host(&self, https: bool, host: &str) -> Option<&Proxy> {
        let proxy = if https { &self.https } else { &self.http };
        proxy.as_ref().filter(|_| !self.no_proxy.matches(host))
    }
}

impl Proxy {
    /// `http://[user:password@]host[:port]`, `https://...`, or `host[:port]` (as `http`).
    fn parse(value: &str) -> Result<Proxy, Error> {
        let invalid = |reason: &'static str| Error::Config(format!("the proxy URL {reason}"));
        let value = value.trim();
        let (tls, rest) = match value.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest),
            Some(_) => return Err(invalid("has a scheme other than http or https")),
            None => (false, value),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((userinfo, host_port)) => (Some(userinfo), host_port),
            None => (None, authority),
        };
        let uri: http::uri::Authority = host_port
            .parse()
            .map_err(|_| invalid("has no valid host"))?;
        let host = uri.host().trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(invalid("has no host"));
        }
        let authorization = match userinfo {
            Some(userinfo) => {
                let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                let pair = format!("{}:{}", percent_decode(user), percent_decode(password));
                let mut value = HeaderValue::from_str(&format!(
                    "Basic {}",
                    super::oauth::base64(pair.as_bytes())
                ))
                .map_err(|_| invalid("has a user or password that cannot be sent"))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        Ok(Proxy {
            tls,
            host: host.to_ascii_lowercase(),
            port: uri.port_u16().unwrap_or(if tls { 443 } else { 80 }),
            authorization,
        })
    }
}

/// `%XX` escapes decoded; the rest kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The hosts reached without a proxy: `*` for all, domains (with their subdomains; a leading
/// `.` changes nothing), IP addresses and networks (`10.0.0.0/8`, `::1`).
#[derive(Default)]
struct NoProxy(Vec<NoProxyEntry>);

enum NoProxyEntry {
    All,
    Domain(String),
    Network(IpAddr, u8),
}

impl NoProxy {
    fn parse(value: &str) -> NoProxy {
        let entries = value
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                if entry == "*" {
                    return NoProxyEntry::All;
                }
                let (address, bits) = match entry.split_once('/') {
                    Some((address, bits)) => (address, bits.parse().ok()),
                    None => (entry, None),
                };
                let address = address.trim_start_matches('[').trim_end_matches(']');
                match address.parse::<IpAddr>() {
                    Ok(ip) => {
                        let full = if ip.is_ipv4() { 32 } else { 128 };
                        NoProxyEntry::Network(ip, bits.unwrap_or(full).min(full))
                    }
                    Err(_) => {
                        // A port (`example.com:8080`) is not told apart: the host is what counts.
                        let domain = entry.split(':').next().unwrap_or(entry);
                        NoProxyEntry::Domain(domain.trim_start_matches('.').to_ascii_lowercase())
                    }
                }
            })
            .collect();
        NoProxy(entries)
    }

    fn matches(&self, host: &str) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let ip = host.parse::<IpAddr>().ok();
        self.0.iter().any(|entry| match entry {
            NoProxyEntry::All => true,
            NoProxyEntry::Domain(domain) => {
                host == *domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            }
            NoProxyEntry::Network(network, bits) => {
                ip.is_some_and(|ip| in_network(ip, *network, *bits))
            }
        })
    }
}

/// Whether `ip` is in the network of `bits` leading bits of `network`.
fn in_network(ip: IpAddr, network: IpAddr, bits: u8) -> bool {
    let prefix = |a: u128, b: u128, width: u32| {
        let bits = u32::from(bits).min(width);
        bits == 0 || (a ^ b) >> (width - bits) == 0
    };
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            prefix(u32::from(ip).into(), u32::from(network).into(), 32)
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => prefix(ip.into(), network.into(), 128),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)]) -> Proxies {
        Proxies::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .unwrap()
    }

    #[test]
    fn each_scheme_takes_its_own_proxy() {
        let p = proxies(&[
            ("HTTPS_PROXY", "http://secure.proxy:3128"),
            ("http_proxy", "plain.proxy"),
        ]);
        let https = p.for_host(true, "api.example.com").unwrap();
        assert_eq!(
            (https.host.as_str(), https.port, https.tls),
            ("secure.proxy", 3128, false)
        );
        let http = p.for_host(false, "api.example.com").unwrap();
        assert_eq!((http.host.as_str(), http.port), ("plain.proxy", 80));
        assert!(proxies(&[]).for_host(true, "api.example.com").is_none());
        let all = proxies(&[("ALL_PROXY", "https://all.proxy")]);
        assert_eq!(all.for_host(false, "x").unwrap().port, 443);
        assert!(all.for_host(true, "x").unwrap().tls);
    }

    #[test]
    fn http_proxy_is_ignored_under_cgi() {
        let p = proxies(&[("HTTP_PROXY", "evil.proxy"), ("REQUEST_METHOD", "GET")]);
        assert!(p.for_host(false, "api.example.com").is_none());
    }

    #[test]
    fn no_proxy_lists_domains_addresses_and_networks() {
        let p = proxies(&[
            ("HTTPS_PROXY", "proxy:8080"),
            (
                "NO_PROXY",
                " .internal.example, localhost,10.0.0.0/8, ::1,192.168.1.7",
            ),
        ]);
        let direct = |host: &str| p.for_host(true, host).is_none();
        assert!(direct("internal.example"));
        assert!(direct("api.internal.example"));
        assert!(!direct("notinternal.example"));
        assert!(direct("LOCALHOST"));
        assert!(direct("10.20.30.40"));
        assert!(!direct("11.0.0.1"));
        assert!(direct("[::1]"));
        assert!(direct("192.168.1.7"));
        assert!(!direct("192.168.1.8"));
        assert!(!direct("cloud.mongodb.com"));
        let all = proxies(&[("HTTPS_PROXY", "proxy"), ("no_proxy", "*")]);
        assert!(all.for_host(true, "cloud.mongodb.com").is_none());
    }

    #[test]
    fn credentials_in_the_proxy_url_become_a_hidden_header() {
        let p = proxies(&[("HTTPS_PROXY", "http://us%40er:p%3Ass@proxy:3128")]);
        let proxy = p.for_host(true, "api.example.com").unwrap();
        let value = proxy.authorization.as_ref().unwrap();
        // base64("us@er:p:ss")
        assert_eq!(value.to_str().unwrap(), "Basic dXNAZXI6cDpzcw==");
        assert!(value.is_sensitive());
        let shown = format!("{p:?}");
        assert!(
            !shown.contains("p:ss") && !shown.contains("dXNA"),
            "{shown}"
        );
    }

    #[test]
    fn a_proxy_url_of_another_scheme_is_refused() {
        let result = Proxies::from_lookup(|name| {
            (name == "HTTPS_PROXY").then(|| "socks5://user:secret@proxy:1080".to_owned())
        });
        let error = result.unwrap_err().to_string();
        assert!(error.contains("scheme"), "{error}");
        assert!(!error.contains("secret"), "{error}");
    }
}
