//! Naming rules, in one place: Rust identifiers from wire names (keywords, leading digits,
//! hyphens, non-ASCII), singular nouns, and natural method names for endpoints.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that cannot be used as identifiers as-is.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// Replaces every character that cannot appear in an ASCII identifier: letters of other
/// scripts become `uXXXX` words, everything else a word break.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:04x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

/// A snake_case Rust field or method name for a wire name.
///
/// Rule: words split by heck; non-ASCII letters spelled as `uXXXX`; a name that starts with a
/// digit gets the prefix `n` (`3dsEnrolled` → `n3ds_enrolled`); keywords get a trailing
/// underscore (`type` → `type_`); an empty name becomes `field`.
pub fn snake_ident(wire: &str) -> String {
    let snake = ascii_words(wire).to_snake_case();
    let snake = snake.trim_matches('_');
    if snake.is_empty() {
        return "field".to_owned();
    }
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake.to_owned()
    };
    if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// A PascalCase Rust type or variant name for a wire name.
///
/// Rule: as [`snake_ident`], then UpperCamelCase; a leading digit gets the prefix `V`
/// (`2000` → `V2000`); `Self` becomes `Self_`; an empty name becomes `Value`.
pub fn pascal_ident(wire: &str) -> String {
    let pascal = ascii_words(wire).to_upper_camel_case();
    if pascal.is_empty() {
        return "Value".to_owned();
    }
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{pascal}");
    }
    if pascal == "Self" {
        return "Self_".to_owned();
    }
    pascal
}

/// The singular of an English noun (or the last word of a kebab/camel/snake name), by the
/// usual suffix rules: `countries` → `country`, `addresses` → `address`, `roles` → `role`.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let keep = ["ss", "us", "is", "news", "series", "data", "status"];
    if keep.iter().any(|k| lower.ends_with(k)) {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes"] {
        if lower.ends_with(suffix) {
            return word[..word.len() - 2].to_owned();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// Words that, as the last literal segment of a path, name the action rather than a resource
/// (`/roles/delete`, `/mfa/otp/verify`).
pub const VERBS: &[&str] = &[
    "accept",
    "activate",
    "approve",
    "archive",
    "assign",
    "cancel",
    "change",
    "close",
    "complete",
    "confirm",
    "create",
    "deactivate",
    "decline",
    "delete",
    "disable",
    "download",
    "enable",
    "export",
    "forgot",
    "generate",
    "import",
    "initiate",
    "invite",
    "leave",
    "lock",
    "login",
    "logout",
    "pause",
    "query",
    "quote",
    "refresh",
    "register",
    "reject",
    "remove",
    "resend",
    "reset",
    "restore",
    "resume",
    "retry",
    "revoke",
    "search",
    "send",
    "setup",
    "start",
    "stop",
    "submit",
    "terminate",
    "terminate-all",
    "unassign",
    "unlock",
    "update",
    "upload",
    "validate",
    "verify",
];

/// Is this path segment an action word?
pub fn is_verb(segment: &str) -> bool {
    VERBS.contains(&segment.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_from_wire_names() {
        let cases = [
            ("createdAt", "created_at", "CreatedAt"),
            ("type", "type_", "Type"),
            ("ref", "ref_", "Ref"),
            ("self", "self_", "Self_"),
            ("3dsEnrolled", "n3ds_enrolled", "V3dsEnrolled"),
            ("e-mail", "e_mail", "EMail"),
            ("user_id", "user_id", "UserId"),
            ("X-SC-Session-Id", "x_sc_session_id", "XScSessionId"),
            (
                "ACCESS.TOKEN_MISSING",
                "access_token_missing",
                "AccessTokenMissing",
            ),
            ("2000", "n2000", "V2000"),
            ("名称", "u540d_u79f0", "U540dU79f0"),
            ("", "field", "Value"),
            ("alpha2Code", "alpha2_code", "Alpha2Code"),
        ];
        for (wire, snake, pascal) in cases {
            assert_eq!(snake_ident(wire), snake, "snake of {wire:?}");
            assert_eq!(pascal_ident(wire), pascal, "pascal of {wire:?}");
        }
    }

    #[test]
    fn singular_nouns() {
        for (plural, one) in [
            ("roles", "role"),
            ("countries", "country"),
            ("addresses", "address"),
            ("api-keys", "api-key"),
            ("status", "status"),
            ("timezones", "timezone"),
            ("exchanges", "exchange"),
            ("mfa", "mfa"),
            ("s", "s"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
