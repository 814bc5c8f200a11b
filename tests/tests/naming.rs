//! Method and type names of a hand-written Markdown reference (a media player API without an
//! envelope, `markdown-variants/naming-api.md`): descriptions name the POSTs, PUTs and DELETEs
//! the path leaves unnamed, collisions are told apart by words before numbers, group names
//! never name types, and no output speaks of an envelope's `data` the API does not have.

use sdkgen::Config;
use sdkgen_tests::{fixture, repo_root};

const FIXTURE: &str = "markdown-variants/naming-api.md";

#[test]
fn a_hand_written_reference_gets_natural_names_and_no_envelope_wording() {
    let parsed = fixture(FIXTURE);
    let inferred = sdkgen::infer::infer(&parsed);
    let model = &inferred.model;
    assert!(!model.enveloped, "the fixture has no envelope");
    let methods: Vec<String> = parsed
        .api
        .endpoints
        .iter()
        .zip(&model.operations)
        .map(|(e, op)| format!("{} → {}.{}", e.route(), op.group_module, op.name))
        .collect();
    assert_eq!(
        methods,
        [
            "GET /player/status → player_controls.get_status",
            "POST /player/volume → player_controls.set_volume",
            "POST /player/{zoneId}/volume → player_controls.set_volume_by_zone_id",
            "POST /player/pause → player_controls.pause",
            "POST /player → player_controls.restart",
            "POST /library/scan → media_library.trigger_scan",
            "POST /library/tracks/by-ids → media_library.list_tracks_by_ids",
            "POST /library/playlists → media_library.create_playlists",
            "POST /library/verify → media_library.verify",
            "DELETE /library/playlists/{playlistId}/tracks/{trackId} → media_library.remove_playlists_tracks",
            "POST /users/{id}/roles → user_management.assign_users_roles",
            "PUT /users/{id}/email → user_management.update_users_email",
            "PATCH /users/{id}/email → user_management.change_users_email",
            "PUT /users/{id}/account → user_management.enable_users_account",
            "GET /me → user_management.get_me",
            "POST /webhooks/verify → webhook_deliveries.verify",
            "POST /webhooks/{webhookId}/deliveries/{deliveryId} → webhook_deliveries.resend_deliveries",
        ]
    );
    let types: Vec<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        types,
        [
            "AssignUsersRolesRequest",
            "AssignUsersRolesResult",
            "ChangeUsersEmailRequest",
            "ChangeUsersEmailResult",
            "CreatePlaylistsRequest",
            "CreatePlaylistsResult",
            "EnableUsersAccountResult",
            "ListTracksByIdsRequest",
            "Me",
            "ResendDeliveriesResult",
            "SetVolumeByZoneIdRequest",
            "SetVolumeByZoneIdResult",
            "SetVolumeRequest",
            "Status",
            "TrackById",
            "TriggerScanRequest",
            "TriggerScanResult",
            "UpdateUsersEmailRequest",
            "VerifyLibraryResult",
            "VerifyWebhookRequest",
            "VerifyWebhookResult",
        ]
    );
    // The OpenAPI document and the pages describe bodies, not an envelope's `data`.
    let rendered = Config::new([repo_root().join("tests/fixtures").join(FIXTURE)])
        .crate_name("media-client")
        .render()
        .expect("the fixture renders");
    let openapi = &rendered.files["openapi.json"];
    assert!(openapi.contains("Success (HTTP 200): the body is `SetVolumeByZoneIdResult`."));
    assert!(!openapi.contains("`data` is"), "OpenAPI speaks of `data`");
    assert!(
        !openapi.contains("come in the API's error envelope"),
        "OpenAPI assumes an envelope"
    );
    let pages: Vec<(&String, &String)> = rendered
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("docs/"))
        .collect();
    assert!(pages.len() > 3, "{:?}", rendered.files.keys());
    for (path, text) in pages {
        for phrase in ["`data` is", "an envelope with", "with `data`"] {
            assert!(!text.contains(phrase), "{path} says {phrase:?}");
        }
    }
}
