//! A reclaim plan as JSON text, for `planReclaim` to hand to JS in one string that the engine's
//! own `JSON.parse` turns into objects. Building ~100,000 decisions property by property across
//! the wasm boundary cost over a second; one string and one parse cost a fraction of that.
//! The shape is `ReclaimPlan` (`src/wasm/types_ts.rs`): `{ edits, decisions, summary }`.

use crate::json::write_string;
use crate::plan_input::UserFacts;
use crate::reclaim::{Decision, Plan, Summary};
use crate::request::body_json;
use crate::time::{push_iso_ms, push_uint};

/// `{"edits":[…],"decisions":[…],"summary":{…}}`; each decision names its user by email,
/// name and seat UID (those the user has).
pub fn plan_json(plan: &Plan, users: &[UserFacts]) -> String {
    let mut out = String::with_capacity(64 + plan.edits.len() * 80 + plan.decisions.len() * 320);
    out.push_str(r#"{"edits":"#);
    out.push_str(&body_json(&plan.edits));
    out.push_str(r#","decisions":["#);
    for (index, decision) in plan.decisions.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_decision(&mut out, decision, users.get(decision.user));
    }
    out.push_str(r#"],"summary":"#);
    push_summary(&mut out, &plan.summary);
    out.push('}');
    out
}

fn push_decision(out: &mut String, decision: &Decision, user: Option<&UserFacts>) {
    out.push_str(r#"{"action":"#);
    write_string(out, decision.action.as_str());
    out.push_str(r#","reason":"#);
    write_string(out, &decision.reason);
    push_optional(out, "email", user.and_then(|u| u.email.as_deref()));
    push_optional(out, "name", user.and_then(|u| u.name.as_deref()));
    push_optional(out, "seat_uid", user.and_then(|u| u.seat_uid.as_deref()));
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
