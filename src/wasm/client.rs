//! The exported `Client` class and `editSeats` / `validateEdits` functions.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::body::read_edits;
use super::calls::{run, Call};
use super::js_input::{env_defaults, is_abort_signal, js_property, options_shape, raw_options};
use super::progress::Progress;
use super::send::Sender;
use super::throw::to_js_error;
use super::transport::Transport;
use crate::edit::plan_edit;
use crate::options::{
    check_options_object, resolve_client, resolve_request, ClientConfig, RequestSettings,
};
use crate::ratelimit::Pacer;
use crate::request::body_json;

/// A configured connection to the seats endpoint; construct once, call many times.
#[wasm_bindgen]
pub struct Client {
    pub(super) config: ClientConfig,
    pub(super) transport: Transport,
    /// Rate-limit pacing shared by every call of this client.
    pub(super) pacer: Rc<RefCell<Pacer>>,
}

#[wasm_bindgen]
impl Client {
    /// Checks the options (throws `ValidationError`) and fills gaps from `CLOUDFLARE_*` in Node.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<Client, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        check_options_object(&options_shape(&options)).map_err(|e| to_js_error(&e))?;
        let raw = raw_options(&options, "defaultHeaders");
        let config = resolve_client(&raw, &env_defaults()).map_err(|e| to_js_error(&e))?;
        Ok(Client {
            config,
            transport: transport_of(&options),
            pacer: Rc::default(),
        })
    }

    /// The latest rate-limit view of any answer this client got (`undefined` before one).
    #[wasm_bindgen(getter = rateLimit, unchecked_return_type = "RateLimitInfo | undefined")]
    pub fn rate_limit(&self) -> JsValue {
        self.pacer
            .borrow()
            .view()
            .map_or(JsValue::UNDEFINED, super::throw::rate_limit_js)
    }

    /// Sets the seats' flags; both flags false removes the seat. Resolves to the API's page.
    #[wasm_bindgen(js_name = editSeats, unchecked_return_type = "Promise<SeatsPage>")]
    pub fn edit_seats(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let settings = check_options_object(&options_shape(&options))
            .and_then(|_| resolve_request(&raw_options(&options, "headers"), "headers"));
        match settings {
            Ok(settings) => start(
                self.config.with(&settings),
                self.transport.clone(),
                self.pacer.clone(),
                &settings,
                &options,
                account_id,
                body,
            ),
            Err(err) => Promise::reject(&to_js_error(&err)),
        }
    }
}

/// One-off call: `options` holds both the client's and the call's options.
#[wasm_bindgen(js_name = editSeats, unchecked_return_type = "Promise<SeatsPage>")]
pub fn edit_seats(
    #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions & RequestOptions")]
    options: Option<JsValue>,
) -> Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let client = check_options_object(&options_shape(&options))
        .and_then(|_| resolve_client(&raw_options(&options, "defaultHeaders"), &env_defaults()));
    let call = resolve_request(&raw_options(&options, "headers"), "headers");
    match client.and_then(|config| Ok((config, call?))) {
        Ok((config, settings)) => start(
            config.with(&settings),
            transport_of(&options),
            Rc::default(),
            &settings,
            &options,
            account_id,
            body,
        ),
        Err(err) => Promise::reject(&to_js_error(&err)),
    }
}

/// Checks a body exactly as `editSeats` would, without sending: returns a clean copy of the
/// edits or throws the same `ValidationError` (for previews in a UI).
#[wasm_bindgen(js_name = validateEdits, unchecked_return_type = "SeatEdit[]")]
pub fn validate_edits(
    #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let edits = read_edits(&body).map_err(|e| to_js_error(&e))?;
    js_sys::JSON::parse(&body_json(&edits))
}

/// The caller's `signal` option, when it is an `AbortSignal` (checked before, by the core).
pub(super) fn signal_of(options: &JsValue) -> Option<AbortSignal> {
    Some(js_property(options, "signal"))
        .filter(is_abort_signal)
        .map(JsCast::unchecked_into::<AbortSignal>)
}

pub(super) fn transport_of(options: &JsValue) -> Transport {
    Transport {
        fetch: js_property(options, "fetch").dyn_into::<Function>().ok(),
    }
}

/// Reads the body once (a snapshot of each item's fields, at call time, so later changes by
/// the caller do not matter), then checks and sends it inside the returned promise.
fn start(
    config: ClientConfig,
    transport: Transport,
    pacer: Rc<RefCell<Pacer>>,
    settings: &RequestSettings,
    options: &JsValue,
    account_id: JsValue,
    body: JsValue,
) -> Promise {
    let edits = read_edits(&body);
    let call = Call {
        sender: Sender {
            config,
            transport,
            signal: signal_of(options),
            pacer,
            progress: Progress::new(js_property(options, "onProgress").dyn_into().ok()),
        },
        concurrency: settings.concurrency,
        batched: settings.batch_size.is_some(),
    };
    let (account_id, batch_size) = (account_id.as_string(), settings.batch_size);
    promise(Box::pin(async move {
        let plan =
            plan_edit(account_id.as_deref(), edits, batch_size).map_err(|e| to_js_error(&e))?;
        let page = run(&call, &plan).await?;
        Ok(with_rate_limit(page, &call.sender))
    }))
}

/// What an exported async method runs, boxed: `future_to_promise` is then built once for all
/// of them instead of once per future type (1.6 KB of wasm each).
pub(super) type Task = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// The promise of a task.
pub(super) fn promise(task: Task) -> Promise {
    future_to_promise(task)
}

/// `result` (a page, a list, matches) with `rateLimit`: the latest view of the call's client,
/// when there is one.
pub(super) fn with_rate_limit(result: JsValue, sender: &Sender) -> JsValue {
    if let Some(view) = sender.pacer.borrow().view() {
        let _ = js_sys::Reflect::set(
            &result,
            &JsValue::from_str("rateLimit"),
            &super::throw::rate_limit_js(view),
        );
    }
    result
}
