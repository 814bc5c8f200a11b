//! Objects keyed by data (`tests/fixtures/shapes/maps-api.md`: weather by city, disk usage by
//! mount path, cameras by name, counts by date, sensors by id, labels by path in a request)
//! are maps in the model, `BTreeMap<String, T>` in the Rust client, `additionalProperties` in
//! OpenAPI and "map of string to T" on the pages; no type is named after a key; two unrelated
//! objects with the same key set stay two types; and the generated crate builds, passes clippy
//! with warnings denied and replays its own fixtures.

use sdkgen::emit::openapi::Version;
use sdkgen::model::{Model, TypeRef};
use sdkgen::Config;
use sdkgen_tests::{clippy_and_test, field, operation, repo_root};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/shapes/maps-api.md";

fn config() -> Config {
    Config::new([repo_root().join(FIXTURE)]).crate_name("home-monitor")
}

fn map_of(value: TypeRef) -> TypeRef {
    TypeRef::map(value)
}

fn model() -> (sdkgen::Parsed, Model) {
    let parsed = sdkgen_tests::fixture("shapes/maps-api.md");
    let model = sdkgen::infer::infer(&parsed).model;
    (parsed, model)
}

#[test]
fn objects_keyed_by_data_are_maps_of_the_merged_value_type() {
    let (parsed, model) = model();
    let cities = &field(&model, "Cities", "cities").ty;
    assert_eq!(*cities, map_of(TypeRef::named("City")));
    // The value type is inferred from the values of every key.
    assert_eq!(field(&model, "City", "temp").ty, TypeRef::Float);
    assert_eq!(
        field(&model, "Disks", "disks").ty,
        map_of(TypeRef::named("Disk"))
    );
    // `label` only under `/mnt/data`: an optional field of the one value type.
    assert!(!field(&model, "Disk", "label").required);
    assert!(field(&model, "Disk", "free").required);
    assert_eq!(
        field(&model, "Cameras", "cameras").ty,
        map_of(TypeRef::named("Camera"))
    );
    assert_eq!(
        field(&model, "Sensors", "sensors").ty,
        map_of(TypeRef::named("Sensor"))
    );
    let daily = operation(&parsed.api, &model, "GET /v1/system/events/daily");
    assert_eq!(daily.success.data, map_of(TypeRef::Integer));
    assert_eq!(
        field(&model, "UpdateLabelsRequest", "labels").ty,
        map_of(TypeRef::String)
    );
    // No type is named after a key, nor holds a key as a field.
    for name in [
        "Dallas",
        "NewYorkCity",
        "SanFrancisco",
        "FrontDoor",
        "Garage",
        "Porch",
        "Mnt",
        "MntData",
        "N12",
    ] {
        assert!(model.type_named(name).is_none(), "a type named {name}");
    }
    for def in &model.types {
        if let sdkgen::model::TypeKind::Struct { fields, .. } = &def.kind {
            for f in fields {
                assert!(
                    ![
                        "Dallas",
                        "New York City",
                        "front_door",
                        "/",
                        "12",
                        "2026-03-28"
                    ]
                    .contains(&f.wire_name.as_str()),
                    "{}.{} is a key",
                    def.name,
                    f.wire_name
                );
            }
        }
    }
}

#[test]
fn unrelated_objects_with_one_key_set_stay_separate_types() {
    let (parsed, model) = model();
    let reading = operation(&parsed.api, &model, "GET /v1/stations/{stationId}/reading");
    let profile = operation(&parsed.api, &model, "GET /v1/users/{userId}/profile");
    let (TypeRef::Named { name: reading }, TypeRef::Named { name: profile }) =
        (&reading.success.data, &profile.success.data)
    else {
        panic!("both answer named types");
    };
    assert_ne!(reading, profile, "the two answers are one type");
    for key in ["data", "settings"] {
        let a = &field(&model, reading, key).ty;
        let b = &field(&model, profile, key).ty;
        let (TypeRef::Named { name: a }, TypeRef::Named { name: b }) = (a, b) else {
            panic!("`{key}` is a struct under both: {a:?}, {b:?}");
        };
        assert_ne!(a, b, "`{key}` is one type under both endpoints");
        // Each keeps its own fields, typed, none optional or a JSON value.
        for name in [a, b] {
            for f in sdkgen_tests::struct_fields(&model, name) {
                assert!(f.required && f.ty != TypeRef::Any, "{name}.{}", f.wire_name);
            }
        }
    }
    assert_eq!(field(&model, reading, "data").ty, TypeRef::named("Data"));
    assert_eq!(
        field(&model, "Data", "temperature").ty,
        TypeRef::Float,
        "the station's `data`"
    );
    assert_eq!(
        field(&model, profile, "settings").ty,
        TypeRef::named("UserProfileSettings")
    );
}

#[test]
fn the_outputs_say_map() {
    let rendered = config().render().expect("the fixture renders");
    let types = &rendered.files["src/types.rs"];
    assert!(
        types.contains("pub cities: std::collections::BTreeMap<String, City>"),
        "{types}"
    );
    // A PUT is a partial update: its fields are optional.
    assert!(types.contains("pub labels: Option<std::collections::BTreeMap<String, String>>"));
    assert!(!types.contains("pub struct Dallas"));
    let system = &rendered.files["src/api/system.rs"];
    assert!(
        system.contains("std::collections::BTreeMap<String, i64>"),
        "{system}"
    );
    let pages: String = rendered
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("docs/"))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(pages.contains("map of string to integer"), "{pages}");
    assert!(pages.contains("map of string to [`City`]"), "{pages}");
    for version in [Version::V3_1, Version::V3_0] {
        let (text, _) = config()
            .openapi_version(version)
            .render_openapi()
            .expect("renders");
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        let cities = &doc["components"]["schemas"]["Cities"]["properties"]["cities"];
        assert_eq!(cities["type"], "object", "{cities}");
        assert_eq!(
            cities["additionalProperties"]["$ref"], "#/components/schemas/City",
            "{cities}"
        );
        let daily = &doc["paths"]["/v1/system/events/daily"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"]["$ref"];
        let envelope = daily
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(|name| &doc["components"]["schemas"][name])
            .expect("the answer's envelope is a component");
        let data = envelope.to_string();
        assert!(
            data.contains(r#""additionalProperties":{"format":"int64","type":"integer"}"#),
            "{data}"
        );
        assert!(doc["components"]["schemas"].get("Dallas").is_none());
    }
}

#[test]
fn a_changed_map_value_type_is_a_change() {
    let old = sdkgen::parse_str(
        "old.txt",
        "API\nStats\nGET /stats\nSuccess Response: (HTTP 200)\n{\"success\": true, \"data\": {\"2026-03-01\": 4, \"2026-03-02\": 7}}\n",
    )
    .expect("parses");
    let new = sdkgen::parse_str(
        "new.txt",
        "API\nStats\nGET /stats\nSuccess Response: (HTTP 200)\n{\"success\": true, \"data\": {\"2026-03-01\": \"4\", \"2026-03-02\": \"7\"}}\n",
    )
    .expect("parses");
    let report = sdkgen::diff::diff_parsed(&old, &new);
    let [change] = report.changes.as_slice() else {
        panic!("one change: {report:?}");
    };
    assert_eq!(change.check, sdkgen::diff::Check::ResponseFieldTypeChanged);
    assert_eq!(change.location.as_deref(), Some("data.*"));
    assert_eq!(change.old.as_deref(), Some("integer"));
    assert_eq!(change.new.as_deref(), Some("string"));
    assert_eq!(change.crate_detail, "`i64` becomes `String`");
    // The same map is no change.
    assert_eq!(sdkgen::diff::diff_parsed(&old, &old).changes, []);
}

#[test]
fn the_generated_crate_builds_and_replays_its_fixtures() {
    let out = std::env::temp_dir().join(format!("sdkgen-maps-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    config()
        .out_dir(&out)
        .write()
        .expect("the fixture generates");
    clippy_and_test(&out, &[]);
    let _ = std::fs::remove_dir_all(&out);
}
