//! One `editSeats` call: attempts with retries per batch, batches in flight side by side,
//! progress, and the final page or error. Every decision is the core's (retry policy, ledger).

use std::cell::RefCell;
use std::pin::Pin;

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use super::envelope::{page, seats_of};
use super::join::JoinAll;
use super::js_input::set_property;
use super::send::Sender;
use super::throw::{bulk_error, to_js_error};
use crate::bulk::{bulk_message, Ledger};
use crate::edit::EditPlan;
use crate::error::SeatsError;

/// What a call needs besides its plan.
pub struct Call {
    /// Settings, fetch, signal and `onProgress` of this call.
    pub sender: Sender,
    /// Batches in flight at once.
    pub concurrency: usize,
    /// True when the caller asked for batches: failures become a `BulkEditError`.
    pub batched: bool,
}

/// Runs the plan; resolves to the page, or the error to throw.
pub async fn run(call: &Call, plan: &EditPlan<'_>) -> Result<JsValue, JsValue> {
    call.sender.progress.begin(Some(plan.total_seats()));
    let batches: Vec<_> = (0..plan.batch_count())
        .map(|b| plan.batch_items(b))
        .collect();
    let state = Batches {
        ledger: RefCell::new(Ledger::new(&batches)),
        envelopes: RefCell::new(vec![JsValue::UNDEFINED; batches.len()]),
        errors: RefCell::new(Vec::new()),
    };
    let workers = (0..call.concurrency.min(batches.len()).max(1))
        .map(|_| {
            Box::pin(worker(call, plan, &state))
                as Pin<Box<dyn std::future::Future<Output = ()> + '_>>
        })
        .collect();
    JoinAll::new(workers).await;
    finish(call, plan, state)
}

/// Shared bookkeeping of the batches of one call.
struct Batches {
    ledger: RefCell<Ledger>,
    envelopes: RefCell<Vec<JsValue>>,
    /// Final errors, in the order they happened: (batch, error).
    errors: RefCell<Vec<(usize, SeatsError)>>,
}

async fn worker(call: &Call, plan: &EditPlan<'_>, state: &Batches) {
    loop {
        let Some(batch) = state.ledger.borrow_mut().take_next() else {
            return;
        };
        let request = plan.batch_request(&call.sender.config, batch);
        match call.sender.send(&request).await {
            Ok(envelope) => {
                state.envelopes.borrow_mut()[batch] = envelope;
                let done = state.ledger.borrow_mut().applied(batch);
                call.sender.progress.report(done, Some(plan.total_seats()));
            }
            Err(err) => {
                state.ledger.borrow_mut().failed(batch);
                state.errors.borrow_mut().push((batch, err));
            }
        }
    }
}

fn finish(call: &Call, plan: &EditPlan<'_>, state: Batches) -> Result<JsValue, JsValue> {
    let ledger = state.ledger.into_inner();
    let envelopes = state.envelopes.into_inner();
    let errors = state.errors.into_inner();
    if ledger.all_applied() {
        return Ok(page(&envelopes));
    }
    let Some((_, cause)) = errors.first() else {
        return Err(to_js_error(&SeatsError::user_abort()));
    };
    if !call.batched {
        return Err(to_js_error(cause));
    }
    let report = ledger.report();
    let applied = seats_of(
        &report
            .applied
            .iter()
            .map(|&b| &envelopes[b])
            .collect::<Vec<_>>(),
    );
    // One JS error per failure: `cause` is the very object of `failed[0].error`.
    let failures: Vec<JsValue> = errors.iter().map(|(_, err)| to_js_error(err)).collect();
    let failed: Array = errors
        .iter()
        .zip(&failures)
        .map(|((batch, _), error)| {
            let entry: JsValue = Object::new().into();
            set_property(&entry, "edits", &edits_js(plan, &[*batch]));
            set_property(&entry, "error", error);
            entry
        })
        .collect();
    let message = bulk_message(&ledger, &report, cause);
    let not_attempted = edits_js(plan, &report.not_attempted);
    Err(bulk_error(
        &message,
        failures[0].clone(),
        applied.into(),
        failed.into(),
        not_attempted,
    ))
}

/// The edits of some batches as fresh JS objects, in body order.
fn edits_js(plan: &EditPlan<'_>, batches: &[usize]) -> JsValue {
    batches
        .iter()
        .fold(Array::new(), |all, &b| {
            let json = plan.items_json(plan.batch_items(b));
            let edits = js_sys::JSON::parse(&json).unwrap_or_else(|_| Array::new().into());
            all.concat(&edits.into())
        })
        .into()
}
