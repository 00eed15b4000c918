//! `findUsersByEmail` without IO: checking the addresses, choosing the cheaper way to look
//! them up, and matching answers exactly (case-insensitive, trimmed), whatever the API's own
//! `email` filter does.

use crate::text_map::StrMap;

use crate::error::SeatsError;
use crate::options::{not_a, OptionValue};
use crate::text::split_once_byte;

/// One distinct address asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The address as given (its first occurrence), trimmed.
    pub email: String,
    /// The form compared: trimmed and lower-cased.
    pub key: String,
}

/// Lower-cases text for comparing addresses. Injected: in wasm it is the JS engine's own
/// `toLowerCase`, so the `.wasm` need not ship Unicode case tables (4 KB of code plus data).
pub trait Lower {
    /// `text` in lower case.
    fn lower(&self, text: &str) -> String;
}

/// Rust's own Unicode lower-casing (native builds and tests).
pub struct RustLower;

impl Lower for RustLower {
    fn lower(&self, text: &str) -> String {
        text.to_lowercase()
    }
}

/// Checks the `emails` argument; addresses that differ only in case or surrounding spaces
/// count once (the first spelling is reported).
pub fn wanted_emails(raw: &[OptionValue], lower: &impl Lower) -> Result<Vec<Wanted>, SeatsError> {
    let mut wanted: Vec<Wanted> = Vec::new();
    for (index, value) in raw.iter().enumerate() {
        let field = || crate::text::indexed("emails[", index, "]");
        let email = match value {
            OptionValue::Str(s) => s.trim(),
            other => {
                let problem = not_a("must be a string", other);
                return Err(SeatsError::validation(field(), &problem));
            }
        };
        if !is_email(email) {
            return Err(SeatsError::validation(
                field(),
                "must be an email address (name@domain)",
            ));
        }
        let key = lower.lower(email);
        if !wanted.iter().any(|w| w.key == key) {
            wanted.push(Wanted {
                email: email.to_string(),
                key,
            });
        }
    }
    Ok(wanted)
}

/// `name@domain`: one `@`, both sides non-empty, no spaces or control characters.
fn is_email(email: &str) -> bool {
    let Some((name, domain)) = split_once_byte(email, b'@') else {
        return false;
    };
    !name.is_empty()
        && !domain.is_empty()
        && !domain.bytes().any(|b| b == b'@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// How to find the addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Read the rest of the full listing (fewer requests than one per address).
    FinishListing,
    /// Ask `?email=` once per address.
    LookUpEach,
}

/// Chooses after the first page of the full listing: finishing it costs `pages_left`
/// requests, looking up costs at least one per address. Unknown `pages_left` (the API gave
/// no totals) could be any number, so each address is looked up.
pub fn choose_strategy(pages_left: Option<u64>, addresses: usize) -> Strategy {
    match pages_left {
        Some(left) if left < addresses as u64 => Strategy::FinishListing,
        _ => Strategy::LookUpEach,
    }
}

/// Where each address landed: indexes into the wanted list and the users given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// (address, the one user) pairs.
    pub found: Vec<(usize, usize)>,
    /// Addresses no user holds.
    pub missing: Vec<usize>,
    /// (address, its users in the given order) for two or more users.
    pub ambiguous: Vec<(usize, Vec<usize>)>,
}

/// Matches the addresses against users' emails (`None` for a user without one), exactly.
/// Each address is reported once, in the order asked; users keep the order given.
pub fn match_emails(
    wanted: &[Wanted],
    user_emails: &[Option<&str>],
    lower: &impl Lower,
) -> Matches {
    let mut index = StrMap::with_capacity(wanted.len());
    for (i, w) in wanted.iter().enumerate() {
        index.insert_first(&w.key, i);
    }
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); wanted.len()];
    for (user, email) in user_emails.iter().enumerate() {
        let Some(email) = email else { continue };
        if let Some(i) = index.get(&lower.lower(email.trim())) {
            holders[i].push(user);
        }
    }
    let mut matches = Matches::default();
    for (i, users) in holders.into_iter().enumerate() {
        match users.as_slice() {
            [] => matches.missing.push(i),
            [one] => matches.found.push((i, *one)),
            _ => matches.ambiguous.push((i, users)),
        }
    }
    matches
}

#[cfg(test)]
mod tests;
