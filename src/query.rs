//! Query parameters of the two lists: checked before anything is sent, each failure naming
//! its field (`query.perPage`), and encoded exactly (`a+b@example.com` stays a `+`).

use crate::error::SeatsError;
use crate::options::{not_a, whole_number_range, OptionValue};
use crate::text::{concat, join};

/// Highest `per_page` either list accepts (the users list documents it; the registrations
/// list does not, and the same bound keeps both predictable).
pub const MAX_PER_PAGE: u32 = 1000;
/// Highest `page` accepted: far beyond any account, low enough never to overflow.
pub const MAX_PAGE: u32 = 1_000_000;

/// The checked query of the users list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersQuery {
    /// `email` filter.
    pub email: Option<String>,
    /// `name` filter.
    pub name: Option<String>,
    /// `search` filter.
    pub search: Option<String>,
    /// Users per page, 1–1000 (default 1000).
    pub per_page: u32,
    /// The page asked for (`usersPage` only).
    pub page: Option<u32>,
}

/// The checked query of the registrations list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevicesQuery {
    /// `status`: `active`, `all` or `revoked`; `None` is the API's default (`active`).
    pub status: Option<&'static str>,
    /// `seen_after` filter.
    pub seen_after: Option<String>,
    /// `seen_before` filter.
    pub seen_before: Option<String>,
    /// `search` filter.
    pub search: Option<String>,
    /// Registrations per page, 1–1000 (default 1000).
    pub per_page: u32,
}

/// Which keys a list's query takes, for the unknown-key message.
const USERS_KEYS: &[&str] = &["email", "name", "search", "perPage"];
const USERS_PAGE_KEYS: &[&str] = &["email", "name", "search", "perPage", "page"];
const DEVICES_KEYS: &[&str] = &["status", "seenAfter", "seenBefore", "search", "perPage"];
const STATUSES: [&str; 3] = ["active", "all", "revoked"];

/// Checks a users query; `with_page` allows `page` (for `usersPage`).
pub fn users_query(raw: &OptionValue, with_page: bool) -> Result<UsersQuery, SeatsError> {
    let known = if with_page {
        USERS_PAGE_KEYS
    } else {
        USERS_KEYS
    };
    let entries = entries(raw, known)?;
    Ok(UsersQuery {
        email: text(entries, "email")?,
        name: text(entries, "name")?,
        search: text(entries, "search")?,
        per_page: whole(entries, "perPage", MAX_PER_PAGE)?.unwrap_or(MAX_PER_PAGE),
        page: whole(entries, "page", MAX_PAGE)?,
    })
}

/// Checks a registrations query.
pub fn devices_query(raw: &OptionValue) -> Result<DevicesQuery, SeatsError> {
    let entries = entries(raw, DEVICES_KEYS)?;
    Ok(DevicesQuery {
        status: status(entries)?,
        seen_after: text(entries, "seenAfter")?,
        seen_before: text(entries, "seenBefore")?,
        search: text(entries, "search")?,
        per_page: whole(entries, "perPage", MAX_PER_PAGE)?.unwrap_or(MAX_PER_PAGE),
    })
}

/// The query object's entries; a non-object or an unknown key is an error.
fn entries<'a>(
    raw: &'a OptionValue,
    known: &[&str],
) -> Result<&'a [(String, OptionValue)], SeatsError> {
    if *raw == OptionValue::Absent {
        return Ok(&[]);
    }
    let shape = ObjectShape {
        field: "query",
        key_prefix: "query.",
        not_object: "must be an object of query parameters",
        unknown_key: "is not a query parameter of this list",
    };
    shape.entries(raw, known)
}

/// How an input object that takes a fixed set of keys names its problems.
pub struct ObjectShape {
    /// The field of the object itself (`query`, `input`).
    pub field: &'static str,
    /// What goes before a key in a field name (`query.`, or nothing).
    pub key_prefix: &'static str,
    /// The problem of a value that is not an object.
    pub not_object: &'static str,
    /// The problem of an unknown key.
    pub unknown_key: &'static str,
}

impl ObjectShape {
    /// The object's entries; not an object, or a key outside `known`, is an error.
    pub fn entries<'a>(
        &self,
        raw: &'a OptionValue,
        known: &[&str],
    ) -> Result<&'a [(String, OptionValue)], SeatsError> {
        let entries = match raw {
            OptionValue::Map(entries) => entries,
            other => {
                let problem = not_a(self.not_object, other);
                return Err(SeatsError::validation(self.field, &problem));
            }
        };
        if let Some((key, _)) = entries
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            let problem = concat(&[self.unknown_key, " (known: ", &join(known, ", "), ")"]);
            let field = concat(&[self.key_prefix, key]);
            return Err(SeatsError::validation(field, &problem));
        }
        Ok(entries)
    }
}

/// The value of `key` (absent when left out); like JSON.parse and object literals, the last of
/// a repeated key wins.
pub fn value<'a>(entries: &'a [(String, OptionValue)], key: &str) -> &'a OptionValue {
    entries
        .iter()
        .rev()
        .find(|(name, _)| name == key)
        .map_or(&OptionValue::Absent, |(_, value)| value)
}

/// A filter string: non-empty, without control characters.
fn text(entries: &[(String, OptionValue)], key: &str) -> Result<Option<String>, SeatsError> {
    let field = || concat(&["query.", key]);
    match value(entries, key) {
        OptionValue::Absent => Ok(None),
        OptionValue::Str(s) if s.is_empty() => {
            Err(SeatsError::validation(field(), "must not be empty"))
        }
        OptionValue::Str(s) if s.chars().any(char::is_control) => Err(SeatsError::validation(
            field(),
            "must not contain control characters",
        )),
        OptionValue::Str(s) => Ok(Some(s.clone())),
        other => Err(SeatsError::validation(
            field(),
            &not_a("must be a string", other),
        )),
    }
}

fn whole(
    entries: &[(String, OptionValue)],
    key: &str,
    max: u32,
) -> Result<Option<u32>, SeatsError> {
    match value(entries, key) {
        OptionValue::Absent => Ok(None),
        OptionValue::Num(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= f64::from(max) => {
            Ok(Some(*n as u32))
        }
        _ => Err(SeatsError::validation(
            concat(&["query.", key]),
            &whole_number_range(1, u64::from(max)),
        )),
    }
}

fn status(entries: &[(String, OptionValue)]) -> Result<Option<&'static str>, SeatsError> {
    match value(entries, "status") {
        OptionValue::Absent => Ok(None),
        OptionValue::Str(s) if STATUSES.contains(&s.as_str()) => {
            Ok(STATUSES.iter().copied().find(|known| known == s))
        }
        _ => Err(SeatsError::validation(
            "query.status",
            r#"must be "active", "all" or "revoked""#,
        )),
    }
}

/// Appends `name=value` pairs as a query string (`?a=1&b=2`), percent-encoding everything but
/// RFC 3986's unreserved characters, as `encodeURIComponent` does for the common cases.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        out.push(if index == 0 { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&crate::request::encode_path_segment(value));
    }
    out
}

#[cfg(test)]
mod tests;
