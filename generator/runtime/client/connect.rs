//! Connections for hyper's pool: TCP through tokio, TLS through rustls (the `ring` provider, the
//! platform's certificate store), through a proxy when the environment names one (a `CONNECT`
//! tunnel for `https`), all within the client's connect timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use rustls_platform_verifier::BuilderVerifierExt;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::proxy::{Proxies, Proxy};
use crate::Error;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The byte stream under one connection: TCP, TLS over it, or TLS inside a tunnel.
trait Stream: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Stream for T {}

/// Makes the connections of one client.
#[derive(Clone)]
pub(super) struct Connector {
    tls: tokio_rustls::TlsConnector,
    proxies: Arc<Proxies>,
    timeout: Duration,
}

/// Connecting took longer than the connect timeout; found in the error's sources to tell a
/// timeout from other failures.
#[derive(Debug)]
pub(super) struct ConnectTimedOut;

impl std::fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connecting took longer than the connect timeout")
    }
}

impl std::error::Error for ConnectTimedOut {}

/// A failure of the proxy (it refused the tunnel, or answered something else than HTTP).
#[derive(Debug)]
struct ProxyError(String);

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProxyError {}

impl Connector {
    pub(super) fn new(proxies: Arc<Proxies>, timeout: Duration) -> Result<Connector, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| builder.with_platform_verifier())
            .map_err(|e| Error::Config(format!("cannot set up TLS: {e}")))?
            .with_no_client_auth();
        // The client speaks HTTP/1.1 only; saying so lets servers that offer both pick it.
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Connector {
            tls: tokio_rustls::TlsConnector::from(Arc::new(tls)),
            proxies,
            timeout,
        })
    }

    async fn connect(self, uri: http::Uri) -> Result<Conn, BoxError> {
        let https = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => true,
            Some(s) if s.eq_ignore_ascii_case("http") => false,
            _ => return Err("the URL is neither http nor https".into()),
        };
        let authority = uri.authority().ok_or("the URL has no host")?;
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let port = authority.port_u16().unwrap_or(if https { 443 } else { 80 });
        let Some(proxy) = self.proxies.for_host(https, host) else {
            let stream = tcp(host, port).await?;
            let stream = if https {
                self.tls(host, stream).await?
            } else {
                stream
            };
            return Ok(Conn::new(stream, false));
        };
        let mut stream = tcp(&proxy.host, proxy.port).await?;
        if proxy.tls {
            stream = self.tls(&proxy.host, stream).await?;
        }
        if https {
            tunnel(&mut stream, host, port, proxy).await?;
            Ok(Conn::new(self.tls(host, stream).await?, false))
        } else {
            // The request goes to the proxy whole, its URL in absolute form.
            Ok(Conn::new(stream, true))
        }
    }

    async fn tls(&self, host: &str, stream: Box<dyn Stream>) -> Result<Box<dyn Stream>, BoxError> {
        let name = ServerName::try_from(host.to_owned())
            .map_err(|_| format!("{host:?} is not a name a TLS certificate can be for"))?;
        let stream = self.tls.connect(name, stream).await?;
        Ok(Box::new(stream))
    }
}

async fn tcp(host: &str, port: u16) -> Result<Box<dyn Stream>, BoxError> {
    let stream = TcpStream::connect((host, port)).await?;
    // Requests are written whole; waiting to fill a packet only delays them.
    stream.set_nodelay(true)?;
    Ok(Box::new(stream))
}

/// The longest answer to `CONNECT` read: a status line and a few headers.
const MAX_PROXY_ANSWER: usize = 8 * 1024;

/// Asks the proxy on `stream` for a tunnel to `host:port` (RFC 9110 9.3.6).
async fn tunnel(
    stream: &mut Box<dyn Stream>,
    host: &str,
    port: u16,
    proxy: &Proxy,
) -> Result<(), BoxError> {
    let target = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n").into_bytes();
    if let Some(authorization) = &proxy.authorization {
        request.extend_from_slice(b"Proxy-Authorization: ");
        request.extend_from_slice(authorization.as_bytes());
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    stream.write_all(&request).await?;
    stream.flush().await?;
    // The answer is read a byte at a time up to its blank line, so nothing of the tunnel's
    // first bytes (the TLS handshake) is taken with it.
    let mut answer = Vec::with_capacity(256);
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() >= MAX_PROXY_ANSWER {
            return Err(ProxyError("the proxy's answer to CONNECT is too long".into()).into());
        }
        let byte = stream.read_u8().await.map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => {
                BoxError::from(ProxyError("the proxy closed the connection".into()))
            }
            _ => e.into(),
        })?;
        answer.push(byte);
    }
    let status = answer
        .strip_prefix(b"HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| std::str::from_utf8(code).ok())
        .and_then(|code| code.parse::<u16>().ok());
    match status {
        Some(200..=299) => Ok(()),
        Some(407) => Err(ProxyError("the proxy wants credentials (HTTP 407)".into()).into()),
        Some(status) => {
            Err(ProxyError(format!("the proxy refused the tunnel (HTTP {status})")).into())
        }
        None => Err(ProxyError("the proxy did not answer CONNECT in HTTP".into()).into()),
    }
}

impl tower_service::Service<http::Uri> for Connector {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connector = self.clone();
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, connector.connect(uri)).await {
                Ok(result) => result,
                Err(_) => Err(Box::new(ConnectTimedOut) as BoxError),
            }
        })
    }
}

/// One connection, as hyper's pool holds it.
pub(super) struct Conn {
    io: TokioIo<Box<dyn Stream>>,
    /// Sent to an `http` proxy: requests carry their whole URL.
    proxied: bool,
}

impl Conn {
    fn new(stream: Box<dyn Stream>, proxied: bool) -> Conn {
        Conn {
            io: TokioIo::new(stream),
            proxied,
        }
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        Connected::new().proxy(self.proxied)
    }
}

impl hyper::rt::Read for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    fn proxy(port: u16, authorization: Option<&'static str>) -> Proxy {
        Proxy {
            tls: false,
            host: "127.0.0.1".to_owned(),
            port,
            authorization: authorization.map(http::HeaderValue::from_static),
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    /// A proxy that reads one CONNECT request, answers `answer`, and hands the request back.
    async fn one_shot_proxy(answer: &'static [u8]) -> (u16, tokio::task::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            while !request.ends_with(b"\r\n\r\n") {
                request.push(socket.read_u8().await.unwrap());
            }
            socket.write_all(answer).await.unwrap();
            // What follows the answer is the tunnel: echoed, to show nothing was swallowed.
            let byte = socket.read_u8().await.unwrap_or(0);
            let _ = socket.write_all(&[byte]).await;
            String::from_utf8(request).unwrap()
        });
        (port, task)
    }

    #[test]
    fn a_tunnel_is_asked_for_with_the_proxys_credentials() {
        block_on(async {
            let (port, request) =
                one_shot_proxy(b"HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n").await;
            let mut stream = tcp("127.0.0.1", port).await.unwrap();
            tunnel(
                &mut stream,
                "api.example.com",
                443,
                &proxy(port, Some("Basic dTpw")),
            )
            .await
            .unwrap();
            stream.write_all(b"!").await.unwrap();
            assert_eq!(stream.read_u8().await.unwrap(), b'!');
            assert_eq!(
                request.await.unwrap(),
                "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\
             Proxy-Authorization: Basic dTpw\r\n\r\n"
            );
        });
    }

    #[test]
    fn a_refused_tunnel_is_an_error_with_the_status() {
        block_on(async {
            let (port, _request) = one_shot_proxy(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
            let mut stream = tcp("127.0.0.1", port).await.unwrap();
            let error = tunnel(&mut stream, "::1", 443, &proxy(port, None))
                .await
                .unwrap_err();
            assert_eq!(error.to_string(), "the proxy refused the tunnel (HTTP 403)");
        });
    }
}
