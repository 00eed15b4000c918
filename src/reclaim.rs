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

use crate::text_map::StrMap;

use crate::error::SeatsError;
use crate::matching::Lower;
use crate::options::{describe, OptionValue};
use crate::plan_input::{DeviceFacts, UserFacts};
use crate::roster::{fold, Activity, DeviceTimes, Roster};
use crate::text::{indexed, rsplit_once_byte, split_once_byte};
use crate::time::{push_date, push_padded, DAY_MS};
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
    /// Why: [`Plan::reason`] puts it in words.
    pub why: Why,
    /// The last activity found, in milliseconds since the Unix epoch.
    pub last_active_ms: Option<i64>,
    /// Where that activity was found.
    pub last_active_from: Option<ActiveFrom>,
}

/// What made a decision, put in words by [`Plan::reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// No `seat_uid` to edit.
    NoSeatUid,
    /// On the keep list: the index of the rule.
    Listed(usize),
    /// Never active, with nothing to judge by.
    NeverActive,
    /// Judged by the activity found (the action says which way).
    Judged,
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

/// The outcome of [`plan_reclaim`] and [`plan_roster`]; [`edits_of`] gives its seat edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// One decision per user holding a seat of the chosen kind, in the users' order.
    pub decisions: Vec<Decision>,
    /// The counts.
    pub summary: Summary,
    /// The policy's `now_ms`, `never_active` and keep rules, which the reasons quote.
    pub now_ms: i64,
    /// See [`Policy::never_active`].
    pub never_active: NeverActive,
    /// See [`Policy::keep`].
    pub keep: Vec<KeepRule>,
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
        } else if let Some((name, domain)) = split_once_byte(text, b'@') {
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

/// Decides, for every user holding a seat of the policy's kind, keep or reclaim (see the module
/// documentation for the rules and their fine print). The plan and its seat edits, which
/// [`edits_of`] derives from the plan's decisions.
pub fn plan_reclaim(
    users: &[UserFacts],
    devices: &[DeviceFacts],
    policy: &Policy,
    lower: &impl Lower,
) -> Result<(Plan, Vec<SeatEdit>), SeatsError> {
    let roster = Roster::from_facts(users);
    let mut activity = Activity::new(&roster, lower);
    for (index, registration) in devices.iter().enumerate() {
        activity.add(index, registration);
    }
    let devices = activity.finish();
    let plan = plan_roster(&roster, &devices, policy, lower)?;
    let edits = edits_of(&plan, &roster);
    Ok((plan, edits))
}

/// [`plan_reclaim`] of users already read into a [`Roster`] and registrations already folded
/// into [`DeviceTimes`]: the timestamps' errors they remembered come first. No edits: a caller
/// makes them with [`edits_of`] only when they are to be sent (for 100,000 users they and their
/// JSON took ~150 bytes a reclaimed user, all at once, which the plan's text does not need).
pub fn plan_roster(
    users: &Roster,
    devices: &DeviceTimes,
    policy: &Policy,
    lower: &impl Lower,
) -> Result<Plan, SeatsError> {
    if !(MIN_INACTIVE_DAYS..=MAX_INACTIVE_DAYS).contains(&policy.inactive_days) {
        return Err(inactive_days_error());
    }
    if let Some(err) = users.bad_time().or(devices.bad_time()) {
        return Err(err.clone());
    }
    check_unique_seat_uids(users)?;

    let threshold = i64::from(policy.inactive_days) * DAY_MS;
    let holds = |index| {
        let (access, gateway) = users.seats(index);
        match policy.seats {
            SeatKind::Any => access || gateway,
            SeatKind::Access => access,
            SeatKind::Gateway => gateway,
        }
    };
    // Sized exactly (a pass over two flags): a Vec that doubles holds both copies for a moment.
    let holders = (0..users.len()).filter(|&index| holds(index)).count();
    let mut plan = Plan {
        decisions: Vec::with_capacity(holders),
        summary: Summary {
            users: users.len(),
            holding_seats: holders,
            ..Summary::default()
        },
        now_ms: policy.now_ms,
        never_active: policy.never_active,
        keep: policy.keep.clone(),
    };
    let summary = &mut plan.summary;
    for index in (0..users.len()).filter(|&index| holds(index)) {
        let (access, gateway) = users.seats(index);
        let seen = Seen {
            login: users.login(index),
            device: devices.of(index),
            created: users.created(index),
        };
        let activity = last_activity(&seen, policy.never_active);
        let mut action = Action::Keep;
        let listed = || keep_match(users.email(index)?, &policy.keep, lower);
        let why = if seat_uid(users, index).is_none() {
            summary.kept_no_seat_uid += 1;
            Why::NoSeatUid
        } else if let Some(rule) = listed() {
            summary.kept_listed += 1;
            Why::Listed(rule)
        } else if let Some((at, _)) = activity {
            if policy.now_ms.saturating_sub(at) > threshold {
                summary.reclaim += 1;
                action = match policy.seats {
                    SeatKind::Access if gateway => Action::RemoveAccess,
                    SeatKind::Gateway if access => Action::RemoveGateway,
                    _ => Action::Remove,
                };
            } else {
                summary.kept_active += 1;
            }
            Why::Judged
        } else {
            summary.kept_never_active += 1;
            Why::NeverActive
        };
        plan.decisions.push(Decision {
            user: index,
            action,
            why,
            last_active_ms: activity.map(|(at, _)| at),
            last_active_from: activity.map(|(_, from)| from),
        });
    }
    Ok(plan)
}

impl Action {
    /// The seat's `access_seat` and `gateway_seat` after the action; `None` for `Keep`.
    pub fn seats_after(self) -> Option<(bool, bool)> {
        match self {
            Action::Keep => None,
            Action::Remove => Some((false, false)),
            Action::RemoveAccess => Some((false, true)),
            Action::RemoveGateway => Some((true, false)),
        }
    }
}

/// The edits that carry out the plan's decisions, in the users' order.
pub fn edits_of(plan: &Plan, users: &Roster) -> Vec<SeatEdit> {
    let mut edits = Vec::with_capacity(plan.summary.reclaim);
    for decision in &plan.decisions {
        let Some((access_seat, gateway_seat)) = decision.action.seats_after() else {
            continue;
        };
        edits.push(SeatEdit {
            access_seat,
            gateway_seat,
            seat_uid: seat_uid(users, decision.user)
                .unwrap_or_default()
                .to_string(),
        });
    }
    edits
}

/// The timestamps of one user that matter, parsed.
#[derive(Clone, Copy, Default)]
struct Seen {
    login: Option<i64>,
    device: Option<i64>,
    created: Option<i64>,
}

impl Plan {
    /// Why `decision` was made, in words: "last active 2026-03-02 (274 days ago: login)".
    pub fn reason(&self, decision: &Decision) -> String {
        let mut out = String::with_capacity(64);
        self.push_reason(&mut out, decision);
        out
    }

    /// Appends [`Plan::reason`] of `decision` to `out`.
    pub fn push_reason(&self, out: &mut String, decision: &Decision) {
        let reclaimed = decision.action != Action::Keep;
        match decision.why {
            Why::NoSeatUid => out.push_str("no seat_uid in the API's answer: cannot be edited"),
            Why::Listed(rule) => {
                out.push_str("on the keep list (");
                match self.keep.get(rule) {
                    Some(KeepRule::Email(email)) => out.push_str(email),
                    Some(KeepRule::Domain(domain)) => {
                        out.push('@');
                        out.push_str(domain);
                    }
                    None => {}
                }
                out.push(')');
            }
            Why::NeverActive => out.push_str(match self.never_active {
                NeverActive::Keep => "never active (no login, no device): kept",
                NeverActive::Reclaim => {
                    "never active (no login, no device) and no created_at: kept"
                }
            }),
            Why::Judged => {
                let (Some(at), Some(from)) = (decision.last_active_ms, decision.last_active_from)
                else {
                    return;
                };
                if from == ActiveFrom::Created {
                    out.push_str("never active; created ");
                    push_when(out, self.now_ms, at, None);
                    if !reclaimed {
                        out.push_str(": too recent to reclaim");
                    }
                } else {
                    out.push_str(if reclaimed { "last active " } else { "active " });
                    push_when(out, self.now_ms, at, Some(from));
                }
            }
        }
    }
}

/// User `index`'s `seat_uid`, unless missing or empty.
fn seat_uid(users: &Roster, index: usize) -> Option<&str> {
    users.seat_uid(index).filter(|uid| !uid.is_empty())
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

/// The index of the first keep rule that matches the address (trimmed, case-insensitive).
fn keep_match(email: &str, rules: &[KeepRule], lower: &impl Lower) -> Option<usize> {
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
    let domain = rsplit_once_byte(email, b'@').map(|(_, domain)| domain);
    rules.iter().position(|rule| match rule {
        KeepRule::Email(rule) => email.eq_ignore_ascii_case(rule),
        KeepRule::Domain(rule) => domain.is_some_and(|d| d.eq_ignore_ascii_case(rule)),
    })
}

/// Fails on the earliest user whose `seat_uid` an earlier user already has.
fn check_unique_seat_uids(users: &Roster) -> Result<(), SeatsError> {
    let mut first = StrMap::with_capacity(users.len());
    for second in 0..users.len() {
        let Some(uid) = seat_uid(users, second) else {
            continue;
        };
        if let Some(first) = first.insert_first(uid, second) {
            let problem = indexed("is also the seat_uid of users[", first, "]");
            return Err(SeatsError::validation(
                indexed("users[", second, "].seat_uid"),
                &problem,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
