//! `setTimeout` and abort listeners as guards that clean up when dropped, and an abortable sleep.

use js_sys::{Date, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, AddEventListenerOptions};

#[wasm_bindgen(module = "/js/attempt.js")]
extern "C" {
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(controller: &AbortController, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = abortWith)]
    fn abort_with(signal: &AbortSignal, controller: &AbortController) -> Function;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A pending `setTimeout` of a JS function (no Rust closure: each costs a FinalizationRegistry
/// entry); dropping it cancels the timer.
pub struct Timer {
    id: JsValue,
}

impl Timer {
    /// Calls `callback` after `ms` milliseconds unless dropped first.
    pub fn start(callback: &Function, ms: u64) -> Timer {
        Timer {
            id: set_timeout(callback, ms as f64),
        }
    }

    /// Aborts `controller` after `ms` milliseconds unless dropped first.
    pub fn abort_after(controller: &AbortController, ms: u64) -> Timer {
        Timer {
            id: abort_after(controller, ms as f64),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// A JS function listening once for `abort` on a signal; dropping it removes the listener.
pub struct AbortListener {
    signal: AbortSignal,
    listener: Function,
}

impl AbortListener {
    /// Calls `listener` once when `signal` fires.
    pub fn add(signal: &AbortSignal, listener: &Function) -> AbortListener {
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
            "abort", listener, &options,
        );
        AbortListener {
            signal: signal.clone(),
            listener: listener.clone(),
        }
    }

    /// Aborts `controller` when `signal` fires.
    pub fn abort_with(signal: &AbortSignal, controller: &AbortController) -> AbortListener {
        AbortListener {
            signal: signal.clone(),
            listener: abort_with(signal, controller),
        }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.listener);
    }
}

/// Waits `ms` milliseconds; `Err(())` if `signal` fires first (or had already fired).
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<(), ()> {
    // Node's timers run on the event loop's cached clock and can fire a millisecond or more
    // before `Date.now()` (the pacer's clock) says the time is up: sleep the rest again, or the
    // pacer would hold the request back once more and report a `waiting` of the remainder.
    let deadline = Date::now() + ms as f64;
    let mut left = ms as f64;
    loop {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(());
        }
        let mut guards = None;
        let promise = Promise::new(&mut |resolve: Function, reject: Function| {
            let timer = Timer::start(&resolve, left as u64);
            let listener = signal.map(|s| AbortListener::add(s, &reject));
            guards = Some((timer, listener));
        });
        let outcome = JsFuture::from(promise).await;
        drop(guards);
        outcome.map_err(drop)?;
        left = (deadline - Date::now()).ceil();
        // More left than the whole wait: the clock was set back, not a timer firing early.
        if left <= 0.0 || left > ms as f64 {
            return Ok(());
        }
    }
}
