use super::*;
use crate::matching::RustLower;
use crate::plan_input::UserFacts;
use crate::reclaim::{edits_of, plan_reclaim, NeverActive, Policy, SeatKind};
use crate::roster::Roster;
use crate::time::{format_iso_ms, parse_rfc3339_ms};
use crate::types::User;
use serde_json::{json, Value};

fn user(i: usize, name: &str, login: Option<&str>) -> User {
    User {
        id: Some(format!("id{i}")),
        email: Some(format!("u{i}@example.com")),
        name: Some(name.into()),
        seat_uid: Some(format!("seat{i}")),
        access_seat: Some(true),
        gateway_seat: Some(i % 2 == 0),
        last_successful_login: login.map(Into::into),
        ..User::default()
    }
}

fn facts(users: &[User]) -> Vec<UserFacts<'_>> {
    users.iter().map(UserFacts::from).collect()
}

fn plan_of(users: &[UserFacts]) -> Plan {
    let policy = Policy {
        now_ms: parse_rfc3339_ms("2026-12-01T00:00:00Z").unwrap(),
        inactive_days: 30,
        seats: SeatKind::Any,
        keep: Vec::new(),
        never_active: NeverActive::Keep,
    };
    plan_reclaim(users, &[], &policy, &RustLower).unwrap().0
}

#[test]
fn the_text_is_the_plan_as_json_with_every_field_of_each_decision() {
    let users = [
        user(0, "Ann \"A\" \\ O'Neil\n", Some("2026-01-01T00:00:00Z")),
        user(1, "Ünal 😀", Some("2026-11-30T00:00:00Z")),
        User {
            name: None,
            ..user(2, "", None)
        },
    ];
    let plan = plan_of(&facts(&users));
    let parsed: Value =
        serde_json::from_str(&plan_json(&plan, &Roster::from_facts(&facts(&users)))).unwrap();
    let decision = |i: usize| {
        let d = &plan.decisions[i];
        let mut out = json!({ "action": d.action.as_str(), "reason": plan.reason(d) });
        let user = &users[d.user];
        for (key, value) in [
            ("email", &user.email),
            ("name", &user.name),
            ("seat_uid", &user.seat_uid),
        ] {
            if let Some(value) = value {
                out[key] = json!(value);
            }
        }
        if let Some(ms) = d.last_active_ms {
            out["lastActive"] = json!(format_iso_ms(ms));
        }
        if let Some(from) = d.last_active_from {
            out["lastActiveFrom"] = json!(from.as_str());
        }
        out
    };
    assert_eq!(
        parsed,
        json!({
            "edits": [{ "seat_uid": "seat0", "access_seat": false, "gateway_seat": false }],
            "decisions": [decision(0), decision(1), decision(2)],
            "summary": {
                "users": 3, "holdingSeats": 3, "reclaim": 1, "keptNoSeatUid": 0,
                "keptListed": 0, "keptActive": 1, "keptNeverActive": 1
            }
        })
    );
    assert_eq!(parsed["decisions"][0]["name"], "Ann \"A\" \\ O'Neil\n");
    assert_eq!(parsed["decisions"][1]["name"], "Ünal 😀");
    assert_eq!(
        parsed["decisions"][2].get("name"),
        None,
        "a missing name is left out"
    );
    assert_eq!(parsed["decisions"][0]["lastActiveFrom"], "login");
}

#[test]
fn an_empty_plan_is_empty_lists_and_zero_counts() {
    let plan = plan_of(&[]);
    assert_eq!(
        plan_json(&plan, &Roster::default()),
        r#"{"edits":[],"decisions":[],"summary":{"users":0,"holdingSeats":0,"reclaim":0,"keptNoSeatUid":0,"keptListed":0,"keptActive":0,"keptNeverActive":0}}"#
    );
}

#[test]
fn the_pieces_written_in_slices_are_the_whole_text() {
    let users: Vec<User> = (0..7)
        .map(|i| user(i, "Zoë", (i % 3 > 0).then_some("2026-01-01T00:00:00Z")))
        .collect();
    let facts = facts(&users);
    let plan = plan_of(&facts);
    let roster = Roster::from_facts(&facts);
    let slices = [0..3, 3..6, 6..7];
    let mut sliced = EDITS_OPEN.to_string();
    let mut any = false;
    for range in slices.clone() {
        push_edits(&mut sliced, &plan, &roster, range, &mut any);
    }
    assert!(
        sliced.starts_with(r#"{"edits":[{"seat_uid":"seat1""#),
        "{sliced}"
    );
    sliced.push_str(DECISIONS_OPEN);
    for range in slices {
        push_decisions(&mut sliced, &plan, &roster, range);
    }
    push_tail(&mut sliced, &plan);
    assert_eq!(sliced, plan_json(&plan, &roster));
    let parsed: Value = serde_json::from_str(&sliced).unwrap();
    assert_eq!(parsed["decisions"].as_array().unwrap().len(), 7);
    // Users 1, 2, 4 and 5 logged in long ago; 0, 3 and 6 never did (kept).
    let uids: Vec<&str> = parsed["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edit| edit["seat_uid"].as_str().unwrap())
        .collect();
    assert_eq!(uids, ["seat1", "seat2", "seat4", "seat5"]);
    let edits: Value =
        serde_json::from_str(&crate::request::body_json(&edits_of(&plan, &roster))).unwrap();
    assert_eq!(
        parsed["edits"], edits,
        "the edits as the request body writes them"
    );
}
