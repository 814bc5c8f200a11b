//! Value helpers for generated types: the `open_enum!` macro behind every open code set, and
//! exact decimals on the wire (see [`decimal`]).

/// Implements an open string enum declared by generated code (known values as unit
/// variants, anything else as `Other(String)`): `as_str`, `From<&str>`, `Display` and serde
/// as a plain string.
macro_rules! open_enum {
    ($name:ident { $( $variant:ident => $wire:literal ),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    };
}
pub(crate) use open_enum;

/// Exact decimals on the wire: a [`Decimal`](rust_decimal::Decimal) is read from the JSON
/// number's own text and written as exact JSON number text, never through `f64`:
/// `12345678.123456789`, `0.123456789012345678` and `79228162514264337593543950335` arrive and
/// leave digit for digit, and a written value keeps its scale (`10.50` stays `10.50`).
///
/// How: the crate turns on serde_json's `arbitrary_precision` feature, under which
/// `serde_json::Number` (and so `serde_json::Value`, which every body passes through) keeps
/// a number's text instead of an `f64`. Reading accepts a JSON number (with an exponent too,
/// `1.5e3`) or a string holding one (`"12.30"`); a number with more significant digits than a
/// `Decimal` holds (28 to 29) is an error rather than silently rounded. The same text-keeping
/// applies, through Cargo's feature unification, to every use of serde_json in a program that
/// depends on this crate. Known effect of that feature: inside `#[serde(flatten)]` and
/// `#[serde(untagged)]` types serde buffers values, and a number there reaches a field as a
/// map instead of a number (serde issue 1183). Types built only from plain structs, enums,
/// options and lists, like every generated type, are unaffected.
///
/// `pub` under `__private` so that the crate's own tests can use it on their types; not
/// part of the API.
pub mod decimal {
    use std::str::FromStr;

    use rust_decimal::Decimal;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Number, Value};

    /// The decimal of a JSON number or string, from its exact text. The error never repeats
    /// the value (it may be a balance the caller does not want in logs).
    fn from_value<E: serde::de::Error>(value: Value) -> Result<Decimal, E> {
        let text = match value {
            Value::Number(number) => number.to_string(),
            Value::String(text) => text,
            other => {
                let kind = match other {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Array(_) => "an array",
                    _ => "an object",
                };
                return Err(E::custom(format!(
                    "invalid type: {kind}, expected a decimal number"
                )));
            }
        };
        let text = text.trim();
        let parsed = if text.contains(['e', 'E']) {
            Decimal::from_scientific(text)
        } else {
            Decimal::from_str_exact(text)
        };
        parsed.map_err(|_| {
            E::custom("invalid value: expected a decimal number of at most 28 to 29 significant digits")
        })
    }

    /// The decimal as an exact JSON number (`arbitrary_precision` keeps the text).
    fn to_number(value: &Decimal) -> Result<Number, String> {
        Number::from_str(&value.to_string()).map_err(|error| error.to_string())
    }

    fn write<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        to_number(value)
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }

    /// Serializes a decimal as an exact JSON number.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        write(value, serializer)
    }

    /// Reads a decimal from a JSON number or string, exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        from_value(Value::deserialize(deserializer)?)
    }

    /// The same for `Option<Decimal>`.
    pub mod option {
        use super::*;

        /// Serializes `Some` as an exact JSON number, `None` as `null`.
        pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => write(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `null` as `None`, a number or string as `Some`.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
            match Value::deserialize(deserializer)? {
                Value::Null => Ok(None),
                value => from_value(value).map(Some),
            }
        }
    }

    /// The same for `Vec<Decimal>`.
    pub mod list {
        use super::*;
        use serde::ser::SerializeSeq;

        /// Serializes each decimal as an exact JSON number.
        pub fn serialize<S: Serializer>(values: &[Decimal], serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(values.len()))?;
            for value in values {
                seq.serialize_element(&to_number(value).map_err(serde::ser::Error::custom)?)?;
            }
            seq.end()
        }

        /// Reads a list of JSON numbers or strings.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Decimal>, D::Error> {
            Vec::<Value>::deserialize(deserializer)?
                .into_iter()
                .map(from_value)
                .collect()
        }
    }

    /// The same for `Option<Vec<Decimal>>`.
    pub mod option_list {
        use super::*;

        /// Serializes `Some` as a list of exact JSON numbers, `None` as `null`.
        pub fn serialize<S: Serializer>(values: &Option<Vec<Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
            match values {
                Some(values) => list::serialize(values, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `null` as `None`, a list as `Some`.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<Decimal>>, D::Error> {
            Option::<Vec<Value>>::deserialize(deserializer)?
                .map(|values| values.into_iter().map(from_value).collect())
                .transpose()
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Money {
            #[serde(with = "super")]
            amount: Decimal,
            #[serde(with = "super::option")]
            fee: Option<Decimal>,
            #[serde(with = "super::list")]
            parts: Vec<Decimal>,
        }

        const EXACT: [&str; 4] = [
            "12345678.123456789",
            "0.123456789012345678",
            "79228162514264337593543950335",
            "-10.50",
        ];

        #[test]
        fn numbers_round_trip_as_their_exact_text_through_values() {
            for text in EXACT {
                let body = format!(r#"{{"amount":{text},"fee":null,"parts":[{text},1]}}"#);
                let value: Value = serde_json::from_str(&body).unwrap();
                let money: Money = serde_json::from_value(value).unwrap();
                assert_eq!(money.amount.to_string(), text);
                assert_eq!(serde_json::to_string(&money).unwrap(), body);
                let through_value = serde_json::to_value(&money).unwrap();
                assert_eq!(serde_json::to_string(&through_value).unwrap(), body);
            }
        }

        #[test]
        fn strings_and_exponents_are_read_and_too_many_digits_refused() {
            let money: Money =
                serde_json::from_str(r#"{"amount":"12.30","fee":1.5e3,"parts":[]}"#).unwrap();
            assert_eq!(money.amount.to_string(), "12.30");
            assert_eq!(money.fee, Some(Decimal::from(1500)));
            let error = serde_json::from_str::<Money>(
                r#"{"amount":0.12345678901234567890123456789012,"fee":null,"parts":[]}"#,
            )
            .unwrap_err()
            .to_string();
            assert!(error.contains("significant digits"), "{error}");
            assert!(!error.contains("12345678901"), "{error}");
            let error = serde_json::from_str::<Money>(r#"{"amount":true,"fee":null,"parts":[]}"#)
                .unwrap_err()
                .to_string();
            assert!(error.contains("a boolean"), "{error}");
        }
    }
}
