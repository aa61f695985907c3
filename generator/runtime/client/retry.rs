//! When a request is sent again: rate limits for any method, server errors and connection
//! failures only for idempotent methods, after `Retry-After` or a capped backoff with full
//! jitter.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{Method, StatusCode, header};

use crate::Error;

/// When to send a request again, up to [`RetryPolicy::max_attempts`] attempts in all:
///
/// - HTTP 429, for any method: the server did not act on the request.
/// - HTTP 5xx other than 501, a connection failure or a timeout, only for idempotent methods
///   (GET, HEAD, PUT, DELETE, OPTIONS, TRACE): sending a POST or PATCH again could act twice.
///
/// The wait is the server's `Retry-After` (seconds or an HTTP date) when it sends one, else a
/// random time between zero and an exponential backoff ("full jitter", so that clients
/// turned away together spread out); neither is longer than [`RetryPolicy::max_delay`]. The
/// OAuth token endpoint's own 429 is retried the same way.
///
/// A client retries nothing unless given a policy with `ClientBuilder::retry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, backoff from 500 ms, no wait longer than 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// At most `max_attempts` attempts in all (the first one included), with the default
    /// delays.
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            ..RetryPolicy::default()
        }
    }

    /// No retries: every response is returned as it comes.
    pub fn disabled() -> Self {
        RetryPolicy::new(1)
    }

    /// The longest wait before an attempt, also for a longer `Retry-After`.
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The backoff before the second attempt when the server sends no `Retry-After`; it
    /// doubles with each attempt, and the wait is a random part of it.
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// How many attempts in all, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1` after `response`, or `None` to return it.
    pub(super) fn delay<B>(
        &self,
        attempt: u32,
        idempotent: bool,
        response: &http::Response<B>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let status = response.status();
        let retryable = status == StatusCode::TOO_MANY_REQUESTS
            || (idempotent && status.is_server_error() && status != StatusCode::NOT_IMPLEMENTED);
        if !retryable {
            return None;
        }
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| crate::response::retry_after(v, SystemTime::now()));
        match retry_after {
            Some(after) => Some(after.min(self.max_delay)),
            None => Some(self.backoff(attempt)),
        }
    }

    /// How long to wait before attempt `attempt + 1` after a failed exchange, or `None` to
    /// return the error.
    pub(super) fn delay_after_error(
        &self,
        attempt: u32,
        idempotent: bool,
        error: &Error,
    ) -> Option<Duration> {
        let connection_failed = matches!(error, Error::Transport(_) | Error::Timeout(_));
        (attempt < self.max_attempts && idempotent && connection_failed)
            .then(|| self.backoff(attempt))
    }

    /// Full jitter: a random wait up to the capped exponential backoff of `attempt`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << (attempt - 1).min(16);
        let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
        ceiling.mul_f64(random_fraction())
    }
}

/// Whether sending `method` twice has the effect of sending it once (RFC 9110 9.2.2).
pub(super) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// A number in `[0, 1)`, from the randomly keyed hasher of the standard library.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos().into()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> http::Response<Vec<u8>> {
        let mut builder = http::Response::builder().status(status);
        if let Some(after) = retry_after {
            builder = builder.header("retry-after", after);
        }
        builder.body(Vec::new()).unwrap()
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let policy = RetryPolicy::new(3).max_delay(Duration::from_secs(5));
        let delay = policy.delay(1, true, &response(429, Some("2")));
        assert_eq!(delay, Some(Duration::from_secs(2)));
        let delay = policy.delay(1, true, &response(503, Some("120")));
        assert_eq!(delay, Some(Duration::from_secs(5)));
        assert_eq!(policy.delay(3, true, &response(429, Some("1"))), None);
        assert_eq!(policy.delay(1, true, &response(404, None)), None);
        assert_eq!(policy.delay(1, true, &response(501, None)), None);
    }

    #[test]
    fn server_errors_are_retried_only_for_idempotent_methods() {
        let policy = RetryPolicy::new(3);
        for status in [500, 502, 503, 504] {
            assert!(policy.delay(1, true, &response(status, None)).is_some());
            assert_eq!(policy.delay(1, false, &response(status, None)), None);
        }
        // The server did not act on a rate-limited request, whatever its method.
        assert!(policy.delay(1, false, &response(429, None)).is_some());
        assert!(is_idempotent(&Method::PUT) && is_idempotent(&Method::DELETE));
        assert!(!is_idempotent(&Method::POST) && !is_idempotent(&Method::PATCH));
    }

    #[test]
    fn backoff_is_full_jitter_below_the_capped_exponential() {
        let policy = RetryPolicy::new(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        let mut below_half = 0;
        for attempt in 1..10 {
            for _ in 0..50 {
                let delay = policy.delay(attempt, true, &response(503, None)).unwrap();
                let ceiling =
                    (Duration::from_millis(100) * (1 << (attempt - 1))).min(Duration::from_secs(1));
                assert!(delay <= ceiling, "{attempt}: {delay:?}");
                below_half += usize::from(delay < ceiling / 2);
            }
        }
        // Full jitter reaches below half the ceiling (an "equal jitter" never would).
        assert!(below_half > 50, "{below_half} of 450 below half");
        assert_eq!(
            RetryPolicy::disabled().delay(1, true, &response(429, None)),
            None
        );
    }
}
