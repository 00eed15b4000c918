//! Reads caller values (options objects, `process.env`) into the core's raw types.

use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::options::{EnvDefaults, OptionValue, RawOptions};

/// One property of an options object (`undefined` if missing or if reading it threw).
/// Primitives have no options: checking first avoids a caught exception (each one costs wasm
/// memory that is never given back).
pub fn js_property(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() && !object.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What a getter that throws (or a hostile Proxy) reads as: an error for the core to name,
/// never an exception unwinding through wasm.
const UNREADABLE: OptionValue = OptionValue::Other("a value that could not be read");

/// Classifies one property of an options object; a throwing getter is not "left out".
fn option_at(object: &JsValue, key: &str) -> OptionValue {
    if !object.is_object() && !object.is_function() {
        return OptionValue::Absent;
    }
    match Reflect::get(object, &JsValue::from_str(key)) {
        Ok(value) => option_value(&value),
        Err(_) => UNREADABLE,
    }
}

/// `value instanceof AbortSignal`, walking prototypes with `Reflect` so a Proxy cannot throw
/// through wasm.
pub fn is_abort_signal(value: &JsValue) -> bool {
    if !value.is_object() {
        return false; // no prototype to walk, and no caught exception (each one leaks wasm memory)
    }
    let prototype = Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal"))
        .and_then(|class| Reflect::get(&class, &JsValue::from_str("prototype")));
    let Ok(prototype) = prototype else {
        return false;
    };
    let mut current = value.clone();
    for _ in 0..64 {
        match Reflect::get_prototype_of(&current) {
            Ok(next) if JsValue::from(next.clone()) == prototype => return true,
            Ok(next) if !next.is_null() => current = next.into(),
            _ => return false,
        }
    }
    false
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
    } else if value.is_object() && is_abort_signal(value) {
        OptionValue::AbortSignal
    } else if js_sys::Array::is_array(value) {
        OptionValue::Other("an array")
    } else if value.is_object() {
        let Ok(keys) = Reflect::own_keys(value) else {
            return UNREADABLE;
        };
        let entries = keys
            .iter()
            .filter_map(|key| Some((key.as_string()?, option_at(value, &key.as_string()?))))
            .collect();
        OptionValue::Map(entries)
    } else if let Some(flag) = value.as_bool() {
        OptionValue::Bool(flag)
    } else {
        OptionValue::Other("an unsupported value")
    }
}

/// The kind of the options argument itself, for `check_options_object` (keys are not read).
pub fn options_shape(options: &JsValue) -> OptionValue {
    if options.is_undefined() || options.is_null() {
        OptionValue::Absent
    } else if options.is_object() {
        OptionValue::Map(Vec::new())
    } else {
        option_value(options)
    }
}

/// The options object's known keys; `headers_key` is `defaultHeaders` or `headers`.
pub fn raw_options(options: &JsValue, headers_key: &str) -> RawOptions {
    if !options.is_object() {
        return RawOptions::default();
    }
    let get = |key: &str| option_at(options, key);
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
        rate_limit_pacing: get("rateLimitPacing"),
        rate_limit_reserve: get("rateLimitReserve"),
        max_rate_limit_wait_ms: get("maxRateLimitWaitMs"),
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
