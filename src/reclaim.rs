//! Planning which idle seats to take back: pure and deterministic, no IO and no clock.
//!
//! Given the users list, the device registrations and a [`Policy`], [`plan_reclaim`] says for
//! every user holding a seat of the chosen kind whether it is kept (and why) or reclaimed, and
//! builds the seat edits that reclaim.
//!
//! Decisions made here:
//! - A registration belongs to the first user (in the users' order) whose `id` equals its
//!   `user.id`; when it has no `user.id`, or that id matches no user, to the first user whose
//!   `email` equals its `user.email` (both trimmed, compared case-insensitively). Registrations
//!   matching no user, and registrations without `last_seen_at`, are ignored.
//! - Every present timestamp is checked, whether or not the plan needs it: each user's
//!   `last_successful_login` and `created_at`, each registration's `last_seen_at` (matched or
//!   not). An empty string is not a timestamp and is an error, not "absent". The first error in
//!   that order (users in order, login before `created_at`, then registrations in order) wins,
//!   before any `seat_uid` check.
//! - `seat_uid`s must be unique among all users (holding a seat or not); an empty `seat_uid`
//!   counts as none. With several repeats, the error names the earliest repeating user.
//! - When a login and a registration are equally recent, the activity is said to come from the
//!   login.
//! - A never-active user under [`NeverActive::Reclaim`] is judged by `created_at`; one created
//!   within `inactiveDays` is kept and counted in `kept_active`. One without `created_at` gives
//!   nothing to judge by and is kept, counted in `kept_never_active`.
//! - A timestamp after `now_ms` counts as active ("in the future").
//! - Every decision carries the activity found (login, device or, under `Reclaim` only, the
//!   creation) whatever kept the user; it is `None` only when there is none.

use crate::hash::FastMap;

use crate::error::SeatsError;
use crate::matching::Lower;
use crate::options::{describe, OptionValue};
use crate::plan_input::{DeviceFacts, UserFacts};
use crate::text::indexed;
use crate::time::{parse_rfc3339_ms, push_date, push_padded, DAY_MS};
use crate::types::SeatEdit;

/// Fewest `inactiveDays` accepted.
pub const MIN_INACTIVE_DAYS: u32 = 1;
/// Most `inactiveDays` accepted (about ten years).
pub const MAX_INACTIVE_DAYS: u32 = 3650;

/// Which seat types to take back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatKind {
    /// Whole seats: both Access and Gateway.
    Any,
    /// The Access part only; a Gateway seat stays as it is.
    Access,
    /// The Gateway part only; an Access seat stays as it is.
    Gateway,
}

/// What to do with users who never logged in and have no device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeverActive {
    /// Keep their seats.
    Keep,
    /// Judge them by when they were created.
    Reclaim,
}

/// One entry of the keep list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepRule {
    /// An exact address, lower-cased.
    Email(String),
    /// An exact domain (no subdomains), lower-cased, without the `@`.
    Domain(String),
}

/// What decides who loses a seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The current time, in milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Idle for longer than this many days (1–3650) means inactive.
    pub inactive_days: u32,
    /// Which seat types to take back.
    pub seats: SeatKind,
    /// Users never to touch.
    pub keep: Vec<KeepRule>,
    /// What to do with never-active users.
    pub never_active: NeverActive,
}

/// What happens to one user's seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The whole seat goes (both flags false).
    Remove,
    /// The Access part goes; Gateway stays.
    RemoveAccess,
    /// The Gateway part goes; Access stays.
    RemoveGateway,
    /// Nothing changes.
    Keep,
}

impl Action {
    /// `"remove"`, `"remove-access"`, `"remove-gateway"` or `"keep"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Remove => "remove",
            Self::RemoveAccess => "remove-access",
            Self::RemoveGateway => "remove-gateway",
            Self::Keep => "keep",
        }
    }
}

/// Where a user's last activity was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveFrom {
    /// `last_successful_login`.
    Login,
    /// A device registration's `last_seen_at`.
    Device,
    /// `created_at` (never-active users under [`NeverActive::Reclaim`]).
    Created,
}

impl ActiveFrom {
    /// `"login"`, `"device"` or `"created"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Device => "device",
            Self::Created => "created",
        }
    }
}

/// The verdict on one user holding a seat of the chosen kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Index of the user in the users given.
    pub user: usize,
    /// What happens to the seat.
    pub action: Action,
    /// Why, in words.
    pub reason: String,
    /// The last activity found, in milliseconds since the Unix epoch.
    pub last_active_ms: Option<i64>,
    /// Where that activity was found.
    pub last_active_from: Option<ActiveFrom>,
}

/// Counts of a plan; the `kept_*` buckets and `reclaim` add up to `holding_seats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Users given.
    pub users: usize,
    /// Users holding a seat of the chosen kind.
    pub holding_seats: usize,
    /// Seats to reclaim.
    pub reclaim: usize,
    /// Kept: no `seat_uid` to edit.
    pub kept_no_seat_uid: usize,
    /// Kept: on the keep list.
    pub kept_listed: usize,
    /// Kept: active within `inactiveDays`.
    pub kept_active: usize,
    /// Kept: never active, with nothing to judge by.
    pub kept_never_active: usize,
}

/// The outcome of [`plan_reclaim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The seat edits, one per reclaimed user, in the users' order.
    pub edits: Vec<SeatEdit>,
    /// One decision per user holding a seat of the chosen kind, in the users' order.
    pub decisions: Vec<Decision>,
    /// The counts.
    pub summary: Summary,
}

/// Checks the `keep` list: each entry `name@domain` or `@domain`, trimmed and lower-cased.
pub fn keep_rules(raw: &[OptionValue], lower: &impl Lower) -> Result<Vec<KeepRule>, SeatsError> {
    raw.iter()
        .enumerate()
        .map(|(index, value)| keep_rule(index, value, lower))
        .collect()
}

fn keep_rule(
    index: usize,
    value: &OptionValue,
    lower: &impl Lower,
) -> Result<KeepRule, SeatsError> {
    let field = || indexed("keep[", index, "]");
    let text = match value {
        OptionValue::Str(s) => s.trim(),
        other => {
            let mut problem = String::from("must be a string, not ");
            problem.push_str(&describe(other));
            return Err(SeatsError::validation(field(), &problem));
        }
    };
    let clean = !text.chars().any(|c| c.is_whitespace() || c.is_control());
    if clean {
        if let Some(domain) = text.strip_prefix('@') {
            if is_domain(domain) {
                return Ok(KeepRule::Domain(fold(domain, lower)));
            }
        } else if let Some((name, domain)) = text.split_once('@') {
            if !name.is_empty() && is_domain(domain) {
                return Ok(KeepRule::Email(fold(text, lower)));
            }
        }
    }
    Err(SeatsError::validation(
        field(),
        "must be an email address or @domain",
    ))
}

fn is_domain(domain: &str) -> bool {
    !domain.is_empty() && !domain.bytes().any(|b| b == b'@')
}

/// Checks `inactiveDays`: a whole number from 1 to 3650.
pub fn check_inactive_days(value: &OptionValue) -> Result<u32, SeatsError> {
    match value {
        OptionValue::Num(n)
            if n.fract() == 0.0
                && *n >= f64::from(MIN_INACTIVE_DAYS)
                && *n <= f64::from(MAX_INACTIVE_DAYS) =>
        {
            Ok(*n as u32)
        }
        _ => Err(inactive_days_error()),
    }
}

fn inactive_days_error() -> SeatsError {
    SeatsError::validation(
        "inactiveDays",
        "must be a whole number of days from 1 to 3650",
    )
}

/// The timestamps of one user that matter, parsed.
#[derive(Clone, Copy, Default)]
struct Seen {
    login: Option<i64>,
    device: Option<i64>,
    created: Option<i64>,
}

/// Decides, for every user holding a seat of the policy's kind, keep or reclaim, and builds
/// the edits (see the module documentation for the rules and their fine print).
pub fn plan_reclaim(
    users: &[UserFacts],
    devices: &[DeviceFacts],
    policy: &Policy,
    lower: &impl Lower,
) -> Result<Plan, SeatsError> {
    if !(MIN_INACTIVE_DAYS..=MAX_INACTIVE_DAYS).contains(&policy.inactive_days) {
        return Err(inactive_days_error());
    }
    let mut seen = Vec::with_capacity(users.len());
    for (index, user) in users.iter().enumerate() {
        seen.push(Seen {
            login: timestamp(
                user.last_successful_login.as_deref(),
                index,
                "last_successful_login",
            )?,
            device: None,
            created: timestamp(user.created_at.as_deref(), index, "created_at")?,
        });
    }
    add_device_activity(users, devices, &mut seen, lower)?;
    check_unique_seat_uids(users)?;

    let threshold = i64::from(policy.inactive_days) * DAY_MS;
    let now = policy.now_ms;
    let mut plan = Plan {
        edits: Vec::new(),
        decisions: Vec::new(),
        summary: Summary {
            users: users.len(),
            ..Summary::default()
        },
    };
    let summary = &mut plan.summary;
    for (index, user) in users.iter().enumerate() {
        let access = user.access_seat.unwrap_or(false);
        let gateway = user.gateway_seat.unwrap_or(false);
        let holds = match policy.seats {
            SeatKind::Any => access || gateway,
            SeatKind::Access => access,
            SeatKind::Gateway => gateway,
        };
        if !holds {
            continue;
        }
        summary.holding_seats += 1;
        let activity = last_activity(&seen[index], policy.never_active);
        let mut reason = String::with_capacity(56);
        let mut action = Action::Keep;
        let listed = || {
            let email = user.email.as_deref()?;
            keep_match(email, &policy.keep, lower)
        };
        if seat_uid(user).is_none() {
            summary.kept_no_seat_uid += 1;
            reason.push_str("no seat_uid in the API's answer: cannot be edited");
        } else if let Some(rule) = listed() {
            summary.kept_listed += 1;
            reason.push_str("on the keep list (");
            match rule {
                KeepRule::Email(email) => reason.push_str(email),
                KeepRule::Domain(domain) => {
                    reason.push('@');
                    reason.push_str(domain);
                }
            }
            reason.push(')');
        } else {
            match activity {
                None => {
                    summary.kept_never_active += 1;
                    reason.push_str(match policy.never_active {
                        NeverActive::Keep => "never active (no login, no device): kept",
                        NeverActive::Reclaim => {
                            "never active (no login, no device) and no created_at: kept"
                        }
                    });
                }
                Some((at, from)) => {
                    let inactive = now.saturating_sub(at) > threshold;
                    if from == ActiveFrom::Created {
                        reason.push_str("never active; created ");
                        push_when(&mut reason, now, at, None);
                        if !inactive {
                            reason.push_str(": too recent to reclaim");
                        }
                    } else {
                        reason.push_str(if inactive { "last active " } else { "active " });
                        push_when(&mut reason, now, at, Some(from));
                    }
                    if inactive {
                        summary.reclaim += 1;
                        let (access_after, gateway_after) = match policy.seats {
                            SeatKind::Any => (false, false),
                            SeatKind::Access => (false, gateway),
                            SeatKind::Gateway => (access, false),
                        };
                        action = if access_after {
                            Action::RemoveGateway
                        } else if gateway_after {
                            Action::RemoveAccess
                        } else {
                            Action::Remove
                        };
                        plan.edits.push(SeatEdit {
                            access_seat: access_after,
                            gateway_seat: gateway_after,
                            seat_uid: seat_uid(user).unwrap_or_default().to_string(),
                        });
                    } else {
                        summary.kept_active += 1;
                    }
                }
            }
        }
        plan.decisions.push(Decision {
            user: index,
            action,
            reason,
            last_active_ms: activity.map(|(at, _)| at),
            last_active_from: activity.map(|(_, from)| from),
        });
    }
    Ok(plan)
}

/// The user's `seat_uid`, unless missing or empty.
fn seat_uid<'u>(user: &'u UserFacts) -> Option<&'u str> {
    user.seat_uid.as_deref().filter(|uid| !uid.is_empty())
}

/// The latest of login and device (login on a tie); else, under `Reclaim`, the creation.
fn last_activity(seen: &Seen, never_active: NeverActive) -> Option<(i64, ActiveFrom)> {
    match (seen.login, seen.device) {
        (Some(login), Some(device)) if device > login => Some((device, ActiveFrom::Device)),
        (Some(login), _) => Some((login, ActiveFrom::Login)),
        (None, Some(device)) => Some((device, ActiveFrom::Device)),
        (None, None) => match never_active {
            NeverActive::Keep => None,
            NeverActive::Reclaim => seen.created.map(|at| (at, ActiveFrom::Created)),
        },
    }
}

/// `2026-03-02 (274 days ago: login)`, or `… (in the future…)` for a time after `now`.
fn push_when(out: &mut String, now: i64, at: i64, from: Option<ActiveFrom>) {
    push_date(out, at);
    out.push_str(" (");
    let elapsed = now.saturating_sub(at);
    if elapsed < 0 {
        out.push_str("in the future");
    } else {
        let days = elapsed / DAY_MS;
        push_padded(out, days, 1);
        out.push_str(if days == 1 { " day ago" } else { " days ago" });
    }
    if let Some(from) = from {
        out.push_str(": ");
        out.push_str(from.as_str());
    }
    out.push(')');
}

/// The first keep rule that matches the address (trimmed, case-insensitive), if any.
fn keep_match<'a>(email: &str, rules: &'a [KeepRule], lower: &impl Lower) -> Option<&'a KeepRule> {
    if rules.is_empty() {
        return None;
    }
    let email = email.trim();
    let folded;
    let email = if email.is_ascii() {
        email
    } else {
        folded = lower.lower(email);
        folded.as_str()
    };
    // Rules are lower-cased and so is a non-ASCII address now: comparing while ignoring ASCII
    // case is exact comparison of the lower-cased forms, without allocating for ASCII.
    let domain = email.rsplit_once('@').map(|(_, domain)| domain);
    rules.iter().find(|rule| match rule {
        KeepRule::Email(rule) => email.eq_ignore_ascii_case(rule),
        KeepRule::Domain(rule) => domain.is_some_and(|d| d.eq_ignore_ascii_case(rule)),
    })
}

/// Lower-cases `text`: ASCII in Rust (cheap in wasm), anything else through `lower`.
fn fold(text: &str, lower: &impl Lower) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        lower.lower(text)
    }
}

/// Parses an optional timestamp of `users[index]`.
fn timestamp(value: Option<&str>, index: usize, name: &str) -> Result<Option<i64>, SeatsError> {
    match value {
        None => Ok(None),
        Some(text) => match parse_rfc3339_ms(text) {
            Some(ms) => Ok(Some(ms)),
            None => {
                let mut field = indexed("users[", index, "].");
                field.push_str(name);
                Err(not_a_timestamp(field))
            }
        },
    }
}

fn not_a_timestamp(field: String) -> SeatsError {
    SeatsError::validation(field, "must be an RFC 3339 date-time")
}

/// Folds each registration's `last_seen_at` into its user's `device` time.
fn add_device_activity(
    users: &[UserFacts],
    devices: &[DeviceFacts],
    seen: &mut [Seen],
    lower: &impl Lower,
) -> Result<(), SeatsError> {
    let mut by_id: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(users.len(), Default::default());
    for (index, user) in users.iter().enumerate() {
        if let Some(id) = user.id.as_deref() {
            by_id.entry(id).or_insert(index);
        }
    }
    // Built on first need only: most registrations carry a user id.
    let mut by_email: Option<FastMap<String, usize>> = None;
    for (index, registration) in devices.iter().enumerate() {
        let Some(text) = registration.last_seen_at.as_deref() else {
            continue;
        };
        let Some(at) = parse_rfc3339_ms(text) else {
            return Err(not_a_timestamp(indexed(
                "devices[",
                index,
                "].last_seen_at",
            )));
        };
        let Some(owner) = registration.user.as_ref() else {
            continue;
        };
        let mut user = owner.id.as_deref().and_then(|id| by_id.get(id).copied());
        if user.is_none() {
            if let Some(email) = owner
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
            {
                let index = by_email.get_or_insert_with(|| email_index(users, lower));
                user = index.get(fold(email, lower).as_str()).copied();
            }
        }
        if let Some(user) = user {
            let device = &mut seen[user].device;
            if device.is_none_or(|last| at > last) {
                *device = Some(at);
            }
        }
    }
    Ok(())
}

/// Users' emails (trimmed, lower-cased, non-empty), each with its first user's index. A hash map
/// rather than a sorted list: no sort code in the wasm, and no n log n for 100,000 users.
fn email_index(users: &[UserFacts], lower: &impl Lower) -> FastMap<String, usize> {
    let mut index = FastMap::with_capacity_and_hasher(users.len(), Default::default());
    for (i, user) in users.iter().enumerate() {
        let Some(email) = user
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            continue;
        };
        index.entry(fold(email, lower)).or_insert(i);
    }
    index
}

/// Fails on the earliest user whose `seat_uid` an earlier user already has.
fn check_unique_seat_uids(users: &[UserFacts]) -> Result<(), SeatsError> {
    let mut first: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(users.len(), Default::default());
    for (second, user) in users.iter().enumerate() {
        let Some(uid) = seat_uid(user) else {
            continue;
        };
        if let Some(&first) = first.get(uid) {
            let problem = indexed("is also the seat_uid of users[", first, "]");
            return Err(SeatsError::validation(
                indexed("users[", second, "].seat_uid"),
                &problem,
            ));
        }
        first.insert(uid, second);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
