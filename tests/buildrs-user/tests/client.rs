//! The client generated in build.rs works: it calls a mock server and decodes the sample.

use sdkgen_buildrs_user::partner::{Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn generated_client_lists_roles() {
    let server = MockServer::start().await;
    let body = r#"{"version":"2.0.0","timestamp":1,"success":true,"code":"2000","message":"Success",
        "data":[{"bizId":"r1","workspaceBizId":"w1","roleName":"Owner",
        "roleType":{"code":"OWNER","value":10010901,"label":"Owner","description":"Built-in owner role"},
        "description":"d","permissionCodes":["wallet:read"],
        "createdAt":"2026-03-30T15:33:09.322562Z","updatedAt":"2026-03-30T15:33:09.322562Z"}]}"#;
    Mock::given(method("GET"))
        .and(path("/web/v1/partner/roles"))
        .and(header("X-Workspace-Id", "w1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    // The document lists these headers as required on every endpoint.
    let client = Client::builder(server.uri())
        .access_code("pac_test")
        .workspace_id("w1")
        .locale("en-US")
        .accept_language("en-US")
        .client_fingerprint("fingerprint")
        // The document's 401 samples say the token is required here.
        .bearer_token("test-token")
        .build()
        .expect("client builds");
    let roles = client.roles().list().await.expect("roles decode");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].role_name, "Owner");
    assert_eq!(roles[0].permission_codes, ["wallet:read"]);
}

#[tokio::test]
async fn missing_token_fails_before_sending() {
    let client = Client::builder("http://127.0.0.1:9")
        .build()
        .expect("client builds");
    let error = client.roles().get("r1").await.expect_err("no token");
    assert!(matches!(error, Error::MissingCredential { .. }), "{error}");
}

#[tokio::test]
async fn two_more_clients_from_one_build_script_each_have_their_module() {
    use sdkgen_buildrs_user::{clients, clients_shop};
    let server = MockServer::start().await;
    let body = r#"{"version":"2.0.0","timestamp":1,"success":true,"code":"2000","message":"Success","data":42}"#;
    Mock::given(method("GET"))
        .and(path("/api/v2/stats/count"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    let nested = clients::shop::Client::builder(server.uri())
        .build()
        .expect("client builds");
    let flat = clients_shop::Client::builder(server.uri())
        .build()
        .expect("client builds");
    assert_eq!(nested.stats().get_count().await.expect("count"), 42);
    assert_eq!(flat.stats().get_count().await.expect("count"), 42);
}
