//! placeholder (being written).

use futures_core::Stream;

use crate::operation::PagedOperation;
use crate::{ApiResponse, Client, Error};

pub fn pages<O: PagedOperation + 'static>(
    client: &Client,
    operation: O,
) -> impl Stream<Item = Result<ApiResponse<O::Output>, Error>> + '_ {
    let _ = operation;
    let _ = client;
    futures_util::stream::empty()
}

pub fn items<O: PagedOperation + 'static>(
    client: &Client,
    operation: O,
) -> impl Stream<Item = Result<O::Item, Error>> + '_ {
    let _ = operation;
    let _ = client;
    futures_util::stream::empty()
}
