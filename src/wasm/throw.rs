//! Turns core failures into instances of the exported JS error classes (js/errors.js).

use wasm_bindgen::prelude::*;

use crate::error::SeatsError;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(class_name: &str, message: &str, fields_json: &str) -> JsValue;
}

/// The JS error object for a failure.
pub fn to_js_error(err: &SeatsError) -> JsValue {
    create_error(err.kind.class_name(), &err.message(), &err.fields_json())
}
