//! A reclaim plan as JSON text, for `planReclaim` to hand to JS in one string that the engine's
//! own `JSON.parse` turns into objects. Building ~100,000 decisions property by property across
//! the wasm boundary cost over a second; one string and one parse cost a fraction of that.
//! The shape is `ReclaimPlan` (`src/wasm/types_ts.rs`): `{ edits, decisions, summary }`.

use core::ops::Range;

use crate::json::write_string;
use crate::reclaim::{Decision, Plan, Summary};
use crate::request::push_edit_json;
use crate::roster::Roster;
use crate::time::{push_iso_ms, push_uint};

/// [`plan_json`]'s text before the edits.
pub const EDITS_OPEN: &str = r#"{"edits":["#;
/// [`plan_json`]'s text between the edits and the decisions.
pub const DECISIONS_OPEN: &str = r#"],"decisions":["#;

/// `{"edits":[…],"decisions":[…],"summary":{…}}`; each decision names its user by email,
/// name and seat UID (those the user has). A caller that writes it a slice of decisions at a
/// time (so the text of 100,000, ~25 MB, is never made at once) writes the same pieces:
/// [`EDITS_OPEN`], [`push_edits`], [`DECISIONS_OPEN`], [`push_decisions`], [`push_tail`].
pub fn plan_json(plan: &Plan, users: &Roster) -> String {
    let all = 0..plan.decisions.len();
    let mut out = String::with_capacity(256 + plan.decisions.len() * 320);
    out.push_str(EDITS_OPEN);
    push_edits(&mut out, plan, users, all.clone(), &mut false);
    out.push_str(DECISIONS_OPEN);
    push_decisions(&mut out, plan, users, all);
    push_tail(&mut out, plan);
    out
}

/// The edits of the decisions in `range` (those that reclaim), appended to `out` as elements of
/// [`plan_json`]'s list, each as a request body writes it; `any`: whether an edit came before
/// (then a comma does), set once one is written.
pub fn push_edits(
    out: &mut String,
    plan: &Plan,
    users: &Roster,
    range: Range<usize>,
    any: &mut bool,
) {
    for decision in plan.decisions.get(range).unwrap_or_default() {
        let Some((access, gateway)) = decision.action.seats_after() else {
            continue;
        };
        let seat_uid = users.seat_uid(decision.user).unwrap_or_default();
        push_edit_json(out, *any, seat_uid, access, gateway);
        *any = true;
    }
}

/// The decisions in `range`, appended to `out` as elements of [`plan_json`]'s list: each but
/// the list's first after a comma.
pub fn push_decisions(out: &mut String, plan: &Plan, users: &Roster, range: Range<usize>) {
    let start = range.start;
    let mut reason = String::with_capacity(96);
    let decisions = plan.decisions.get(range).unwrap_or_default();
    for (index, decision) in decisions.iter().enumerate() {
        if start + index > 0 {
            out.push(',');
        }
        reason.clear();
        plan.push_reason(&mut reason, decision);
        push_decision(out, decision, &reason, users);
    }
}

/// [`plan_json`]'s text after the decisions: `],"summary":{…}}`.
pub fn push_tail(out: &mut String, plan: &Plan) {
    out.push_str(r#"],"summary":"#);
    push_summary(out, &plan.summary);
    out.push('}');
}

fn push_decision(out: &mut String, decision: &Decision, reason: &str, users: &Roster) {
    let user = decision.user;
    out.push_str(r#"{"action":"#);
    write_string(out, decision.action.as_str());
    out.push_str(r#","reason":"#);
    write_string(out, reason);
    push_optional(out, "email", users.email(user));
    push_optional(out, "name", users.name(user));
    push_optional(out, "seat_uid", users.seat_uid(user));
    if let Some(ms) = decision.last_active_ms {
        // An ISO instant has nothing to escape: written in place, with no String of its own.
        out.push_str(r#","lastActive":""#);
        push_iso_ms(out, ms);
        out.push('"');
    }
    push_optional(
        out,
        "lastActiveFrom",
        decision.last_active_from.map(|from| from.as_str()),
    );
    out.push('}');
}

/// `,"key":"value"` when there is a value; a missing one is left out, as the API leaves it out.
fn push_optional(out: &mut String, key: &str, value: Option<&str>) {
    let Some(value) = value else {
        return;
    };
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":");
    write_string(out, value);
}

fn push_summary(out: &mut String, s: &Summary) {
    let counts = [
        ("users", s.users),
        ("holdingSeats", s.holding_seats),
        ("reclaim", s.reclaim),
        ("keptNoSeatUid", s.kept_no_seat_uid),
        ("keptListed", s.kept_listed),
        ("keptActive", s.kept_active),
        ("keptNeverActive", s.kept_never_active),
    ];
    for (index, (key, count)) in counts.into_iter().enumerate() {
        out.push(if index == 0 { '{' } else { ',' });
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
        push_uint(out, count as u64);
    }
    out.push('}');
}

#[cfg(test)]
mod tests;
