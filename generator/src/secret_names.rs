//! Which fields are secrets by their name, so that generated `Debug` and every example
//! (OpenAPI, Markdown) hide their values without anyone listing them in `sdkgen.toml`.
//!
//! Rule, on the wire name, case- and separator-insensitive (`accessToken`, `access_token`,
//! `ACCESS-TOKEN` and `Access Token` are the same words): the name is split into words and
//! its **last word** is one of `password`, `passwd`, `passcode`, `secret`, `token`, `otp`,
//! `credential` or `credentials`, or its last two words are `api key` or `private key`
//! (also written as one word: `apikey`, `privatekey`, `apiKey`). The last word decides because
//! it names what the value is: `refreshToken`, `clientSecret`, `newPassword` and `xApiKey` are
//! secrets, `tokenType`, `passwordChangedAt`, `otpEnabled` and `apiKeyId` describe one and
//! stay visible.
//!
//! `sdkgen.toml` has the last word: `secret = false` on a field shows it again, `secret = true`
//! hides a field the rule misses.

use crate::json::{Json, JsonMember, JsonValue};

/// Last words that make a field a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passcode",
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

/// A sample with the string values under secret names (at any depth) replaced by a `<key>`
/// placeholder that says what to put there, for examples a reader copies: `curl` bodies on
/// the pages, the request bodies of the crate's tour.
pub fn with_placeholders(json: &Json) -> Json {
    let value = match &json.value {
        JsonValue::Object(members) => JsonValue::Object(
            members
                .iter()
                .map(|member| {
                    let value = match &member.value.value {
                        JsonValue::String(_) if is_secret_name(&member.key) => Json {
                            span: member.value.span,
                            value: JsonValue::String(format!("<{}>", member.key)),
                        },
                        _ => with_placeholders(&member.value),
                    };
                    JsonMember {
                        key: member.key.clone(),
                        span: member.span,
                        value,
                    }
                })
                .collect(),
        ),
        JsonValue::Array(items) => JsonValue::Array(items.iter().map(with_placeholders).collect()),
        other => other.clone(),
    };
    Json {
        span: json.span,
        value,
    }
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
