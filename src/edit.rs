//! One call of `editSeats` as pure steps: check the input, cut it into batches, build each
//! batch's request. Nothing here sends anything.

use std::ops::Range;

use crate::error::SeatsError;
use crate::options::ClientConfig;
use crate::request::{build_edit_request, HttpRequest};
use crate::validate::{check_account_id, check_body, CheckedBody};

/// A checked call, cut into batches of edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditPlan<'a> {
    account_id: &'a str,
    body: CheckedBody<'a>,
    batches: Vec<Range<usize>>,
}

/// Checks the call's input and plans its batches; nothing is sent if this fails.
///
/// `account_id` is `None` when the caller passed something that is not a string;
/// `body_json` is `None` when the body could not be turned into JSON. Without a
/// `batch_size` the whole body is one request, as the API takes it.
pub fn plan_edit<'a>(
    account_id: Option<&'a str>,
    body_json: Option<&'a str>,
    batch_size: Option<usize>,
) -> Result<EditPlan<'a>, SeatsError> {
    let account_id = check_account_id(account_id)?;
    let body = check_body(body_json)?;
    let batches = cut(body.items.len(), batch_size);
    Ok(EditPlan {
        account_id,
        body,
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
        self.body.items.len()
    }

    /// The item indices of one batch.
    pub fn batch_items(&self, batch: usize) -> Range<usize> {
        self.batches[batch].clone()
    }

    /// How many of the call's edits remove a seat (both flags false).
    pub fn removals(&self) -> usize {
        self.body.items.iter().filter(|item| item.removes).count()
    }

    /// The JSON array text of some of the call's items (a batch, or several).
    pub fn items_json(&self, items: Range<usize>) -> String {
        if items.is_empty() {
            return "[]".to_string();
        }
        if items.len() == self.body.items.len() {
            return self.body.text.to_string();
        }
        let start = self.body.items[items.start].start;
        let end = self.body.items[items.end - 1].end;
        // Items are contiguous in the text, separated only by commas and whitespace.
        let mut json = String::with_capacity(end - start + 2);
        json.push('[');
        json.push_str(self.body.text.get(start..end).unwrap_or(""));
        json.push(']');
        json
    }

    /// True when one batch is the whole body: its text is the caller's text, as is.
    pub fn batch_is_whole_body(&self, batch: usize) -> bool {
        self.batch_items(batch).len() == self.body.items.len()
    }

    /// The request of one batch, with an empty body when the batch is the whole body: the
    /// transport then sends the caller's own JSON text, saving a copy of a large body.
    pub fn batch_request_sharing_text(&self, config: &ClientConfig, batch: usize) -> HttpRequest {
        if self.batch_is_whole_body(batch) {
            let url_and_headers = build_edit_request(
                &config.base_url,
                &config.credentials,
                &config.headers,
                self.account_id,
                String::new(),
            );
            return url_and_headers;
        }
        self.batch_request(config, batch)
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

/// Checks the call's input and builds its single request (the whole body at once).
pub fn prepare_edit(
    config: &ClientConfig,
    account_id: Option<&str>,
    body_json: Option<&str>,
) -> Result<HttpRequest, SeatsError> {
    Ok(plan_edit(account_id, body_json, None)?.batch_request(config, 0))
}

#[cfg(test)]
mod tests;
