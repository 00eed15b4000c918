//! The exported `Client` class and `editSeats` function.

use js_sys::{Date, Function, Math, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::js_input::{body_json, env_defaults, js_property, raw_options};
use super::throw::to_js_error;
use super::timer::sleep;
use super::transport::Transport;
use crate::edit::prepare_edit;
use crate::error::SeatsError;
use crate::options::{resolve_client, resolve_request, ClientConfig};
use crate::request::HttpRequest;
use crate::retry::{decide, AttemptOutcome, Next};
use crate::types::SeatsPage;
use crate::validate::parse_body;

/// A configured connection to the seats endpoint; construct once, call many times.
#[wasm_bindgen]
pub struct Client {
    config: ClientConfig,
    transport: Transport,
}

#[wasm_bindgen]
impl Client {
    /// Checks the options (throws `ValidationError`) and fills gaps from `CLOUDFLARE_*` in Node.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<Client, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let raw = raw_options(&options, "defaultHeaders");
        let config = resolve_client(&raw, &env_defaults()).map_err(|e| to_js_error(&e))?;
        Ok(Client {
            config,
            transport: transport_of(&options),
        })
    }

    /// Sets the seats' flags; both flags false removes the seat. Resolves to the API's page.
    #[wasm_bindgen(js_name = editSeats, unchecked_return_type = "Promise<SeatsPage>")]
    pub fn edit_seats(
        &self,
        #[wasm_bindgen(js_name = accountId)] account_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let call = raw_options(&options, "headers");
        match resolve_request(&call, "headers") {
            Ok(settings) => {
                let config = self.config.with(&settings);
                run(
                    config,
                    self.transport.clone(),
                    &account_id,
                    &body,
                    signal_of(&options),
                )
            }
            Err(err) => Promise::reject(&to_js_error(&err)),
        }
    }
}

/// One-off call: `options` holds both the client's and the call's options.
#[wasm_bindgen(js_name = editSeats, unchecked_return_type = "Promise<SeatsPage>")]
pub fn edit_seats(
    #[wasm_bindgen(js_name = accountId)] account_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ClientOptions & RequestOptions")] options: Option<
        JsValue,
    >,
) -> Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let raw = raw_options(&options, "defaultHeaders");
    let call = raw_options(&options, "headers");
    let config = resolve_client(&raw, &env_defaults())
        .and_then(|config| Ok(config.with(&resolve_request(&call, "headers")?)));
    match config {
        Ok(config) => run(
            config,
            transport_of(&options),
            &account_id,
            &body,
            signal_of(&options),
        ),
        Err(err) => Promise::reject(&to_js_error(&err)),
    }
}

fn transport_of(options: &JsValue) -> Transport {
    Transport {
        fetch: js_property(options, "fetch").dyn_into::<Function>().ok(),
    }
}

fn signal_of(options: &JsValue) -> Option<AbortSignal> {
    js_property(options, "signal")
        .dyn_into::<AbortSignal>()
        .ok()
}

/// Validates synchronously (so nothing is sent on bad input), then sends in a promise.
fn run(
    config: ClientConfig,
    transport: Transport,
    account_id: &JsValue,
    body: &JsValue,
    signal: Option<AbortSignal>,
) -> Promise {
    let account_id = account_id.as_string();
    let request = match prepare_edit(&config, account_id.as_deref(), body_json(body).as_deref()) {
        Ok(request) => request,
        Err(err) => return Promise::reject(&to_js_error(&err)),
    };
    future_to_promise(async move {
        match send_with_retries(&config, &transport, &request, signal.as_ref()).await {
            Ok(page) => JSON::parse(&page.to_json()),
            Err(err) => Err(to_js_error(&err.redact(&config.credentials.secrets()))),
        }
    })
}

/// Attempts until the core's retry policy says to stop; waits are cut short by `signal`.
async fn send_with_retries(
    config: &ClientConfig,
    transport: &Transport,
    request: &HttpRequest,
    signal: Option<&AbortSignal>,
) -> Result<SeatsPage, SeatsError> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let outcome = match transport.attempt(request, config.timeout_ms, signal).await {
            Ok(response) => AttemptOutcome::Answered(response),
            Err(err) => AttemptOutcome::NoAnswer(err),
        };
        match decide(
            outcome,
            attempts,
            config.max_retries,
            Date::now(),
            Math::random(),
        ) {
            Next::Finish(result) => return result,
            Next::RetryAfterMs(wait) => {
                if sleep(wait, signal).await.is_err() {
                    let mut err = SeatsError::user_abort();
                    err.attempts = attempts;
                    return Err(err);
                }
            }
        }
    }
}

/// Checks a body exactly as `editSeats` would, without sending: returns a clean copy of the
/// edits or throws the same `ValidationError` (for previews in a UI).
#[wasm_bindgen(js_name = validateEdits, unchecked_return_type = "SeatEdit[]")]
pub fn validate_edits(
    #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let edits = parse_body(body_json(&body).as_deref()).map_err(|e| to_js_error(&e))?;
    JSON::parse(&crate::request::body_json(&edits))
}
