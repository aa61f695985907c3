// Both path parameters are required constructor arguments.
#![allow(deprecated)]
use atlas_admin::ListClusterRestoreJobs;
use atlas_admin::params::GroupId;

fn main() {
    let _ = ListClusterRestoreJobs::new(GroupId::from_static("32b6e34b3d91647abb20e7b8"));
}
