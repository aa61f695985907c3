//! `--debug`: one line on stderr per attempt of each request (token requests included) with
//! the method, the URL, the status, the attempt and the time it took, plus where the
//! credentials came from. Built from the client's attempt observer, which never sees a
//! header, so no credential can reach these lines; the credentials are named by where they
//! came from, never by value.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::client::{Attempt, Observer};

/// Lines waiting to be written: the observer runs inside the client, away from stderr.
#[derive(Clone, Default)]
pub struct DebugLog {
    lines: Arc<Mutex<Vec<String>>>,
}

impl DebugLog {
    /// A line of the tool's own.
    pub fn note(&self, text: impl Into<String>) {
        self.push(format!("debug: {}", text.into()));
    }

    /// The observer to give the client.
    pub fn observer(&self) -> Observer {
        let log = self.clone();
        Arc::new(move |attempt: &Attempt<'_>| log.push(line(attempt)))
    }

    /// Writes out the lines so far.
    pub fn flush_to(&self, err: &mut dyn Write) -> io::Result<()> {
        let lines = std::mem::take(&mut *self.lines.lock().unwrap_or_else(PoisonError::into_inner));
        for line in lines {
            writeln!(err, "{line}")?;
        }
        Ok(())
    }

    fn push(&self, line: String) {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

/// `debug: GET https://host/path?query -> 200 OK (attempt 1, 35 ms)`.
fn line(attempt: &Attempt<'_>) -> String {
    let mut line = format!(
        "debug: {} {} -> ",
        attempt.method,
        without_userinfo(attempt.url)
    );
    match attempt.outcome {
        Ok(status) => {
            let _ = write!(line, "{status}");
        }
        Err(error) => {
            let _ = write!(line, "failed: {error}");
        }
    }
    let _ = write!(
        line,
        " (attempt {}, {})",
        attempt.attempt,
        millis(attempt.elapsed)
    );
    if let Some(delay) = attempt.retry_in {
        let _ = write!(line, "; retrying in {}", millis(delay));
    }
    line
}

fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

/// The URL without any `user:password@` part.
fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://<redacted>@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}
