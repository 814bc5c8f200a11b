//! The generated partner client's decoding policy and files, over HTTP against a mock server:
//! a `null` in a field the name rule made optional decodes, a `null` in a strict field is a
//! decode error that keeps the path, the value found and the body; partial updates send only
//! what was set; downloads keep their content type and file name, whole or streamed.

use sdkgen_buildrs_user::partner::types::{Role, UpdateProfileRequest};
use sdkgen_buildrs_user::partner::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn envelope(data: Value) -> Value {
    json!({"version": "2.0.0", "timestamp": 1, "success": true, "code": "2000",
           "message": "Success", "data": data})
}

fn role(description: Value, role_name: Value) -> Value {
    json!({"bizId": "r1", "workspaceBizId": "w1", "roleName": role_name,
           "roleType": {"code": "OWNER", "value": 10010901, "label": "Owner",
                        "description": "Built-in owner role"},
           "description": description, "permissionCodes": [],
           "createdAt": "2026-03-30T15:33:09.322562Z", "updatedAt": "2026-03-30T15:33:09.322562Z"})
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .access_code("pac_test")
        .workspace_id("w1")
        .locale("en-US")
        .accept_language("en-US")
        .client_fingerprint("fingerprint")
        .bearer_token("test-token")
        .max_retries(0)
        .build()
        .expect("client builds")
}

async fn answer(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(path(route.to_owned()))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_null_description_decodes_as_none() {
    let server = MockServer::start().await;
    let roles = json!([
        role(json!("Owner role"), json!("Owner")),
        role(Value::Null, json!("Clerk"))
    ]);
    answer(
        &server,
        "/web/v1/partner/roles",
        ResponseTemplate::new(200).set_body_json(envelope(roles)),
    )
    .await;
    let roles: Vec<Role> = client(&server).roles().list().await.expect("roles decode");
    assert_eq!(roles[0].description.as_deref(), Some("Owner role"));
    assert_eq!(roles[1].description, None);
}

#[tokio::test]
async fn a_null_in_a_strict_field_keeps_the_path_the_value_and_the_body() {
    let server = MockServer::start().await;
    let roles = json!([
        role(json!("d"), json!("Owner")),
        role(json!("d"), Value::Null)
    ]);
    let body = envelope(roles).to_string();
    answer(
        &server,
        "/web/v1/partner/roles",
        ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
    )
    .await;
    let error = client(&server)
        .roles()
        .list()
        .await
        .expect_err("roleName is strict");
    let Error::Decode { path, .. } = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(path, "data[1].roleName");
    assert_eq!(error.found_value(), Some(&Value::Null));
    assert_eq!(error.raw_body(), Some(body.as_bytes()));
    // The rest of the answer is still there for whoever wants it.
    let value: Value = serde_json::from_slice(error.raw_body().expect("body")).expect("JSON");
    assert_eq!(value["data"][0]["roleName"], "Owner");
    let shown = format!("{error} {error:?}");
    assert!(
        shown.contains("data[1].roleName") && shown.contains("null"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_partial_update_sends_only_the_fields_set() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/web/v1/partner/profile/update",
        ResponseTemplate::new(200).set_body_json(envelope(Value::Null)),
    )
    .await;
    let update = UpdateProfileRequest::new().with_default_timezone("Europe/Paris");
    assert_eq!(
        update,
        UpdateProfileRequest::default().with_default_timezone("Europe/Paris")
    );
    // The answer (`null` for a `Profile`) does not matter here: what was sent does.
    let _ = client(&server).profile().update(&update).await;
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "POST");
    let sent: Value = serde_json::from_slice(&requests[0].body).expect("a JSON body");
    assert_eq!(sent, json!({"defaultTimezone": "Europe/Paris"}));
}

#[tokio::test]
async fn a_download_keeps_its_content_type_and_file_name() {
    let server = MockServer::start().await;
    let file: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    Mock::given(method("GET"))
        .and(path("/web/v1/partner/files/f1/download"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(file.clone(), "application/pdf")
                .insert_header(
                    "Content-Disposition",
                    "attachment; filename=\"fallback.pdf\"; filename*=UTF-8''%E2%82%AC%20rates.pdf",
                ),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let whole = client.file().download("f1").await.expect("the file");
    assert_eq!(whole.content_type(), Some("application/pdf"));
    assert_eq!(whole.file_name(), Some("\u{20ac} rates.pdf"));
    assert_eq!(&*whole, file.as_slice());

    let mut stream = client
        .file()
        .download("f1")
        .stream()
        .await
        .expect("the stream");
    assert_eq!(
        (stream.status(), stream.content_type()),
        (200, Some("application/pdf"))
    );
    assert_eq!(stream.file_name(), Some("\u{20ac} rates.pdf"));
    let mut streamed = Vec::new();
    while let Some(chunk) = stream.chunk().await.expect("a chunk") {
        streamed.extend_from_slice(&chunk);
    }
    assert_eq!(streamed, file);
}

#[tokio::test]
async fn a_failed_stream_is_an_api_error_from_the_envelope() {
    let server = MockServer::start().await;
    let body = json!({"version": "2.0.0", "timestamp": 1, "success": false,
                      "code": "RESOURCE.NOT_FOUND", "message": "Resource not found", "data": null});
    answer(
        &server,
        "/web/v1/partner/files/gone/download",
        ResponseTemplate::new(404).set_body_json(body),
    )
    .await;
    let error = client(&server)
        .file()
        .download("gone")
        .stream()
        .await
        .expect_err("404");
    assert_eq!(error.code(), Some("RESOURCE.NOT_FOUND"));
    assert_eq!(error.status(), Some(404));
}
