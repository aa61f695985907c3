// A cluster name is not a group id, even when both are strings underneath.
#![allow(deprecated)]
use atlas_admin::ListClusterRestoreJobs;
use atlas_admin::params::{ClusterName, GroupId};

fn main() {
    let group = GroupId::from_static("32b6e34b3d91647abb20e7b8");
    let cluster = ClusterName::from_static("my-cluster");
    let _ = ListClusterRestoreJobs::new(cluster, group);
}
