//! Turns core failures into instances of the exported JS error classes (js/errors.js).

use wasm_bindgen::prelude::*;

use super::envelope::infos_to_js;
use super::js_input::set_property;
use crate::error::SeatsError;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(class_name: &str, message: &str) -> JsValue;
}

fn set(target: &JsValue, name: &'static str, value: JsValue) {
    set_property(target, name, &value);
}

/// The JS error object for a failure, with its typed fields.
pub fn to_js_error(err: &SeatsError) -> JsValue {
    let error = create_error(err.kind.class_name(), &err.message());
    if let Some(status) = err.status {
        set(&error, "status", JsValue::from(status));
    }
    set(&error, "errors", infos_to_js(&err.errors).into());
    set(&error, "messages", infos_to_js(&err.messages).into());
    if let Some(ray_id) = &err.ray_id {
        set(&error, "rayId", JsValue::from_str(ray_id));
    }
    set(&error, "attempts", JsValue::from(err.attempts));
    if let Some(wait) = err.retry_after_ms {
        set(&error, "retryAfterMs", JsValue::from_f64(wait as f64));
    }
    if let Some(view) = &err.rate_limit {
        set(&error, "rateLimit", rate_limit_js(view));
    }
    if let Some(field) = &err.field {
        set(&error, "field", JsValue::from_str(field));
    }
    error
}

/// A `BulkEditError` with its lists (built by the caller).
pub fn bulk_error(
    message: &str,
    cause: JsValue,
    applied: JsValue,
    failed: JsValue,
    not_attempted: JsValue,
) -> JsValue {
    let error = create_error("BulkEditError", message);
    set(&error, "cause", cause);
    set(&error, "applied", applied);
    set(&error, "failed", failed);
    set(&error, "notAttempted", not_attempted);
    error
}

/// `{ remaining, resetMs, limit?, windowMs?, policy? }`.
pub fn rate_limit_js(view: &crate::ratelimit::RateLimit) -> JsValue {
    let out: JsValue = js_sys::Object::new().into();
    set(&out, "remaining", JsValue::from_f64(view.remaining as f64));
    set(&out, "resetMs", JsValue::from_f64(view.reset_ms as f64));
    if let Some(limit) = view.limit {
        set(&out, "limit", JsValue::from_f64(limit as f64));
    }
    if let Some(window) = view.window_ms {
        set(&out, "windowMs", JsValue::from_f64(window as f64));
    }
    if let Some(policy) = &view.policy {
        set(&out, "policy", JsValue::from_str(policy));
    }
    out
}
