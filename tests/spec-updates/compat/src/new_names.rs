// Code a user writes after the `rename` update, with the names upstream uses now: the
// operation type, the client method and the page type under their new names. `lib.rs` checks
// that they are the shipped items, doing the same.

use atlas_admin_rename::models::PaginatedLegacyRestoreJobView;
use atlas_admin_rename::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};
use atlas_admin_rename::{Client, Error, ListGroupClusterRestoreJobs};

const GROUP: GroupId = GroupId::from_static("32b6e34b3d91647abb20e7b8");

/// The same request as `user_code::request`, built under the operation's new name.
pub fn request() -> Result<http::Request<Vec<u8>>, Error> {
    ListGroupClusterRestoreJobs::new(GROUP, ClusterName::from_static("Cluster0"))
        .items_per_page(ItemsPerPage::new(50)?)
        .page_num(PageNum::DEFAULT)
        .batch_id(BatchId::new("0123456789abcdef01234567")?)
        .include_count(true)
        .to_http(&atlas_admin_rename::BaseUrl::DEFAULT)
}

/// The same call as `user_code::first_page`, through the client method's new name, read
/// through the page type's new name.
pub async fn first_page(client: &Client) -> Result<Vec<String>, Error> {
    let response = client
        .list_group_cluster_restore_jobs(GROUP, ClusterName::from_static("Cluster0"))
        .items_per_page(ItemsPerPage::new(50)?)
        .send()
        .await?;
    let page: &PaginatedLegacyRestoreJobView = response.body();
    Ok(page
        .results
        .iter()
        .flatten()
        .map(|job| job.id.clone().unwrap_or_default())
        .collect())
}
