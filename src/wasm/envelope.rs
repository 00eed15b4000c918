//! Reads the core's facts off an answer the JS engine parsed, and assembles the page the caller
//! gets from the parsed envelopes (so seats are never copied into wasm and back).

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js_input::{js_property as get, set_property as set};
use crate::response::{Body, EnvelopeFacts, ResultShape};
use crate::types::{ErrorSource, ResponseInfo};

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JS string, without copying it through wasm memory.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// Parses an answer's text with the JS engine: the core's view, and the parsed value.
pub fn read_body(text: &JsValue, content_type: Option<&str>) -> (Body, JsValue) {
    let parsed = json_parse(text).ok();
    match parsed {
        Some(value) if value.is_object() && !Array::is_array(&value) => {
            (Body::Envelope(facts(&value)), value)
        }
        Some(value) => (Body::NotEnvelope, value),
        None => {
            let text = text.as_string().unwrap_or_default();
            (Body::not_json(&text, content_type), JsValue::UNDEFINED)
        }
    }
}

fn facts(envelope: &JsValue) -> EnvelopeFacts {
    let result = get(envelope, "result");
    EnvelopeFacts {
        success: get(envelope, "success").as_bool(),
        result: if Array::is_array(&result) {
            ResultShape::Array(result.unchecked_ref::<Array>().length() as usize)
        } else if result.is_undefined() || result.is_null() {
            ResultShape::Missing
        } else {
            ResultShape::Other
        },
        errors: infos(&get(envelope, "errors")),
        messages: infos(&get(envelope, "messages")),
    }
}

/// Well-formed `{code, message, documentation_url?, source?}` entries; others are dropped.
fn infos(list: &JsValue) -> Vec<ResponseInfo> {
    if !Array::is_array(list) {
        return Vec::new();
    }
    let list: &Array = list.unchecked_ref();
    list.iter().filter_map(|entry| info(&entry)).collect()
}

fn info(entry: &JsValue) -> Option<ResponseInfo> {
    if !entry.is_object() {
        return None;
    }
    let code = get(entry, "code")
        .as_f64()
        .filter(|c| c.fract() == 0.0 && c.abs() < 1e15)?;
    let source = get(entry, "source");
    Some(ResponseInfo {
        code: code as i64,
        message: get(entry, "message").as_string()?,
        documentation_url: get(entry, "documentation_url").as_string(),
        source: source.is_object().then(|| ErrorSource {
            pointer: get(&source, "pointer").as_string(),
        }),
    })
}

/// Cloudflare's entries as plain JS objects (for error fields).
pub fn infos_to_js(infos: &[ResponseInfo]) -> Array {
    infos
        .iter()
        .map(|info| {
            let entry: JsValue = Object::new().into();
            set(&entry, "code", &JsValue::from_f64(info.code as f64));
            set(&entry, "message", &JsValue::from_str(&info.message));
            if let Some(url) = &info.documentation_url {
                set(&entry, "documentation_url", &JsValue::from_str(url));
            }
            if let Some(source) = &info.source {
                let js_source: JsValue = Object::new().into();
                if let Some(pointer) = &source.pointer {
                    set(&js_source, "pointer", &JsValue::from_str(pointer));
                }
                set(&entry, "source", &js_source);
            }
            entry
        })
        .collect()
}

fn array_of(envelope: &JsValue, name: &'static str) -> Array {
    let value = get(envelope, name);
    if Array::is_array(&value) {
        value.unchecked_into()
    } else {
        Array::new()
    }
}

/// The page `editSeats` resolves to, from the success envelope of each batch in body order.
pub fn page(envelopes: &[JsValue]) -> JsValue {
    let page: JsValue = Object::new().into();
    set(&page, "success", &JsValue::TRUE);
    let joined = |name: &'static str| -> Array {
        match envelopes {
            [single] => array_of(single, name),
            many => many
                .iter()
                .fold(Array::new(), |all, e| all.concat(&array_of(e, name))),
        }
    };
    set(&page, "result", &joined("result"));
    if let [single] = envelopes {
        let info = get(single, "result_info");
        if info.is_object() {
            set(&page, "result_info", &info);
        }
    }
    set(&page, "messages", &joined("messages"));
    set(&page, "errors", &joined("errors"));
    page
}

/// The seats of the given envelopes' results, joined in order.
pub fn seats_of(envelopes: &[&JsValue]) -> Array {
    envelopes
        .iter()
        .fold(Array::new(), |all, e| all.concat(&array_of(e, "result")))
}
