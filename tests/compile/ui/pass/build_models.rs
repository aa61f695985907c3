// Building models as a user would: `new` with the required fields, `with_*` setters for the
// optional ones, `Default` when every field is optional; fields read and assigned as before.
#![deny(warnings)]

use atlas_admin::models::{
    BackupRestoreJob, BackupRestoreJobDelivery, BackupRestoreJobDeliveryMethodName, Link,
};

fn main() {
    let mut job = BackupRestoreJob::new(
        BackupRestoreJobDelivery::new(BackupRestoreJobDeliveryMethodName::Http)
            .with_expiration_hours(4)
            .with_max_downloads(1),
    )
    .with_snapshot_id("5f3e8d8a1c9d440000a1b2c3")
    .with_links(vec![Link::default().with_href("https://example.test")]);
    job.links.get_or_insert_with(Vec::new).push(Link::new().with_rel("self"));
    let BackupRestoreJob {
        delivery, links, ..
    } = &job;
    assert_eq!(delivery.max_downloads, Some(1));
    assert_eq!(links.as_ref().map(Vec::len), Some(2));
    let text = serde_json::to_string(&job).unwrap();
    assert!(text.contains(r#""methodName":"HTTP""#));
}
