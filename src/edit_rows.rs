//! The body as the JS boundary hands it over (`js/read-body.js`): one JSON text of rows, one per
//! item, read back into the snapshot ([`RawItem`]) every body check works on, so an error names
//! `body[i].field` exactly as for any other input.
//!
//! The text is one flat array. Nearly every item is a seat edit of a string and two booleans,
//! written as those three elements in place (`"uid",true,false`): no array of its own, which
//! made `JSON.stringify` a third slower. Any other item is one element, its row:
//! `[seat_uid, access_seat, gateway_seat]`, optionally followed by the first other key that
//! holds data; or, for an item that is not an object, `[kind]`, and for one whose read threw,
//! `[0, thrown]`. A cell is a string, a boolean, `0` (left out or `undefined`), `[kind]` or
//! `[0, thrown]`, where `thrown` is an error's class name or `[kind]` of the value thrown.

use crate::error::SeatsError;
use crate::json::{Cursor, Kind, Malformed};
use crate::options::{describe, OptionValue};
use crate::types::SeatEdit;
use crate::validate::{check_item, check_unique, RawFields, RawItem, MAX_SEAT_UID_LEN};

/// Reads and checks the rows of a body of `length` items in one text (see [`BodyRows`]).
pub fn edits_from_rows(text: &str, length: usize) -> Result<Vec<SeatEdit>, SeatsError> {
    let mut rows = BodyRows::new(length);
    rows.read(text, length)?;
    rows.finish(length)
}

/// A body read in chunks of rows, each checked as it is read: the boundary packs a long body
/// a chunk at a time, so neither JS nor wasm ever holds the rows of all of it at once.
pub struct BodyRows {
    edits: Vec<SeatEdit>,
}

impl BodyRows {
    /// Room for a body of `length` items.
    pub fn new(length: usize) -> Self {
        BodyRows {
            edits: Vec::with_capacity(length),
        }
    }

    /// Reads and checks the next chunk: a JSON array of exactly `count` rows.
    ///
    /// It and each per-row step are kept out of line and small: a fresh process runs them in
    /// V8's baseline tier until they are hot, then compiles each with the optimising tier, whose
    /// compile time grows with the function (one 3.7 KB function with all of them inlined cost
    /// ~20 ms of CPU to optimise during a 10k-seat call).
    #[inline(never)]
    pub fn read(&mut self, text: &str, count: usize) -> Result<(), SeatsError> {
        let before = self.edits.len();
        let mut cursor = Cursor::new(text);
        cursor.begin_array().map_err(|_| malformed())?;
        while cursor
            .next_element(self.edits.len() == before)
            .map_err(|_| malformed())?
        {
            let edit = match plain_edit(cursor.remaining()) {
                Some((edit, used)) => {
                    cursor.advance(used);
                    edit
                }
                None => other_edit(&mut cursor, self.edits.len())?,
            };
            self.edits.push(edit);
        }
        if !cursor.at_end() || self.edits.len() - before != count {
            return Err(malformed());
        }
        Ok(())
    }

    /// The edits, once all `length` rows were read and no `seat_uid` repeats.
    pub fn finish(self, length: usize) -> Result<Vec<SeatEdit>, SeatsError> {
        if self.edits.len() != length {
            return Err(malformed());
        }
        check_unique(&self.edits)?;
        Ok(self.edits)
    }
}

/// Any item but a valid plain edit, read and checked as item `index` (out of line: rare, and
/// kept out of [`BodyRows::read`], which V8 compiles with its optimising tier in a long call).
#[inline(never)]
fn other_edit(cursor: &mut Cursor<'_>, index: usize) -> Result<SeatEdit, SeatsError> {
    let item = item(cursor).map_err(|_| malformed())?;
    check_item(index, item)
}

#[inline(never)]
fn malformed() -> SeatsError {
    SeatsError::validation("body", "could not be read (malformed rows)")
}

/// Any item but a valid plain edit: a plain edit that needs the generic reader, or a row.
fn item(cursor: &mut Cursor<'_>) -> Result<RawItem, Malformed> {
    match cursor.peek() {
        Some(Kind::String) => escaped_edit(cursor),
        _ => any_row(cursor),
    }
}

/// A plain edit the fast path left (escapes, characters beyond printable ASCII, a bad length),
/// through the generic reader; its checks name what is wrong (out of line: rare).
#[inline(never)]
fn escaped_edit(cursor: &mut Cursor<'_>) -> Result<RawItem, Malformed> {
    let uid = cursor.string()?.into_owned();
    let mut flag = || match cursor.next_element(false)? {
        true => cursor.boolean(),
        false => Err(Malformed),
    };
    let (access, gateway) = (flag()?, flag()?);
    Ok(fields(
        [
            OptionValue::Str(uid),
            OptionValue::Bool(access),
            OptionValue::Bool(gateway),
        ],
        None,
    ))
}

/// Any row, through the generic reader (out of line: rare).
#[inline(never)]
fn any_row(cursor: &mut Cursor<'_>) -> Result<RawItem, Malformed> {
    cursor.begin_array()?;
    let mut cells = [
        OptionValue::Absent,
        OptionValue::Absent,
        OptionValue::Absent,
    ];
    let mut second_is_text = false;
    let mut count = 0;
    while cursor.next_element(count == 0)? {
        if count == 3 {
            // The first other key that holds data, then the row's end.
            let key = cursor.string()?.into_owned();
            if cursor.next_element(false)? {
                return Err(Malformed);
            }
            return Ok(fields(cells, Some(key)));
        }
        second_is_text |= count == 1 && cursor.peek() == Some(Kind::String);
        cells[count] = value(cursor)?;
        count += 1;
    }
    if count == 3 {
        return Ok(fields(cells, None));
    }
    let [first, second, _] = cells;
    Ok(RawItem::Other(match (count, first, second) {
        (1, OptionValue::Str(kind), _) => of_kind(&kind),
        (2, OptionValue::Absent, OptionValue::Str(name)) if second_is_text => {
            OptionValue::Unreadable(name)
        }
        (2, OptionValue::Absent, kind) => OptionValue::Unreadable(describe(&kind).into_owned()),
        _ => return Err(Malformed),
    }))
}

/// Nearly every item, `"uid",true,false` with a valid `seat_uid` of printable ASCII, read and
/// checked straight off the bytes in one pass (the generic reader takes several calls per byte,
/// and its checks several more passes); with the bytes it used. Anything else, valid or not, is
/// left to the generic reader and the checks, which name what is wrong.
#[inline(never)]
fn plain_edit(bytes: &[u8]) -> Option<(SeatEdit, usize)> {
    // Plain index loops: at opt-level "z" an iterator adapter or a closure here stays a call per
    // byte or per flag (a third of reading a 100k-seat body in wasm).
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut at = 1;
    loop {
        match *bytes.get(at)? {
            b'"' => break,
            // What JSON escapes, a control character, or text beyond ASCII.
            b'\\' | 0..=0x1f | 0x7f.. => return None,
            _ => at += 1,
        }
    }
    let uid = bytes.get(1..at)?;
    if uid.is_empty() || uid.len() > MAX_SEAT_UID_LEN {
        return None;
    }
    // SAFETY: every byte of `uid` is printable ASCII (the loop above), so it is UTF-8. Read as
    // `str` slices, its ends were checked for character boundaries by a function that V8 then
    // compiled with its optimising tier in every 10k-seat call.
    let uid = unsafe { core::str::from_utf8_unchecked(uid) };
    at += 1;
    let access_seat = flag_at(bytes, &mut at)?;
    let gateway_seat = flag_at(bytes, &mut at)?;
    let edit = SeatEdit {
        seat_uid: uid.to_string(),
        access_seat,
        gateway_seat,
    };
    Some((edit, at))
}

/// `,true` or `,false` at `*at`, which it moves past.
fn flag_at(bytes: &[u8], at: &mut usize) -> Option<bool> {
    // Slice patterns compare the bytes in line; `starts_with` called `memcmp` twice a seat.
    let (value, used) = match bytes.get(*at..)? {
        [b',', b't', b'r', b'u', b'e', ..] => (true, 5),
        [b',', b'f', b'a', b'l', b's', b'e', ..] => (false, 6),
        _ => return None,
    };
    *at += used;
    Some(value)
}

fn fields(cells: [OptionValue; 3], unknown_key: Option<String>) -> RawItem {
    let [seat_uid, access_seat, gateway_seat] = cells;
    RawItem::Fields(RawFields {
        seat_uid,
        access_seat,
        gateway_seat,
        unknown_key,
    })
}

/// One cell.
fn value(cursor: &mut Cursor<'_>) -> Result<OptionValue, Malformed> {
    Ok(match cursor.peek().ok_or(Malformed)? {
        Kind::String => OptionValue::Str(cursor.string()?.into_owned()),
        Kind::Bool => OptionValue::Bool(cursor.boolean()?),
        Kind::Number => {
            cursor.skip_value()?;
            OptionValue::Absent
        }
        Kind::Array => marker(cursor)?,
        Kind::Object | Kind::Null => return Err(Malformed),
    })
}

/// `[kind]` or `[0, thrown]` inside a row.
fn marker(cursor: &mut Cursor<'_>) -> Result<OptionValue, Malformed> {
    cursor.begin_array()?;
    if !cursor.next_element(true)? {
        return Err(Malformed);
    }
    let out = match cursor.peek() {
        Some(Kind::String) => of_kind(&cursor.string()?),
        Some(Kind::Number) => {
            cursor.skip_value()?;
            if !cursor.next_element(false)? {
                return Err(Malformed);
            }
            let thrown = match cursor.peek() {
                Some(Kind::String) => cursor.string()?.into_owned(),
                Some(Kind::Array) => describe(&marker(cursor)?).into_owned(),
                _ => return Err(Malformed),
            };
            OptionValue::Unreadable(thrown)
        }
        _ => return Err(Malformed),
    };
    if cursor.next_element(false)? {
        return Err(Malformed);
    }
    Ok(out)
}

/// A value of the kind js/read-body.js named, as the checks describe it (only its kind is read).
fn of_kind(kind: &str) -> OptionValue {
    match kind {
        "undefined" => OptionValue::Absent,
        "string" => OptionValue::Str(String::new()),
        "boolean" => OptionValue::Bool(false),
        "number" => OptionValue::Num(0.0),
        "function" => OptionValue::Function,
        "AbortSignal" => OptionValue::AbortSignal,
        "Object" => OptionValue::Map(Vec::new()),
        "null" => OptionValue::Other("null"),
        "bigint" => OptionValue::Other("a BigInt"),
        "symbol" => OptionValue::Other("a symbol"),
        "Array" => OptionValue::Other("an array"),
        "Boolean" => OptionValue::Other("a Boolean object"),
        "String" => OptionValue::Other("a String object"),
        "Number" => OptionValue::Other("a Number object"),
        _ => OptionValue::Other("an unsupported value"),
    }
}

#[cfg(test)]
mod tests;
