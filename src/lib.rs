//! zero-trust-seats: a client for Cloudflare Zero Trust seats — the seats `PATCH`, and the
//! users and device-registration lists that tell who holds a seat.
//!
//! The core (every module but `wasm`) does no IO: it validates input, builds requests as plain
//! values and judges answers, so `cargo test` covers it natively. The `wasm` module is the thin
//! JS boundary that performs the request with `fetch`.

// A failure carries the whole Cloudflare answer (errors, messages, ray ID); it is the cold path,
// so its size does not matter and boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod bulk;
pub mod edit;
pub mod edit_rows;
pub mod endpoint;
pub mod endpoints;
pub mod error;
pub mod hash;
pub mod json;
pub mod matching;
pub mod options;
pub mod paging;
pub mod plan_input;
pub mod plan_json;
pub mod policy;
pub mod query;
pub mod ratelimit;
pub mod reclaim;
pub mod request;
pub mod response;
pub mod retry;
pub mod roster;
pub mod text;
pub mod text_map;
pub mod time;
pub mod types;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// Talc instead of the default dlmalloc: smaller and faster in wasm (single-threaded here); its
/// memory grows by halves (src/wasm/heap.rs says why).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: wasm::heap::Heap = wasm::heap::heap();

#[cfg(target_arch = "wasm32")]
pub use wasm::{
    edit_seats, find_users_by_email_once, list_device_registrations_once, list_users_once,
    plan_reclaim_js, validate_edits, Client,
};
