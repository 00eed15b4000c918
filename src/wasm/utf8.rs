//! A long JS string copied into wasm memory as UTF-8 by `TextEncoder.encodeInto`, writing
//! straight into a `Vec`'s spare capacity: one pass, and no ArrayBuffer of the text's size on
//! the JS heap (wasm-bindgen's `String` parameter loops over the characters in JS, and a
//! `Vec<u8>` parameter needs such a buffer first).

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/read-lists.js")]
extern "C" {
    #[wasm_bindgen(js_name = writeUtf8)]
    fn write_utf8(text: &JsString, from: u32, memory: &JsValue, ptr: u32, capacity: u32) -> Array;
}

/// The length of `text` in UTF-16 units, if it is a string.
pub fn units_of(text: &JsValue) -> Option<usize> {
    text.dyn_ref::<JsString>().map(|s| s.length() as usize)
}

/// `text` as a Rust string (lone surrogates become U+FFFD, as `TextEncoder` writes them); `None`
/// when it is not a string.
pub fn string_of(text: &JsValue) -> Option<String> {
    let units = units_of(text)?;
    // Exact for ASCII, the common case.
    let mut bytes: Vec<u8> = Vec::with_capacity(units);
    append_utf8(text, &mut bytes)?;
    // Not checked again: `from_utf8` over a 10k-seat body was the largest function V8 compiled
    // with its optimising tier during such a call (683 B of wasm, ~2 ms of CPU to compile).
    debug_assert!(core::str::from_utf8(&bytes).is_ok());
    // SAFETY: every byte was written by `TextEncoder.encodeInto`, which writes well-formed UTF-8
    // (a lone surrogate as U+FFFD) and never part of a character: each write ends on a character
    // boundary, and the second starts at the first's `read`, which a surrogate pair never straddles.
    Some(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Appends `text` to `bytes` as UTF-8 (lone surrogates as U+FFFD); `None` when it is not a
/// string. Valid UTF-8 appended to valid UTF-8 stays valid.
pub fn append_utf8(text: &JsValue, bytes: &mut Vec<u8>) -> Option<()> {
    let text: &JsString = text.dyn_ref()?;
    let units = text.length() as usize;
    let memory = wasm_bindgen::memory();
    // One byte per unit first (exact for ASCII); the rest of a longer text then surely fits in
    // 3 bytes per unit.
    bytes.reserve(units);
    let mut read = 0;
    // Two writes at most: after the first, the capacity fits the rest.
    for _ in 0..2 {
        if read >= units {
            break;
        }
        let spare = bytes.spare_capacity_mut();
        let (ptr, capacity) = (spare.as_mut_ptr() as u32, spare.len());
        let counts = write_utf8(text, read as u32, &memory, ptr, capacity as u32);
        let count = |index| counts.get(index).as_f64().unwrap_or(0.0) as usize;
        let written = count(1).min(capacity);
        // SAFETY: encodeInto initialised the first `written` bytes of the spare capacity.
        unsafe { bytes.set_len(bytes.len() + written) };
        read += count(0);
        if read < units {
            bytes.reserve((units - read) * 3);
        }
    }
    (read >= units).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn copied(text: &str) -> Option<String> {
        string_of(&JsValue::from_str(text))
    }

    #[wasm_bindgen_test]
    fn ascii_text_is_copied_in_one_write() {
        assert_eq!(copied("").as_deref(), Some(""));
        assert_eq!(
            copied("[[\"a@example.com\",true]]").as_deref(),
            Some("[[\"a@example.com\",true]]")
        );
    }

    #[wasm_bindgen_test]
    fn text_beyond_ascii_is_copied_whole_in_a_second_write() {
        // 2-, 3- and 4-byte characters at the end: the first write (one byte per unit) stops
        // short, the second fits the rest.
        let text = format!("{}é€😀", "a".repeat(1000));
        assert_eq!(copied(&text), Some(text));
        assert_eq!(copied("😀😀").as_deref(), Some("😀😀"));
        assert_eq!(units_of(&JsValue::from_str("😀é")), Some(3));
    }

    #[wasm_bindgen_test]
    fn a_lone_surrogate_becomes_the_replacement_character_and_a_non_string_none() {
        let lone: JsValue = JsString::from_char_code1(0xd800).concat(&"x".into()).into();
        assert_eq!(string_of(&lone).as_deref(), Some("\u{fffd}x"));
        assert_eq!(string_of(&JsValue::from_f64(1.0)), None);
        assert_eq!(units_of(&JsValue::NULL), None);
    }
}
