//! JS property names made once. A key made from a Rust string on every read costs a UTF-8
//! decode and hands V8 a fresh string to look up; a one-seat call reads a dozen properties
//! (the answer's status, headers and text, the envelope's fields, ten header names).

use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    static KEYS: RefCell<Vec<(&'static str, &'static JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JS string `name`, made on its first use and kept for good (the names are a few dozen
/// literals): lent, so no handle is cloned and dropped per read, and no borrow of the table is
/// held while the caller uses it (a getter it runs may read keys too).
pub fn key(name: &'static str) -> &'static JsValue {
    KEYS.with(|keys| {
        // By address: each call site passes its own literal, and comparing the bytes of a few
        // dozen names cost ~2 µs of a one-seat call. The same name at two addresses is kept
        // twice, which is harmless.
        let known = keys
            .borrow()
            .iter()
            .find(|(known, _)| core::ptr::eq(*known, name))
            .map(|(_, value)| *value);
        known.unwrap_or_else(|| {
            let value: &'static JsValue = Box::leak(Box::new(JsValue::from_str(name)));
            keys.borrow_mut().push((name, value));
            value
        })
    })
}
