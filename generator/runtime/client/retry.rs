//! Retrying rate-limited (429) and unavailable (503) responses.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use http::{StatusCode, header};

/// When to send a request again after HTTP 429 or 503: after the server's `Retry-After`
/// (seconds, capped at [`RetryPolicy::max_delay`]) or else after an exponential backoff with
/// jitter, up to [`RetryPolicy::max_attempts`] attempts in all.
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

    /// The first backoff delay when the server sends no `Retry-After`; it doubles with each
    /// attempt.
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// How many attempts in all, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1` after `response`, or `None` to return it.
    pub(super) fn delay(
        &self,
        attempt: u32,
        response: &http::Response<Vec<u8>>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let status = response.status();
        if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE {
            return None;
        }
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        if let Some(after) = retry_after {
            return Some(after.min(self.max_delay));
        }
        let factor = 1u32 << (attempt - 1).min(16);
        let backoff = self.base_delay.saturating_mul(factor).min(self.max_delay);
        // Half fixed, half random, so that clients rate-limited together spread out.
        let half = backoff / 2;
        Some(half + half.mul_f64(jitter()))
    }
}

/// A number in `[0, 1)`, from the randomly keyed hasher of the standard library.
fn jitter() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
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
        let delay = policy.delay(1, &response(429, Some("2")));
        assert_eq!(delay, Some(Duration::from_secs(2)));
        let delay = policy.delay(1, &response(503, Some("120")));
        assert_eq!(delay, Some(Duration::from_secs(5)));
        assert_eq!(policy.delay(3, &response(429, Some("1"))), None);
        assert_eq!(policy.delay(1, &response(500, None)), None);
    }

    #[test]
    fn backoff_grows_with_jitter_below_the_cap() {
        let policy = RetryPolicy::new(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        for attempt in 1..10 {
            let delay = policy.delay(attempt, &response(503, None)).unwrap();
            let full =
                (Duration::from_millis(100) * (1 << (attempt - 1))).min(Duration::from_secs(1));
            assert!(delay >= full / 2 && delay <= full, "{attempt}: {delay:?}");
        }
        assert_eq!(RetryPolicy::disabled().delay(1, &response(429, None)), None);
    }
}
