//! `GET /accounts/{account_id}/access/users`: page-numbered, filters first, then paging.

use crate::endpoint::{account_path, Endpoint};
use crate::query::UsersQuery;
use crate::time::decimal;

/// One page of the users list.
pub fn list_users(account_id: &str, query: &UsersQuery, page: u32) -> Endpoint {
    let filters = [
        ("email", &query.email),
        ("name", &query.name),
        ("search", &query.search),
    ];
    let mut pairs: Vec<(&'static str, String)> = filters
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.clone()?)))
        .collect();
    pairs.push(("per_page", decimal(u64::from(query.per_page))));
    pairs.push(("page", decimal(u64::from(page))));
    Endpoint::get(account_path(account_id, "/access/users"), pairs)
}
