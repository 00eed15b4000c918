//! The exported `Client` class and `editSeats` function.

use js_sys::{Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::js_input::{body_json, env_defaults, raw_options};
use super::throw::to_js_error;
use super::transport::send;
use crate::edit::prepare_edit;
use crate::error::SeatsError;
use crate::options::{resolve_client, resolve_request, ClientConfig};
use crate::response::classify;

/// A configured connection to the seats endpoint; construct once, call many times.
#[wasm_bindgen]
pub struct Client {
    config: ClientConfig,
}

#[wasm_bindgen]
impl Client {
    /// Checks the options (throws `ValidationError`) and fills gaps from `CLOUDFLARE_*` in Node.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<Client, JsValue> {
        let raw = raw_options(&options.unwrap_or(JsValue::UNDEFINED), "defaultHeaders");
        let config = resolve_client(&raw, &env_defaults()).map_err(|e| to_js_error(&e))?;
        Ok(Client { config })
    }

    /// Sets the seats' flags; both flags false removes the seat. Resolves to the API's page.
    #[wasm_bindgen(js_name = editSeats, unchecked_return_type = "Promise<SeatsPage>")]
    pub fn edit_seats(
        &self,
        #[wasm_bindgen(js_name = accountId)] account_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SeatEdit[]")] body: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let call = raw_options(&options.unwrap_or(JsValue::UNDEFINED), "headers");
        match resolve_request(&call, "headers") {
            Ok(settings) => run(self.config.with(&settings), &account_id, &body),
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
        Ok(config) => run(config, &account_id, &body),
        Err(err) => Promise::reject(&to_js_error(&err)),
    }
}

/// Validates synchronously (so nothing is sent on bad input), then sends in a promise.
fn run(config: ClientConfig, account_id: &JsValue, body: &JsValue) -> Promise {
    let account_id = account_id.as_string();
    let request = match prepare_edit(&config, account_id.as_deref(), body_json(body).as_deref()) {
        Ok(request) => request,
        Err(err) => return Promise::reject(&to_js_error(&err)),
    };
    future_to_promise(async move {
        let outcome = send(&request).await.and_then(|response| {
            classify(&response).map_err(|mut err: SeatsError| {
                err.attempts = 1;
                err
            })
        });
        match outcome {
            Ok(page) => JSON::parse(&page.to_json()),
            Err(mut err) => {
                err.attempts = err.attempts.max(1);
                Err(to_js_error(&err))
            }
        }
    })
}
