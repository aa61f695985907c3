// A request body is a model built with `new` and setters, then handed to the operation.
#![deny(warnings)]

use construct_requests::CreateFile;
use construct_requests::models::NewFile;

#[test]
fn compiles_warning_free_and_runs() -> Result<(), construct_requests::Error> {
    let body = NewFile::new("report.csv").with_size(2048);
    let request = CreateFile::new(body).to_http(&"https://api.example.test/v1".parse()?)?;
    assert_eq!(request.body(), br#"{"name":"report.csv","size":2048}"#);
    Ok(())
}
