//! `PATCH /accounts/{account_id}/access/seats`: the body is the checked array of edits.

use crate::endpoint::{account_path, Endpoint};

/// The seats edit; `body` is the checked JSON text (empty: send the caller's own text).
pub fn edit_seats(account_id: &str, body: String) -> Endpoint {
    Endpoint {
        method: "PATCH",
        path: account_path(account_id, "/access/seats"),
        query: Vec::new(),
        body: Some(body),
    }
}
