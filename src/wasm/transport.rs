//! One attempt: the core's `HttpRequest` through `fetch` (the global one or the caller's),
//! bounded by `timeoutMs` and the caller's `AbortSignal`. The answer's text is parsed by the
//! JS engine; the core gets its facts.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit};

use super::envelope::{json_parse, read_body};
use super::keys::key;
use super::timer::{AbortListener, Timer};
use crate::error::SeatsError;
use crate::json::write_string;
use crate::request::HttpRequest;
use crate::response::{HttpResponse, READ_HEADERS};
use crate::text::concat;

#[wasm_bindgen(module = "/js/attempt.js")]
extern "C" {
    /// `fetch(url, init)` and its answer's text, as one promise (js/attempt.js).
    #[wasm_bindgen(js_name = fetchText, catch)]
    fn fetch_text(fetch: &Function, url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
}

/// Which `fetch` to call.
#[derive(Clone)]
pub struct Transport {
    /// The caller's `fetch` option, else the global `fetch`.
    pub fetch: Option<Function>,
}

/// An answer: the core's view and the envelope the JS engine parsed.
pub struct Answer {
    /// Status, headers and body facts, for the core.
    pub response: HttpResponse,
    /// The parsed body (`undefined` when it was not JSON).
    pub parsed: JsValue,
}

impl Transport {
    /// Sends once; an `Err` means no HTTP answer arrived (network, timeout or abort).
    /// `body` is the request's body as bytes (a `Uint8Array`; `None` for a GET).
    pub async fn attempt(
        &self,
        request: &HttpRequest,
        body: Option<&JsValue>,
        timeout_ms: u64,
        user_signal: Option<&AbortSignal>,
    ) -> Result<Answer, SeatsError> {
        if user_signal.is_some_and(AbortSignal::aborted) {
            return Err(SeatsError::user_abort());
        }
        let controller = AbortController::new().map_err(|e| connection(request, &e))?;
        let signal = controller.signal();
        let _timer = Timer::abort_after(&controller, timeout_ms);
        let _listener = user_signal.map(|user| AbortListener::abort_with(user, &controller));
        let answer = self.fetch_and_read(request, body, &signal).await;
        answer.map_err(|err| {
            // Aborted, and not by the caller: only the timer aborts it otherwise.
            if user_signal.is_some_and(AbortSignal::aborted) {
                SeatsError::user_abort()
            } else if signal.aborted() {
                SeatsError::timeout(timeout_ms)
            } else {
                connection(request, &err)
            }
        })
    }

    async fn fetch_and_read(
        &self,
        request: &HttpRequest,
        body: Option<&JsValue>,
        signal: &AbortSignal,
    ) -> Result<Answer, JsValue> {
        let fetch = match &self.fetch {
            Some(fetch) => fetch.clone(),
            None => global_fetch()?,
        };
        let init = request_init(request, body, signal)?;
        let answer = fetch_text(&fetch, &request.url, &init)?;
        let answer: Array = JsFuture::from(answer).await?.unchecked_into();
        // The checks keep their order: what fetch resolved to, its headers, then its text.
        let response = answer.get(0);
        let status = read_status(&response)?;
        let headers = read_headers(&Reflect::get(&response, key("headers"))?)?;
        let text = answer.get(1);
        if answer.get(2).is_truthy() {
            return Err(text);
        }
        let content_type = headers
            .iter()
            .find(|(name, _)| name == "content-type")
            .map(|(_, v)| v.as_str());
        let (body, parsed) = read_body(&text, content_type);
        Ok(Answer {
            response: HttpResponse {
                status,
                headers,
                body,
            },
            parsed,
        })
    }
}

/// The status of what `fetch` resolved to; every read goes through `Reflect`, so a custom
/// fetch resolving to something odd is a connection error, not an exception through wasm.
fn read_status(response: &JsValue) -> Result<u16, JsValue> {
    let status = Reflect::get(response, key("status"))?
        .as_f64()
        .unwrap_or(0.0);
    if status.fract() == 0.0 && (100.0..=599.0).contains(&status) {
        Ok(status as u16)
    } else {
        Err(JsValue::from_str(
            "fetch resolved to something that is not a Response",
        ))
    }
}

/// Only the headers the core reads; browsers hide the others cross-origin anyway.
fn read_headers(headers: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let get = Reflect::get(headers, key("get"))?.dyn_into::<Function>()?;
    let mut found = Vec::new();
    for name in READ_HEADERS {
        if let Some(value) = get.call1(headers, key(name))?.as_string() {
            found.push((name.to_string(), value));
        }
    }
    Ok(found)
}

fn request_init(
    request: &HttpRequest,
    body: Option<&JsValue>,
    signal: &AbortSignal,
) -> Result<RequestInit, JsValue> {
    // One plain object parsed from JSON: a single crossing, where `new Headers()` plus a `set`
    // per header cost several (and fetch converts a plain object itself, as for raw callers).
    let mut json = String::from("{");
    for (index, (name, value)) in request.headers.iter().enumerate() {
        if index > 0 {
            json.push(',');
        }
        write_string(&mut json, name);
        json.push(':');
        write_string(&mut json, value);
    }
    json.push('}');
    let headers = json_parse(&JsValue::from_str(&json))?;
    let init = RequestInit::new();
    init.set_method(request.method);
    init.set_headers(&headers);
    // No body on a GET: fetch refuses one.
    if let Some(body) = body {
        init.set_body(body);
    }
    init.set_signal(Some(signal));
    Ok(init)
}

fn global_fetch() -> Result<Function, JsValue> {
    Reflect::get(&js_sys::global(), key("fetch"))?
        .dyn_into::<Function>()
        .map_err(|_| JsValue::from_str("this runtime has no global fetch: pass the fetch option"))
}

/// A connection error with the JS error's message (and its cause's, where Node gives one);
/// never the request's headers, so no secret can leak.
fn connection(request: &HttpRequest, err: &JsValue) -> SeatsError {
    let text = |value: &JsValue, key: &str| {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let mut reason = err
        .as_string()
        .or_else(|| text(err, "message"))
        .unwrap_or_else(|| "fetch failed".into());
    let cause = Reflect::get(err, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    if let Some(detail) = text(&cause, "message").or_else(|| text(&cause, "code")) {
        reason = concat(&[reason.as_str(), " (", &detail, ")"]);
    }
    SeatsError::connection(&request.url, &reason)
}
