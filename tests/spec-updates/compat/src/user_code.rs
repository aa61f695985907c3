// Code a user wrote against the crate as shipped: models built with `new` and the setters,
// fields read and destructured, enums matched with a wildcard arm, parameters checked and set,
// the client's method called. `lib.rs` compiles it once against the shipped crate and once
// against the crate of each case that must not break it (an additive update, an upstream
// rename): it must keep compiling, unchanged.

use atlas_admin::{Client, ListClusterRestoreJobs};
use atlas_admin::models::{
    BackupRestoreJob, BackupRestoreJobDelivery, BackupRestoreJobDeliveryMethodName,
    BackupRestoreJobStatusName, Link, PaginatedRestoreJobView,
};
use atlas_admin::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};

const GROUP: GroupId = GroupId::from_static("32b6e34b3d91647abb20e7b8");

/// A restore job, built the way a request body is.
pub fn job() -> BackupRestoreJob {
    BackupRestoreJob::new(
        BackupRestoreJobDelivery::new(BackupRestoreJobDeliveryMethodName::AutomatedRestore)
            .with_target_cluster_name("Cluster1")
            .with_max_downloads(2),
    )
    .with_snapshot_id("5f3e8d8a1c9d440000a1b2c3")
    .with_links([Link::default().with_href("https://example.test/a").with_rel("self")])
}

pub fn describe(status: &BackupRestoreJobStatusName) -> &'static str {
    match status {
        BackupRestoreJobStatusName::InProgress => "running",
        BackupRestoreJobStatusName::Finished => "done",
        BackupRestoreJobStatusName::Broken | BackupRestoreJobStatusName::Killed => "stopped",
        _ => "something else",
    }
}

/// Each job of a page: its id and what its status means.
pub fn summary(page: &PaginatedRestoreJobView) -> Vec<(String, &'static str)> {
    page.results
        .iter()
        .flatten()
        .map(|job| {
            let BackupRestoreJob {
                id, status_name, ..
            } = job;
            (
                id.clone().unwrap_or_default(),
                status_name.as_ref().map_or("unknown", describe),
            )
        })
        .collect()
}

/// A request with every optional parameter the shipped crate has.
pub fn request() -> Result<http::Request<Vec<u8>>, atlas_admin::Error> {
    ListClusterRestoreJobs::new(GROUP, ClusterName::from_static("Cluster0"))
        .items_per_page(ItemsPerPage::new(50)?)
        .page_num(PageNum::DEFAULT)
        .batch_id(BatchId::new("0123456789abcdef01234567")?)
        .include_count(true)
        .to_http(&atlas_admin::BaseUrl::DEFAULT)
}

/// The first page through the client, as the operation's shipped method fetches it.
pub async fn first_page(client: &Client) -> Result<Vec<String>, atlas_admin::Error> {
    let response = client
        .list_cluster_restore_jobs(GROUP, ClusterName::from_static("Cluster0"))
        .items_per_page(ItemsPerPage::new(50)?)
        .send()
        .await?;
    let page: &PaginatedRestoreJobView = response.body();
    Ok(page
        .results
        .iter()
        .flatten()
        .map(|job| job.id.clone().unwrap_or_default())
        .collect())
}
