//! Reads the caller's body into the core's snapshot: per item its own keys once, then its three
//! fields once each, in a fixed order (`seat_uid`, `access_seat`, `gateway_seat`). `toJSON` is
//! never called and nothing is converted; the core checks the snapshot and writes the request.

use std::cell::Cell;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use super::js_input::{object_keys, shallow_value, unreadable};
use crate::error::SeatsError;
use crate::options::OptionValue;
use crate::types::SeatEdit;
use crate::validate::{check_edits, not_a_body, RawFields, RawItem};

/// The three field names as JS strings, made once per body: keys are compared with `===`
/// in JS, so a key is never copied into wasm.
struct Names {
    names: [JsValue; 3],
    /// The slot found at each key position of the previous item: items of a body almost
    /// always share one key order, so each key then takes one comparison.
    order: Cell<[usize; 3]>,
}

impl Names {
    fn new() -> Self {
        Names {
            names: ["seat_uid", "access_seat", "gateway_seat"].map(JsValue::from_str),
            order: Cell::new([0, 1, 2]),
        }
    }

    /// Which field the key at `position` names, if any.
    fn slot_of(&self, key: &JsValue, position: usize) -> Option<usize> {
        let mut order = self.order.get();
        let guess = order.get(position).copied().unwrap_or(0);
        let slot = (0..3)
            .map(|offset| (guess + offset) % 3)
            .find(|&slot| *key == self.names[slot])?;
        if let Some(seen) = order.get_mut(position) {
            *seen = slot;
            self.order.set(order);
        }
        Some(slot)
    }
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
    let names = Names::new();
    check_edits((0..length).map(|index| Ok(read_item(body, index, &names))))
}

fn read_item(body: &JsValue, index: u32, names: &Names) -> RawItem {
    let item = match Reflect::get_u32(body, index) {
        Ok(item) => item,
        Err(thrown) => return RawItem::Other(unreadable(&thrown)),
    };
    if !item.is_object() {
        return RawItem::Other(shallow_value(&item));
    }
    let keys = match object_keys(&item) {
        Ok(keys) => keys,
        Err(thrown) => return RawItem::Other(unreadable(&thrown)),
    };
    let mut present: [Option<JsValue>; 3] = [None, None, None];
    let mut unknown = Vec::new();
    for (position, key) in keys.iter().enumerate() {
        match names.slot_of(&key, position) {
            Some(slot) => present[slot] = Some(key),
            None => unknown.push(key),
        }
    }
    // Only an item that is not a seat edit anyway is asked whether it is an array (its keys
    // are indices): a valid body pays no crossing for it.
    let odd = !unknown.is_empty() || present.iter().any(Option::is_none);
    if odd && Array::is_array(&item) {
        return RawItem::Other(OptionValue::Other("an array"));
    }
    let [seat_uid, access_seat, gateway_seat] = present.map(|key| field(&item, key));
    RawItem::Fields(RawFields {
        seat_uid,
        access_seat,
        gateway_seat,
        unknown_key: first_data_key(&item, &unknown),
    })
}

/// One field's value; a flag or a string is recognised with one crossing.
fn field(item: &JsValue, key: Option<JsValue>) -> OptionValue {
    let Some(key) = key else {
        return OptionValue::Absent;
    };
    match Reflect::get(item, &key) {
        Ok(value) => match value.as_bool() {
            Some(flag) => OptionValue::Bool(flag),
            None => shallow_value(&value),
        },
        Err(thrown) => unreadable(&thrown),
    }
}

/// The first other key that holds data. Like `JSON.stringify`, a method (`toJSON` included)
/// or an `undefined` is not data; a key whose getter throws is named.
fn first_data_key(item: &JsValue, keys: &[JsValue]) -> Option<String> {
    keys.iter().find_map(|key| {
        let data = match Reflect::get(item, key) {
            Ok(value) => !value.is_undefined() && !value.is_function() && !value.is_symbol(),
            Err(_) => true,
        };
        data.then(|| key.as_string().unwrap_or_default())
    })
}
