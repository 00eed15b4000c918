//! Reference readings the fuzz targets compare the core against, built on serde_json.
//!
//! * Answers: in wasm the JS engine parses an answer (`JSON.parse`) and the boundary reads the
//!   envelope's facts off the parsed value (src/wasm/envelope.rs); natively the core's own reader
//!   (`Body::from_text`) stands in for that. [`check_body_facts`] models the JS reading with
//!   serde_json and asserts the two agree.
//! * Request bodies: [`reference_edits`] reads a body with serde's derive (exact fields, no
//!   duplicates), which is what the core's checks promise to accept.

#![allow(dead_code)]

use serde::Deserialize;
use serde_json::{Map, Value};
use zero_trust_seats::response::{Body, EnvelopeFacts, HttpResponse, ResultShape};
use zero_trust_seats::types::{ErrorSource, ResponseInfo, SeatEdit};

/// JSON texts `JSON.parse` accepts but serde_json refuses: nothing to compare against.
fn js_accepts_anyway(err: &serde_json::Error) -> bool {
    let text = err.to_string();
    text.contains("recursion limit")
        || text.contains("surrogate")
        || text.contains("number out of range")
}

/// `FUZZ_STRICT_ENVELOPE=1` also asserts where the native reader is known to differ from the
/// wasm build (fuzz/README.md, "Known differences"): lenient number syntax, repeated keys that
/// are not last-wins, `code` values written as `1e3`/`1.0` or ≥ 1e15, and array `source`s.
fn strict() -> bool {
    static STRICT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("FUZZ_STRICT_ENVELOPE").is_some_and(|v| v != "0"))
}

/// Asserts the core read `text` (the answer's body) as `JSON.parse` + src/wasm/envelope.rs would.
pub fn check_body_facts(text: &str, response: &HttpResponse) {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(envelope)) => match &response.body {
            Body::Envelope(facts) => {
                assert_eq!(EnvelopeFacts::from_json(text).as_ref(), Some(facts));
                let expected = js_facts(&envelope);
                // Repeated keys and unusual codes are read differently natively: known, reported.
                if strict() || (!has_duplicate_keys(text) && entries_are_plain(&envelope)) {
                    assert_eq!(*facts, expected, "facts of {text:?}");
                }
            }
            other => panic!("JSON object read as {other:?}: {text:?}"),
        },
        Ok(_) => assert_eq!(response.body, Body::NotEnvelope, "{text:?}"),
        Err(err) if js_accepts_anyway(&err) => {}
        Err(_) => {
            let html = response
                .header("content-type")
                .is_some_and(|ct| ct.to_ascii_lowercase().contains("html"))
                || text.trim_start().starts_with('<');
            let empty = text.trim().is_empty();
            let not_json = Body::NotJson { html, empty };
            // Natively, malformed numbers (`01`, `1-2`, `1e`) pass as numbers: known, reported.
            if strict() || !matches!(response.body, Body::Envelope(_) | Body::NotEnvelope) {
                assert_eq!(response.body, not_json, "not JSON: {text:?}");
            }
        }
    }
}

/// True when some object in the JSON text repeats a key (JSON.parse keeps the last value).
fn has_duplicate_keys(text: &str) -> bool {
    use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
    use std::cell::Cell;
    use std::collections::HashSet;

    struct Dups<'a>(&'a Cell<bool>);
    impl<'de> serde::de::DeserializeSeed<'de> for Dups<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Dups<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut keys = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !keys.insert(key) {
                    self.0.set(true);
                }
                map.next_value_seed(Dups(self.0))?;
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(Dups(self.0))?.is_some() {}
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    }
    let found = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = serde::de::DeserializeSeed::deserialize(Dups(&found), &mut de);
    found.get()
}

/// True when every `code` of `errors`/`messages` is written as a plain integer below 1e15 and no
/// `source` is an array (src/wasm/envelope.rs takes an array for a source object; natively it is
/// dropped).
fn entries_are_plain(envelope: &Map<String, Value>) -> bool {
    let plain = |entry: &Value| {
        let code = match js_get(entry, "code") {
            Some(Value::Number(n)) => n.as_i64().is_some_and(|c| c.abs() < 1_000_000_000_000_000),
            _ => true,
        };
        code && !matches!(js_get(entry, "source"), Some(Value::Array(_)))
    };
    ["errors", "messages"]
        .iter()
        .all(|key| match envelope.get(*key) {
            Some(Value::Array(list)) => list.iter().all(plain),
            _ => true,
        })
}

fn js_is_object(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

fn js_get<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// The facts src/wasm/envelope.rs reads off a parsed envelope.
pub fn js_facts(envelope: &Map<String, Value>) -> EnvelopeFacts {
    let infos = |key: &str| match envelope.get(key) {
        Some(Value::Array(list)) => list.iter().filter_map(js_info).collect(),
        _ => Vec::new(),
    };
    EnvelopeFacts {
        success: envelope.get("success").and_then(Value::as_bool),
        result: match envelope.get("result") {
            Some(Value::Array(seats)) => ResultShape::Array(seats.len()),
            None | Some(Value::Null) => ResultShape::Missing,
            Some(_) => ResultShape::Other,
        },
        errors: infos("errors"),
        messages: infos("messages"),
    }
}

fn js_info(entry: &Value) -> Option<ResponseInfo> {
    if !js_is_object(entry) {
        return None;
    }
    let code = js_get(entry, "code")
        .and_then(Value::as_f64)
        .filter(|c| c.fract() == 0.0 && c.abs() < 1e15)?;
    let source = js_get(entry, "source").filter(|s| js_is_object(s));
    Some(ResponseInfo {
        code: code as i64,
        message: js_get(entry, "message")?.as_str()?.to_string(),
        documentation_url: js_get(entry, "documentation_url")
            .and_then(Value::as_str)
            .map(str::to_string),
        source: source.map(|s| ErrorSource {
            pointer: js_get(s, "pointer")
                .and_then(Value::as_str)
                .map(str::to_string),
        }),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefEdit {
    access_seat: bool,
    gateway_seat: bool,
    seat_uid: String,
}

/// The edits of a body as the checks promise to read it: a JSON array of objects with exactly
/// `seat_uid`, `access_seat` and `gateway_seat` (each once), acceptable uids, no repeated uid.
/// `None` when the body should be refused.
pub fn reference_edits(text: &str) -> Option<Vec<SeatEdit>> {
    let edits: Vec<RefEdit> = serde_json::from_str(text).ok()?;
    let mut seen = std::collections::HashSet::new();
    edits
        .into_iter()
        .map(|e| {
            let fresh = reference_uid_ok(&e.seat_uid) && seen.insert(e.seat_uid.clone());
            fresh.then_some(SeatEdit {
                access_seat: e.access_seat,
                gateway_seat: e.gateway_seat,
                seat_uid: e.seat_uid,
            })
        })
        .collect()
}

/// The `seat_uid` rules, written plainly (characters counted and classified one by one), so
/// the core's ASCII shortcut is checked against them.
pub fn reference_uid_ok(uid: &str) -> bool {
    !uid.is_empty()
        && uid.chars().count() <= 36
        && !uid.chars().any(char::is_control)
        && !uid.contains('\u{FFFD}')
}
