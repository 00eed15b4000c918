//! A reclaim plan as JSON text, for `planReclaim` to hand to JS in one string that the engine's
//! own `JSON.parse` turns into objects. Building ~100,000 decisions property by property across
//! the wasm boundary cost over a second; one string and one parse cost a fraction of that.
//! The shape is `ReclaimPlan` (`src/wasm/types_ts.rs`): `{ edits, decisions, summary }`.

use core::ops::Range;

use crate::json::write_string;
use crate::reclaim::{Decision, Plan, Summary};
use crate::request::{body_json_len, push_body_json};
use crate::roster::Roster;
use crate::time::{push_iso_ms, push_uint};

/// `{"edits":[…],"decisions":[…],"summary":{…}}`; each decision names its user by email,
/// name and seat UID (those the user has).
pub fn plan_json(plan: &Plan, users: &Roster) -> String {
    let (head, tail) = plan_json_ends(plan);
    let mut out = String::with_capacity(head.len() + plan.decisions.len() * 320 + tail.len());
    out.push_str(&head);
    push_decisions(&mut out, plan, users, 0..plan.decisions.len());
    out.push_str(&tail);
    out
}

/// [`plan_json`]'s text before the decisions (`{"edits":[…],"decisions":[`) and after them
/// (`],"summary":{…}}`): the caller writes the decisions between a slice at a time
/// ([`push_decisions`]), so the text of 100,000 of them (~25 MB) is never made at once.
pub fn plan_json_ends(plan: &Plan) -> (String, String) {
    let mut head = String::with_capacity(32 + body_json_len(&plan.edits));
    head.push_str(r#"{"edits":"#);
    push_body_json(&mut head, &plan.edits);
    head.push_str(r#","decisions":["#);
    let mut tail = String::with_capacity(192);
    tail.push_str(r#"],"summary":"#);
    push_summary(&mut tail, &plan.summary);
    tail.push('}');
    (head, tail)
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
