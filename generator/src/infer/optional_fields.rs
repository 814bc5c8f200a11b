//! The rules that make a field optional although every sample had it: response fields whose
//! names say they are often empty or whose samples were all empty strings, and the
//! non-identifying fields of a partial update's request. The README's decoding policy states
//! them with their reasons; `sdkgen.toml` pins any field either way.

use crate::ir::Method;
use crate::model::{Field, OptionalBy};
use crate::naming::snake_ident;

/// Last words of names that are often empty: free text a person may leave out, pictures and
/// links that may not exist yet.
const OFTEN_EMPTY_WORDS: &[&str] = &[
    "avatar",
    "bio",
    "comment",
    "comments",
    "desc",
    "description",
    "extra",
    "icon",
    "logo",
    "memo",
    "nickname",
    "note",
    "notes",
    "remark",
    "remarks",
    "thumbnail",
    "website",
];

/// Words naming an event that may not have happened yet; with `at`, `time`, `date`, `by` or
/// `reason` after them (`deletedAt`, `revokedBy`, `failReason`) the field is empty until it
/// does.
const EVENT_WORDS: &[&str] = &[
    "accepted",
    "approved",
    "archived",
    "blocked",
    "cancelled",
    "canceled",
    "closed",
    "completed",
    "confirmed",
    "declined",
    "deleted",
    "disabled",
    "ended",
    "expired",
    "expires",
    "expiry",
    "fail",
    "failed",
    "failure",
    "finished",
    "locked",
    "paid",
    "processed",
    "refunded",
    "reject",
    "rejected",
    "rejection",
    "reviewed",
    "revoked",
    "settled",
    "suspended",
    "verified",
];

/// Words that, after an event word (or `last`), name when, by whom or why it happened.
const EVENT_DETAIL_WORDS: &[&str] = &["at", "time", "date", "by", "reason", "on"];

/// Does a field's name say that it is often empty (`description`, `remark`, `avatarUrl`,
/// `deletedAt`, `lastLoginAt`, `failReason`, `parentId`, `errorMessage`)?
pub(crate) fn often_empty_name(wire_name: &str) -> bool {
    let snake = snake_ident(wire_name);
    let words: Vec<&str> = snake.trim_end_matches('_').split('_').collect();
    let Some(&last) = words.last() else {
        return false;
    };
    if OFTEN_EMPTY_WORDS.contains(&last) {
        return true;
    }
    // `avatarUrl`, `logoImage`, `remarkText`: an often-empty word qualified by its form.
    if words.len() >= 2
        && matches!(last, "url" | "uri" | "link" | "image" | "text")
        && OFTEN_EMPTY_WORDS.contains(&words[words.len() - 2])
    {
        return true;
    }
    if words.len() >= 2 && EVENT_DETAIL_WORDS.contains(&last) {
        let before = &words[..words.len() - 1];
        if before.first() == Some(&"last") || before.iter().any(|w| EVENT_WORDS.contains(w)) {
            return true;
        }
    }
    matches!(
        snake.as_str(),
        "parent_id" | "error" | "error_message" | "error_msg" | "reason"
    )
}

/// Does a field identify what a request acts on (`id`, `bizId`, `roleIds`)? Such a field stays
/// required in a partial update.
pub(crate) fn identifies_target(wire_name: &str) -> bool {
    let snake = snake_ident(wire_name);
    let last = snake
        .trim_end_matches('_')
        .rsplit('_')
        .next()
        .unwrap_or_default();
    matches!(last, "id" | "ids" | "uuid" | "key")
}

/// Is an operation a partial update: a PATCH, or a method whose first word says it changes
/// something that exists (`update_profile`, `edit_role`)?
pub(crate) fn is_partial_update(method: Method, operation_name: &str) -> bool {
    let first = operation_name.split('_').next().unwrap_or_default();
    method == Method::Patch || matches!(first, "update" | "edit" | "modify" | "patch")
}

/// Where a field's type is used, and what its samples held.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FieldContext {
    /// The type was seen in a response (the client decodes it).
    pub(crate) in_response: bool,
    /// The type is the top-level request body of a partial update.
    pub(crate) partial_update: bool,
    /// Every sample value of the field is the empty string.
    pub(crate) only_empty_strings: bool,
}

/// Applies the rules to a field every sample had, non-null. Samples captured by end-to-end
/// tests fill every field the test set, so presence proves little; a `null` or a missing key,
/// which the samples decide without these rules, proves a lot.
pub(crate) fn apply(field: &mut Field, context: FieldContext) {
    if !field.required || field.nullable {
        return;
    }
    let decoded_rule = if !context.in_response {
        None
    } else if often_empty_name(&field.wire_name) {
        Some(OptionalBy::NameRule)
    } else if context.only_empty_strings {
        Some(OptionalBy::EmptyInSamples)
    } else {
        None
    };
    if let Some(rule) = decoded_rule {
        field.required = false;
        field.nullable = true;
        field.optional_by = Some(rule);
    } else if context.partial_update && !identifies_target(&field.wire_name) {
        field.required = false;
        field.optional_by = Some(OptionalBy::PartialUpdate);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn often_empty_names() {
        for name in [
            "description",
            "remark",
            "notes",
            "avatarUrl",
            "logo_url",
            "deletedAt",
            "revoked_by",
            "lastLoginAt",
            "last_used_time",
            "failReason",
            "expiresAt",
            "parentId",
            "errorMessage",
        ] {
            assert!(often_empty_name(name), "{name}");
        }
        for name in [
            "name",
            "createdAt",
            "updatedAt",
            "amount",
            "status",
            "id",
            "descriptionId",
            "lastName",
            "url",
            "at",
        ] {
            assert!(!often_empty_name(name), "{name}");
        }
    }

    #[test]
    fn identifiers() {
        for name in ["id", "bizId", "role_id", "roleIds", "UUID", "apiKey"] {
            assert!(identifies_target(name), "{name}");
        }
        for name in ["name", "idle", "valid", "keyword"] {
            assert!(!identifies_target(name), "{name}");
        }
    }

    #[test]
    fn partial_updates() {
        assert!(is_partial_update(Method::Patch, "create"));
        assert!(is_partial_update(Method::Post, "update_profile"));
        assert!(is_partial_update(Method::Put, "edit"));
        assert!(!is_partial_update(Method::Put, "replace_settings"));
        assert!(!is_partial_update(Method::Post, "updated_items"));
    }

    fn field(wire_name: &str) -> Field {
        Field {
            wire_name: wire_name.to_owned(),
            rust_name: snake_ident(wire_name),
            ty: crate::model::TypeRef::String,
            required: true,
            nullable: false,
            optional_by: None,
            example: None,
            redacted: false,
            guess: None,
            secret: false,
        }
    }

    fn response() -> FieldContext {
        FieldContext {
            in_response: true,
            ..FieldContext::default()
        }
    }

    #[test]
    fn name_rule_applies_to_responses_only() {
        let mut decoded = field("description");
        apply(&mut decoded, response());
        assert_eq!(decoded.optional_by, Some(OptionalBy::NameRule));
        assert!(!decoded.required && decoded.nullable);

        let mut sent = field("description");
        apply(&mut sent, FieldContext::default());
        assert_eq!(sent.optional_by, None);
        assert!(sent.required && !sent.nullable);
    }

    #[test]
    fn empty_strings_in_every_sample() {
        let mut empty = field("nickname2");
        let context = FieldContext {
            only_empty_strings: true,
            ..response()
        };
        apply(&mut empty, context);
        assert_eq!(empty.optional_by, Some(OptionalBy::EmptyInSamples));
        let mut filled = field("name");
        apply(&mut filled, response());
        assert_eq!(filled.optional_by, None);
    }

    #[test]
    fn partial_update_keeps_identifiers() {
        let context = FieldContext {
            partial_update: true,
            ..FieldContext::default()
        };
        let mut id = field("bizId");
        apply(&mut id, context);
        assert!(id.required);
        let mut name = field("accountName");
        apply(&mut name, context);
        assert_eq!(name.optional_by, Some(OptionalBy::PartialUpdate));
        assert!(!name.required && !name.nullable);
    }

    #[test]
    fn evidence_of_absence_is_not_a_rule() {
        let mut seen_null = field("description");
        seen_null.nullable = true;
        apply(&mut seen_null, response());
        assert_eq!(seen_null.optional_by, None);
        let mut missing = field("description");
        missing.required = false;
        apply(&mut missing, response());
        assert_eq!(missing.optional_by, None);
    }
}
