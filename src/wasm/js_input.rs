//! Reads caller values (options objects, `process.env`) into the core's raw types. Every read
//! goes through `Reflect` (a throwing getter or Proxy trap is caught and named), nothing is
//! converted (`toJSON`, `valueOf` and `toString` are never called), and each value is read once.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;

use super::keys::key;
use crate::options::{EnvDefaults, OptionValue, RawOptions};

/// One property of an options object (`undefined` if missing or if reading it threw).
/// Primitives have no options: checking first avoids a caught exception (each one costs wasm
/// memory that is never given back).
pub fn js_property(object: &JsValue, name: &'static str) -> JsValue {
    if !object.is_object() && !object.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, key(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets one property of an object the boundary made (a page, an error, a report); the name's
/// JS string is made once (`keys`).
pub fn set_property(target: &JsValue, name: &'static str, value: &JsValue) {
    let _ = Reflect::set(target, key(name), value);
}

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`: own enumerable string keys, as `JSON.stringify` would see them; a
    /// throwing `ownKeys` trap is an `Err`, never an exception unwinding through wasm.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    pub fn object_keys(object: &JsValue) -> Result<Array, JsValue>;
}

/// What reading a value threw, named for the message: an error's `name` (`TypeError`), or
/// the kind of value thrown. Never its message: a caller's getter may quote anything it
/// saw, a secret included. Read with `Reflect`: nothing is converted.
pub fn unreadable(thrown: &JsValue) -> OptionValue {
    let name = thrown
        .is_object()
        .then(|| {
            Reflect::get(thrown, &JsValue::from_str("name"))
                .ok()?
                .as_string()
        })
        .flatten()
        .filter(|name| is_error_name(name));
    OptionValue::Unreadable(match name {
        Some(name) => name,
        None => crate::options::describe(&shallow_value(thrown)).into_owned(),
    })
}

/// `TypeError`, `AbortError`…: a short identifier, so no caller text rides along.
fn is_error_name(name: &str) -> bool {
    (1..=40).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Classifies one property of an options object; a throwing getter is not "left out".
pub fn option_at(object: &JsValue, key: &str) -> OptionValue {
    if !object.is_object() && !object.is_function() {
        return OptionValue::Absent;
    }
    match Reflect::get(object, &JsValue::from_str(key)) {
        Ok(value) => option_value(&value),
        Err(thrown) => unreadable(&thrown),
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

/// Classifies a JS value for the core's checks; a plain object's own entries are read one
/// level deep (options, headers, queries and policies are flat), so a cycle cannot recurse.
pub fn option_value(value: &JsValue) -> OptionValue {
    match shallow_value(value) {
        OptionValue::Map(_) => object_entries(value),
        other => other,
    }
}

fn object_entries(value: &JsValue) -> OptionValue {
    let keys = match object_keys(value) {
        Ok(keys) => keys,
        Err(thrown) => return unreadable(&thrown),
    };
    let entries = keys
        .iter()
        .filter_map(|key| key.as_string())
        .map(|key| {
            let value = match Reflect::get(value, &JsValue::from_str(&key)) {
                Ok(value) => shallow_value(&value),
                Err(thrown) => unreadable(&thrown),
            };
            (key, value)
        })
        .collect();
    OptionValue::Map(entries)
}

/// Classifies a JS value without reading any of its properties (an object is `Map([])`).
/// Boxed primitives are named, not unboxed: `new Boolean(false)` is a truthy object.
pub fn shallow_value(value: &JsValue) -> OptionValue {
    if value.is_undefined() {
        OptionValue::Absent
    } else if let Some(s) = value.as_string() {
        OptionValue::Str(s)
    } else if let Some(n) = value.as_f64() {
        OptionValue::Num(n)
    } else if let Some(flag) = value.as_bool() {
        OptionValue::Bool(flag)
    } else if value.is_null() {
        OptionValue::Other("null")
    } else if value.is_function() {
        OptionValue::Function
    } else if value.is_object() {
        object_kind(value)
    } else if value.is_bigint() {
        OptionValue::Other("a BigInt")
    } else if value.is_symbol() {
        OptionValue::Other("a symbol")
    } else {
        OptionValue::Other("an unsupported value")
    }
}

fn object_kind(value: &JsValue) -> OptionValue {
    if is_abort_signal(value) {
        OptionValue::AbortSignal
    } else if Array::is_array(value) {
        OptionValue::Other("an array")
    } else if value.is_instance_of::<js_sys::Boolean>() {
        OptionValue::Other("a Boolean object")
    } else if value.is_instance_of::<js_sys::JsString>() {
        OptionValue::Other("a String object")
    } else if value.is_instance_of::<js_sys::Number>() {
        OptionValue::Other("a Number object")
    } else {
        OptionValue::Map(Vec::new())
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
    let var = |name: &'static str| {
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
