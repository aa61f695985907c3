// Walking every item of every page with the client's pagination helper.
#![deny(warnings)]
#![allow(deprecated)]

use atlas_admin::Client;
use atlas_admin::params::{ClusterName, GroupId, ItemsPerPage};
use futures_util::StreamExt;

async fn count_jobs(client: &Client) -> Result<usize, atlas_admin::Error> {
    let group = GroupId::from_static("32b6e34b3d91647abb20e7b8");
    let cluster = ClusterName::from_static("my-cluster");
    let mut items = Box::pin(
        client
            .list_cluster_restore_jobs(group, cluster)
            .items_per_page(ItemsPerPage::from_static(500))
            .items(),
    );
    let mut count = 0;
    while let Some(job) = items.next().await {
        let _job = job?;
        count += 1;
    }
    Ok(count)
}

#[test]
fn compiles_warning_free_and_runs() {
    let _ = count_jobs;
}
