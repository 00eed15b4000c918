//! One request with retries: written once for every endpoint. The core's retry policy decides
//! each step; errors leave here with every secret of the call redacted.

use js_sys::{Date, Math};
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::timer::sleep;
use super::transport::Transport;
use crate::error::SeatsError;
use crate::options::ClientConfig;
use crate::request::HttpRequest;
use crate::retry::{decide, AttemptOutcome, Environment, Next};

/// The clock, randomness and date parser of the JS runtime.
struct JsEnvironment;

impl Environment for JsEnvironment {
    fn now_ms(&self) -> f64 {
        Date::now()
    }
    fn random(&self) -> f64 {
        Math::random()
    }
    fn parse_http_date_ms(&self, value: &str) -> Option<f64> {
        Some(Date::parse(value)).filter(|ms| ms.is_finite())
    }
}

/// What every request of one call shares: settings, fetch and the caller's signal.
pub struct Sender {
    /// Settings of this call.
    pub config: ClientConfig,
    /// Which fetch to use.
    pub transport: Transport,
    /// The caller's `signal`.
    pub signal: Option<AbortSignal>,
}

impl Sender {
    /// Attempts `request` until the retry policy says to stop; resolves to the parsed
    /// envelope. `shared_body` is sent when a PATCH's body is empty (the caller's own text).
    pub async fn send(
        &self,
        request: &HttpRequest,
        shared_body: &JsValue,
    ) -> Result<JsValue, SeatsError> {
        self.send_unredacted(request, shared_body)
            .await
            .map_err(|err| err.redact(&self.config.credentials.secrets()))
    }

    async fn send_unredacted(
        &self,
        request: &HttpRequest,
        shared_body: &JsValue,
    ) -> Result<JsValue, SeatsError> {
        let signal = self.signal.as_ref();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let sent = self
                .transport
                .attempt(request, shared_body, self.config.timeout_ms, signal);
            let (outcome, parsed) = match sent.await {
                Ok(answer) => (AttemptOutcome::Answered(answer.response), answer.parsed),
                Err(err) => (AttemptOutcome::NoAnswer(err), JsValue::UNDEFINED),
            };
            match decide(outcome, attempts, self.config.max_retries, &JsEnvironment) {
                Next::Finish(Ok(_)) => return Ok(parsed),
                Next::Finish(Err(err)) => return Err(err),
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
}
