//! Reads the caller's body into the core's snapshot in one copy (the rows' JSON text written
//! into wasm memory by `encodeInto`): js/read-body.js reads each item (its own keys once, then
//! its three fields once each; `toJSON` is never called and nothing is converted) into rows;
//! the core (`edit_rows`) checks them and the request is written from the checked edits.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use super::js_input::{shallow_value, unreadable};
use super::utf8::string_of;
use crate::edit_rows::BodyRows;
use crate::error::SeatsError;
use crate::types::SeatEdit;
use crate::validate::not_a_body;

#[wasm_bindgen(module = "/js/read-body.js")]
extern "C" {
    #[wasm_bindgen(js_name = packEdits, catch)]
    fn pack_edits(body: &JsValue, start: u32, end: u32) -> Result<JsValue, JsValue>;
}

/// Reads and checks the caller's body; the edits are what the request is written from.
pub fn read_edits(body: &JsValue) -> Result<Vec<SeatEdit>, SeatsError> {
    if !Array::is_array(body) {
        return Err(not_a_body(&shallow_value(body)));
    }
    // A Proxy of an array is an array too, and its traps may throw.
    let length = Reflect::get(body, &JsValue::from_str("length"))
        .map_err(|thrown| not_a_body(&unreadable(&thrown)))?
        .as_f64()
        .unwrap_or(0.0) as u32;
    // Packed a chunk at a time: a 100k-seat body's rows never exist all at once (peak memory).
    let mut rows = BodyRows::new(length as usize);
    let mut start = 0;
    while start < length {
        let end = length.min(start.saturating_add(CHUNK));
        // The packer catches every read it makes; only running out of memory gets here.
        let packed = pack_edits(body, start, end)
            .map_err(|_| SeatsError::validation("body", "could not be read"))?;
        let text = string_of(&packed)
            .ok_or_else(|| SeatsError::validation("body", "could not be read"))?;
        rows.read(&text, (end - start) as usize)?;
        start = end;
    }
    rows.finish(length as usize)
}

/// Items packed per crossing: enough that the crossings do not count (100 for 100k seats), few
/// enough that a chunk's rows stay ~50 KB of JS garbage.
const CHUNK: u32 = 1024;
