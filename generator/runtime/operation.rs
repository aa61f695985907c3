//! What every generated operation type has in common, so the client and the page walker can
//! handle any operation.

use crate::Error;
use crate::request::BaseUrl;
use crate::response::ApiResponse;

/// A complete, valid request of one operation.
pub trait Operation {
    /// The decoded success body.
    type Output;
    /// The spec's `operationId`.
    const OPERATION_ID: &'static str;
    /// The operation's path template, as the spec writes it: what logs show, as it holds no
    /// parameter values (empty when an implementation does not set it).
    const PATH_TEMPLATE: &'static str = "";

    /// The HTTP request, against `base_url`.
    fn to_http(&self, base_url: &BaseUrl) -> Result<http::Request<Vec<u8>>, Error>;

    /// Decodes a response of this operation.
    fn parse_response<B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<ApiResponse<Self::Output>, Error>;
}

/// An operation that returns one page of a longer list.
pub trait PagedOperation: Operation + Clone {
    type Item;

    /// The page this request asks for (1-based).
    fn page_num(&self) -> i64;
    /// How many items a full page holds.
    fn items_per_page(&self) -> i64;
    /// The same request for another page.
    fn with_page_num(&self, page_num: i64) -> Result<Self, Error>;
    /// The items of a page.
    fn items(page: &Self::Output) -> &[Self::Item];
    /// The items of a page, by value.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
    /// The total number of items over all pages, when the server says.
    fn total_count(page: &Self::Output) -> Option<i64>;
}
