//! Tests of the runtime's raw bodies (`Bytes` answers, `Multipart` uploads) against a local mock
//! server, through the crate's public API only. Copied into a generated crate as
//! `tests/transfer.rs` when its API has a binary response or a multipart request.
//!
//! The generator replaces every `partner_web_client` in this file with the generated crate's
//! library name; everything else is copied verbatim.

use serde_json::json;
use wiremock::matchers::{header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use partner_web_client::__private::{Auth, EndpointSpec, Method, Segment};
use partner_web_client::{Bytes, Call, Client, Error, Multipart};

static DOWNLOAD: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/files"), Segment::Param("fileId")],
    auth: Auth::None,
    context: &[],
    route: "GET /web/v1/files/{fileId}",
};

static UPLOAD: EndpointSpec = EndpointSpec {
    method: Method::Post,
    path: &[Segment::Literal("web/v1/files")],
    auth: Auth::None,
    context: &[],
    route: "POST /web/v1/files",
};

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).max_retries(0).build().expect("client")
}

#[tokio::test]
async fn a_download_returns_the_body_as_sent() {
    let server = MockServer::start().await;
    // Not JSON, and not UTF-8: it must come back untouched.
    let file: Vec<u8> = vec![0x25, 0x50, 0x44, 0x46, 0xff, 0x00, 0x7b];
    Mock::given(method("GET"))
        .and(path("/web/v1/files/f1"))
        .and(header("accept", "*/*"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(file.clone(), "application/pdf"))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let data: Bytes = Call::<Bytes>::new(&client, &DOWNLOAD).binary().param("f1").await.expect("the file");
    assert_eq!(&*data, file.as_slice());
    assert_eq!((data.content_type(), data.file_name()), (Some("application/pdf"), None));
    let response = Call::<Bytes>::new(&client, &DOWNLOAD).binary()
        .param("f1")
        .send_with_metadata()
        .await
        .expect("the file");
    assert_eq!((response.status, response.code), (200, None));
    assert_eq!(response.data.into_vec(), file);
}

#[tokio::test]
async fn a_streamed_download_arrives_in_chunks_with_its_name() {
    let server = MockServer::start().await;
    let file: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    Mock::given(method("GET"))
        .and(path("/web/v1/files/big"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(file.clone(), "application/octet-stream")
                .insert_header("Content-Disposition", "attachment; filename=\"../big.bin\""),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let mut stream = Call::<Bytes>::new(&client, &DOWNLOAD).binary().param("big").stream().await.expect("a stream");
    assert_eq!(stream.file_name(), Some("big.bin"));
    assert_eq!(stream.content_length(), Some(300_000));
    let mut received = Vec::new();
    while let Some(chunk) = stream.chunk().await.expect("a chunk") {
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, file);
    let whole = Call::<Bytes>::new(&client, &DOWNLOAD).binary().param("big").stream().await.expect("a stream");
    let whole = whole.collect().await.expect("the file");
    assert_eq!((whole.len(), whole.file_name()), (300_000, Some("big.bin")));
}

#[tokio::test]
async fn a_download_error_is_decoded_from_its_envelope() {
    let server = MockServer::start().await;
    let envelope = json!({
        "success": false,
        "code": "FILE.NOT_FOUND",
        "message": "No such file",
        "data": null,
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(envelope))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = Call::<Bytes>::new(&client, &DOWNLOAD).binary().param("f2").await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!((api.status, api.code.as_str()), (404, "FILE.NOT_FOUND"));
    assert_eq!(api.message, "No such file");
    assert_eq!(api.route, "GET /web/v1/files/{fileId}");
}

#[tokio::test]
async fn a_per_call_accept_header_wins() {
    let server = MockServer::start().await;
    Mock::given(header("accept", "image/png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"png".to_vec(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let data = Call::<Bytes>::new(&client, &DOWNLOAD).binary()
        .param("f3")
        .header("Accept", "image/png")
        .await
        .expect("the image");
    assert_eq!(&*data, b"png");
}

#[tokio::test]
async fn an_upload_sends_the_form_as_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/web/v1/files"))
        .and(header_regex("content-type", "^multipart/form-data; boundary=sdkgen-[0-9a-f]{32}$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"id": "f9"},
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let form = Multipart::new()
        .text("folder", "invoices")
        .file("file", "march.pdf", "application/pdf", b"%PDF-1.7".to_vec());
    let data: serde_json::Value = Call::new(&client, &UPLOAD)
        .multipart(form)
        .await
        .expect("the upload answer");
    assert_eq!(data, json!({"id": "f9"}));
    let received = server.received_requests().await.expect("recording is on");
    let body = String::from_utf8_lossy(&received[0].body).into_owned();
    assert!(body.contains("Content-Disposition: form-data; name=\"folder\"\r\n\r\ninvoices\r\n"), "{body}");
    assert!(
        body.contains(
            "Content-Disposition: form-data; name=\"file\"; filename=\"march.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n"
        ),
        "{body}"
    );
    assert!(body.trim_end().ends_with("--"), "{body}");
}
