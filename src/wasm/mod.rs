//! The JS boundary: exports `Client`, `editSeats` and `validateEdits`, performs requests with
//! `fetch`. It only moves values between JS and the core; every decision is made in the core.

mod body;
mod calls;
mod client;
mod envelope;
pub(crate) mod heap;
mod join;
mod js_input;
mod keys;
mod lists;
mod progress;
mod reclaim;
mod send;
mod throw;
mod timer;
mod transport;
mod types_ts;
mod utf8;

pub use client::{edit_seats, validate_edits, Client};
pub use lists::{find_users_by_email_once, list_device_registrations_once, list_users_once};
pub use reclaim::plan_reclaim_js;
