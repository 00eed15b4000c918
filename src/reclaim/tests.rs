use super::*;
use crate::matching::RustLower;
use crate::time::{format_iso_ms, parse_rfc3339_ms};
use crate::types::{DeviceRegistration, RegistrationUser, User};

/// 2026-12-01T00:00:00Z.
const NOW: i64 = 1_796_083_200_000;

fn at(text: &str) -> i64 {
    parse_rfc3339_ms(text).unwrap()
}

fn ago(ms: i64) -> String {
    format_iso_ms(NOW - ms)
}

/// User `i`: id `id{i}`, `u{i}@example.com`, seat `seat{i}`, both seats, no activity.
fn user(i: usize) -> User {
    User {
        id: Some(format!("id{i}")),
        email: Some(format!("u{i}@example.com")),
        seat_uid: Some(format!("seat{i}")),
        access_seat: Some(true),
        gateway_seat: Some(true),
        ..User::default()
    }
}

fn login(i: usize, when: &str) -> User {
    User {
        last_successful_login: Some(when.into()),
        ..user(i)
    }
}

fn device(id: Option<&str>, email: Option<&str>, seen: &str) -> DeviceRegistration {
    DeviceRegistration {
        last_seen_at: Some(seen.into()),
        user: Some(RegistrationUser {
            id: id.map(Into::into),
            email: email.map(Into::into),
            name: None,
        }),
        ..DeviceRegistration::default()
    }
}

fn policy(days: u32) -> Policy {
    Policy {
        now_ms: NOW,
        inactive_days: days,
        seats: SeatKind::Any,
        keep: Vec::new(),
        never_active: NeverActive::Keep,
    }
}

/// The planner on owned test data: `plan_reclaim` reads borrowed facts of it.
fn plan_of(
    users: &[User],
    devices: &[DeviceRegistration],
    policy: &Policy,
) -> Result<(Plan, Vec<SeatEdit>), SeatsError> {
    let users: Vec<UserFacts> = users.iter().map(UserFacts::from).collect();
    let devices: Vec<DeviceFacts> = devices.iter().map(DeviceFacts::from).collect();
    plan_reclaim(&users, &devices, policy, &RustLower)
}

fn plan(users: &[User], devices: &[DeviceRegistration], policy: &Policy) -> (Plan, Vec<SeatEdit>) {
    let (plan, edits) = plan_of(users, devices, policy).unwrap();
    let s = plan.summary;
    assert_eq!(
        s.kept_no_seat_uid + s.kept_listed + s.kept_active + s.kept_never_active + s.reclaim,
        s.holding_seats,
        "{s:?}"
    );
    assert_eq!(plan.decisions.len(), s.holding_seats);
    assert_eq!(edits.len(), s.reclaim);
    (plan, edits)
}

fn actions(plan: &Plan) -> Vec<(usize, Action)> {
    plan.decisions.iter().map(|d| (d.user, d.action)).collect()
}

fn reasons(plan: &Plan) -> Vec<String> {
    plan.decisions.iter().map(|d| plan.reason(d)).collect()
}

fn error(users: &[User], devices: &[DeviceRegistration], policy: &Policy) -> String {
    plan_of(users, devices, policy).unwrap_err().message()
}

fn strs(list: &[&str]) -> Vec<OptionValue> {
    list.iter()
        .map(|s| OptionValue::Str(s.to_string()))
        .collect()
}

#[test]
fn now_is_the_first_of_december() {
    assert_eq!(NOW, at("2026-12-01T00:00:00Z"));
}

#[test]
fn exactly_inactive_days_ago_is_active_one_ms_more_is_not() {
    let users = [
        login(0, &ago(30 * DAY_MS)),
        login(1, &ago(30 * DAY_MS + 1)),
        login(2, &ago(30 * DAY_MS - 1)),
    ];
    let (plan, edits) = plan(&users, &[], &policy(30));
    assert_eq!(
        actions(&plan),
        vec![(0, Action::Keep), (1, Action::Remove), (2, Action::Keep)]
    );
    assert_eq!(
        edits,
        vec![SeatEdit {
            access_seat: false,
            gateway_seat: false,
            seat_uid: "seat1".into()
        }]
    );
    assert_eq!(
        reasons(&plan),
        vec![
            "active 2026-11-01 (30 days ago: login)",
            "last active 2026-10-31 (30 days ago: login)",
            "active 2026-11-01 (29 days ago: login)",
        ]
    );
    assert_eq!(
        plan.decisions[1].last_active_ms,
        Some(NOW - 30 * DAY_MS - 1)
    );
    assert_eq!(plan.decisions[1].last_active_from, Some(ActiveFrom::Login));
}

#[test]
fn time_zones_decide_which_side_of_the_boundary_a_login_falls() {
    // The boundary of 30 days is 2026-11-01T00:00:00Z.
    let users = [
        // Reads as after the boundary, but is 2026-10-31T23:00:00Z.
        login(0, "2026-11-01T01:00:00+02:00"),
        // Reads as before it, but is exactly 2026-11-01T00:00:00Z.
        login(1, "2026-10-31T20:00:00-04:00"),
        // 2026-11-01T00:00:00.001Z.
        login(2, "2026-10-31T16:00:00.001-08:00"),
    ];
    let (plan, edits) = plan(&users, &[], &policy(30));
    assert_eq!(
        actions(&plan),
        vec![(0, Action::Remove), (1, Action::Keep), (2, Action::Keep)]
    );
    assert_eq!(edits[0].seat_uid, "seat0");
    assert_eq!(
        plan.reason(&plan.decisions[0]),
        "last active 2026-10-31 (30 days ago: login)"
    );
}

#[test]
fn the_latest_of_login_and_devices_counts() {
    let users = [
        login(0, "2026-01-01T00:00:00Z"),
        login(1, "2026-11-28T00:00:00Z"),
        login(2, "2026-03-02T10:00:00Z"),
    ];
    let devices = [
        device(Some("id0"), None, "2026-02-01T00:00:00Z"),
        device(Some("id0"), None, "2026-11-28T12:00:00Z"),
        device(Some("id0"), None, "2026-06-01T00:00:00Z"),
        device(Some("id1"), None, "2026-01-01T00:00:00Z"),
        device(Some("id2"), None, "2026-03-02T10:00:00Z"),
    ];
    let (plan, _) = plan(&users, &devices, &policy(90));
    assert_eq!(
        reasons(&plan),
        vec![
            "active 2026-11-28 (2 days ago: device)",
            "active 2026-11-28 (3 days ago: login)",
            // A tie goes to the login.
            "last active 2026-03-02 (273 days ago: login)",
        ]
    );
    let from: Vec<_> = plan.decisions.iter().map(|d| d.last_active_from).collect();
    assert_eq!(
        from,
        vec![
            Some(ActiveFrom::Device),
            Some(ActiveFrom::Login),
            Some(ActiveFrom::Login)
        ]
    );
    assert_eq!(
        plan.decisions[0].last_active_ms,
        Some(at("2026-11-28T12:00:00Z"))
    );
}

#[test]
fn a_device_alone_is_activity_and_revoked_or_deleted_ones_count() {
    let users = [user(0), user(1), user(2)];
    let revoked = DeviceRegistration {
        revoked_at: Some("2026-11-29T00:00:00Z".into()),
        ..device(Some("id0"), None, "2026-11-20T00:00:00Z")
    };
    let deleted = DeviceRegistration {
        deleted_at: Some("2026-11-29T00:00:00Z".into()),
        ..device(Some("id1"), None, "2026-11-21T00:00:00Z")
    };
    let old = device(Some("id2"), None, "2025-11-21T00:00:00Z");
    let (plan, _) = plan(&users, &[revoked, deleted, old], &policy(30));
    assert_eq!(
        actions(&plan),
        vec![(0, Action::Keep), (1, Action::Keep), (2, Action::Remove)]
    );
    assert_eq!(
        reasons(&plan),
        vec![
            "active 2026-11-20 (11 days ago: device)",
            "active 2026-11-21 (10 days ago: device)",
            "last active 2025-11-21 (375 days ago: device)",
        ]
    );
}

#[test]
fn registrations_match_by_id_then_by_email() {
    let users = [user(0), user(1), user(2), user(3), user(4)];
    let recent = "2026-11-30T00:00:00Z";
    let devices = [
        // By id, although the email is someone else's.
        device(Some("id0"), Some("u4@example.com"), recent),
        // No id: by email, trimmed and case-insensitive.
        device(None, Some("  U1@Example.COM "), recent),
        // An id no user has: by email.
        device(Some("gone"), Some("u2@example.com"), recent),
        // Matching nobody: ignored.
        device(Some("gone"), Some("nobody@example.com"), recent),
        device(None, None, recent),
        DeviceRegistration {
            user: None,
            ..device(None, None, recent)
        },
        // No last_seen_at: nothing to learn.
        DeviceRegistration {
            last_seen_at: None,
            ..device(Some("id3"), None, recent)
        },
    ];
    let (plan, _) = plan(&users, &devices, &policy(30));
    assert_eq!(
        actions(&plan),
        vec![
            (0, Action::Keep),
            (1, Action::Keep),
            (2, Action::Keep),
            (3, Action::Keep),
            (4, Action::Keep),
        ]
    );
    let from: Vec<_> = plan.decisions.iter().map(|d| d.last_active_from).collect();
    assert_eq!(
        from,
        vec![
            Some(ActiveFrom::Device),
            Some(ActiveFrom::Device),
            Some(ActiveFrom::Device),
            None,
            None
        ]
    );
    assert_eq!(plan.summary.kept_active, 3);
    assert_eq!(plan.summary.kept_never_active, 2);
}

#[test]
fn a_shared_email_or_id_goes_to_the_first_user() {
    let mut twin = user(1);
    twin.email = Some("U0@EXAMPLE.COM".into());
    let mut same_id = user(2);
    same_id.id = Some("id0".into());
    let users = [user(0), twin, same_id];
    let devices = [
        device(None, Some("u0@example.com"), "2026-11-30T00:00:00Z"),
        device(Some("id0"), None, "2026-11-29T00:00:00Z"),
    ];
    let (plan, _) = plan(&users, &devices, &policy(30));
    let from: Vec<_> = plan.decisions.iter().map(|d| d.last_active_from).collect();
    assert_eq!(from, vec![Some(ActiveFrom::Device), None, None]);
    assert_eq!(
        plan.decisions[0].last_active_ms,
        Some(at("2026-11-30T00:00:00Z"))
    );
}

#[test]
fn never_active_users_are_kept_by_default() {
    let old = User {
        created_at: Some("2025-01-05T08:00:00Z".into()),
        ..user(0)
    };
    let (plan, edits) = plan(&[old, user(1)], &[], &policy(30));
    assert_eq!(actions(&plan), vec![(0, Action::Keep), (1, Action::Keep)]);
    assert_eq!(
        reasons(&plan),
        vec![
            "never active (no login, no device): kept",
            "never active (no login, no device): kept"
        ]
    );
    for decision in &plan.decisions {
        assert_eq!(decision.last_active_ms, None);
        assert_eq!(decision.last_active_from, None);
    }
    assert_eq!(plan.summary.kept_never_active, 2);
    assert!(edits.is_empty());
}

#[test]
fn never_active_users_under_reclaim_are_judged_by_creation() {
    let users = [
        User {
            created_at: Some("2025-01-05T00:00:00Z".into()),
            ..user(0)
        },
        User {
            created_at: Some(ago(DAY_MS)),
            ..user(1)
        },
        user(2),
        // A login makes the creation irrelevant.
        User {
            created_at: Some("2020-01-01T00:00:00Z".into()),
            ..login(3, "2026-11-30T00:00:00Z")
        },
    ];
    let mut policy = policy(30);
    policy.never_active = NeverActive::Reclaim;
    let (plan, edits) = plan(&users, &[], &policy);
    assert_eq!(
        actions(&plan),
        vec![
            (0, Action::Remove),
            (1, Action::Keep),
            (2, Action::Keep),
            (3, Action::Keep)
        ]
    );
    assert_eq!(
        reasons(&plan),
        vec![
            "never active; created 2025-01-05 (695 days ago)",
            "never active; created 2026-11-30 (1 day ago): too recent to reclaim",
            "never active (no login, no device) and no created_at: kept",
            "active 2026-11-30 (1 day ago: login)",
        ]
    );
    let from: Vec<_> = plan.decisions.iter().map(|d| d.last_active_from).collect();
    assert_eq!(
        from,
        vec![
            Some(ActiveFrom::Created),
            Some(ActiveFrom::Created),
            None,
            Some(ActiveFrom::Login)
        ]
    );
    assert_eq!(
        plan.summary,
        Summary {
            users: 4,
            holding_seats: 4,
            reclaim: 1,
            kept_no_seat_uid: 0,
            kept_listed: 0,
            kept_active: 2,
            kept_never_active: 1,
        }
    );
    assert_eq!(edits[0].seat_uid, "seat0");
}

#[test]
fn each_seat_kind_with_each_flag_combination() {
    let flags = [None, Some(false), Some(true)];
    // (kind, access, gateway) -> the action and the edit's flags, or None for no decision.
    let expected = |kind: SeatKind, access: bool, gateway: bool| match kind {
        SeatKind::Any if access || gateway => Some((Action::Remove, false, false)),
        SeatKind::Access if access && gateway => Some((Action::RemoveAccess, false, true)),
        SeatKind::Access if access => Some((Action::Remove, false, false)),
        SeatKind::Gateway if access && gateway => Some((Action::RemoveGateway, true, false)),
        SeatKind::Gateway if gateway => Some((Action::Remove, false, false)),
        _ => None,
    };
    let mut cases = 0;
    for kind in [SeatKind::Any, SeatKind::Access, SeatKind::Gateway] {
        for access in flags {
            for gateway in flags {
                let user = User {
                    access_seat: access,
                    gateway_seat: gateway,
                    ..login(0, "2025-01-01T00:00:00Z")
                };
                let mut policy = policy(30);
                policy.seats = kind;
                let (plan, edits) = plan(&[user], &[], &policy);
                let want = expected(kind, access == Some(true), gateway == Some(true));
                let label = format!("{kind:?} {access:?} {gateway:?}");
                match want {
                    None => {
                        assert!(plan.decisions.is_empty(), "{label}");
                        assert!(edits.is_empty(), "{label}");
                        assert_eq!(plan.summary.holding_seats, 0, "{label}");
                    }
                    Some((action, access_after, gateway_after)) => {
                        assert_eq!(actions(&plan), vec![(0, action)], "{label}");
                        assert_eq!(
                            edits,
                            vec![SeatEdit {
                                access_seat: access_after,
                                gateway_seat: gateway_after,
                                seat_uid: "seat0".into()
                            }],
                            "{label}"
                        );
                    }
                }
                assert_eq!(plan.summary.users, 1);
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 27);
}

#[test]
fn access_only_reclaim_leaves_gateway_and_skips_gateway_only_users() {
    let gateway_only = User {
        access_seat: Some(false),
        ..login(1, "2025-01-01T00:00:00Z")
    };
    let users = [login(0, "2025-01-01T00:00:00Z"), gateway_only];
    let mut policy = policy(30);
    policy.seats = SeatKind::Access;
    let (plan, edits) = plan(&users, &[], &policy);
    assert_eq!(actions(&plan), vec![(0, Action::RemoveAccess)]);
    assert_eq!(plan.decisions[0].action.as_str(), "remove-access");
    assert_eq!(
        edits,
        vec![SeatEdit {
            access_seat: false,
            gateway_seat: true,
            seat_uid: "seat0".into()
        }]
    );
    assert_eq!(plan.summary.users, 2);
    assert_eq!(plan.summary.holding_seats, 1);
}

#[test]
fn the_keep_list_matches_exact_addresses_and_exact_domains() {
    let with_email = |i: usize, email: &str| User {
        email: Some(email.into()),
        ..login(i, "2025-01-01T00:00:00Z")
    };
    let users = [
        with_email(0, "Ann@Example.com"),
        with_email(1, " bo@CONTRACTORS.example "),
        with_email(2, "x@sub.example.com"),
        with_email(3, "x@example.com"),
        with_email(4, "Zoë@ÉXAMPLE.fr"),
        User {
            email: None,
            ..login(5, "2025-01-01T00:00:00Z")
        },
        with_email(6, "ann@example.com.evil"),
    ];
    let keep = keep_rules(
        &strs(&["ann@example.com", " @Contractors.Example", "@éxample.FR"]),
        &RustLower,
    )
    .unwrap();
    let mut policy = policy(30);
    policy.keep = keep;
    let (plan, _) = plan(&users, &[], &policy);
    assert_eq!(
        actions(&plan),
        vec![
            (0, Action::Keep),
            (1, Action::Keep),
            (2, Action::Remove),
            (3, Action::Remove),
            (4, Action::Keep),
            (5, Action::Remove),
            (6, Action::Remove),
        ]
    );
    assert_eq!(
        &reasons(&plan)[..2],
        &[
            "on the keep list (ann@example.com)",
            "on the keep list (@contractors.example)"
        ]
    );
    assert_eq!(
        plan.reason(&plan.decisions[4]),
        "on the keep list (@éxample.fr)"
    );
    // Listed users still carry their activity.
    assert_eq!(plan.decisions[0].last_active_from, Some(ActiveFrom::Login));
    assert_eq!(plan.summary.kept_listed, 3);
    assert_eq!(plan.summary.reclaim, 4);
}

#[test]
fn the_first_matching_keep_rule_is_named() {
    let mut policy = policy(30);
    policy.keep = keep_rules(&strs(&["@example.com", "u0@example.com"]), &RustLower).unwrap();
    let (plan, _) = plan(&[login(0, "2025-01-01T00:00:00Z")], &[], &policy);
    assert_eq!(
        plan.reason(&plan.decisions[0]),
        "on the keep list (@example.com)"
    );
}

#[test]
fn no_seat_uid_comes_first_and_is_never_sent() {
    let users = [
        User {
            seat_uid: None,
            ..login(0, "2025-01-01T00:00:00Z")
        },
        User {
            seat_uid: Some(String::new()),
            ..login(1, "2025-01-01T00:00:00Z")
        },
        login(2, "2025-01-01T00:00:00Z"),
    ];
    let mut policy = policy(30);
    // Listed as well: no seat_uid still wins.
    policy.keep = keep_rules(&strs(&["u0@example.com"]), &RustLower).unwrap();
    let (plan, edits) = plan(&users, &[], &policy);
    assert_eq!(
        actions(&plan),
        vec![(0, Action::Keep), (1, Action::Keep), (2, Action::Remove)]
    );
    assert_eq!(
        plan.reason(&plan.decisions[0]),
        "no seat_uid in the API's answer: cannot be edited"
    );
    assert_eq!(plan.summary.kept_no_seat_uid, 2);
    assert_eq!(plan.summary.kept_listed, 0);
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].seat_uid, "seat2");
}

#[test]
fn summary_buckets_add_up() {
    let no_seat = User {
        access_seat: Some(false),
        gateway_seat: None,
        ..user(0)
    };
    let no_uid = User {
        seat_uid: None,
        ..login(1, "2025-01-01T00:00:00Z")
    };
    let listed = User {
        email: Some("boss@example.org".into()),
        ..login(2, "2025-01-01T00:00:00Z")
    };
    let active = login(3, "2026-11-30T00:00:00Z");
    let never = user(4);
    let idle = login(5, "2026-03-02T10:00:00Z");
    let idle_device = user(6);
    let devices = [device(Some("id6"), None, "2026-01-01T00:00:00Z")];
    let mut policy = policy(90);
    policy.keep = keep_rules(&strs(&["@example.org"]), &RustLower).unwrap();
    let users = [no_seat, no_uid, listed, active, never, idle, idle_device];
    let (plan, edits) = plan(&users, &devices, &policy);
    assert_eq!(
        plan.summary,
        Summary {
            users: 7,
            holding_seats: 6,
            reclaim: 2,
            kept_no_seat_uid: 1,
            kept_listed: 1,
            kept_active: 1,
            kept_never_active: 1,
        }
    );
    assert_eq!(
        reasons(&plan),
        vec![
            "no seat_uid in the API's answer: cannot be edited",
            "on the keep list (@example.org)",
            "active 2026-11-30 (1 day ago: login)",
            "never active (no login, no device): kept",
            "last active 2026-03-02 (273 days ago: login)",
            "last active 2026-01-01 (334 days ago: device)",
        ]
    );
    let users_decided: Vec<usize> = plan.decisions.iter().map(|d| d.user).collect();
    assert_eq!(users_decided, vec![1, 2, 3, 4, 5, 6]);
    let uids: Vec<&str> = edits.iter().map(|e| e.seat_uid.as_str()).collect();
    assert_eq!(uids, vec!["seat5", "seat6"]);
}

#[test]
fn reasons_count_whole_days_and_flag_the_future() {
    let users = [
        login(0, &ago(274 * DAY_MS + DAY_MS - 1)),
        login(1, &ago(DAY_MS - 1)),
        login(2, &ago(-5000)),
    ];
    let (plan, _) = plan(&users, &[], &policy(30));
    assert_eq!(
        reasons(&plan),
        vec![
            "last active 2026-03-01 (274 days ago: login)",
            "active 2026-11-30 (0 days ago: login)",
            "active 2026-12-01 (in the future: login)",
        ]
    );
}

#[test]
fn empty_tables_give_an_empty_plan() {
    let (plan, edits) = plan(&[], &[], &policy(30));
    assert!(edits.is_empty() && plan.decisions.is_empty());
    assert_eq!(plan.summary, Summary::default());
}

#[test]
fn a_repeated_seat_uid_is_an_error_at_its_earliest_repeat() {
    let mut users: Vec<User> = (0..6).map(user).collect();
    users[4].seat_uid = Some("seat1".into());
    users[5].seat_uid = Some("seat1".into());
    users[3].seat_uid = Some("seat0".into());
    // Users not holding a seat count too.
    users[0].access_seat = Some(false);
    users[0].gateway_seat = Some(false);
    let err = plan_of(&users, &[], &policy(30)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("users[3].seat_uid"));
    assert_eq!(
        err.message(),
        "users[3].seat_uid is also the seat_uid of users[0]"
    );
    users[3].seat_uid = Some("seat3".into());
    assert_eq!(
        error(&users, &[], &policy(30)),
        "users[4].seat_uid is also the seat_uid of users[1]"
    );
    // Empty seat_uids are none, not repeats.
    let users = [
        User {
            seat_uid: Some(String::new()),
            ..user(0)
        },
        User {
            seat_uid: Some(String::new()),
            ..user(1)
        },
    ];
    assert!(plan_of(&users, &[], &policy(30)).is_ok());
}

#[test]
fn bad_timestamps_are_errors_naming_the_field() {
    let bad_login = login(1, "2026-02-30T00:00:00Z");
    let err = plan_of(&[user(0), bad_login], &[], &policy(30)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("users[1].last_successful_login"));
    assert_eq!(
        err.message(),
        "users[1].last_successful_login must be an RFC 3339 date-time"
    );
    // created_at is checked even when never-active users are kept.
    let bad_created = User {
        created_at: Some("yesterday".into()),
        ..login(0, "2026-11-30T00:00:00Z")
    };
    assert_eq!(
        error(&[bad_created], &[], &policy(30)),
        "users[0].created_at must be an RFC 3339 date-time"
    );
    // Every registration is checked, matched or not; an empty string is not absent.
    let devices = [
        device(Some("id0"), None, "2026-11-30T00:00:00Z"),
        device(Some("gone"), None, "2026-11-30T00:00:00"),
    ];
    assert_eq!(
        error(&[user(0)], &devices, &policy(30)),
        "devices[1].last_seen_at must be an RFC 3339 date-time"
    );
    assert_eq!(
        error(&[login(0, "")], &devices, &policy(30)),
        "users[0].last_successful_login must be an RFC 3339 date-time"
    );
    // Users are checked before registrations, timestamps before seat_uids.
    let mut twin = login(1, "x");
    twin.seat_uid = Some("seat0".into());
    assert_eq!(
        error(&[user(0), twin], &devices, &policy(30)),
        "users[1].last_successful_login must be an RFC 3339 date-time"
    );
}

#[test]
fn inactive_days_must_be_a_whole_number_from_1_to_3650() {
    assert_eq!(check_inactive_days(&OptionValue::Num(1.0)), Ok(1));
    assert_eq!(check_inactive_days(&OptionValue::Num(3650.0)), Ok(3650));
    for bad in [
        OptionValue::Num(0.0),
        OptionValue::Num(3651.0),
        OptionValue::Num(1.5),
        OptionValue::Num(-30.0),
        OptionValue::Num(f64::NAN),
        OptionValue::Num(f64::INFINITY),
        OptionValue::Str("30".into()),
        OptionValue::Absent,
    ] {
        let err = check_inactive_days(&bad).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("inactiveDays"), "{bad:?}");
        assert_eq!(
            err.message(),
            "inactiveDays must be a whole number of days from 1 to 3650"
        );
    }
    for days in [0, 3651] {
        assert_eq!(
            error(&[], &[], &policy(days)),
            "inactiveDays must be a whole number of days from 1 to 3650"
        );
    }
}

#[test]
fn keep_entries_are_trimmed_and_lower_cased() {
    assert_eq!(
        keep_rules(
            &strs(&[" Ann@Example.COM ", "@Contractors.Example", "@ÉXAMPLE.fr"]),
            &RustLower
        ),
        Ok(vec![
            KeepRule::Email("ann@example.com".into()),
            KeepRule::Domain("contractors.example".into()),
            KeepRule::Domain("éxample.fr".into()),
        ])
    );
    assert_eq!(keep_rules(&[], &RustLower), Ok(Vec::new()));
}

#[test]
fn bad_keep_entries_are_errors_naming_the_entry() {
    for (index, bad) in [
        "", "@", "a@", "x", "  ", "@a@b", "a@b@c", "@", "a b@c", "@c d",
    ]
    .iter()
    .enumerate()
    {
        let mut raw = strs(&["ok@example.com"]);
        raw.extend(strs(&[bad]));
        let err = keep_rules(&raw, &RustLower).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("keep[1]"), "{index}: {bad:?}");
        assert_eq!(
            err.message(),
            "keep[1] must be an email address or @domain",
            "{bad:?}"
        );
    }
    let err = keep_rules(&[OptionValue::Num(1.0)], &RustLower).unwrap_err();
    assert_eq!(err.message(), "keep[0] must be a string, not a number");
}

#[test]
fn names_as_strings() {
    let names: Vec<&str> = [
        Action::Remove,
        Action::RemoveAccess,
        Action::RemoveGateway,
        Action::Keep,
    ]
    .iter()
    .map(|a| a.as_str())
    .collect();
    assert_eq!(names, ["remove", "remove-access", "remove-gateway", "keep"]);
    let names: Vec<&str> = [ActiveFrom::Login, ActiveFrom::Device, ActiveFrom::Created]
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(names, ["login", "device", "created"]);
}

/// `users` users (a third with a login) and `registrations` registrations (a fifth by email).
fn large_tables(users: usize, registrations: usize) -> (Vec<User>, Vec<DeviceRegistration>) {
    let table: Vec<User> = (0..users)
        .map(|i| User {
            last_successful_login: (i % 3 == 0)
                .then(|| format_iso_ms(NOW - (i as i64) * 3_600_000)),
            ..user(i)
        })
        .collect();
    let devices: Vec<DeviceRegistration> = (0..registrations)
        .map(|i| {
            let owner = (i * 7) % users;
            let seen = format_iso_ms(NOW - (i as i64 % 400) * DAY_MS);
            if i % 5 == 0 {
                device(None, Some(&format!("U{owner}@EXAMPLE.COM")), &seen)
            } else {
                device(Some(&format!("id{owner}")), None, &seen)
            }
        })
        .collect();
    (table, devices)
}

#[test]
fn deterministic_and_large() {
    let (users, devices) = large_tables(20_000, 30_000);
    let first = plan(&users, &devices, &policy(90));
    let second = plan(&users, &devices, &policy(90));
    assert_eq!(first, second);
    let summary = first.0.summary;
    assert_eq!(summary.holding_seats, 20_000);
    assert!(summary.reclaim > 0 && summary.kept_active > 0);
}

/// `cargo test --release --lib timing -- --ignored --nocapture` prints the time.
#[test]
#[ignore]
fn timing_100k_users_150k_registrations() {
    let (users, devices) = large_tables(100_000, 150_000);
    let start = std::time::Instant::now();
    let (plan, _) = plan(&users, &devices, &policy(90));
    eprintln!("planned in {:?}: {:?}", start.elapsed(), plan.summary);
}
