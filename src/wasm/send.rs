//! One request with retries: written once for every endpoint. The core's retry policy decides
//! each step; errors leave here with every secret of the call redacted.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Date, Math};
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::progress::Progress;
use super::timer::sleep;
use super::transport::Transport;
use crate::error::SeatsError;
use crate::options::ClientConfig;
use crate::ratelimit::{read_rate_limit, Pace, Pacer, RateLimit};
use crate::request::HttpRequest;
use crate::retry::{decide, server_wait_ms, AttemptOutcome, Environment, Next};

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
    /// The client's pacing state, shared by all its calls, batches and pages.
    pub pacer: Rc<RefCell<Pacer>>,
    /// The caller's `onProgress`, told when pacing holds a request back.
    pub progress: Rc<Progress>,
}

impl Sender {
    /// Attempts `request` until the retry policy says to stop; resolves to the parsed
    /// envelope.
    pub async fn send(&self, request: &HttpRequest) -> Result<JsValue, SeatsError> {
        self.send_unredacted(request)
            .await
            .map_err(|err| err.redact(&self.config.credentials.secrets()))
    }

    async fn send_unredacted(&self, request: &HttpRequest) -> Result<JsValue, SeatsError> {
        let signal = self.signal.as_ref();
        // Made once, as bytes: every attempt sends the same copy out of wasm memory. A JS string
        // cost a UTF-8 decode here and an encode again in fetch (~10 ms for 100k seats in Node).
        let body = (request.method != "GET")
            .then(|| JsValue::from(js_sys::Uint8Array::from(request.body.as_bytes())));
        let mut attempts = 0;
        loop {
            attempts += 1;
            if let Err(mut err) = self.wait_for_budget().await {
                err.attempts = attempts - 1;
                return Err(err);
            }
            self.pacer.borrow_mut().sent();
            let sent = self
                .transport
                .attempt(request, body.as_ref(), self.config.timeout_ms, signal)
                .await;
            let view = sent
                .as_ref()
                .ok()
                .and_then(|answer| view_of(&answer.response));
            self.pacer.borrow_mut().ended(view, Date::now());
            let (outcome, parsed) = match sent {
                Ok(answer) => (AttemptOutcome::Answered(answer.response), answer.parsed),
                Err(err) => (AttemptOutcome::NoAnswer(err), JsValue::UNDEFINED),
            };
            match decide(outcome, attempts, self.config.max_retries, &JsEnvironment) {
                Next::Finish(Ok(_)) => return Ok(parsed),
                Next::Finish(Err(mut err)) => {
                    err.rate_limit = self.pacer.borrow().view().cloned();
                    return Err(err);
                }
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

impl Sender {
    /// Waits while the client's rate-limit budget is spent (bounded by the signal), telling
    /// `onProgress` how long; fails before sending when the wait would exceed
    /// `maxRateLimitWaitMs`.
    async fn wait_for_budget(&self) -> Result<(), SeatsError> {
        let pacing = self.config.pacing;
        if !pacing.enabled {
            return Ok(());
        }
        let mut waited = false;
        loop {
            let pace = self
                .pacer
                .borrow()
                .check(Date::now(), pacing.reserve, pacing.max_wait_ms);
            match pace {
                Pace::Go => {
                    if waited {
                        self.progress.waiting(None);
                    }
                    return Ok(());
                }
                Pace::TooLong(wait) => {
                    let mut err = SeatsError::rate_limit_wait(wait, pacing.max_wait_ms);
                    err.rate_limit = self.pacer.borrow().view().cloned();
                    return Err(err);
                }
                Pace::Wait(wait) => {
                    waited = true;
                    self.progress.waiting(Some(wait));
                    if sleep(wait, self.signal.as_ref()).await.is_err() {
                        return Err(SeatsError::user_abort());
                    }
                }
            }
        }
    }
}

/// The rate-limit view of an answer: its headers, or for a 429 without them, nothing left
/// until the asked wait is over (so the client's other work pauses instead of adding 429s).
fn view_of(response: &crate::response::HttpResponse) -> Option<RateLimit> {
    let view = read_rate_limit(&response.headers, Date::now(), |text| {
        JsEnvironment.parse_http_date_ms(text)
    });
    if response.status != 429 {
        return view;
    }
    // Without an asked wait the retry policy backs off on its own; the view stays as it was.
    let wait = server_wait_ms(response, &JsEnvironment)?;
    Some(match view {
        Some(view) => RateLimit {
            remaining: 0,
            reset_ms: view.reset_ms.max(wait),
            ..view
        },
        None => RateLimit {
            remaining: 0,
            reset_ms: wait,
            limit: None,
            window_ms: None,
            policy: None,
        },
    })
}
