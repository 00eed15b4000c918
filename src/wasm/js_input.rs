//! Reads caller values (options objects, `process.env`) into the core's raw types.

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

use crate::options::{EnvDefaults, OptionValue, RawOptions};

/// One property of an options object (`undefined` if missing or if reading it threw).
pub fn js_property(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Classifies a JS value for the core's checks.
pub fn option_value(value: &JsValue) -> OptionValue {
    if value.is_undefined() {
        OptionValue::Absent
    } else if let Some(s) = value.as_string() {
        OptionValue::Str(s)
    } else if let Some(n) = value.as_f64() {
        OptionValue::Num(n)
    } else if value.is_null() {
        OptionValue::Other("null")
    } else if value.is_function() {
        OptionValue::Function
    } else if value.is_instance_of::<web_sys::AbortSignal>() {
        OptionValue::AbortSignal
    } else if let Some(object) = value.dyn_ref::<Object>() {
        let entries = Object::entries(object)
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                Some((pair.get(0).as_string()?, option_value(&pair.get(1))))
            })
            .collect();
        OptionValue::Map(entries)
    } else if value.as_bool().is_some() {
        OptionValue::Other("a boolean")
    } else {
        OptionValue::Other("an unsupported value")
    }
}

/// The options object's known keys; `headers_key` is `defaultHeaders` or `headers`.
pub fn raw_options(options: &JsValue, headers_key: &str) -> RawOptions {
    if options.is_undefined() || options.is_null() {
        return RawOptions::default();
    }
    let get = |key: &str| option_value(&js_property(options, key));
    RawOptions {
        api_token: get("apiToken"),
        api_email: get("apiEmail"),
        api_key: get("apiKey"),
        base_url: get("baseUrl"),
        timeout_ms: get("timeoutMs"),
        max_retries: get("maxRetries"),
        headers: get(headers_key),
        fetch: get("fetch"),
        signal: get("signal"),
        batch_size: get("batchSize"),
        concurrency: get("concurrency"),
        on_progress: get("onProgress"),
    }
}

/// `CLOUDFLARE_*` variables from Node's `process.env`; empty when there is none (browsers).
pub fn env_defaults() -> EnvDefaults {
    let env = js_property(&js_property(&js_sys::global(), "process"), "env");
    if env.is_undefined() || env.is_null() {
        return EnvDefaults::default();
    }
    let var = |name: &str| {
        js_property(&env, name)
            .as_string()
            .filter(|v| !v.is_empty())
    };
    EnvDefaults {
        api_token: var("CLOUDFLARE_API_TOKEN"),
        api_email: var("CLOUDFLARE_EMAIL"),
        api_key: var("CLOUDFLARE_API_KEY"),
        base_url: var("CLOUDFLARE_BASE_URL"),
    }
}

/// The body as JSON text, or `None` when JSON cannot represent it (undefined, BigInt, cycles…).
pub fn body_json(body: &JsValue) -> Option<String> {
    JSON::stringify(body).ok().and_then(|s| s.as_string())
}
