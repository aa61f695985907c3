//! `tracing` spans and events of each request (feature `tracing`): the operation, method and
//! path template, then each attempt's status and duration, and each retry. They carry no
//! header, URL, query or body, so no credential or secret field can show in them. Without
//! the feature these functions do nothing.

use std::future::Future;

use super::observe::Attempt;
#[cfg(feature = "tracing")]
use crate::Error;
use crate::operation::Operation;

#[cfg(feature = "tracing")]
pub(super) type Span = tracing::Span;
/// Stands in for a span when nothing is traced.
#[cfg(not(feature = "tracing"))]
pub(super) struct Span;

/// The span of one call of the operation `O`.
pub(super) fn operation_span<O: Operation>(method: &http::Method) -> Span {
    #[cfg(feature = "tracing")]
    {
        tracing::info_span!(
            "request",
            operation = O::OPERATION_ID,
            method = %method,
            path = O::PATH_TEMPLATE,
        )
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (method, O::OPERATION_ID);
        Span
    }
}

/// `future`, run inside `span`.
pub(super) async fn instrument<F: Future>(span: Span, future: F) -> F::Output {
    #[cfg(feature = "tracing")]
    {
        tracing::Instrument::instrument(future, span).await
    }
    #[cfg(not(feature = "tracing"))]
    {
        let Span = span;
        future.await
    }
}

/// One attempt ended: its status or the kind of failure, then the retry if one follows.
pub(super) fn attempt_done(report: &Attempt<'_>) {
    #[cfg(feature = "tracing")]
    {
        let attempt = report.attempt;
        let duration_ms = report.elapsed.as_millis() as u64;
        match report.outcome {
            Ok(status) => {
                tracing::info!(attempt, status = status.as_u16(), duration_ms, "response")
            }
            Err(error) => tracing::warn!(
                attempt,
                error = error_kind(error),
                duration_ms,
                "request failed"
            ),
        }
        if let Some(delay) = report.retry_in {
            tracing::info!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = report;
}

/// A word for the kind of failure; messages are left out, since a server's words could
/// reach the log through them.
#[cfg(feature = "tracing")]
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        Error::BodyTooLarge { .. } => "body too large",
        Error::Auth(_) => "authentication",
        _ => "other",
    }
}
