// Decoding the seed's example and matching on an open enum, unknown values included.
#![deny(warnings)]
#![allow(deprecated)]

use atlas_admin::ListClusterRestoreJobs;
use atlas_admin::models::BackupRestoreJobStatusName;

fn describe(status: &BackupRestoreJobStatusName) -> String {
    match status {
        BackupRestoreJobStatusName::InProgress => "running".to_owned(),
        BackupRestoreJobStatusName::Finished => "done".to_owned(),
        BackupRestoreJobStatusName::Unknown(other) => format!("new status {other}"),
        _ => "stopped".to_owned(),
    }
}

#[test]
fn compiles_warning_free_and_runs() {
    let body = include_bytes!("../../../fixtures/seed-page.json").to_vec();
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.atlas.2023-01-01+json")
        .body(body)
        .unwrap();
    let page = ListClusterRestoreJobs::parse_response(response).unwrap();
    for job in page.results.iter().flatten() {
        if let Some(status) = &job.status_name {
            println!("{}", describe(status));
        }
    }
}
