//! Value helpers for generated types: the `open_enum!` macro behind every open code set, and
//! serde support that keeps decimals numbers on the wire.

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

/// Decimals on the wire: JSON numbers (whole numbers as integers), read from numbers or
/// strings. Values with up to 15 significant digits round-trip exactly.
// Generated types use only the forms (plain, optional, list) their fields need.
#[allow(dead_code)]
pub(crate) mod decimal {
    use std::str::FromStr;

    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Integer(i64),
        Float(f64),
        Text(String),
    }

    fn from_raw<E: serde::de::Error>(raw: Raw) -> Result<Decimal, E> {
        match raw {
            Raw::Integer(value) => Ok(Decimal::from(value)),
            Raw::Float(value) => Decimal::from_str(&value.to_string()).map_err(E::custom),
            Raw::Text(text) => Decimal::from_str(&text).map_err(E::custom),
        }
    }

    fn write<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        if value.fract().is_zero() {
            if let Some(whole) = value.to_i64() {
                return serializer.serialize_i64(whole);
            }
        }
        match value.to_f64() {
            Some(float) => serializer.serialize_f64(float),
            None => serializer.serialize_str(&value.to_string()),
        }
    }

    /// Serializes a decimal as a JSON number.
    pub(crate) fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        write(value, serializer)
    }

    /// Reads a decimal from a JSON number or string.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        from_raw(Raw::deserialize(deserializer)?)
    }

    /// The same for `Option<Decimal>`.
    pub(crate) mod option {
        use super::*;

        pub(crate) fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => write(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
            Option::<Raw>::deserialize(deserializer)?.map(from_raw).transpose()
        }
    }

    /// The same for `Vec<Decimal>`.
    pub(crate) mod list {
        use super::*;
        use serde::ser::SerializeSeq;

        pub(crate) fn serialize<S: Serializer>(values: &[Decimal], serializer: S) -> Result<S::Ok, S::Error> {
            struct One<'a>(&'a Decimal);
            impl serde::Serialize for One<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    write(self.0, serializer)
                }
            }
            let mut seq = serializer.serialize_seq(Some(values.len()))?;
            for value in values {
                seq.serialize_element(&One(value))?;
            }
            seq.end()
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Decimal>, D::Error> {
            Vec::<Raw>::deserialize(deserializer)?.into_iter().map(from_raw).collect()
        }
    }

    /// The same for `Option<Vec<Decimal>>`.
    pub(crate) mod option_list {
        use super::*;

        pub(crate) fn serialize<S: Serializer>(values: &Option<Vec<Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
            match values {
                Some(values) => list::serialize(values, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<Decimal>>, D::Error> {
            Option::<Vec<Raw>>::deserialize(deserializer)?
                .map(|values| values.into_iter().map(from_raw).collect())
                .transpose()
        }
    }
}
