//! placeholder client (being written).

mod auth;
mod digest;
mod oauth;
mod retry;

use crate::operation::Operation;
use crate::{ApiResponse, Error};

#[derive(Debug, Clone)]
pub struct Client {
    base_url: String,
}

#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RetryPolicy;

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub async fn send<O: Operation>(&self, operation: &O) -> Result<ApiResponse<O::Output>, Error> {
        let _ = operation.to_http(&self.base_url)?;
        Err(Error::Auth("not yet".into()))
    }
}

impl ClientBuilder {
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            base_url: self.base_url.unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned()),
        })
    }
}
