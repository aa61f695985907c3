//! `tests/constructs/specs/media.yaml`'s binary response through the client, on 127.0.0.1:
//! `download()` hands the body over piece by piece instead of holding it whole.

use construct_media::params::ExportId;
use construct_media::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn export_id() -> ExportId {
    "EX42".parse().unwrap()
}

/// Every piece of a download, joined.
async fn read_all(mut download: construct_media::Download) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    body
}

#[tokio::test]
async fn a_download_is_not_bound_by_the_body_limit_and_errors_decode_as_documented() {
    let server = MockServer::start().await;
    let archive: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/Exports/EX42"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/vnd.example.v2+gzip")
                .set_body_bytes(archive.clone()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/Exports/EX404"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            r#"{"title": "no such export", "status": 404}"#,
            "application/problem+json",
        ))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_body_bytes(1024)
        .build()
        .unwrap();

    // `send` reads the body whole, so the client's limit applies.
    let whole = client.download_export(export_id()).send().await;
    assert!(
        matches!(whole, Err(Error::BodyTooLarge { limit: 1024, .. })),
        "{whole:?}"
    );
    // `download` does not hold it, so no limit is needed.
    let download = client
        .download_export(export_id())
        .download()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-type"],
        "application/vnd.example.v2+gzip"
    );
    assert_eq!(read_all(download).await, archive);

    // A documented error is the typed error `send` gives.
    let missing = client
        .download_export("EX404".parse().unwrap())
        .download()
        .await;
    match missing {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.title.as_deref(), Some("no such export"));
        }
        other => panic!("{other:?}"),
    }
}

/// The first piece reaches the caller while the server still holds back the rest, which a
/// client that read the whole body first could never do.
#[tokio::test]
async fn the_first_piece_arrives_before_the_body_ends() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (first_piece_read, first_piece_read_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the request ended early");
            request.extend_from_slice(&buffer[..n]);
        }
        socket
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/vnd.example.v2+gzip\r\n\
                  transfer-encoding: chunked\r\n\r\n4\r\nhead\r\n",
            )
            .await
            .unwrap();
        socket.flush().await.unwrap();
        // The rest is sent once the caller has the first piece, or after a while anyway, so
        // that a buffering client fails the assertion below instead of hanging.
        let streamed =
            tokio::time::timeout(std::time::Duration::from_secs(10), first_piece_read_rx)
                .await
                .is_ok();
        socket.write_all(b"4\r\ntail\r\n0\r\n\r\n").await.unwrap();
        socket.flush().await.unwrap();
        streamed
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .build()
        .unwrap();
    let mut download = client
        .download_export(export_id())
        .download()
        .await
        .unwrap();
    let first = download.chunk().await.unwrap().unwrap();
    assert_eq!(first, b"head");
    first_piece_read.send(()).unwrap();
    let rest: Vec<Vec<u8>> = futures_util::TryStreamExt::try_collect(download.into_stream())
        .await
        .unwrap();
    assert_eq!(rest.concat(), b"tail");
    assert!(
        server.await.unwrap(),
        "the first piece came only after the whole body"
    );
}
