//! Walking the pages of a paged operation as a stream.
//!
//! From the requested page on, each page is fetched when the stream is polled. The walk stops
//! after the last page: when the pages so far reach the server's total count, at a page shorter
//! than a full one, or at an empty page.
//!
//! A server that lies cannot make the walk endless or lose items silently; the stream ends
//! with [`Error::Pagination`] when a page holds the same items as any page before it (pages
//! that cycle), when a short or empty page comes while the total count says more items
//! follow (after yielding that page), or after [`MAX_PAGES`] pages.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream;

use crate::operation::PagedOperation;
use crate::{ApiResponse, Client, Error};

/// The most pages one walk fetches, whatever the server says.
pub const MAX_PAGES: usize = 100_000;

/// What the walk does next.
enum Next<O: PagedOperation> {
    Fetch(O),
    Fail(Error),
    Done,
}

struct Walk<'c, O: PagedOperation> {
    client: &'c Client,
    next: Next<O>,
    /// The page the walk started at.
    first_page: i64,
    /// Items seen so far.
    seen: i64,
    /// A fingerprint of each page's items, to notice a server that repeats pages.
    fingerprints: HashSet<u64>,
    /// Pages fetched so far.
    pages: usize,
}

/// Every page from the one `operation` asks for, as a stream of responses.
pub fn pages<'c, O>(
    client: &'c Client,
    operation: O,
) -> impl Stream<Item = Result<ApiResponse<O::Output>, Error>> + 'c
where
    O: PagedOperation + 'c,
    O::Item: serde::Serialize,
{
    let walk = Walk {
        client,
        first_page: operation.page_num(),
        next: Next::Fetch(operation),
        seen: 0,
        fingerprints: HashSet::new(),
        pages: 0,
    };
    stream::unfold(walk, |mut walk| async move {
        let operation = match std::mem::replace(&mut walk.next, Next::Done) {
            Next::Fetch(operation) => operation,
            Next::Fail(error) => return Some((Err(error), walk)),
            Next::Done => return None,
        };
        let page_num = operation.page_num();
        let per_page = operation.items_per_page();
        walk.pages += 1;
        if walk.pages > MAX_PAGES {
            let error = Error::Pagination(format!(
                "more than {MAX_PAGES} pages; stopped at page {page_num}"
            ));
            return Some((Err(error), walk));
        }
        let response = match walk.client.send(&operation).await {
            Ok(response) => response,
            Err(error) => return Some((Err(error), walk)),
        };
        let items = O::items(response.body());
        if !items.is_empty() && !walk.fingerprints.insert(fingerprint(items)) {
            let error = Error::Pagination(format!(
                "page {page_num} has the same {} items as an earlier page",
                items.len()
            ));
            return Some((Err(error), walk));
        }
        let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
        walk.seen = walk.seen.saturating_add(count);
        let skipped = (walk.first_page - 1).max(0).saturating_mul(per_page);
        let total = O::total_count(response.body());
        let expected = total.map(|total| total.saturating_sub(skipped));
        let reached_total = total.is_some_and(|total| {
            page_num.saturating_mul(per_page) >= total
                || expected.is_some_and(|expected| walk.seen >= expected)
        });
        let short = items.is_empty() || (per_page > 0 && count < per_page);
        walk.next = if reached_total {
            Next::Done
        } else if short {
            match expected {
                // The total says more items exist than the pages gave: say so after this page.
                Some(expected) => Next::Fail(Error::Pagination(format!(
                    "page {page_num} holds {count} items, fewer than a full page of {per_page}, \
                     but the total count promises {expected} from page {} on and only {} came",
                    walk.first_page, walk.seen
                ))),
                None => Next::Done,
            }
        } else {
            match operation.with_page_num(page_num.saturating_add(1)) {
                Ok(next) => Next::Fetch(next),
                Err(error) => Next::Fail(error),
            }
        };
        Some((Ok(response), walk))
    })
}

/// Every item of every page from the one `operation` asks for, as a stream.
pub fn items<'c, O>(
    client: &'c Client,
    operation: O,
) -> impl Stream<Item = Result<O::Item, Error>> + 'c
where
    O: PagedOperation + 'c,
    O::Item: serde::Serialize,
{
    pages(client, operation).flat_map(|page| {
        let items: Vec<Result<O::Item, Error>> = match page {
            Ok(response) => O::into_items(response.into_body())
                .into_iter()
                .map(Ok)
                .collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(items)
    })
}

/// A hash of a page's items, by their JSON form (items need not be `Hash`).
fn fingerprint<T: serde::Serialize>(items: &[T]) -> u64 {
    struct HashWriter<'h>(&'h mut std::collections::hash_map::DefaultHasher);
    impl std::io::Write for HashWriter<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    // Serializing models to JSON does not fail; a failure would only weaken the check.
    let _ = serde_json::to_writer(HashWriter(&mut hasher), items);
    items.len().hash(&mut hasher);
    hasher.finish()
}
