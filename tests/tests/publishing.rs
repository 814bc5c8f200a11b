//! What must not be published is not: sample secrets (by name, by shape, by `sdkgen.toml`) and
//! preamble lines naming a local path or a private host, on a fixture written to leak them all
//! (`tests/fixtures/publishing/leaky-api.md`), checked in every published file.

use sdkgen_tests::{caught_secrets, fixture, published_files, repo_root};

const LEAKY: &str = "tests/fixtures/publishing/leaky-api.md";

fn config() -> sdkgen::Config {
    sdkgen::Config::new([repo_root().join(LEAKY)])
}

#[test]
fn the_rules_catch_secrets_by_name_and_by_shape_and_keep_public_values() {
    let caught = caught_secrets(&fixture("publishing/leaky-api.md"));
    let expected = [
        // by name
        "correct horse battery staple",
        "retry-9Qx7Lm",
        // by shape, whatever the name: a JWT (response field and header), hex digits (in the
        // request and in an error), a prefixed base64 signing secret
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMiLCJleHAiOjE3NzQ4ODUwNDd9.qGzQ6Vq0rC6xq8t5bLkq1r3R3g7iYbJm2mJc0sH9w1E",
        "eyJhbGciOiJIUzI1NiJ9.eyJ0cmFjZSI6ImFiYyJ9.c2lnbmF0dXJlLXZhbHVl",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ];
    let caught: Vec<&str> = caught.iter().map(String::as_str).collect();
    let mut sorted = expected.to_vec();
    sorted.sort_unstable();
    assert_eq!(caught, sorted);
}

#[test]
fn no_caught_secret_or_private_location_is_in_any_published_file() {
    let parsed = fixture("publishing/leaky-api.md");
    let mut forbidden: Vec<String> = caught_secrets(&parsed).into_iter().collect();
    forbidden.extend(
        [r"C:\Users\qa", "localhost:8080", "ledger.internal"]
            .iter()
            .map(|s| (*s).to_owned()),
    );
    let published = published_files(&config());
    let mut checked = 0;
    for (path, text) in &published {
        if path == "tests/fixtures.json" {
            continue;
        }
        for value in &forbidden {
            assert!(!text.contains(value.as_str()), "{path} publishes {value}");
        }
        checked += 1;
    }
    assert!(checked > 10, "only {checked} files checked");
    // Public values that only look like secrets stay as examples, and the redacted ones say so.
    let openapi = &published["openapi.json"];
    assert!(openapi
        .contains("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4Gw0YT1yLl3bVayyZ9Ax8Urc3Yt5eg6te"));
    assert!(openapi.contains("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3a94a8fe5ccb19ba61c4c0873"));
    assert!(openapi.contains("\"<redacted>\""));
    // The replay fixtures keep every sample byte for byte: they are what the crate's tests
    // send, not documentation.
    assert!(published["tests/fixtures.json"].contains("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    // The preamble keeps its public lines.
    let index = &published["docs/index.md"];
    assert!(
        index.contains("Arrays are truncated to the first 2 items."),
        "{index}"
    );
}

#[test]
fn fields_secret_by_shape_get_a_redacting_debug() {
    let (_, inferred) = config().load().expect("loads");
    let field = sdkgen_tests::field(&inferred.model, "SessionCreated", "signingKey");
    assert!(field.secret, "a signing secret by its shape");
    let field = sdkgen_tests::field(&inferred.model, "SessionCreated", "session");
    assert!(field.secret, "a JWT by its shape");
    let field = sdkgen_tests::field(&inferred.model, "SessionCreated", "publicKey");
    assert!(!field.secret, "public by its name");
    let field = sdkgen_tests::field(&inferred.model, "Session", "checksum");
    assert!(!field.secret, "public by its name");
    let files = config().render().expect("renders").files;
    let source: String = files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(
        source.contains(".field(\"signing_key\", &\"<redacted>\")"),
        "the Debug of SessionCreated hides signing_key"
    );
}

#[test]
fn sdkgen_toml_has_the_last_word_both_ways() {
    let dir = std::env::temp_dir().join(format!("sdkgen-publishing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let document = dir.join("leaky-api.md");
    std::fs::copy(repo_root().join(LEAKY), &document).expect("copy");
    // `secret = false` shows a value the shape rule hides; `secret = true` hides one no rule
    // catches.
    std::fs::write(
        dir.join("sdkgen.toml"),
        "[fields.\"SessionCreated.signingKey\"]\nsecret = false\n\n\
         [fields.\"Session.checksum\"]\nsecret = true\n",
    )
    .expect("sdkgen.toml");
    let published = published_files(&sdkgen::Config::new([&document]));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        published["openapi.json"].contains("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        "secret = false shows it"
    );
    let checksum = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3a94a8fe5ccb19ba61c4c0873";
    for (path, text) in &published {
        if path != "tests/fixtures.json" {
            assert!(
                !text.contains(checksum),
                "{path} publishes the secret checksum"
            );
        }
    }
}
