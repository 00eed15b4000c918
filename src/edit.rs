//! One call of `editSeats` as pure steps: check the input, cut it into batches, build each
//! batch's request. Nothing here sends anything.

use std::ops::Range;

use crate::error::SeatsError;
use crate::options::ClientConfig;
use crate::request::{body_json, build_edit_request, HttpRequest};
use crate::types::SeatEdit;
use crate::validate::{check_account_id, parse_body};

/// A checked call, cut into batches of edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditPlan<'a> {
    account_id: &'a str,
    edits: Vec<SeatEdit>,
    batches: Vec<Range<usize>>,
}

/// Checks the call's input and plans its batches; nothing is sent if this fails.
///
/// `account_id` is `None` when the caller passed something that is not a string; `edits` is
/// the outcome of checking the body (`validate::check_edits`), reported after the account.
/// Without a `batch_size` the whole body is one request, as the API takes it.
pub fn plan_edit(
    account_id: Option<&str>,
    edits: Result<Vec<SeatEdit>, SeatsError>,
    batch_size: Option<usize>,
) -> Result<EditPlan<'_>, SeatsError> {
    let account_id = check_account_id(account_id)?;
    let edits = edits?;
    let batches = cut(edits.len(), batch_size);
    Ok(EditPlan {
        account_id,
        edits,
        batches,
    })
}

/// Item ranges of at most `size` each; one (possibly empty) range without a size.
fn cut(items: usize, size: Option<usize>) -> Vec<Range<usize>> {
    match size {
        Some(size) if size > 0 && items > 0 => (0..items)
            .step_by(size)
            .map(|start| start..(start + size).min(items))
            .collect(),
        _ => std::iter::once(0..items).collect(),
    }
}

impl EditPlan<'_> {
    /// How many requests the call makes (at least one: an empty body is sent too).
    pub fn batch_count(&self) -> usize {
        self.batches.len()
    }

    /// How many edits the whole call holds.
    pub fn total_seats(&self) -> usize {
        self.edits.len()
    }

    /// The item indices of one batch.
    pub fn batch_items(&self, batch: usize) -> Range<usize> {
        self.batches[batch].clone()
    }

    /// How many of the call's edits remove a seat (both flags false).
    pub fn removals(&self) -> usize {
        self.edits.iter().filter(|edit| edit.removes_seat()).count()
    }

    /// The JSON array text of some of the call's items (a batch, or several), written by the
    /// core from the checked edits: never the caller's own text.
    pub fn items_json(&self, items: Range<usize>) -> String {
        body_json(self.edits.get(items).unwrap_or(&[]))
    }

    /// The request that sends one batch.
    pub fn batch_request(&self, config: &ClientConfig, batch: usize) -> HttpRequest {
        build_edit_request(
            &config.base_url,
            &config.credentials,
            &config.headers,
            self.account_id,
            self.items_json(self.batch_items(batch)),
        )
    }
}

/// Checks a call given as JSON text and builds its single request (the whole body at once).
pub fn prepare_edit(
    config: &ClientConfig,
    account_id: Option<&str>,
    body_json: Option<&str>,
) -> Result<HttpRequest, SeatsError> {
    Ok(plan_edit(account_id, parse_body(body_json), None)?.batch_request(config, 0))
}

#[cfg(test)]
mod tests;
