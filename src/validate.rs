//! Input checks done before anything is sent; every failure names its field.
//!
//! The body arrives as JSON text (the boundary runs the caller's value through
//! `JSON.stringify` once), so the text that is checked is the very text that is sent:
//! a getter cannot change a seat between the check and the request.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::SeatsError;
use crate::json::{Cursor, Kind};
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

/// Checks an `accountId` the caller passed: `None` when it was not a string.
pub fn check_account_id(account_id: Option<&str>) -> Result<&str, SeatsError> {
    let account_id =
        account_id.ok_or_else(|| SeatsError::validation("accountId", "must be a string"))?;
    validate_account_id(account_id)?;
    Ok(account_id)
}

/// Where one edit sits in the body text, so batches can reuse the text as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemSpan {
    /// Byte offset of the item's `{`.
    pub start: usize,
    /// Byte offset just past its `}`.
    pub end: usize,
    /// Both flags false: the seat loses access.
    pub removes: bool,
}

/// A checked body: its text and where each edit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBody<'a> {
    /// The JSON text, exactly as it will be sent (or sliced into batches).
    pub text: &'a str,
    /// One span per edit, in body order.
    pub items: Vec<ItemSpan>,
}

/// Checks the body's JSON text; `None` means the caller's value could not become JSON.
pub fn check_body(json: Option<&str>) -> Result<CheckedBody<'_>, SeatsError> {
    let not_array = || SeatsError::validation("body", "must be an array of seat edits");
    let text = json.ok_or_else(not_array)?;
    let mut cursor = Cursor::new(text);
    if cursor.peek() != Some(Kind::Array) {
        return Err(not_array());
    }
    let malformed = |_| not_array();
    cursor.begin_array().map_err(malformed)?;
    let mut items = Vec::new();
    let mut uids: Vec<Cow<'_, str>> = Vec::new();
    while cursor.next_element(items.is_empty()).map_err(malformed)? {
        let start = cursor.pos();
        let edit = check_item(&mut cursor, items.len())?;
        items.push(ItemSpan {
            start,
            end: cursor.pos(),
            removes: !edit.access && !edit.gateway,
        });
        uids.push(edit.uid);
    }
    if !cursor.at_end() {
        return Err(not_array());
    }
    check_unique(&uids)?;
    Ok(CheckedBody { text, items })
}

/// Parses and checks the body into owned edits (for callers that want the values).
pub fn parse_body(json: Option<&str>) -> Result<Vec<SeatEdit>, SeatsError> {
    let body = check_body(json)?;
    Ok(body
        .items
        .iter()
        .map(|span| edit_at(body.text, span))
        .collect())
}

/// The edit at a checked span (the span is known to hold a valid edit).
pub fn edit_at(text: &str, span: &ItemSpan) -> SeatEdit {
    let mut cursor = Cursor::new(text.get(span.start..span.end).unwrap_or(""));
    match check_item(&mut cursor, 0) {
        Ok(edit) => SeatEdit {
            access_seat: edit.access,
            gateway_seat: edit.gateway,
            seat_uid: edit.uid.into_owned(),
        },
        Err(_) => SeatEdit {
            access_seat: true,
            gateway_seat: true,
            seat_uid: String::new(),
        },
    }
}

struct Edit<'a> {
    uid: Cow<'a, str>,
    access: bool,
    gateway: bool,
}

fn check_item<'a>(cursor: &mut Cursor<'a>, index: usize) -> Result<Edit<'a>, SeatsError> {
    let place = |key: &str| format!("body[{index}].{key}");
    let not_json = || SeatsError::validation("body", "must be an array of seat edits");
    if cursor.peek() != Some(Kind::Object) {
        return Err(SeatsError::validation(
            format!("body[{index}]"),
            "must be an object {seat_uid, access_seat, gateway_seat}",
        ));
    }
    cursor.begin_object().map_err(|_| not_json())?;
    let (mut access, mut gateway, mut uid) = (None, None, None);
    let mut first = true;
    while let Some(key) = cursor.next_key(first).map_err(|_| not_json())? {
        first = false;
        let kind = cursor.peek().ok_or_else(not_json)?;
        let slot_taken = match key.as_ref() {
            "access_seat" => access
                .replace(read_flag(cursor, kind, || place(&key))?)
                .is_some(),
            "gateway_seat" => gateway
                .replace(read_flag(cursor, kind, || place(&key))?)
                .is_some(),
            "seat_uid" => uid
                .replace(read_uid(cursor, kind, || place(&key))?)
                .is_some(),
            _ => {
                let problem = "is not a field of a seat edit (expected exactly \
                               seat_uid, access_seat and gateway_seat)";
                return Err(SeatsError::validation(place(&key), problem));
            }
        };
        if slot_taken {
            return Err(SeatsError::validation(place(&key), "appears twice"));
        }
    }
    let missing = |key: &str| SeatsError::validation(place(key), "is required");
    Ok(Edit {
        access: access.ok_or_else(|| missing("access_seat"))?,
        gateway: gateway.ok_or_else(|| missing("gateway_seat"))?,
        uid: uid.ok_or_else(|| missing("seat_uid"))?,
    })
}

/// `place` names the field; it is only built on failure (a valid body never pays for it).
fn read_flag(
    cursor: &mut Cursor<'_>,
    kind: Kind,
    place: impl Fn() -> String,
) -> Result<bool, SeatsError> {
    if kind != Kind::Bool {
        let problem = format!("must be a boolean (true or false), not {}", kind.describe());
        return Err(SeatsError::validation(place(), &problem));
    }
    cursor
        .boolean()
        .map_err(|_| SeatsError::validation(place(), "must be a boolean"))
}

fn read_uid<'a>(
    cursor: &mut Cursor<'a>,
    kind: Kind,
    place: impl Fn() -> String,
) -> Result<Cow<'a, str>, SeatsError> {
    if kind != Kind::String {
        let problem = format!("must be a string, not {}", kind.describe());
        return Err(SeatsError::validation(place(), &problem));
    }
    let uid = cursor
        .string()
        .map_err(|_| SeatsError::validation(place(), "must be a string"))?;
    match seat_uid_problem(&uid) {
        Some(problem) => Err(SeatsError::validation(place(), problem)),
        None => Ok(uid),
    }
}

/// The first repeated `seat_uid`, named at its second place.
fn check_unique(uids: &[Cow<'_, str>]) -> Result<(), SeatsError> {
    let mut first_index: HashMap<&str, usize> = HashMap::with_capacity(uids.len());
    for (index, uid) in uids.iter().enumerate() {
        if let Some(first) = first_index.insert(uid, index) {
            return Err(SeatsError::validation(
                format!("body[{index}].seat_uid"),
                &format!("repeats body[{first}].seat_uid: each seat may appear once per edit"),
            ));
        }
    }
    Ok(())
}

/// Why a `seat_uid` is unacceptable, if it is.
pub fn seat_uid_problem(uid: &str) -> Option<&'static str> {
    if uid.is_empty() {
        Some("must not be empty")
    } else if uid.chars().count() > MAX_SEAT_UID_LEN {
        Some("must be at most 36 characters")
    } else if uid.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else if uid.contains('\u{FFFD}') {
        Some("must be valid Unicode text (no lone surrogates)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
