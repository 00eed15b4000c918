//! A body given as JSON text, read into the same snapshot the JS boundary makes, so one set of
//! rules judges both. Native only in practice (tests, the fuzz target); the wasm reads values.

use super::{check_edits, not_a_body, RawFields, RawItem};
use crate::error::SeatsError;
use crate::json::{Cursor, Kind};
use crate::options::OptionValue;
use crate::text::concat;
use crate::types::SeatEdit;

/// Parses and checks a body's JSON text; `None` means there was no text.
pub fn parse_body(json: Option<&str>) -> Result<Vec<SeatEdit>, SeatsError> {
    let not_array = || not_a_body(&OptionValue::Absent);
    let mut cursor = Cursor::new(json.ok_or_else(not_array)?);
    if cursor.peek() != Some(Kind::Array) {
        return Err(not_array());
    }
    cursor.begin_array().map_err(|_| not_array())?;
    let mut index = 0;
    let items = std::iter::from_fn(|| {
        let more = cursor.next_element(index == 0).map_err(|_| not_array());
        let item = match more {
            Ok(true) => read_item(&mut cursor, index),
            Ok(false) => return None,
            Err(err) => Err(err),
        };
        index += 1;
        Some(item)
    });
    let edits = check_edits(items)?;
    if cursor.at_end() {
        Ok(edits)
    } else {
        Err(not_array())
    }
}

fn read_item(cursor: &mut Cursor<'_>, index: usize) -> Result<RawItem, SeatsError> {
    let malformed = |_| not_a_body(&OptionValue::Absent);
    if cursor.peek() != Some(Kind::Object) {
        return Ok(RawItem::Other(read_value(cursor).map_err(malformed)?));
    }
    cursor.begin_object().map_err(malformed)?;
    let mut fields = RawFields::default();
    let mut first = true;
    while let Some(key) = cursor.next_key(first).map_err(malformed)? {
        first = false;
        let value = read_value(cursor).map_err(malformed)?;
        let slot = match key.as_ref() {
            "seat_uid" => &mut fields.seat_uid,
            "access_seat" => &mut fields.access_seat,
            "gateway_seat" => &mut fields.gateway_seat,
            _ => {
                fields.unknown_key.get_or_insert_with(|| key.into_owned());
                continue;
            }
        };
        if *slot != OptionValue::Absent {
            let place = crate::text::indexed("body[", index, &concat(&["].", &*key]));
            return Err(SeatsError::validation(place, "appears twice"));
        }
        *slot = value;
    }
    Ok(RawItem::Fields(fields))
}

/// One JSON value as the JS boundary would classify it (containers are skipped, not read).
fn read_value(cursor: &mut Cursor<'_>) -> Result<OptionValue, crate::json::Malformed> {
    let kind = cursor.peek().ok_or(crate::json::Malformed)?;
    Ok(match kind {
        Kind::String => OptionValue::Str(cursor.string()?.into_owned()),
        Kind::Bool => OptionValue::Bool(cursor.boolean()?),
        Kind::Null | Kind::Number | Kind::Object | Kind::Array => {
            cursor.skip_value()?;
            match kind {
                Kind::Null => OptionValue::Other("null"),
                Kind::Number => OptionValue::Num(0.0),
                Kind::Array => OptionValue::Other("an array"),
                _ => OptionValue::Map(Vec::new()),
            }
        }
    })
}
