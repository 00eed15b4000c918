//! `setTimeout` and abort listeners as guards that clean up when dropped, and an abortable sleep.

use js_sys::{Function, Promise};
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

/// A timeout that aborts a controller (each attempt's), with no Rust closure; dropping it
/// cancels the timer.
pub struct AbortTimer {
    id: JsValue,
}

impl AbortTimer {
    /// Aborts `controller` after `ms` milliseconds unless dropped first.
    pub fn start(controller: &AbortController, ms: u64) -> AbortTimer {
        AbortTimer {
            id: abort_after(controller, ms as f64),
        }
    }
}

impl Drop for AbortTimer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Aborts a controller when the caller's signal fires; dropping it removes the listener.
pub struct AbortFollower {
    signal: AbortSignal,
    listener: Function,
}

impl AbortFollower {
    /// Makes `controller` follow `signal`.
    pub fn add(signal: &AbortSignal, controller: &AbortController) -> AbortFollower {
        AbortFollower {
            signal: signal.clone(),
            listener: abort_with(signal, controller),
        }
    }
}

impl Drop for AbortFollower {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.listener);
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A pending `setTimeout`; dropping it cancels the timer.
pub struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `on_fire` after `ms` milliseconds unless dropped first.
    pub fn start(ms: u64, on_fire: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(on_fire);
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms as f64);
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// An `abort` listener on the caller's signal; dropping it removes the listener.
pub struct AbortListener {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortListener {
    /// Calls `on_abort` once when `signal` fires.
    pub fn add(signal: &AbortSignal, on_abort: impl FnMut() + 'static) -> AbortListener {
        let callback = Closure::<dyn FnMut()>::new(on_abort);
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
            "abort",
            callback.as_ref().unchecked_ref(),
            &options,
        );
        AbortListener {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let callback = self.callback.as_ref().unchecked_ref();
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", callback);
    }
}

/// Waits `ms` milliseconds; `Err(())` if `signal` fires first (or had already fired).
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<(), ()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(());
    }
    let mut guards = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let timer = Timer::start(ms, move || drop(resolve.call0(&JsValue::UNDEFINED)));
        let listener =
            signal.map(|s| AbortListener::add(s, move || drop(reject.call0(&JsValue::UNDEFINED))));
        guards = Some((timer, listener));
    });
    let outcome = JsFuture::from(promise).await;
    drop(guards);
    outcome.map(drop).map_err(drop)
}
