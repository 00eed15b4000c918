//! `GET /accounts/{account_id}/devices/registrations`: cursor-paged, filters first.

use crate::endpoint::{account_path, Endpoint};
use crate::query::DevicesQuery;
use crate::time::decimal;

/// One page of the registrations list; `cursor` is the previous page's, `None` for the first.
pub fn list_registrations(
    account_id: &str,
    query: &DevicesQuery,
    cursor: Option<&str>,
) -> Endpoint {
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    if let Some(status) = query.status {
        pairs.push(("status", status.to_string()));
    }
    let filters = [
        ("seen_after", &query.seen_after),
        ("seen_before", &query.seen_before),
        ("search", &query.search),
    ];
    pairs.extend(
        filters
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.clone()?))),
    );
    pairs.push(("per_page", decimal(u64::from(query.per_page))));
    if let Some(cursor) = cursor {
        pairs.push(("cursor", cursor.to_string()));
    }
    Endpoint::get(account_path(account_id, "/devices/registrations"), pairs)
}
