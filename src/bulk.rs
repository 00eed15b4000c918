//! Bookkeeping of a batched call: which batch goes next, which were applied, which failed,
//! which never started. After the first final failure no new batch starts, so the caller can
//! always be told exactly which seats changed.

use std::ops::Range;

use crate::error::SeatsError;
use crate::time::push_uint;

/// Where one batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchState {
    /// Not started.
    Waiting,
    /// Sent; no final outcome yet.
    InFlight,
    /// The API confirmed it.
    Applied,
    /// It failed after its retries.
    Failed,
}

/// The state of every batch of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    states: Vec<BatchState>,
    sizes: Vec<usize>,
    next: usize,
    stopped: bool,
    seats_done: usize,
}

/// How a batched call ended, batch indices in body order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkReport {
    /// Batches the API confirmed.
    pub applied: Vec<usize>,
    /// Batches that failed after their retries.
    pub failed: Vec<usize>,
    /// Batches never sent.
    pub not_attempted: Vec<usize>,
}

impl Ledger {
    /// A ledger for batches of these item ranges.
    pub fn new(batches: &[Range<usize>]) -> Self {
        Ledger {
            states: vec![BatchState::Waiting; batches.len()],
            sizes: batches.iter().map(|range| range.len()).collect(),
            next: 0,
            stopped: false,
            seats_done: 0,
        }
    }

    /// The next batch to send, or `None` when all are sent or a batch has failed.
    pub fn take_next(&mut self) -> Option<usize> {
        if self.stopped || self.next >= self.states.len() {
            return None;
        }
        let batch = self.next;
        self.states[batch] = BatchState::InFlight;
        self.next += 1;
        Some(batch)
    }

    /// Records a confirmed batch; returns the seats confirmed so far (for progress).
    pub fn applied(&mut self, batch: usize) -> usize {
        self.states[batch] = BatchState::Applied;
        self.seats_done += self.sizes[batch];
        self.seats_done
    }

    /// Records a failed batch: no new batch will start.
    pub fn failed(&mut self, batch: usize) {
        self.states[batch] = BatchState::Failed;
        self.stopped = true;
    }

    /// True when every batch was applied.
    pub fn all_applied(&self) -> bool {
        self.states
            .iter()
            .all(|state| *state == BatchState::Applied)
    }

    /// Where every batch ended up (call when no batch is in flight).
    pub fn report(&self) -> BulkReport {
        let with = |wanted: &[BatchState]| -> Vec<usize> {
            (0..self.states.len())
                .filter(|&b| wanted.contains(&self.states[b]))
                .collect()
        };
        BulkReport {
            applied: with(&[BatchState::Applied]),
            failed: with(&[BatchState::Failed, BatchState::InFlight]),
            not_attempted: with(&[BatchState::Waiting]),
        }
    }

    /// Seats in the given batches.
    pub fn seats_in(&self, batches: &[usize]) -> usize {
        batches.iter().map(|&b| self.sizes[b]).sum()
    }
}

/// The one-line message of a `BulkEditError`.
pub fn bulk_message(ledger: &Ledger, report: &BulkReport, cause: &SeatsError) -> String {
    let parts: [(usize, &str); 5] = [
        (report.failed.len(), " of "),
        (ledger.states.len(), " batches failed; "),
        (ledger.seats_in(&report.applied), " seats applied, "),
        (ledger.seats_in(&report.failed), " failed, "),
        (
            ledger.seats_in(&report.not_attempted),
            " not attempted; first failure: ",
        ),
    ];
    let mut out = String::with_capacity(160);
    for (figure, text) in parts {
        push_uint(&mut out, figure as u64);
        out.push_str(text);
    }
    out.push_str(&cause.display());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn ledger() -> Ledger {
        Ledger::new(&[0..3, 3..6, 6..9, 9..10])
    }

    #[test]
    fn batches_go_out_in_order_and_progress_counts_seats() {
        let mut ledger = ledger();
        assert_eq!(ledger.take_next(), Some(0));
        assert_eq!(ledger.take_next(), Some(1));
        assert_eq!(ledger.applied(1), 3);
        assert_eq!(ledger.applied(0), 6);
        assert_eq!(ledger.take_next(), Some(2));
        assert_eq!(ledger.take_next(), Some(3));
        assert_eq!(ledger.take_next(), None);
        ledger.applied(2);
        assert_eq!(ledger.applied(3), 10);
        assert!(ledger.all_applied());
    }

    #[test]
    fn a_failure_stops_new_batches_and_the_report_accounts_for_all() {
        let mut ledger = ledger();
        let first = ledger.take_next().unwrap();
        let second = ledger.take_next().unwrap();
        ledger.failed(second);
        assert_eq!(ledger.take_next(), None, "no new batch after a failure");
        ledger.applied(first);
        let report = ledger.report();
        assert_eq!(
            report,
            BulkReport {
                applied: vec![0],
                failed: vec![1],
                not_attempted: vec![2, 3]
            }
        );
        assert!(!ledger.all_applied());
        let cause = SeatsError::new(ErrorKind::InternalServer, "boom");
        assert_eq!(
            bulk_message(&ledger, &report, &cause),
            "1 of 4 batches failed; 3 seats applied, 3 failed, 4 not attempted; \
             first failure: InternalServerError: boom"
        );
    }
}
