use super::*;
use crate::matching::RustLower;
use crate::options::test_values::{map, s};
use crate::reclaim::KeepRule;

fn days(n: f64) -> (&'static str, OptionValue) {
    ("inactiveDays", OptionValue::Num(n))
}

fn check(input: OptionValue, keep: Option<&[OptionValue]>) -> Result<Policy, SeatsError> {
    check_policy(&input, keep, 1_000, PLAN_KEYS, &RustLower)
}

#[test]
fn defaults_are_any_seat_no_keep_list_and_keep_the_never_active() {
    let policy = check(map(&[days(90.0)]), None).unwrap();
    assert_eq!(policy.inactive_days, 90);
    assert_eq!(policy.seats, SeatKind::Any);
    assert_eq!(policy.never_active, NeverActive::Keep);
    assert!(policy.keep.is_empty());
    assert_eq!(policy.now_ms, 1_000);
}

#[test]
fn every_option_is_read() {
    let keep = [s("Ann@Example.com"), s("@Contractors.example")];
    let input = map(&[
        days(30.0),
        ("seats", s("gateway")),
        ("neverActive", s("reclaim")),
        ("keep", OptionValue::Other("an array")),
    ]);
    let policy = check(input, Some(&keep)).unwrap();
    assert_eq!(policy.seats, SeatKind::Gateway);
    assert_eq!(policy.never_active, NeverActive::Reclaim);
    assert_eq!(
        policy.keep,
        vec![
            KeepRule::Email("ann@example.com".into()),
            KeepRule::Domain("contractors.example".into())
        ]
    );
}

#[test]
fn bad_policies_name_their_field() {
    let message = |input: OptionValue| check(input, None).unwrap_err().message();
    assert_eq!(
        message(s("x")),
        "input must be an object of reclaim options, not a string"
    );
    assert_eq!(
        message(map(&[days(30.0), ("inactive_days", OptionValue::Num(3.0))])),
        "inactive_days is not a reclaim option (known: users, devices, now, inactiveDays, seats, keep, neverActive)"
    );
    assert_eq!(
        message(map(&[])),
        check_inactive_days(&OptionValue::Absent)
            .unwrap_err()
            .message()
    );
    assert_eq!(
        message(map(&[days(30.0), ("seats", s("both"))])),
        r#"seats must be "any", "access" or "gateway""#
    );
    assert_eq!(
        message(map(&[days(30.0), ("neverActive", OptionValue::Num(1.0))])),
        r#"neverActive must be "keep" or "reclaim""#
    );
    assert_eq!(
        message(map(&[days(30.0), ("keep", s("a@b.c"))])),
        "keep must be an array of emails or @domains, not a string"
    );
}
