use super::*;
use crate::matching::RustLower;
use crate::plan_input::OwnerFacts;
use std::borrow::Cow;

fn text(value: &str) -> Option<Cow<'_, str>> {
    Some(Cow::Borrowed(value))
}

fn user<'a>(id: &'a str, email: &'a str, login: Option<&'a str>) -> UserFacts<'a> {
    UserFacts {
        id: text(id),
        email: text(email),
        name: text("Zoë"),
        seat_uid: text("seat"),
        access_seat: Some(true),
        gateway_seat: None,
        last_successful_login: login.map(Cow::Borrowed),
        created_at: None,
    }
}

fn device<'a>(seen: &'a str, id: Option<&'a str>, email: Option<&'a str>) -> DeviceFacts<'a> {
    DeviceFacts {
        last_seen_at: text(seen),
        user: Some(OwnerFacts {
            id: id.map(Cow::Borrowed),
            email: email.map(Cow::Borrowed),
        }),
    }
}

#[test]
fn a_user_keeps_its_texts_flags_and_parsed_times() {
    let roster = Roster::from_facts(&[
        user("u0", "a@example.com", Some("2026-01-01T00:00:00Z")),
        UserFacts::default(),
    ]);
    assert_eq!(roster.len(), 2);
    assert_eq!(
        (
            roster.id(0),
            roster.email(0),
            roster.name(0),
            roster.seat_uid(0)
        ),
        (Some("u0"), Some("a@example.com"), Some("Zoë"), Some("seat"))
    );
    assert_eq!(roster.seats(0), (true, false));
    assert_eq!(roster.login(0), parse_rfc3339_ms("2026-01-01T00:00:00Z"));
    assert_eq!((roster.created(0), roster.bad_time()), (None, None));
    assert_eq!(
        (
            roster.id(1),
            roster.name(1),
            roster.login(1),
            roster.seats(1)
        ),
        (None, None, None, (false, false))
    );
    assert_eq!((roster.id(2), roster.seats(2)), (None, (false, false)));
    assert_eq!(roster.text_len(), "u0a@example.comZoëseat".len());
}

#[test]
fn the_first_bad_user_time_is_remembered_and_the_rest_still_read() {
    let mut late = user("u2", "c@example.com", None);
    late.created_at = text("yesterday");
    let roster = Roster::from_facts(&[
        user("u0", "a@example.com", Some("2026-01-01T00:00:00Z")),
        user("u1", "b@example.com", Some("")),
        late,
    ]);
    assert_eq!(roster.len(), 3);
    assert_eq!(
        roster.bad_time().map(SeatsError::message).as_deref(),
        Some("users[1].last_successful_login must be an RFC 3339 date-time")
    );
    assert_eq!(roster.email(2), Some("c@example.com"));
}

#[test]
fn registrations_fold_into_the_latest_time_of_their_user_by_id_then_email() {
    let roster = Roster::from_facts(&[
        user("u0", "a@example.com", None),
        user("u1", " B@Example.com ", None),
        user("u0", "dup@example.com", None),
    ]);
    let mut activity = Activity::new(&roster, &RustLower);
    let registrations = [
        device("2026-01-02T00:00:00Z", Some("u0"), None),
        device("2026-01-01T00:00:00Z", Some("u0"), None),
        device(
            "2026-02-01T00:00:00Z",
            Some("nobody"),
            Some("b@example.COM"),
        ),
        device("2026-03-01T00:00:00Z", None, Some("dup@example.com")),
        device(
            "2026-04-01T00:00:00Z",
            Some("nobody"),
            Some("nobody@example.com"),
        ),
    ];
    for (index, registration) in registrations.iter().enumerate() {
        activity.add(index, registration);
    }
    let times = activity.finish();
    assert_eq!(times.of(0), parse_rfc3339_ms("2026-01-02T00:00:00Z"));
    assert_eq!(times.of(1), parse_rfc3339_ms("2026-02-01T00:00:00Z"));
    assert_eq!(times.of(2), parse_rfc3339_ms("2026-03-01T00:00:00Z"));
    assert_eq!((times.of(3), times.bad_time()), (None, None));
}

#[test]
fn the_first_bad_registration_time_is_remembered_matched_or_not() {
    let roster = Roster::from_facts(&[user("u0", "a@example.com", None)]);
    let mut activity = Activity::new(&roster, &RustLower);
    activity.add(0, &device("2026-01-01T00:00:00Z", Some("u0"), None));
    activity.add(7, &device("soon", Some("nobody"), None));
    activity.add(8, &device("", Some("u0"), None));
    activity.add(9, &device("2026-05-01T00:00:00Z", Some("u0"), None));
    let times = activity.finish();
    assert_eq!(
        times.bad_time().map(SeatsError::message).as_deref(),
        Some("devices[7].last_seen_at must be an RFC 3339 date-time")
    );
    assert_eq!(times.of(0), parse_rfc3339_ms("2026-05-01T00:00:00Z"));
}
