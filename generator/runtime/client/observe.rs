//! A crate-internal hook that sees every attempt of every request, token requests included: what
//! the command-line tool's `--debug` prints. It sees the method, the URL, the outcome and the
//! time taken; never a header, so never a credential. The `tracing` events of an attempt are
//! made from the same record.

use std::sync::Arc;
use std::time::Duration;

use crate::Error;

/// One attempt of one request, as the observer sees it.
// Only the command-line tool reads it; a crate built without it leaves the fields unread.
#[allow(dead_code)]
pub(crate) struct Attempt<'a> {
    pub(crate) method: &'a http::Method,
    pub(crate) url: &'a str,
    /// 1 for the first attempt.
    pub(crate) attempt: u32,
    pub(crate) outcome: Result<http::StatusCode, &'a Error>,
    pub(crate) elapsed: Duration,
    /// The wait before the next attempt, when the response is retried.
    pub(crate) retry_in: Option<Duration>,
}

/// Called once per attempt, after it ends.
pub(crate) type Observer = Arc<dyn Fn(&Attempt<'_>) + Send + Sync>;
