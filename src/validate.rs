//! Input checks done before anything is sent; every failure names its field.
//!
//! The body arrives as a snapshot ([`RawItem`]s: each item's three fields, read once by the
//! boundary, never through `toJSON`); the checked edits are what the request is written from
//! (`request::body_json`), so a getter cannot change a seat between the check and the request.
//! [`parse_body`] reads JSON text into the same snapshot, for native callers and tests.

use crate::error::SeatsError;
use crate::options::{describe, not_a, OptionValue};
use crate::text::{concat, indexed};
use crate::text_map::StrMap;
use crate::types::SeatEdit;

mod text;
pub use text::parse_body;

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

/// One item of the body as the boundary read it, before any check: a plain snapshot, so the
/// check and the request see the same values and no getter runs twice.
#[derive(Debug, Clone, PartialEq)]
pub enum RawItem {
    /// An object (not an array): its three fields, each read once.
    Fields(RawFields),
    /// Anything else: what it is (`OptionValue::Unreadable` when reading it threw).
    Other(OptionValue),
}

/// The three fields of an object item; `Absent` when it has no such own key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFields {
    /// `seat_uid`.
    pub seat_uid: OptionValue,
    /// `access_seat`.
    pub access_seat: OptionValue,
    /// `gateway_seat`.
    pub gateway_seat: OptionValue,
    /// The first own key that is none of the three and holds data (not a function).
    pub unknown_key: Option<String>,
}

impl From<&SeatEdit> for RawItem {
    fn from(edit: &SeatEdit) -> Self {
        RawItem::Fields(RawFields {
            seat_uid: OptionValue::Str(edit.seat_uid.clone()),
            access_seat: OptionValue::Bool(edit.access_seat),
            gateway_seat: OptionValue::Bool(edit.gateway_seat),
            unknown_key: None,
        })
    }
}

/// The body is not an array: named as `body`, with what it is when reading it threw.
pub fn not_a_body(what: &OptionValue) -> SeatsError {
    let problem = match what {
        OptionValue::Unreadable(_) => not_a(NOT_A_BODY, what),
        _ => NOT_A_BODY.to_string(),
    };
    SeatsError::validation("body", &problem)
}

const NOT_A_BODY: &str = "must be an array of seat edits";

/// Checks every item of a body snapshot in order, stopping at the first bad one, then that no
/// `seat_uid` repeats. A reader's own failure (`Err`) stops the check too.
pub fn check_edits(
    items: impl IntoIterator<Item = Result<RawItem, SeatsError>>,
) -> Result<Vec<SeatEdit>, SeatsError> {
    let items = items.into_iter();
    let mut edits = Vec::with_capacity(items.size_hint().0);
    for (index, item) in items.enumerate() {
        edits.push(check_item(index, item?)?);
    }
    check_unique(&edits)?;
    Ok(edits)
}

/// Checks one item of the snapshot; `index` is its place in the body. Out of line, as the
/// other per-item steps (`edit_rows::BodyRows::read`).
#[inline(never)]
pub fn check_item(index: usize, item: RawItem) -> Result<SeatEdit, SeatsError> {
    let place = |key: &str| indexed("body[", index, &concat(&["].", key]));
    let fields = match item {
        RawItem::Fields(fields) => fields,
        RawItem::Other(what) => {
            let problem = not_a(
                "must be an object {seat_uid, access_seat, gateway_seat}",
                &what,
            );
            return Err(SeatsError::validation(
                indexed("body[", index, "]"),
                &problem,
            ));
        }
    };
    if let Some(key) = fields.unknown_key {
        let problem = "is not a field of a seat edit (expected exactly \
                       seat_uid, access_seat and gateway_seat)";
        return Err(SeatsError::validation(place(&key), problem));
    }
    Ok(SeatEdit {
        seat_uid: uid_of(fields.seat_uid, || place("seat_uid"))?,
        access_seat: flag_of(&fields.access_seat, || place("access_seat"))?,
        gateway_seat: flag_of(&fields.gateway_seat, || place("gateway_seat"))?,
    })
}

/// `must be a boolean (got a Boolean object)`; for a read that threw, `could not be read
/// (reading it threw TypeError)`.
fn kind_problem(wanted: &str, other: &OptionValue) -> String {
    match other {
        OptionValue::Unreadable(thrown) => {
            concat(&["could not be read (reading it threw ", thrown, ")"])
        }
        other => concat(&["must be ", wanted, " (got ", &describe(other), ")"]),
    }
}

/// `place` names the field; it is only built on failure (a valid body never pays for it).
fn flag_of(value: &OptionValue, place: impl Fn() -> String) -> Result<bool, SeatsError> {
    match value {
        OptionValue::Bool(flag) => Ok(*flag),
        OptionValue::Absent => Err(SeatsError::validation(place(), "is required")),
        other => Err(SeatsError::validation(
            place(),
            &kind_problem("a boolean", other),
        )),
    }
}

fn uid_of(value: OptionValue, place: impl Fn() -> String) -> Result<String, SeatsError> {
    match value {
        OptionValue::Str(uid) => match seat_uid_problem(&uid) {
            Some(problem) => Err(SeatsError::validation(place(), problem)),
            None => Ok(uid),
        },
        OptionValue::Absent => Err(SeatsError::validation(place(), "is required")),
        other => Err(SeatsError::validation(
            place(),
            &kind_problem("a string", &other),
        )),
    }
}

/// The first repeated `seat_uid`, named at its second place.
pub fn check_unique(edits: &[SeatEdit]) -> Result<(), SeatsError> {
    let mut first_index = StrMap::with_capacity(edits.len());
    for (index, edit) in edits.iter().enumerate() {
        if let Some(first) = first_index.insert_first(&edit.seat_uid, index) {
            let problem = indexed(
                "repeats body[",
                first,
                "].seat_uid: each seat may appear once per edit",
            );
            return Err(SeatsError::validation(
                indexed("body[", index, "].seat_uid"),
                &problem,
            ));
        }
    }
    Ok(())
}

/// Why a `seat_uid` is unacceptable, if it is. ASCII (the common case) is judged on its
/// bytes: characters are only counted and classified in text that has others.
pub fn seat_uid_problem(uid: &str) -> Option<&'static str> {
    let ascii = uid.is_ascii();
    let too_long =
        uid.len() > MAX_SEAT_UID_LEN && (ascii || uid.chars().count() > MAX_SEAT_UID_LEN);
    let control = if ascii {
        uid.bytes().any(|b| b < 0x20 || b == 0x7f)
    } else {
        uid.chars().any(char::is_control)
    };
    if uid.is_empty() {
        Some("must not be empty")
    } else if too_long {
        Some("must be at most 36 characters")
    } else if control {
        Some("must not contain control characters")
    } else if !ascii && crate::text::find(uid, "\u{FFFD}").is_some() {
        Some("must be valid Unicode text (no lone surrogates)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
