//! Downloads: a success response whose body stays on the connection until the caller reads it,
//! piece by piece, so archives and exports of any size never sit in memory whole.

use std::fmt;

use futures_core::Stream;
use http::{HeaderMap, StatusCode};

use super::transport::{Body, Unread};
use crate::Error;

/// A 2xx response of [`Client::download`](super::Client::download): its status and headers,
/// and the body as it arrives. The client's `read_timeout` bounds each wait for the next
/// piece; its overall `timeout` bounds the whole exchange, body included, so raise it for
/// large downloads.
pub struct Download {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

impl Download {
    pub(super) fn new(response: http::Response<Unread>) -> Self {
        let (parts, Unread(body)) = response.into_parts();
        Download {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's length, when the server declares it.
    pub fn content_length(&self) -> Option<u64> {
        self.body.content_length()
    }

    /// The next piece of the body, as the network delivers it; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        Ok(self.body.chunk().await?.map(Vec::from))
    }

    /// The rest of the body, as a stream of pieces.
    pub fn into_stream(self) -> impl Stream<Item = Result<Vec<u8>, Error>> + Send {
        futures_util::stream::try_unfold(self, |mut download| async move {
            Ok(download.chunk().await?.map(|chunk| (chunk, download)))
        })
    }
}
