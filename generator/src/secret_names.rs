//! Which fields are secrets by their name, so that generated `Debug` and every example
//! (OpenAPI, Markdown) hide their values without anyone listing them in `sdkgen.toml`.
//!
//! Rule, on the wire name, case- and separator-insensitive (`accessToken`, `access_token`,
//! `ACCESS-TOKEN` and `Access Token` are the same words): the name is split into words and
//! its **last word** is one of `password`, `passwd`, `passcode`, `passphrase`, `secret`,
//! `token`, `otp`, `credential` or `credentials`, or its last two words are `api key` or `private key`
//! (also written as one word: `apikey`, `privatekey`, `apiKey`). The last word decides because
//! it names what the value is: `refreshToken`, `clientSecret`, `newPassword` and `xApiKey` are
//! secrets, `tokenType`, `passwordChangedAt`, `otpEnabled` and `apiKeyId` describe one and
//! stay visible.
//!
//! Values are secrets **by their shape** too, whatever their field is called: a JWT, a PEM
//! private key, 40 or more hex digits, a 32-character-or-longer base64 run mixing upper case,
//! lower case and digits, or a token with a well-known secret prefix (`sk_live_…`, `ghp_…`,
//! `xoxb-…`, `AKIA…`), alone or after an auth scheme (`Bearer eyJ…`). A name that says the
//! value is public or only names a secret (`publicKey`, `apiKeyId`, `certificate`, `checksum`)
//! keeps a value that merely looks like one.
//!
//! `sdkgen.toml` has the last word: `secret = false` on a field shows it again, `secret = true`
//! hides a field the rule misses.

use std::sync::LazyLock;

use regex::Regex;

use crate::json::{Json, JsonMember, JsonValue};

/// What replaces a secret in every published example.
pub const REDACTED: &str = "<redacted>";

/// Last words that make a field a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passcode",
    "passphrase",
    "secret",
    "token",
    "otp",
    "credential",
    "credentials",
    "apikey",
    "privatekey",
];

/// Words that make a secret of a following `key`.
const KEY_KINDS: &[&str] = &["api", "private"];

/// Whether a field with this wire name is a secret (see the module docs for the rule).
pub fn is_secret_name(wire: &str) -> bool {
    let snake = crate::naming::snake_ident(wire);
    let words: Vec<&str> = snake.split('_').filter(|word| !word.is_empty()).collect();
    match words.as_slice() {
        [.., kind, "key"] if KEY_KINDS.contains(kind) => true,
        [.., last] => SECRET_WORDS.contains(last),
        [] => false,
    }
}

/// Last words of names whose values are public or only identify a secret, so a value that
/// looks like a secret is kept (`publicKey`, `apiKeyId`, `fileChecksum`).
const PUBLIC_WORDS: &[&str] = &[
    "id",
    "ids",
    "publickey",
    "certificate",
    "cert",
    "checksum",
    "digest",
    "hash",
    "sha",
    "sha1",
    "sha256",
    "md5",
    "etag",
    "fingerprint",
    "url",
    "uri",
];

/// Whether a name says its value is public or only identifies a secret.
fn names_public_value(wire: &str) -> bool {
    let snake = crate::naming::snake_ident(wire);
    let words: Vec<&str> = snake.split('_').filter(|word| !word.is_empty()).collect();
    match words.as_slice() {
        [.., "public", "key"] => true,
        [.., last] => PUBLIC_WORDS.contains(last),
        [] => false,
    }
}

/// The shapes of secret values (see the module docs).
static SECRET_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*                      # a JWT
          | (?:0x)?[0-9a-fA-F]{40,}                              # hex digits
          | (?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}             # Stripe-style secret keys
          | (?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}             # GitHub tokens
          | github_pat_[0-9A-Za-z_]{30,}
          | glpat-[0-9A-Za-z_-]{20,}                             # GitLab tokens
          | xox[abprs]-[0-9A-Za-z-]{10,}                         # Slack tokens
          | AKIA[0-9A-Z]{16}                                     # AWS access key ids
          | AIza[0-9A-Za-z_-]{35}                                # Google API keys
          | npm_[0-9A-Za-z]{36}                                  # npm tokens
        )$",
    )
    .expect("valid regex")
});

/// A base64 or base64url run of 32 characters or more, with optional padding.
static BASE64_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9+/_-]{32,}={0,2}$").expect("valid regex"));

/// Whether a value has the shape of a secret, whatever its field is called: see the module
/// docs. An auth scheme in front (`Bearer …`, `Basic …`) is looked past.
pub fn is_secret_value(value: &str) -> bool {
    let value = value.trim();
    let value = ["Bearer ", "Basic ", "Token ", "bearer "]
        .iter()
        .find_map(|scheme| value.strip_prefix(scheme))
        .unwrap_or(value)
        .trim();
    if value.contains("PRIVATE KEY-----") {
        return true;
    }
    if SECRET_SHAPE.is_match(value) {
        return true;
    }
    BASE64_RUN.is_match(value)
        && value.chars().any(|c| c.is_ascii_uppercase())
        && value.chars().any(|c| c.is_ascii_lowercase())
        && value.chars().any(|c| c.is_ascii_digit())
}

/// Whether the string `value` of a field (or header, or parameter) named `name` is a secret:
/// by the name, or by the value's shape unless the name says it is public.
pub fn is_secret(name: Option<&str>, value: &str) -> bool {
    match name {
        Some(name) if is_secret_name(name) => true,
        Some(name) if names_public_value(name) => false,
        _ => is_secret_value(value),
    }
}

/// Every string of a sample the rules catch (by name at any depth, or by shape), for checks
/// that they appear in no published output.
pub fn secret_values(json: &Json, out: &mut std::collections::BTreeSet<String>) {
    // The same walk as the redaction, so the two can never disagree; the copy it builds is
    // dropped.
    let _ = replace_secrets(json, None, &mut |_, text, placeholder| {
        if !placeholder {
            out.insert(text.to_owned());
        }
        None
    });
}

/// A sample with every secret string (by name at any depth, or by shape) replaced by
/// [`REDACTED`]: the form of every published example.
pub fn redacted(json: &Json) -> Json {
    replace_secrets(json, None, &mut |_, _, placeholder| {
        (!placeholder).then(|| REDACTED.to_owned())
    })
}

/// What a secret string becomes, from the name it sits under, its text and whether it is a
/// placeholder; `None` keeps it.
type Replacement<'a> = dyn FnMut(Option<&str>, &str, bool) -> Option<String> + 'a;

/// `json` with each secret string replaced by `replacement(name, text, is_placeholder)`,
/// where it gives one. A placeholder counts as a secret only under a secret name.
fn replace_secrets(json: &Json, name: Option<&str>, replacement: &mut Replacement<'_>) -> Json {
    let secret = match &json.value {
        JsonValue::String(_) if json.is_placeholder() => name.is_some_and(is_secret_name),
        JsonValue::String(text) => is_secret(name, text),
        _ => false,
    };
    let value = match &json.value {
        JsonValue::String(text) if secret => match replacement(name, text, json.is_placeholder()) {
            Some(text) => JsonValue::String(text),
            None => json.value.clone(),
        },
        JsonValue::Object(members) => JsonValue::Object(
            members
                .iter()
                .map(|member| JsonMember {
                    key: member.key.clone(),
                    span: member.span,
                    value: replace_secrets(&member.value, Some(&member.key), replacement),
                })
                .collect(),
        ),
        JsonValue::Array(items) => JsonValue::Array(
            items
                .iter()
                .map(|item| replace_secrets(item, name, replacement))
                .collect(),
        ),
        other => other.clone(),
    };
    Json {
        span: json.span,
        value,
    }
}

/// A sample with its secret strings (by name at any depth, or by shape) replaced by a `<key>`
/// placeholder that says what to put there, for examples a reader copies: `curl` bodies on
/// the pages, the request bodies of the crate's tour.
pub fn with_placeholders(json: &Json) -> Json {
    replace_secrets(json, None, &mut |name, _, _| {
        Some(format!("<{}>", name.unwrap_or("secret")))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, with_placeholders};

    #[test]
    fn placeholders_replace_secret_strings_at_any_depth() {
        let text = r#"{"email":"a@b.c","password":"hunter2","nested":[{"apiKey":"k","tokenType":"Bearer"}],"otp":null}"#;
        let file = crate::source::SourceFile::new(0, "sample.json", text);
        let (sample, _) = crate::json::read_value(&file, 0, text.len(), &|_| false).expect("JSON");
        assert_eq!(
            with_placeholders(&sample).to_value(),
            serde_json::json!({"email": "a@b.c", "password": "<password>",
                "nested": [{"apiKey": "<apiKey>", "tokenType": "Bearer"}], "otp": null})
        );
    }

    #[test]
    fn values_shaped_like_secrets_are_secrets_whatever_their_name() {
        use super::{is_secret, is_secret_value};
        for value in [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.signature1234",
            "db85f21f1c5f2dd56e32a8a28321e13a0ad44ebbeaadada187172d071e646f70",
            "0xdb85f21f1c5f2dd56e32a8a28321e13a0ad44ebb",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a00",
            "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
            "AKIAIOSFODNN7EXAMPLE",
            "c2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZy1lbm91Z2gK9x",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...",
        ] {
            assert!(is_secret_value(value), "{value} is a secret");
            assert!(is_secret(Some("session"), value), "{value} under `session`");
            assert!(is_secret(None, value), "{value} alone");
        }
        for value in [
            "09ef9df3-7434-4e2a-8e78-4b25cd64db34",
            "2026-03-30T15:37:05.644746886Z",
            "ACCESS.TOKEN_MISSING",
            "2mEWJwUElgHkRrER",
            "0123456789abcdef0123456789abcdef",
            "the_quick_brown_fox_jumps_over_the_lazy_dog",
            "https://example.com/a/very/long/path/that/goes/on/and/on",
            "Bearer {token}",
        ] {
            assert!(!is_secret_value(value), "{value} is not a secret");
        }
        // Names that say the value is public, or only names a secret, keep it.
        let public_key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4Gw";
        assert!(is_secret(None, public_key));
        assert!(!is_secret(Some("publicKey"), public_key));
        assert!(!is_secret(Some("apiKeyId"), "sk_live_3a354b2beeea483d9610"));
        assert!(!is_secret(Some("sha256"), &"ab".repeat(32)));
        assert!(is_secret(Some("password"), "hunter2"));
    }

    #[test]
    fn redaction_catches_secrets_by_name_and_shape_at_any_depth() {
        let text = r#"{"message":"ok","data":{"items":["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig"],"detail":{"password":"hunter2","keyId":"sk_live_3a354b2beeea483d9610"}},"n":1}"#;
        let file = crate::source::SourceFile::new(0, "sample.json", text);
        let (sample, _) = crate::json::read_value(&file, 0, text.len(), &|_| false).expect("JSON");
        assert_eq!(
            super::redacted(&sample).to_value(),
            serde_json::json!({"message": "ok", "data": {"items": ["<redacted>"],
                "detail": {"password": "<redacted>", "keyId": "sk_live_3a354b2beeea483d9610"}}, "n": 1})
        );
        let mut caught = std::collections::BTreeSet::new();
        super::secret_values(&sample, &mut caught);
        assert_eq!(caught.len(), 2, "{caught:?}");
    }

    #[test]
    fn secrets_are_named_by_their_last_words_in_any_case_or_separator() {
        for name in [
            "password",
            "newPassword",
            "PASSWD",
            "secret",
            "clientSecret",
            "client-secret",
            "accessToken",
            "access_token",
            "refresh_token",
            "Refresh Token",
            "turnstileToken",
            "otp",
            "smsOTP",
            "apiKey",
            "api_key",
            "X-API-Key",
            "apikey",
            "privateKey",
            "private-key",
            "credential",
            "awsCredentials",
            "passcode",
        ] {
            assert!(is_secret_name(name), "{name} is a secret");
        }
    }

    #[test]
    fn names_that_describe_a_secret_stay_visible() {
        for name in [
            "tokenType",
            "token_expires_in",
            "passwordChangedAt",
            "otpEnabled",
            "apiKeyId",
            "footprint",
            "publicKey",
            "key",
            "secretary",
            "email",
            "",
        ] {
            assert!(!is_secret_name(name), "{name} is not a secret");
        }
    }
}
