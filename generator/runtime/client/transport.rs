//! The HTTP exchange: HTTP/1.1 on hyper's connection pool over the client's own connector
//! (`connect.rs`), within the client's timeouts, following redirects only within the origin,
//! and reading bodies up to a limit.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use hyper::body::{Body as _, Bytes, Frame, Incoming, SizeHint};
use hyper_util::client::legacy::Client as Pool;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::time::Instant;

use super::builder::Limits;
use super::connect::{ConnectTimedOut, Connector};
use super::origin::Origin;
use super::proxy::Proxies;
use crate::Error;
use crate::error::TransportError;

/// Redirects followed at most, within one origin.
const MAX_REDIRECTS: usize = 10;
/// How long an unused connection stays open for the next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Sends requests; cheap to clone (clones share the connection pool).
#[derive(Clone)]
pub(super) struct Transport {
    pool: Pool<Connector, Full>,
    proxies: Arc<Proxies>,
    user_agent: HeaderValue,
    read_timeout: Duration,
}

impl Transport {
    pub(super) fn new(user_agent: &HeaderValue, limits: &Limits) -> Result<Transport, Error> {
        let proxies = Arc::new(Proxies::from_env()?);
        let connector = Connector::new(Arc::clone(&proxies), limits.connect_timeout)?;
        let pool = Pool::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(IDLE_TIMEOUT)
            .build(connector);
        Ok(Transport {
            pool,
            proxies,
            user_agent: user_agent.clone(),
            read_timeout: limits.read_timeout,
        })
    }

    /// One exchange of `request`, redirects within its origin followed, all of it (the body
    /// too, when `B` reads it) within `timeout`.
    pub(super) async fn send<B: Receive>(
        &self,
        request: http::Request<Vec<u8>>,
        timeout: Duration,
        limit: usize,
    ) -> Result<http::Response<B>, Error> {
        let deadline = Deadline {
            at: Instant::now() + timeout,
            timeout,
            read_timeout: self.read_timeout,
        };
        let exchange = async {
            let response = self.follow(request, deadline).await?;
            B::receive(response, limit).await
        };
        // The body's reads keep their own deadline, past this future (a download).
        match tokio::time::timeout_at(deadline.at, exchange).await {
            Ok(result) => result,
            Err(_) => Err(deadline.elapsed()),
        }
    }

    /// Sends `request` and then, while the answer is a redirect within the request's origin
    /// (same scheme, host and port), the request the redirect asks for. A redirect elsewhere is
    /// returned as the response it is, so credentials never reach another server, nor the
    /// same one over plain `http`.
    async fn follow(
        &self,
        request: http::Request<Vec<u8>>,
        deadline: Deadline,
    ) -> Result<http::Response<Body>, Error> {
        let (mut parts, mut body) = request.into_parts();
        parts
            .headers
            .insert(header::USER_AGENT, self.user_agent.clone());
        if !parts.headers.contains_key(header::ACCEPT) {
            parts
                .headers
                .insert(header::ACCEPT, HeaderValue::from_static("*/*"));
        }
        let origin = Origin::of_uri(&parts.uri);
        for _ in 0..=MAX_REDIRECTS {
            let response = self.once(&parts, &body, deadline).await?;
            let Some(next) = redirect_target(&parts.uri, &response) else {
                return Ok(response);
            };
            if origin.is_none() || Origin::of_uri(&next) != origin {
                return Ok(response);
            }
            // 301, 302 and 303 become a GET without the body (as browsers do); 307 and 308
            // repeat the request as it was.
            let status = response.status();
            if matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND | StatusCode::SEE_OTHER
            ) {
                if parts.method != Method::HEAD {
                    parts.method = Method::GET;
                }
                body = Vec::new();
                for name in [
                    header::CONTENT_TYPE,
                    header::CONTENT_LENGTH,
                    header::CONTENT_ENCODING,
                    header::TRANSFER_ENCODING,
                ] {
                    parts.headers.remove(name);
                }
            }
            parts.uri = next;
        }
        Err(Error::Transport(TransportError::message(
            "too many redirects",
        )))
    }

    /// One request on the wire; its answer's headers within the read timeout.
    async fn once(
        &self,
        parts: &http::request::Parts,
        body: &[u8],
        deadline: Deadline,
    ) -> Result<http::Response<Body>, Error> {
        let mut request = http::Request::new(Full::new(body.to_vec()));
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = parts.uri.clone();
        *request.headers_mut() = parts.headers.clone();
        let plain_http = parts.uri.scheme() == Some(&http::uri::Scheme::HTTP);
        if let (true, Some(host)) = (plain_http, parts.uri.host()) {
            // A request sent to an `http` proxy whole carries the proxy's credentials itself.
            if let Some(value) = self
                .proxies
                .for_host(false, host)
                .and_then(|proxy| proxy.authorization.clone())
            {
                request
                    .headers_mut()
                    .insert(header::PROXY_AUTHORIZATION, value);
            }
        }
        let response = deadline
            .read(self.pool.request(request))
            .await?
            .map_err(exchange_error)?;
        Ok(response.map(|incoming| Body { incoming, deadline }))
    }
}

/// Where a redirect response points, resolved against `uri`; `None` if it is no redirect.
fn redirect_target<B>(uri: &http::Uri, response: &http::Response<B>) -> Option<http::Uri> {
    if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let location = location.split('#').next().unwrap_or_default();
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?.as_str();
    let absolute = if location.contains("://") {
        location.to_owned()
    } else if let Some(rest) = location.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else {
        // Relative to the request's path, without its last segment.
        let path = uri.path();
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let folder = if folder.is_empty() { "/" } else { folder };
        format!("{scheme}://{authority}{folder}{location}")
    };
    absolute.parse().ok()
}

/// A failed exchange as the client's error: a connect timeout is a timeout.
fn exchange_error(error: hyper_util::client::legacy::Error) -> Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(e) = cause {
        if e.is::<ConnectTimedOut>() {
            return Error::Timeout(e.to_string());
        }
        cause = e.source();
    }
    let error = if error.is_connect() {
        TransportError::new("cannot connect", Cause(error)).connecting()
    } else {
        TransportError::new("the HTTP exchange failed", Cause(error))
    };
    Error::Transport(error)
}

/// The cause under hyper's pool error, whose own message (`client error (Connect)`) adds
/// nothing to the message above it.
struct Cause(hyper_util::client::legacy::Error);

impl Cause {
    fn inner(&self) -> &(dyn std::error::Error + 'static) {
        std::error::Error::source(&self.0).unwrap_or(&self.0)
    }
}

impl std::fmt::Debug for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.inner(), f)
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.inner(), f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0).and_then(std::error::Error::source)
    }
}

/// The bounds of one exchange: its end, and the longest silence while an answer is due.
#[derive(Clone, Copy, Debug)]
struct Deadline {
    at: Instant,
    timeout: Duration,
    read_timeout: Duration,
}

impl Deadline {
    /// `future` within the read timeout and the exchange's deadline.
    async fn read<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        let silence = Instant::now() + self.read_timeout;
        tokio::time::timeout_at(silence.min(self.at), future)
            .await
            .map_err(|_| {
                if silence < self.at {
                    Error::Timeout(format!(
                        "the server sent nothing for {:?}",
                        self.read_timeout
                    ))
                } else {
                    self.elapsed()
                }
            })
    }

    fn elapsed(&self) -> Error {
        Error::Timeout(format!("no whole answer within {:?}", self.timeout))
    }
}

/// A response body still on the connection, read within the exchange's deadlines.
pub(super) struct Body {
    incoming: Incoming,
    deadline: Deadline,
}

impl Body {
    /// The length the server declares, if it does.
    pub(super) fn content_length(&self) -> Option<u64> {
        self.incoming.size_hint().exact()
    }

    /// The next piece of the body; `None` at its end.
    pub(super) async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        loop {
            let frame = std::future::poll_fn(|cx| Pin::new(&mut self.incoming).poll_frame(cx));
            match self.deadline.read(frame).await? {
                None => return Ok(None),
                Some(Err(e)) => {
                    return Err(Error::Transport(TransportError::new(
                        "reading the response body failed",
                        e,
                    )));
                }
                Some(Ok(frame)) => {
                    // Trailers carry nothing the client uses.
                    if let Ok(data) = frame.into_data() {
                        return Ok(Some(data));
                    }
                }
            }
        }
    }
}

/// A request body in one piece.
pub(super) struct Full(Option<Bytes>);

impl Full {
    fn new(body: Vec<u8>) -> Full {
        Full((!body.is_empty()).then(|| Bytes::from(body)))
    }
}

impl hyper::body::Body for Full {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.0.take().map(|data| Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.as_ref().map_or(0, |data| data.len() as u64))
    }
}

/// How an exchange takes the response body off the connection: read whole, up to a limit
/// (`Vec<u8>`), or left there for the caller to read piece by piece ([`Unread`]). Statuses
/// and headers are all the authentication steps and the retry policy look at, so they work
/// the same on either.
pub(super) trait Receive: Sized + Send {
    fn receive(
        response: http::Response<Body>,
        limit: usize,
    ) -> impl Future<Output = Result<http::Response<Self>, Error>> + Send;
}

impl Receive for Vec<u8> {
    fn receive(
        response: http::Response<Body>,
        limit: usize,
    ) -> impl Future<Output = Result<http::Response<Self>, Error>> + Send {
        read_response(response, limit)
    }
}

/// A body still on the connection (see [`Receive`]).
pub(super) struct Unread(pub(super) Body);

impl Receive for Unread {
    async fn receive(
        response: http::Response<Body>,
        _limit: usize,
    ) -> Result<http::Response<Self>, Error> {
        Ok(response.map(Unread))
    }
}

/// The whole response, as an `http::Response`, if its body is at most `limit` bytes.
pub(super) async fn read_response(
    response: http::Response<Body>,
    limit: usize,
) -> Result<http::Response<Vec<u8>>, Error> {
    let (parts, mut incoming) = response.into_parts();
    let status = parts.status;
    let too_large = || Error::BodyTooLarge { status, limit };
    // A declared length is checked first; the count below catches bodies that lie or have none.
    let declared = incoming.content_length().unwrap_or(0);
    if declared > limit as u64 {
        return Err(too_large());
    }
    // What the server declares is reserved only up to 1 MiB: a length is a claim, not bytes.
    let mut body = Vec::with_capacity(declared.min(1 << 20) as usize);
    while let Some(chunk) = incoming.chunk().await? {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(http::Response::from_parts(parts, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(status: u16, location: &str) -> http::Response<()> {
        http::Response::builder()
            .status(status)
            .header("location", location)
            .body(())
            .unwrap()
    }

    #[test]
    fn redirect_targets_resolve_against_the_request() {
        let uri: http::Uri = "https://api.example.com/v2/groups/x?page=2"
            .parse()
            .unwrap();
        let target = |status, location| {
            redirect_target(&uri, &redirect(status, location)).map(|u| u.to_string())
        };
        assert_eq!(
            target(302, "/moved?a=1#frag").as_deref(),
            Some("https://api.example.com/moved?a=1")
        );
        assert_eq!(
            target(307, "other").as_deref(),
            Some("https://api.example.com/v2/groups/other")
        );
        assert_eq!(
            target(308, "//elsewhere.example/x").as_deref(),
            Some("https://elsewhere.example/x")
        );
        assert_eq!(
            target(301, "http://api.example.com/x").as_deref(),
            Some("http://api.example.com/x")
        );
        assert_eq!(target(200, "/x"), None);
        assert_eq!(target(304, "/x"), None);
    }

    #[test]
    fn a_request_body_is_one_frame_of_its_exact_length() {
        let body = Full::new(b"{}".to_vec());
        assert_eq!(body.size_hint().exact(), Some(2));
        assert!(!body.is_end_stream());
        let empty = Full::new(Vec::new());
        assert_eq!(empty.size_hint().exact(), Some(0));
        assert!(empty.is_end_stream());
    }
}
