//! Input checks done before anything is sent; every failure names its field.
//!
//! The body arrives as JSON text (the boundary runs the caller's value through
//! `JSON.stringify`), so the very same code validates natively and in wasm.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::SeatsError;
use crate::types::SeatEdit;

/// Longest `account_id` the API accepts.
pub const MAX_ACCOUNT_ID_LEN: usize = 32;
/// Longest `seat_uid` the API accepts, in characters.
pub const MAX_SEAT_UID_LEN: usize = 36;

/// Checks `accountId`: 1 to 32 ASCII letters and digits, so it can never alter the path.
pub fn validate_account_id(account_id: &str) -> Result<(), SeatsError> {
    let ok = !account_id.is_empty()
        && account_id.len() <= MAX_ACCOUNT_ID_LEN
        && account_id.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(SeatsError::validation(
            "accountId",
            "must be 1 to 32 ASCII letters and digits (a Cloudflare account ID)",
        ))
    }
}

/// Parses and checks the body (JSON text of the caller's array); `None` means it was not JSON-able.
pub fn parse_body(json: Option<&str>) -> Result<Vec<SeatEdit>, SeatsError> {
    let not_array = || SeatsError::validation("body", "must be an array of seat edits");
    let json = json.ok_or_else(not_array)?;
    let found = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let parsed = BodySeed { found: &found }.deserialize(&mut deserializer);
    match (parsed, found.into_inner()) {
        (_, Some(problem)) => Err(problem),
        (Ok(edits), None) => {
            check_unique(&edits)?;
            Ok(edits)
        }
        (Err(_), None) => Err(not_array()),
    }
}

/// The first repeated `seat_uid`, named at its second place.
fn check_unique(edits: &[SeatEdit]) -> Result<(), SeatsError> {
    let mut first_index: HashMap<&str, usize> = HashMap::with_capacity(edits.len());
    for (index, edit) in edits.iter().enumerate() {
        if let Some(first) = first_index.insert(&edit.seat_uid, index) {
            return Err(SeatsError::validation(
                format!("body[{index}].seat_uid"),
                &format!("repeats body[{first}].seat_uid: each seat may appear once per edit"),
            ));
        }
    }
    Ok(())
}

/// Where the first problem is parked: serde's own errors cannot carry a field path.
type Found<'a> = &'a RefCell<Option<SeatsError>>;

fn report<E: de::Error>(found: Found<'_>, field: String, problem: &str) -> E {
    found.replace(Some(SeatsError::validation(field, problem)));
    E::custom("invalid seat edit")
}

struct BodySeed<'a> {
    found: Found<'a>,
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_> {
    type Value = Vec<SeatEdit>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BodySeed<'_> {
    type Value = Vec<SeatEdit>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of seat edits")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut edits = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(edit) = seq.next_element_seed(EditSeed {
            index: edits.len(),
            found: self.found,
        })? {
            edits.push(edit);
        }
        Ok(edits)
    }
}

struct EditSeed<'a> {
    index: usize,
    found: Found<'a>,
}

impl EditSeed<'_> {
    fn field(&self, key: &str) -> String {
        format!("body[{}].{key}", self.index)
    }

    fn not_an_object<E: de::Error>(&self) -> E {
        let field = format!("body[{}]", self.index);
        report(
            self.found,
            field,
            "must be an object {seat_uid, access_seat, gateway_seat}",
        )
    }
}

impl<'de> DeserializeSeed<'de> for EditSeed<'_> {
    type Value = SeatEdit;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EditSeed<'_> {
    type Value = SeatEdit;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a seat edit object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SeatEdit, A::Error> {
        let (mut access, mut gateway, mut uid) = (None, None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "access_seat" => access = Some(self.bool_field(&mut map, "access_seat")?),
                "gateway_seat" => gateway = Some(self.bool_field(&mut map, "gateway_seat")?),
                "seat_uid" => uid = Some(self.uid_field(&mut map)?),
                other => {
                    let problem = "is not a field of a seat edit (expected exactly \
                                   seat_uid, access_seat and gateway_seat)";
                    return Err(report(self.found, self.field(other), problem));
                }
            }
        }
        let missing = |key: &str| report(self.found, self.field(key), "is required");
        Ok(SeatEdit {
            access_seat: access.ok_or_else(|| missing("access_seat"))?,
            gateway_seat: gateway.ok_or_else(|| missing("gateway_seat"))?,
            seat_uid: uid.ok_or_else(|| missing("seat_uid"))?,
        })
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<SeatEdit, E> {
        Err(self.not_an_object())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<SeatEdit, E> {
        Err(self.not_an_object())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<SeatEdit, E> {
        Err(self.not_an_object())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<SeatEdit, E> {
        Err(self.not_an_object())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<SeatEdit, E> {
        Err(self.not_an_object())
    }
    fn visit_unit<E: de::Error>(self) -> Result<SeatEdit, E> {
        Err(self.not_an_object())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<SeatEdit, A::Error> {
        Err(self.not_an_object())
    }
}

impl EditSeed<'_> {
    fn bool_field<'de, A: MapAccess<'de>>(&self, map: &mut A, key: &str) -> Result<bool, A::Error> {
        match map.next_value::<Scalar<'de>>()? {
            Scalar::Bool(value) => Ok(value),
            other => Err(report(
                self.found,
                self.field(key),
                &format!(
                    "must be a boolean (true or false), not {}",
                    other.describe()
                ),
            )),
        }
    }

    fn uid_field<'de, A: MapAccess<'de>>(&self, map: &mut A) -> Result<String, A::Error> {
        let uid = match map.next_value::<Scalar<'de>>()? {
            Scalar::Str(uid) => uid,
            other => {
                let problem = format!("must be a string, not {}", other.describe());
                return Err(report(self.found, self.field("seat_uid"), &problem));
            }
        };
        match seat_uid_problem(&uid) {
            Some(problem) => Err(report(self.found, self.field("seat_uid"), problem)),
            None => Ok(uid.into_owned()),
        }
    }
}

/// Why a `seat_uid` is unacceptable, if it is.
pub fn seat_uid_problem(uid: &str) -> Option<&'static str> {
    if uid.is_empty() {
        Some("must not be empty")
    } else if uid.chars().count() > MAX_SEAT_UID_LEN {
        Some("must be at most 36 characters")
    } else if uid.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else {
        None
    }
}

/// Any JSON value, kept only as far as the checks need.
enum Scalar<'de> {
    Bool(bool),
    Str(std::borrow::Cow<'de, str>),
    Other(&'static str),
}

impl Scalar<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Self::Bool(_) => "a boolean",
            Self::Str(_) => "a string",
            Self::Other(kind) => kind,
        }
    }
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(v.to_owned().into()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(v.into()))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Other("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Other("a number"))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Other("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_and_message(json: &str) -> (String, String) {
        let err = parse_body(Some(json)).unwrap_err();
        (err.field.clone().unwrap(), err.message())
    }

    #[test]
    fn valid_body_parses_in_order() {
        let edits = parse_body(Some(
            r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":false},
                {"gateway_seat":false,"access_seat":false,"seat_uid":"b"}]"#,
        ))
        .unwrap();
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[1].seat_uid, "b");
        assert!(edits[1].removes_seat());
        assert!(!edits[0].removes_seat());
    }

    #[test]
    fn empty_array_is_valid() {
        assert_eq!(parse_body(Some("[]")).unwrap(), vec![]);
    }

    #[test]
    fn non_arrays_are_rejected_as_body() {
        for json in [None, Some("{}"), Some("null"), Some("\"x\""), Some("3")] {
            let err = parse_body(json).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("body"), "{json:?}");
            assert_eq!(
                err.message(),
                "ValidationError: body must be an array of seat edits"
            );
        }
    }

    #[test]
    fn a_typo_names_the_unknown_key() {
        let json = r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true},
            {"seat_uid":"b","access_seat":true,"gateway_seat":true},
            {"seat_uid":"c","acess_seat":false,"gateway_seat":false}]"#;
        let (field, message) = field_and_message(json);
        assert_eq!(field, "body[2].acess_seat");
        assert!(message.starts_with("ValidationError: body[2].acess_seat is not a field"));
    }

    #[test]
    fn wrong_types_name_the_field_and_the_type() {
        let (field, message) =
            field_and_message(r#"[{"seat_uid":"a","access_seat":"false","gateway_seat":true}]"#);
        assert_eq!(field, "body[0].access_seat");
        assert_eq!(
            message,
            "ValidationError: body[0].access_seat must be a boolean (true or false), not a string"
        );
        let (field, _) =
            field_and_message(r#"[{"seat_uid":7,"access_seat":true,"gateway_seat":true}]"#);
        assert_eq!(field, "body[0].seat_uid");
        let (field, _) =
            field_and_message(r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":null}]"#);
        assert_eq!(field, "body[0].gateway_seat");
    }

    #[test]
    fn missing_fields_are_required() {
        let (field, message) = field_and_message(r#"[{"seat_uid":"a","access_seat":true}]"#);
        assert_eq!(field, "body[0].gateway_seat");
        assert_eq!(message, "ValidationError: body[0].gateway_seat is required");
    }

    #[test]
    fn non_object_items_name_the_index() {
        for json in ["[null]", "[1]", "[[]]", "[\"a\"]", "[true]"] {
            let (field, _) = field_and_message(json);
            assert_eq!(field, "body[0]", "{json}");
        }
    }

    #[test]
    fn seat_uid_length_and_content() {
        let long = "x".repeat(37);
        let json = format!(r#"[{{"seat_uid":"{long}","access_seat":true,"gateway_seat":true}}]"#);
        let (field, message) = field_and_message(&json);
        assert_eq!(field, "body[0].seat_uid");
        assert!(message.ends_with("must be at most 36 characters"));
        let ok = "é".repeat(36);
        let json = format!(r#"[{{"seat_uid":"{ok}","access_seat":true,"gateway_seat":true}}]"#);
        assert!(parse_body(Some(&json)).is_ok(), "36 characters, 72 bytes");
        let (_, message) =
            field_and_message(r#"[{"seat_uid":"","access_seat":true,"gateway_seat":true}]"#);
        assert!(message.ends_with("must not be empty"));
        let (_, message) =
            field_and_message(r#"[{"seat_uid":"a\nb","access_seat":true,"gateway_seat":true}]"#);
        assert!(message.ends_with("must not contain control characters"));
    }

    #[test]
    fn duplicates_are_named_at_the_second_place() {
        let json = r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true},
            {"seat_uid":"b","access_seat":true,"gateway_seat":true},
            {"seat_uid":"a","access_seat":false,"gateway_seat":false}]"#;
        let (field, message) = field_and_message(json);
        assert_eq!(field, "body[2].seat_uid");
        assert!(message.contains("repeats body[0].seat_uid"), "{message}");
    }

    #[test]
    fn prototype_keys_are_unknown_fields() {
        let (field, _) = field_and_message(
            r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true,"__proto__":{"x":1}}]"#,
        );
        assert_eq!(field, "body[0].__proto__");
    }

    #[test]
    fn a_bad_item_at_the_end_of_a_large_body_is_found() {
        let mut json = String::from("[");
        for i in 0..100_000 {
            json.push_str(&format!(
                r#"{{"seat_uid":"u{i}","access_seat":true,"gateway_seat":false}},"#
            ));
        }
        json.push_str(r#"{"seat_uid":"last","access_seat":1,"gateway_seat":false}]"#);
        let (field, _) = field_and_message(&json);
        assert_eq!(field, "body[100000].access_seat");
    }

    #[test]
    fn account_id_rules() {
        assert!(validate_account_id("699d98642c564d2e855e9661899b7252").is_ok());
        for bad in ["", "../x", "a?b", "a/b", "a%2e", &"a".repeat(33), "é"] {
            let err = validate_account_id(bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("accountId"), "{bad}");
        }
    }
}
