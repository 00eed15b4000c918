//! The JS boundary: exports `Client` and `editSeats`, performs the request with `fetch`.
//! It only moves values between JS and the core; every decision is made in the core.

mod client;
mod js_input;
mod throw;
mod timer;
mod transport;
mod types_ts;

pub use client::{edit_seats, validate_edits, Client};
