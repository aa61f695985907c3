//! Progress of `--all-pages` on stderr: items so far (of the total, when the server says), pages
//! and rate, redrawn in place on one line. Drawn only when stderr is a terminal, so a pipe or
//! a file never gets it.

use std::io::{self, Write};
use std::time::{Duration, Instant};

/// The shortest time between two redraws.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
/// Back to the start of the line, and clear it.
const CLEAR_LINE: &str = "\r\x1b[K";

pub struct Progress {
    enabled: bool,
    started: Instant,
    last_drawn: Option<Instant>,
    items: u64,
    pages: u64,
    total: Option<u64>,
}

impl Progress {
    /// Progress that is drawn only if `enabled` (stderr is a terminal).
    pub fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            started: Instant::now(),
            last_drawn: None,
            items: 0,
            pages: 0,
            total: None,
        }
    }

    /// Counts a page of `items` items; `total` is the server's total count, if it sent one.
    pub fn page(
        &mut self,
        items: usize,
        total: Option<i64>,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        self.items = self.items.saturating_add(items as u64);
        self.pages += 1;
        if let Some(total) = total.and_then(|t| u64::try_from(t).ok()) {
            self.total = Some(total);
        }
        let due = self
            .last_drawn
            .is_none_or(|at| at.elapsed() >= REDRAW_EVERY);
        if self.enabled && due {
            self.last_drawn = Some(Instant::now());
            write!(err, "{CLEAR_LINE}{}", self.line())?;
            err.flush()?;
        }
        Ok(())
    }

    /// Makes room for output on a terminal shared with stdout: clears the line.
    pub fn clear(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if self.enabled && self.last_drawn.is_some() {
            err.write_all(CLEAR_LINE.as_bytes())?;
            err.flush()?;
            self.last_drawn = None;
        }
        Ok(())
    }

    /// The text of the line: `1200/5000 items, 3 pages, 850 items/s`.
    pub fn line(&self) -> String {
        let items = match self.total {
            Some(total) => format!("{}/{total} items", self.items),
            None => format!("{} items", self.items),
        };
        let pages = if self.pages == 1 { "page" } else { "pages" };
        let seconds = self.started.elapsed().as_secs_f64().max(0.001);
        format!(
            "{items}, {} {pages}, {:.0} items/s",
            self.pages,
            self.items as f64 / seconds
        )
    }
}
