use super::*;

fn strs(list: &[&str]) -> Vec<OptionValue> {
    list.iter()
        .map(|s| OptionValue::Str(s.to_string()))
        .collect()
}

#[test]
fn addresses_are_trimmed_and_count_once_whatever_their_case() {
    let wanted = wanted_emails(
        &strs(&["  Ann@Example.com ", "ann@example.com", "bo@x.io"]),
        &RustLower,
    )
    .unwrap();
    assert_eq!(
        wanted,
        vec![
            Wanted {
                email: "Ann@Example.com".into(),
                key: "ann@example.com".into()
            },
            Wanted {
                email: "bo@x.io".into(),
                key: "bo@x.io".into()
            },
        ]
    );
}

#[test]
fn a_bad_address_names_its_index() {
    for bad in [
        "nobody",
        "a@",
        "@b.c",
        "a b@c.d",
        "",
        "  ",
        "a@b@c",
        "a\u{7}@b.c",
    ] {
        let err = wanted_emails(&strs(&["ok@x.io", "ok2@x.io", bad]), &RustLower).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("emails[2]"), "{bad:?}");
        assert_eq!(
            err.message(),
            "emails[2] must be an email address (name@domain)"
        );
    }
    let err = wanted_emails(
        &[OptionValue::Str("a@b.c".into()), OptionValue::Num(1.0)],
        &RustLower,
    )
    .unwrap_err();
    assert_eq!(err.message(), "emails[1] must be a string, not a number");
}

#[test]
fn plus_and_unicode_addresses_are_valid() {
    let wanted = wanted_emails(
        &strs(&["a+b@example.com", "Ünal@Bücher.example"]),
        &RustLower,
    )
    .unwrap();
    assert_eq!(wanted[1].key, "ünal@bücher.example");
}

#[test]
fn strategy_finishes_the_listing_only_when_that_is_fewer_requests() {
    assert_eq!(choose_strategy(Some(0), 1), Strategy::FinishListing);
    assert_eq!(choose_strategy(Some(2), 3), Strategy::FinishListing);
    assert_eq!(choose_strategy(Some(3), 3), Strategy::LookUpEach);
    assert_eq!(choose_strategy(Some(9), 3), Strategy::LookUpEach);
    assert_eq!(choose_strategy(None, 100), Strategy::LookUpEach);
}

#[test]
fn matching_is_exact_case_insensitive_and_reports_each_address_once() {
    let wanted = wanted_emails(
        &strs(&["dana.lee@example.com", "ann@example.com", "zed@example.com"]),
        &RustLower,
    )
    .unwrap();
    let users = [
        Some("annie@example.com"), // a substring match of the API's filter: not Ann
        Some("Dana.Lee@example.com"),
        Some(" ANN@example.com"),
        None,
        Some("dana.lee@example.com"),
    ];
    let m = match_emails(&wanted, &users, &RustLower);
    assert_eq!(m.found, vec![(1, 2)]);
    assert_eq!(m.missing, vec![2]);
    assert_eq!(m.ambiguous, vec![(0, vec![1, 4])]);
}
