//! Scalar rules: numbers by meaning (money is decimal), RFC 3339 date-times, sanitised
//! placeholders that are not evidence, and the name suffixes that type a field seen only as
//! `null`.

use std::sync::LazyLock;

use regex::Regex;

use crate::json::{Json, JsonValue};
use crate::model::TypeRef;

static RFC3339: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$")
        .expect("valid regex")
});

/// Names of money-like fields, which are decimals even when a sample is a whole number.
pub(crate) fn is_money(field: &str) -> bool {
    let lower = field.to_ascii_lowercase();
    ["amount", "balance", "fee", "rate", "price"]
        .iter()
        .any(|word| {
            lower == *word
                || lower.ends_with(word) && field.len() > word.len() && {
                    // camelCase suffix: `totalAmount`, `exchangeRate` (but not `generate`, `separate`).
                    let start = field.len() - word.len();
                    field[start..].starts_with(|c: char| c.is_ascii_uppercase())
                        || field[..start].ends_with('_')
                }
        })
}

/// The type of a set of numbers under `field`.
pub(crate) fn number_type(field: &str, values: &[&Json]) -> TypeRef {
    if is_money(field) {
        return TypeRef::Decimal;
    }
    let integral = values.iter().all(|v| match &v.value {
        JsonValue::Number(text) => !text.contains(['.', 'e', 'E']),
        _ => true,
    });
    if !integral {
        return TypeRef::Float;
    }
    let numbers = || {
        values.iter().filter_map(|v| match &v.value {
            JsonValue::Number(text) => Some(text.as_str()),
            _ => None,
        })
    };
    if numbers().all(|n| n.parse::<i64>().is_ok()) {
        TypeRef::Integer
    } else if numbers().all(|n| n.parse::<u64>().is_ok()) {
        TypeRef::Unsigned
    } else if numbers().all(|n| n.trim_start_matches('-').len() <= DECIMAL_DIGITS) {
        TypeRef::Decimal
    } else {
        TypeRef::Any
    }
}

/// Whole numbers of up to this many digits are exact in the runtime's decimal type (96 bits).
const DECIMAL_DIGITS: usize = 28;

/// The first whole number among `values` that does not fit `i64`, if any.
pub(crate) fn beyond_i64<'a>(values: &[&'a Json]) -> Option<&'a Json> {
    values.iter().copied().find(|v| {
        matches!(&v.value, JsonValue::Number(text)
            if !text.contains(['.', 'e', 'E']) && text.parse::<i64>().is_err())
    })
}

/// The type of a set of strings: date-time when every real (non-placeholder) value is
/// RFC 3339 and there is at least one; otherwise string.
pub(crate) fn string_type(values: &[&Json]) -> TypeRef {
    let real: Vec<&str> = values
        .iter()
        .filter(|v| !v.is_placeholder())
        .filter_map(|v| match &v.value {
            JsonValue::String(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    if !real.is_empty() && real.iter().all(|s| RFC3339.is_match(s)) {
        TypeRef::DateTime
    } else {
        TypeRef::String
    }
}

/// The type a field name implies when no sample shows a value, and the rule that says so.
pub(crate) fn suffix_type(field: &str) -> Option<(TypeRef, &'static str)> {
    let ends = |suffix: &str| {
        field.ends_with(suffix) && field.len() > suffix.len() || field == suffix.to_lowercase()
    };
    if ends("At") {
        Some((TypeRef::DateTime, "`*At` is a date-time"))
    } else if ends("BizId") || ends("Id") {
        Some((TypeRef::String, "`*Id` is a string id"))
    } else if ends("Ip") {
        Some((TypeRef::String, "`*Ip` is an address string"))
    } else if is_money(field) {
        Some((TypeRef::Decimal, "money-like names are decimals"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for (text, placeholder) in [
            ("{token}", true),
            ("{sessionId}", true),
            ("pac_xxx", true),
            ("MIIBIjANBgkq...", true),
            ("wallet:read", false),
            ("{}", false),
            ("2mEWJwUElgHkRrER", false),
        ] {
            let json = Json {
                span: Default::default(),
                value: JsonValue::String(text.to_owned()),
            };
            assert_eq!(json.is_placeholder(), placeholder, "{text}");
            assert_eq!(
                crate::json::is_placeholder_text(text),
                placeholder,
                "{text}"
            );
        }
    }

    #[test]
    fn whole_numbers_beyond_i64_get_a_type_that_holds_them() {
        let number = |text: &str| Json {
            span: Default::default(),
            value: JsonValue::Number(text.to_owned()),
        };
        let of = |texts: &[&str]| {
            let values: Vec<Json> = texts.iter().map(|t| number(t)).collect();
            let refs: Vec<&Json> = values.iter().collect();
            (number_type("count", &refs), beyond_i64(&refs).is_some())
        };
        assert_eq!(
            of(&["1", "-9223372036854775808"]),
            (TypeRef::Integer, false)
        );
        assert_eq!(
            of(&["1", "18446744073709551615"]),
            (TypeRef::Unsigned, true)
        );
        assert_eq!(
            of(&["-1", "18446744073709551615"]),
            (TypeRef::Decimal, true)
        );
        assert_eq!(of(&["18446744073709551616"]), (TypeRef::Decimal, true));
        assert_eq!(of(&["-9223372036854775809"]), (TypeRef::Decimal, true));
        assert_eq!(of(&["1", &"9".repeat(29)]), (TypeRef::Any, true));
        assert_eq!(of(&["1e-400", "1"]), (TypeRef::Float, false));
    }

    #[test]
    fn money_and_suffixes() {
        for (name, money) in [
            ("amount", true),
            ("totalAmount", true),
            ("exchangeRate", true),
            ("fee_rate", true),
            ("balance", true),
            ("generate", false),
            ("separate", false),
            ("amountless", false),
        ] {
            assert_eq!(is_money(name), money, "{name}");
        }
        assert_eq!(
            suffix_type("verifiedAt").map(|t| t.0),
            Some(TypeRef::DateTime)
        );
        assert_eq!(
            suffix_type("parentBizId").map(|t| t.0),
            Some(TypeRef::String)
        );
        assert_eq!(
            suffix_type("lastLoginIp").map(|t| t.0),
            Some(TypeRef::String)
        );
        assert_eq!(suffix_type("failureReason"), None);
        assert_eq!(suffix_type("Id").map(|t| t.0), None);
    }
}
