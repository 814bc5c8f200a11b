//! Naming rules, in one place: Rust identifiers from wire names (keywords, leading digits,
//! hyphens, non-ASCII), singular nouns, natural method names for endpoints, and the names no
//! generated item may take.
//!
//! Collisions after case conversion are settled the same way everywhere, in document order:
//! the first name keeps its identifier; a later one that would repeat a taken identifier, or
//! take a reserved one, gets the next free number, starting at 2, with trailing underscores
//! dropped first (`self` and `Self` as groups: modules `self_` and `self_2`; `userId` and
//! `user_id` in one object: fields `user_id` and `user_id_2`). Types first try their other
//! candidate names (the parent's name in front: `option` under `Items` is `ItemsOption`),
//! and only then a number. Reserved are the names of the Rust prelude ([`PRELUDE_NAMES`]) and
//! of the generated crate's runtime ([`RUNTIME_NAMES`]) for types, the `Client`'s own methods
//! ([`CLIENT_METHODS`]) for group modules (each is a `Client` method too), and `new` for
//! endpoint methods. Every rename is reported as a `name-collision` warning.

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that cannot be used as identifiers as-is.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// Type and variant names of the Rust 2021 prelude: a generated type of one of these names
/// would shadow it in the generated code (`pub struct Option` breaks every `Option<T>`).
pub const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Type names the generated crate defines or imports itself and uses unqualified (its runtime
/// in `templates/runtime`, the generic types, the error codes, and the names the emitters give
/// the envelope and JSON values).
pub const RUNTIME_NAMES: &[&str] = &[
    "Api",
    "ApiError",
    "Auth",
    "Call",
    "CallOptions",
    "Client",
    "ClientBuilder",
    "ContextHeader",
    "Delivery",
    "DictionaryItem",
    "EndpointSpec",
    "Envelope",
    "Error",
    "ErrorCode",
    "Method",
    "Need",
    "OffsetPage",
    "Page",
    "Response",
    "Result",
    "Segment",
    "Value",
];

/// The names sdkgen gives the types and schemas it defines itself (all of them in
/// [`RUNTIME_NAMES`]): no OpenAPI schema it derives may take them.
pub const RESERVED_NAMES: &[&str] = &[
    "Api",
    "ApiError",
    "CallOptions",
    "Client",
    "ClientBuilder",
    "DictionaryItem",
    "Envelope",
    "Error",
    "ErrorCode",
    "OffsetPage",
    "Page",
    "Response",
    "Result",
    "Value",
];

/// The methods of the generated `Client` (inherent and derived): a group module's accessor,
/// which is a `Client` method of the module's name, may not take one.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "bearer_token",
    "builder",
    "clone",
    "clone_from",
    "fmt",
    "has_bearer_token",
    "inner",
    "set_bearer_token",
];

/// Methods of every group handle: no endpoint method may take them.
pub const HANDLE_METHODS: &[&str] = &["clone", "clone_from", "fmt", "new"];

/// The handle type of a group module (`roles` → `RolesApi`).
pub fn handle_name(module: &str) -> String {
    format!("{}Api", upper_camel(module))
}

/// Is this type name reserved (prelude or runtime)?
pub fn is_reserved_type(name: &str) -> bool {
    PRELUDE_NAMES.contains(&name) || RUNTIME_NAMES.contains(&name)
}

/// `name` numbered: trailing underscores dropped, then `_n` for snake_case names and `n` for
/// PascalCase ones (`self_` → `self_2`, `Self_` → `Self2`, `user_id` → `user_id_2`).
pub fn numbered(name: &str, n: usize) -> String {
    let base = name.trim_end_matches('_');
    if base.starts_with(|c: char| c.is_ascii_uppercase()) {
        format!("{base}{n}")
    } else {
        format!("{base}_{n}")
    }
}

/// `name` if `taken` refuses it not, else the first free [`numbered`] form (2, 3, …).
pub fn unique(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| numbered(name, n))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// The names handed out in one scope (the fields of a struct, the variants of an enum, the
/// tests of a file): a wanted name if it is free, else its first free [`numbered`] form, as
/// [`unique`] gives. Numbering resumes where it stopped for the same wanted name, so 100,000
/// keys that all become one identifier cost linear time, not quadratic.
#[derive(Debug, Default)]
pub struct NameScope {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl NameScope {
    /// A scope where `names` are already taken.
    pub fn with_taken<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        NameScope {
            taken: names.into_iter().map(Into::into).collect(),
            next: std::collections::HashMap::new(),
        }
    }

    /// Takes `wanted`, or its first free numbered form; `reserved` names are never given out.
    pub fn claim(&mut self, wanted: &str, reserved: impl Fn(&str) -> bool) -> String {
        let name = if !self.taken.contains(wanted) && !reserved(wanted) {
            wanted.to_owned()
        } else {
            let next = self.next.entry(wanted.to_owned()).or_insert(2);
            loop {
                let candidate = numbered(wanted, *next);
                *next += 1;
                if !self.taken.contains(&candidate) && !reserved(&candidate) {
                    break candidate;
                }
            }
        };
        self.taken.insert(name.clone());
        name
    }
}

/// `kebab-case` (page file names, package names): `Api Keys` → `api-keys`.
pub fn kebab(text: &str) -> String {
    text.to_kebab_case()
}

/// `SHOUTY_SNAKE_CASE` (constants, environment variables): `roleBizId` → `ROLE_BIZ_ID`.
pub fn shouty(text: &str) -> String {
    text.to_shouty_snake_case()
}

/// `lowerCamelCase` (serde's `rename_all = "camelCase"`): `role_biz_id` → `roleBizId`.
pub fn lower_camel(text: &str) -> String {
    text.to_lower_camel_case()
}

/// `UpperCamelCase` of an identifier that is already valid (`api_keys` → `ApiKeys`); for
/// wire names use [`pascal_ident`].
pub fn upper_camel(text: &str) -> String {
    text.to_upper_camel_case()
}

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

/// Action words, in one list: as the last literal segment of a path they name the action
/// rather than a resource (`/roles/delete`, `/mfa/otp/verify`), and as the first word of an
/// endpoint's description (lemmatised: `Sets` → `set`) they may name a method the path leaves
/// unnamed (see [`description_verb`]).
pub const VERBS: &[&str] = &[
    "accept",
    "acknowledge",
    "activate",
    "apply",
    "approve",
    "archive",
    "assign",
    "attach",
    "authenticate",
    "authorize",
    "block",
    "cancel",
    "change",
    "close",
    "complete",
    "confirm",
    "create",
    "deactivate",
    "decline",
    "delete",
    "detach",
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
    "lookup",
    "mute",
    "pause",
    "play",
    "publish",
    "query",
    "quote",
    "reboot",
    "refresh",
    "register",
    "reject",
    "remove",
    "rename",
    "resend",
    "reset",
    "restart",
    "restore",
    "resume",
    "retry",
    "revoke",
    "rotate",
    "search",
    "send",
    "set",
    "setup",
    "start",
    "stop",
    "submit",
    "subscribe",
    "sync",
    "terminate",
    "terminate-all",
    "trigger",
    "unassign",
    "unblock",
    "unlock",
    "unmute",
    "unpublish",
    "unsubscribe",
    "update",
    "upload",
    "validate",
    "verify",
];

/// Is this path segment (or description word) an action word of [`VERBS`]?
pub fn is_verb(segment: &str) -> bool {
    VERBS.contains(&segment.to_ascii_lowercase().as_str())
}

/// Verbs a description may start with that only read (`Returns the tracks…`, `Gets…`). They
/// never name an action: a POST described by one is a read (`get_…`, `list_…`, `search_…`).
pub const READING_VERBS: &[&str] = &[
    "fetch", "filter", "find", "get", "list", "load", "obtain", "read", "retrieve", "return",
    "show", "view",
];

/// Description verbs that mean "make a new one": a POST described by one stays `create_…`.
pub const CREATING_VERBS: &[&str] = &["add", "create", "insert", "make", "new", "post"];

/// Description verbs that mean "change what is there": a PUT or PATCH described by one stays
/// `update_…`.
pub const UPDATING_VERBS: &[&str] = &[
    "amend",
    "change",
    "edit",
    "modify",
    "overwrite",
    "patch",
    "put",
    "replace",
    "update",
];

/// Phrases a description may open with before its verb (`This endpoint is used to restart…`),
/// as lower-case words, longest first where one starts another.
const LEAD_PHRASES: &[&[&str]] = &[
    &["this", "endpoint"],
    &["this", "api"],
    &["this", "method"],
    &["this", "operation"],
    &["this", "route"],
    &["this", "call"],
    &["endpoint", "to"],
    &["endpoint", "for"],
    &["api", "to"],
    &["is", "used", "to"],
    &["can", "be", "used", "to"],
    &["used", "to"],
    &["allows", "you", "to"],
    &["allows", "to"],
    &["lets", "you"],
    &["let", "you"],
    &["use", "this", "endpoint", "to"],
    &["use", "this", "api", "to"],
    &["use", "this", "to"],
    &["call", "this", "to"],
    &["you", "can"],
    &["will"],
];

/// The verb an endpoint's description starts with, lemmatised and lower case, when it is one
/// of [`VERBS`], [`READING_VERBS`], [`CREATING_VERBS`] or [`UPDATING_VERBS`]; `None` when the
/// first word is anything else (a noun, `Execute`, an article followed by a noun).
///
/// Rule: the first sentence is read as ASCII words (Markdown emphasis, code spans and link
/// targets are punctuation); the lead phrases of `LEAD_PHRASES` and a leading article are
/// dropped; `log in`/`sign in` is `login`, `log out`/`sign out` `logout`, `sign up`
/// `register`, `look up` `lookup`; the word is lemmatised by suffix (`Sets` → `set`,
/// `Verifies` → `verify`, `Searches` → `search`, `Creating` → `create`, `Stopped` → `stop`).
pub fn description_verb(description: &str) -> Option<String> {
    let sentence = description
        .split(['.', '!', '?', ';', ':', '\n'])
        .find(|s| s.chars().any(|c| c.is_ascii_alphabetic()))?;
    // A link target is no word of the sentence.
    let mut text = String::new();
    let mut rest = sentence;
    while let Some(open) = rest.find("](") {
        text.push_str(&rest[..open]);
        rest = rest[open..]
            .find(')')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    text.push_str(rest);
    let all: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut words: &[String] = &all;
    'strip: loop {
        for phrase in LEAD_PHRASES {
            if words.len() > phrase.len() && words.iter().zip(phrase.iter()).all(|(w, p)| w == p) {
                words = &words[phrase.len()..];
                continue 'strip;
            }
        }
        break;
    }
    if words.len() > 1 && matches!(words[0].as_str(), "a" | "an" | "the") {
        words = &words[1..];
    }
    let first = words.first()?;
    let particle = words.get(1).map(String::as_str);
    let phrasal = ["log", "sign", "look"]
        .into_iter()
        .find(|head| lemma_candidates(first).iter().any(|c| c == head));
    let joined = match (phrasal, particle) {
        (Some("log" | "sign"), Some("in" | "on")) => Some("login"),
        (Some("log" | "sign"), Some("out" | "off")) => Some("logout"),
        (Some("sign"), Some("up")) => Some("register"),
        (Some("look"), Some("up")) => Some("lookup"),
        _ => None,
    };
    if let Some(verb) = joined {
        return Some(verb.to_owned());
    }
    lemma_candidates(first).into_iter().find(|candidate| {
        let c = candidate.as_str();
        VERBS.contains(&c)
            || READING_VERBS.contains(&c)
            || CREATING_VERBS.contains(&c)
            || UPDATING_VERBS.contains(&c)
    })
}

/// The forms a lower-case word may be an inflection of, the word itself first: `sets` → `set`,
/// `verifies` → `verify`, `searches` → `search`, `creating` → `create`, `stopped` → `stop`.
fn lemma_candidates(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    let undouble = |stem: &str| {
        let bytes = stem.as_bytes();
        (bytes.len() > 2 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2])
            .then(|| stem[..stem.len() - 1].to_owned())
    };
    if let Some(stem) = word.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        forms.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix('s') {
        forms.push(stem.to_owned());
    }
    for suffix in ["ing", "ed"] {
        if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() > 1) {
            if suffix == "ed" {
                if let Some(y) = stem.strip_suffix('i') {
                    forms.push(format!("{y}y"));
                }
            }
            forms.push(stem.to_owned());
            forms.push(format!("{stem}e"));
            forms.extend(undouble(stem));
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_runtime_names() {
        // Inference keeps every runtime name free, which is what keeps these free as well.
        for name in RESERVED_NAMES {
            assert!(RUNTIME_NAMES.contains(name), "{name}");
        }
    }

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
    fn collisions_get_the_next_free_number() {
        let taken = ["self_", "self_2", "user_id", "Self_", "Option"];
        let cases = [
            ("self_", "self_3"),
            ("user_id", "user_id_2"),
            ("Self_", "Self2"),
            ("Option", "Option2"),
            ("type_", "type_"),
            ("Value", "Value"),
        ];
        for (name, expected) in cases {
            assert_eq!(unique(name, |n| taken.contains(&n)), expected, "{name}");
        }
    }

    #[test]
    fn names_that_collide_after_case_conversion() {
        // Each row: wire names in document order, and the identifiers they end up with.
        let cases: [(&[&str], &[&str]); 4] = [
            (&["self", "Self"], &["self_", "self_2"]),
            (
                &["userId", "UserId", "user_id", "user-id"],
                &["user_id", "user_id_2", "user_id_3", "user_id_4"],
            ),
            (&["type", "type_", "Type"], &["type_", "type_2", "type_3"]),
            (&["3d", "_3d", "n3d"], &["n3d", "n3d_2", "n3d_3"]),
        ];
        for (wires, expected) in cases {
            let mut taken: Vec<String> = Vec::new();
            let mut scope = NameScope::default();
            for (wire, want) in wires.iter().zip(expected.iter()) {
                let name = unique(&snake_ident(wire), |n| taken.iter().any(|t| t == n));
                assert_eq!(&name, want, "{wire:?} after {taken:?}");
                assert_eq!(
                    &scope.claim(&snake_ident(wire), |_| false),
                    want,
                    "{wire:?}"
                );
                taken.push(name);
            }
        }
    }

    #[test]
    fn reserved_type_names() {
        for (wire, reserved) in [
            ("option", true),
            ("string", true),
            ("vec", true),
            ("box", true),
            ("result", true),
            ("some", true),
            ("none", true),
            ("ok", true),
            ("err", true),
            ("client", true),
            ("error", true),
            ("page", true),
            ("call", true),
            ("method", true),
            ("role", false),
            ("options", false),
        ] {
            assert_eq!(is_reserved_type(&pascal_ident(wire)), reserved, "{wire}");
        }
    }

    #[test]
    fn verbs_read_from_descriptions() {
        let cases = [
            ("Sets the volume of the player.", Some("set")),
            ("Updates a user's email", Some("update")),
            ("Update a user's email", Some("update")),
            ("Creating a playlist", Some("create")),
            ("Verifies the signature.", Some("verify")),
            ("Triggers a scan", Some("trigger")),
            ("Restart the server.", Some("restart")),
            ("Searches for tracks.", Some("search")),
            ("Cancelled orders are refunded.", Some("cancel")),
            ("Stopping the player", Some("stop")),
            ("Queries the logs", Some("query")),
            ("Returns the tracks.", Some("return")),
            ("Retrieves a user", Some("retrieve")),
            ("Fetches the queue", Some("fetch")),
            ("Add a pet.", Some("add")),
            ("This endpoint sets the volume.", Some("set")),
            (
                "This endpoint is used to **restart** the player.",
                Some("restart"),
            ),
            ("Used to resend a code", Some("resend")),
            (
                "Allows you to verify that files are readable.",
                Some("verify"),
            ),
            ("Lets you approve a request", Some("approve")),
            ("Use this to reset a password", Some("reset")),
            ("API to upload a file", Some("upload")),
            ("[Sends](https://example.test/send) a message", Some("send")),
            ("`Enable` a user's account", Some("enable")),
            ("Log in with a password.", Some("login")),
            ("Logs out the current session", Some("logout")),
            ("Sign up a new listener", Some("register")),
            ("Looks up tracks by id", Some("lookup")),
            // Not verbs: the method keeps its default word.
            ("Execute auth login initiate.", None),
            ("The volume of the player.", None),
            ("A user's email", None),
            ("Settings of the player", None),
            ("Status of the library", None),
            ("", None),
            ("   ", None),
        ];
        for (description, verb) in cases {
            assert_eq!(
                description_verb(description).as_deref(),
                verb,
                "{description:?}"
            );
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
