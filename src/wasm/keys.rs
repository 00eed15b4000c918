//! JS property names made once. A key made from a Rust string on every read costs a UTF-8
//! decode and hands V8 a fresh string to look up; a one-seat call reads a dozen properties
//! (the answer's status, headers and text, the envelope's fields, ten header names).

use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    static KEYS: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JS string `name`, made on its first use and kept (the names are a few dozen literals).
pub fn key(name: &'static str) -> JsValue {
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, value)) = keys.iter().find(|(known, _)| *known == name) {
            return value.clone();
        }
        let value = JsValue::from_str(name);
        keys.push((name, value.clone()));
        value
    })
}
