//! The caller's `onProgress`: what a call has done, and while the rate limit holds its
//! requests back, for how long it waits (so a UI can say why nothing moves).

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Object};
use wasm_bindgen::JsValue;

use super::js_input::set_property;

/// The callback and what it was told last, so a rate-limit wait can repeat `done`/`total`.
#[derive(Default)]
pub struct Progress {
    callback: Option<Function>,
    last: Cell<(usize, Option<usize>)>,
}

impl Progress {
    /// Reports to `callback`, if any; shared by every request of one call.
    pub fn new(callback: Option<Function>) -> Rc<Self> {
        Rc::new(Progress {
            callback,
            last: Cell::new((0, None)),
        })
    }

    /// What a wait before the first report repeats: nothing done yet, of `total`.
    pub fn begin(&self, total: Option<usize>) {
        self.last.set((0, total));
    }

    /// `{ done, total }` (`total` left out when unknown).
    pub fn report(&self, done: usize, total: Option<usize>) {
        self.last.set((done, total));
        self.call(None);
    }

    /// The last report again, with `waiting` (ms) while paced, or without it once the wait is over.
    pub fn waiting(&self, waiting_ms: Option<u64>) {
        self.call(waiting_ms);
    }

    /// An exception in the callback is the caller's and is ignored.
    fn call(&self, waiting_ms: Option<u64>) {
        let Some(callback) = &self.callback else {
            return;
        };
        let (done, total) = self.last.get();
        let progress: JsValue = Object::new().into();
        set_property(&progress, "done", &JsValue::from_f64(done as f64));
        if let Some(total) = total {
            set_property(&progress, "total", &JsValue::from_f64(total as f64));
        }
        if let Some(waiting) = waiting_ms {
            set_property(&progress, "waiting", &JsValue::from_f64(waiting as f64));
        }
        let _ = callback.call1(&JsValue::UNDEFINED, &progress);
    }
}
