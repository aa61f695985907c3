// Building a request with and without the optional parameters, as a user would.
#![deny(warnings)]
#![allow(deprecated)]

use atlas_admin::ListClusterRestoreJobs;
use atlas_admin::params::{BatchId, ClusterName, GroupId, ItemsPerPage, PageNum};

const GROUP: GroupId = GroupId::from_static("32b6e34b3d91647abb20e7b8");

#[test]
fn compiles_warning_free_and_runs() -> Result<(), atlas_admin::Error> {
    let cluster: ClusterName = "my-cluster".parse()?;
    let plain = ListClusterRestoreJobs::new(GROUP, cluster.clone());
    let full = ListClusterRestoreJobs::new(GROUP, cluster)
        .items_per_page(ItemsPerPage::new(50)?)
        .page_num(PageNum::DEFAULT)
        .batch_id(BatchId::new("0123456789abcdef01234567")?)
        .include_count(true)
        .envelope(false)
        .pretty(false);
    let request = full.to_http(&atlas_admin::BaseUrl::DEFAULT)?;
    assert_eq!(request.method(), http::Method::GET);
    let _ = plain.to_http(&"http://127.0.0.1:8080".parse()?)?;
    Ok(())
}
