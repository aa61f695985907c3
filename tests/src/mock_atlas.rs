//! The Atlas API's restore jobs on a local wiremock server, as the client and command-line
//! tests use them: a page of one job, every page of many jobs, and the call the tests make.

use atlas_admin::params::{ClusterName, GroupId};
use atlas_admin::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The project every call names.
pub const GROUP_ID: &str = "32b6e34b3d91647abb20e7b8";
/// The cluster every call names.
pub const CLUSTER_NAME: &str = "my-cluster";
/// The path of the restore jobs of [`GROUP_ID`]'s [`CLUSTER_NAME`].
pub const JOBS_PATH: &str =
    "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/my-cluster/restoreJobs";
/// The media type the operation answers with.
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

/// A page holding one restore job, as the operation answers.
pub fn one_page() -> ResponseTemplate {
    let body = serde_json::json!({
        "results": [{"id": "5b3e2f9e7a3c2e1f0d9c8b7a", "delivery": {"methodName": "HTTP"}}],
        "totalCount": 1,
    });
    ResponseTemplate::new(200).set_body_raw(serde_json::to_vec(&body).unwrap(), MEDIA_TYPE)
}

/// The id of the `n`th job of [`mount_jobs`]: `n` in hex, 24 digits.
pub fn job_id(n: usize) -> String {
    format!("{n:024x}")
}

/// The `n`th job of [`mount_jobs`].
pub fn job(n: usize) -> serde_json::Value {
    serde_json::json!({
        "id": job_id(n),
        "delivery": {"methodName": "HTTP", "statusName": "READY"},
        "statusName": "FINISHED",
    })
}

/// How [`mount_jobs`] pages.
#[derive(Clone, Copy, Debug)]
pub enum Paging {
    /// Honours `pageNum` and `itemsPerPage` and reports `totalCount`.
    Counted,
    /// Honours them but never says how many there are.
    Uncounted,
    /// Always answers with the first page.
    Stuck,
}

/// Serves `total` restore jobs at [`JOBS_PATH`], `itemsPerPage` (100 unless asked) at a time,
/// paged as `paging` says.
pub async fn mount_jobs(server: &MockServer, total: usize, paging: Paging) {
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(move |request: &Request| {
            let query = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.parse::<usize>().unwrap())
            };
            let per_page = query("itemsPerPage").unwrap_or(100);
            let page = match paging {
                Paging::Stuck => 1,
                Paging::Counted | Paging::Uncounted => query("pageNum").unwrap_or(1),
            };
            let start = ((page - 1) * per_page).min(total);
            let end = (start + per_page).min(total);
            let results: Vec<_> = (start..end).map(job).collect();
            let mut body = serde_json::json!({"results": results, "links": []});
            if let Paging::Counted = paging {
                body["totalCount"] = total.into();
            }
            ResponseTemplate::new(200).set_body_raw(serde_json::to_vec(&body).unwrap(), MEDIA_TYPE)
        })
        .mount(server)
        .await;
}

/// A server with [`mount_jobs`] mounted.
pub async fn server_with_jobs(total: usize, paging: Paging) -> MockServer {
    let server = MockServer::start().await;
    mount_jobs(&server, total, paging).await;
    server
}

/// Lists the restore jobs of [`GROUP_ID`]'s [`CLUSTER_NAME`] through `client`, dropping the
/// page: for tests of what happens around the call.
#[allow(deprecated)] // the operation is deprecated in the spec; the tests still call it
pub async fn list_jobs(client: &Client) -> Result<(), Error> {
    client
        .list_cluster_restore_jobs(
            GroupId::from_static(GROUP_ID),
            ClusterName::from_static(CLUSTER_NAME),
        )
        .send()
        .await
        .map(|_| ())
}
