//! The users a reclaim plan reads, held compactly and owned: their texts in one arena, their
//! timestamps parsed to milliseconds as they are read. The rows they are read from can then be
//! dropped a chunk at a time, and registrations are folded into per-user device times a chunk at
//! a time ([`Activity`]), so neither list is ever held whole in the planner's memory.
//!
//! Why: growing wasm memory counts as external memory in V8, and in a first plan of 100,000 users
//! the growth (92 MiB when every row and fact was held at once) started a mark of the caller's
//! whole heap (bench/README.md, planReclaim).
//!
//! Errors keep the order the planner always gave (src/reclaim.rs): a user's bad timestamp is
//! remembered when read and reported once both lists are read, before a registration's.

use crate::error::SeatsError;
use crate::matching::Lower;
use crate::plan_input::{DeviceFacts, UserFacts};
use crate::text::indexed;
use crate::text_map::{StrMap, TextMap};
use crate::time::parse_rfc3339_ms;

/// A text's place in the arena; `start == NONE` for a text left out.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

/// The `start` of a text left out.
const NONE: u32 = u32::MAX;

/// A time left out (no RFC 3339 time comes near it).
const NO_TIME: i64 = i64::MIN;

/// One user's facts, its texts in the arena.
#[derive(Clone, Copy)]
struct Entry {
    id: Span,
    email: Span,
    name: Span,
    seat_uid: Span,
    login: i64,
    created: i64,
    access_seat: Option<bool>,
    gateway_seat: Option<bool>,
}

/// The users, in the order given.
#[derive(Default)]
pub struct Roster {
    text: String,
    entries: Vec<Entry>,
    /// The first user timestamp that did not parse, reported after both lists are read.
    bad_time: Option<SeatsError>,
}

fn time_of(value: Option<&str>, index: usize, name: &str, bad: &mut Option<SeatsError>) -> i64 {
    let Some(text) = value else {
        return NO_TIME;
    };
    match parse_rfc3339_ms(text) {
        Some(ms) => ms,
        None => {
            if bad.is_none() {
                let mut field = indexed("users[", index, "].");
                field.push_str(name);
                *bad = Some(not_a_timestamp(field));
            }
            NO_TIME
        }
    }
}

/// The error of a present timestamp that is not one.
pub fn not_a_timestamp(field: String) -> SeatsError {
    SeatsError::validation(field, "must be an RFC 3339 date-time")
}

fn some_time(ms: i64) -> Option<i64> {
    (ms != NO_TIME).then_some(ms)
}

impl Roster {
    /// Room for `users` users whose texts take about `text_bytes` bytes.
    pub fn with_capacity(users: usize, text_bytes: usize) -> Roster {
        Roster {
            text: String::with_capacity(text_bytes),
            entries: Vec::with_capacity(users),
            bad_time: None,
        }
    }

    /// Room for `bytes` more of the users' texts, in one piece.
    pub fn reserve_text(&mut self, bytes: usize) {
        self.text.reserve_exact(bytes);
    }

    /// The bytes the users' texts take so far.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The users' facts, copied.
    pub fn from_facts(users: &[UserFacts]) -> Roster {
        let mut roster = Roster::with_capacity(users.len(), 0);
        for user in users {
            roster.push(user);
        }
        roster
    }

    fn span(&mut self, value: Option<&str>) -> Span {
        match value {
            None => Span {
                start: NONE,
                len: 0,
            },
            Some(text) => {
                let start = self.text.len() as u32;
                self.text.push_str(text);
                Span {
                    start,
                    len: text.len() as u32,
                }
            }
        }
    }

    /// Adds the next user; a timestamp that does not parse is remembered (the first one only).
    pub fn push(&mut self, user: &UserFacts) {
        let index = self.entries.len();
        let login = time_of(
            user.last_successful_login.as_deref(),
            index,
            "last_successful_login",
            &mut self.bad_time,
        );
        let created = time_of(
            user.created_at.as_deref(),
            index,
            "created_at",
            &mut self.bad_time,
        );
        let entry = Entry {
            id: self.span(user.id.as_deref()),
            email: self.span(user.email.as_deref()),
            name: self.span(user.name.as_deref()),
            seat_uid: self.span(user.seat_uid.as_deref()),
            login,
            created,
            access_seat: user.access_seat,
            gateway_seat: user.gateway_seat,
        };
        self.entries.push(entry);
    }

    fn text_of(&self, span: Span) -> Option<&str> {
        if span.start == NONE {
            return None;
        }
        let start = span.start as usize;
        self.text.get(start..start + span.len as usize)
    }

    fn entry(&self, user: usize) -> Option<&Entry> {
        self.entries.get(user)
    }

    /// How many users.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// User `user`'s `id`.
    pub fn id(&self, user: usize) -> Option<&str> {
        self.text_of(self.entry(user)?.id)
    }

    /// User `user`'s `email`.
    pub fn email(&self, user: usize) -> Option<&str> {
        self.text_of(self.entry(user)?.email)
    }

    /// User `user`'s `name`.
    pub fn name(&self, user: usize) -> Option<&str> {
        self.text_of(self.entry(user)?.name)
    }

    /// User `user`'s `seat_uid`.
    pub fn seat_uid(&self, user: usize) -> Option<&str> {
        self.text_of(self.entry(user)?.seat_uid)
    }

    /// User `user`'s `access_seat` and `gateway_seat` (left out: false).
    pub fn seats(&self, user: usize) -> (bool, bool) {
        self.entry(user).map_or((false, false), |e| {
            (
                e.access_seat.unwrap_or(false),
                e.gateway_seat.unwrap_or(false),
            )
        })
    }

    /// User `user`'s `last_successful_login`, parsed.
    pub fn login(&self, user: usize) -> Option<i64> {
        some_time(self.entry(user)?.login)
    }

    /// User `user`'s `created_at`, parsed.
    pub fn created(&self, user: usize) -> Option<i64> {
        some_time(self.entry(user)?.created)
    }

    /// The first user timestamp that did not parse.
    pub fn bad_time(&self) -> Option<&SeatsError> {
        self.bad_time.as_ref()
    }
}

/// Registrations folded into their users' latest `last_seen_at`, one at a time.
pub struct Activity<'r, L: Lower> {
    roster: &'r Roster,
    lower: &'r L,
    by_id: StrMap<'r>,
    /// Built on first need only: most registrations carry a user id.
    by_email: Option<TextMap>,
    seen: Vec<i64>,
    bad_time: Option<SeatsError>,
}

/// Each user's latest registration time, and the first registration time that did not parse.
pub struct DeviceTimes {
    seen: Vec<i64>,
    bad_time: Option<SeatsError>,
}

impl DeviceTimes {
    /// User `user`'s latest `last_seen_at`.
    pub fn of(&self, user: usize) -> Option<i64> {
        some_time(*self.seen.get(user)?)
    }

    /// The first registration timestamp that did not parse.
    pub fn bad_time(&self) -> Option<&SeatsError> {
        self.bad_time.as_ref()
    }
}

impl<'r, L: Lower> Activity<'r, L> {
    /// Ready to fold registrations into `roster`'s users.
    pub fn new(roster: &'r Roster, lower: &'r L) -> Self {
        let mut by_id = StrMap::with_capacity(roster.len());
        for user in 0..roster.len() {
            if let Some(id) = roster.id(user) {
                by_id.insert_first(id, user);
            }
        }
        Activity {
            roster,
            lower,
            by_id,
            by_email: None,
            seen: vec![NO_TIME; roster.len()],
            bad_time: None,
        }
    }

    /// Folds registration `index` in: its `last_seen_at` (checked whether it matches a user or
    /// not) becomes its user's device time when later. A registration belongs to the first user
    /// whose `id` equals its `user.id`, else the first whose email equals its `user.email`.
    pub fn add(&mut self, index: usize, registration: &DeviceFacts) {
        let Some(text) = registration.last_seen_at.as_deref() else {
            return;
        };
        let Some(at) = parse_rfc3339_ms(text) else {
            if self.bad_time.is_none() {
                self.bad_time = Some(not_a_timestamp(indexed(
                    "devices[",
                    index,
                    "].last_seen_at",
                )));
            }
            return;
        };
        let Some(owner) = registration.user.as_ref() else {
            return;
        };
        let mut user = owner.id.as_deref().and_then(|id| self.by_id.get(id));
        if user.is_none() {
            if let Some(email) = owner
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
            {
                let (roster, lower) = (self.roster, self.lower);
                let index = self
                    .by_email
                    .get_or_insert_with(|| email_index(roster, lower));
                user = index.get(&fold(email, lower));
            }
        }
        if let Some(seen) = user.and_then(|user| self.seen.get_mut(user)) {
            if *seen == NO_TIME || at > *seen {
                *seen = at;
            }
        }
    }

    /// The device times found.
    pub fn finish(self) -> DeviceTimes {
        DeviceTimes {
            seen: self.seen,
            bad_time: self.bad_time,
        }
    }
}

/// Lower-cases `text`: ASCII in Rust (cheap in wasm), anything else through `lower`.
pub fn fold(text: &str, lower: &impl Lower) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        lower.lower(text)
    }
}

/// Users' emails (trimmed, lower-cased, non-empty), each with its first user's index. A hash map
/// rather than a sorted list: no sort code in the wasm, and no n log n for 100,000 users.
fn email_index(roster: &Roster, lower: &impl Lower) -> TextMap {
    let mut index = TextMap::with_capacity(roster.len());
    for user in 0..roster.len() {
        let Some(email) = roster.email(user).map(str::trim).filter(|e| !e.is_empty()) else {
            continue;
        };
        index.insert_first(&fold(email, lower), user);
    }
    index
}

#[cfg(test)]
mod tests;
