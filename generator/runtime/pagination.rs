//! Walking the pages of a paged operation as a stream.
//!
//! From the requested page on, each page is fetched when the stream is polled. The walk stops
//! after the last page: when the pages so far reach the server's total count, at a page shorter
//! than a full one, or at an empty page. A server that answers a later page with the same items
//! as the page before would make the walk endless; the stream then ends with
//! [`Error::Pagination`].

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream;

use crate::operation::PagedOperation;
use crate::{ApiResponse, Client, Error};

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
    /// The items of the page before, to notice a server that repeats it.
    previous: Option<(i64, Vec<O::Item>)>,
}

/// Every page from the one `operation` asks for, as a stream of responses.
pub fn pages<'c, O>(
    client: &'c Client,
    operation: O,
) -> impl Stream<Item = Result<ApiResponse<O::Output>, Error>> + 'c
where
    O: PagedOperation + 'c,
    O::Item: Clone + PartialEq,
{
    let walk = Walk {
        client,
        first_page: operation.page_num(),
        next: Next::Fetch(operation),
        seen: 0,
        previous: None,
    };
    stream::unfold(walk, |mut walk| async move {
        let operation = match std::mem::replace(&mut walk.next, Next::Done) {
            Next::Fetch(operation) => operation,
            Next::Fail(error) => return Some((Err(error), walk)),
            Next::Done => return None,
        };
        let page_num = operation.page_num();
        let per_page = operation.items_per_page();
        let response = match walk.client.send(&operation).await {
            Ok(response) => response,
            Err(error) => return Some((Err(error), walk)),
        };
        let items = O::items(response.body());
        if let Some((previous_num, previous)) = &walk.previous {
            if !items.is_empty() && items == previous.as_slice() {
                let error = Error::Pagination(format!(
                    "page {page_num} has the same {} items as page {previous_num}",
                    items.len()
                ));
                return Some((Err(error), walk));
            }
        }
        let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
        walk.seen = walk.seen.saturating_add(count);
        let skipped = (walk.first_page - 1).max(0).saturating_mul(per_page);
        let reached_total = O::total_count(response.body()).is_some_and(|total| {
            page_num.saturating_mul(per_page) >= total || walk.seen >= total.saturating_sub(skipped)
        });
        let short = per_page > 0 && count < per_page;
        if !(reached_total || short || items.is_empty()) {
            walk.next = match operation.with_page_num(page_num + 1) {
                Ok(next) => Next::Fetch(next),
                Err(error) => Next::Fail(error),
            };
            walk.previous = Some((page_num, items.to_vec()));
        }
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
    O::Item: Clone + PartialEq,
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
