use super::*;
use crate::endpoints::registrations::list_registrations;
use crate::endpoints::users::list_users;
use crate::options::test_values::{map, s};

#[test]
fn users_query_defaults_to_1000_per_page() {
    let q = users_query(&OptionValue::Absent, false).unwrap();
    assert_eq!(q.per_page, 1000);
    let url = list_users("abc", &q, 1).url("https://h/v4/");
    assert_eq!(
        url,
        "https://h/v4/accounts/abc/access/users?per_page=1000&page=1"
    );
}

#[test]
fn users_filters_are_encoded_exactly_in_a_fixed_order() {
    let q = users_query(
        &map(&[
            ("search", s("a b&c=d")),
            ("perPage", OptionValue::Num(50.0)),
            ("email", s("a+b@example.com")),
            ("name", s("Zoë")),
        ]),
        false,
    )
    .unwrap();
    assert_eq!(
        list_users("abc", &q, 3).url("http://h"),
        "http://h/accounts/abc/access/users?email=a%2Bb%40example.com&name=Zo%C3%AB&search=a%20b%26c%3Dd&per_page=50&page=3"
    );
}

#[test]
fn devices_query_sends_status_only_when_given() {
    let q = devices_query(&OptionValue::Absent).unwrap();
    assert_eq!(
        list_registrations("abc", &q, None).url("http://h"),
        "http://h/accounts/abc/devices/registrations?per_page=1000"
    );
    let q = devices_query(&map(&[
        ("seenBefore", s("2026-12-01T00:00:00Z")),
        ("status", s("all")),
        ("seenAfter", s("2026-01-01T00:00:00+01:00")),
        ("perPage", OptionValue::Num(2.0)),
    ]))
    .unwrap();
    assert_eq!(
        list_registrations("abc", &q, Some("c/1=")).url("http://h"),
        "http://h/accounts/abc/devices/registrations?status=all&seen_after=2026-01-01T00%3A00%3A00%2B01%3A00&seen_before=2026-12-01T00%3A00%3A00Z&per_page=2&cursor=c%2F1%3D"
    );
}

fn users_err(query: OptionValue, with_page: bool) -> String {
    users_query(&query, with_page).unwrap_err().message()
}

#[test]
fn bad_users_queries_name_their_field() {
    assert_eq!(
        users_err(s("x"), false),
        "query must be an object of query parameters, not a string"
    );
    assert_eq!(
        users_err(map(&[("per_page", OptionValue::Num(1.0))]), false),
        "query.per_page is not a query parameter of this list (known: email, name, search, perPage)"
    );
    assert_eq!(
        users_err(map(&[("page", OptionValue::Num(1.0))]), false),
        "query.page is not a query parameter of this list (known: email, name, search, perPage)"
    );
    assert_eq!(
        users_err(map(&[("email", OptionValue::Num(1.0))]), false),
        "query.email must be a string, not a number"
    );
    assert_eq!(
        users_err(map(&[("name", s(""))]), false),
        "query.name must not be empty"
    );
    assert_eq!(
        users_err(map(&[("search", s("a\nb"))]), false),
        "query.search must not contain control characters"
    );
    for bad in [0.0, 1001.0, 1.5, -1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(
            users_err(map(&[("perPage", OptionValue::Num(bad))]), false),
            "query.perPage must be a whole number from 1 to 1000"
        );
    }
    assert_eq!(
        users_err(map(&[("page", OptionValue::Num(0.0))]), true),
        "query.page must be a whole number from 1 to 1000000"
    );
    assert_eq!(
        users_query(&map(&[("page", OptionValue::Num(7.0))]), true)
            .unwrap()
            .page,
        Some(7)
    );
}

#[test]
fn bad_devices_queries_name_their_field() {
    for bad in [s("ACTIVE"), s("deleted"), s(""), OptionValue::Num(1.0)] {
        assert_eq!(
            devices_query(&map(&[("status", bad)]))
                .unwrap_err()
                .message(),
            r#"query.status must be "active", "all" or "revoked""#
        );
    }
    assert_eq!(
        devices_query(&map(&[("email", s("a@b.c"))])).unwrap_err().message(),
        "query.email is not a query parameter of this list (known: status, seenAfter, seenBefore, search, perPage)"
    );
    assert_eq!(
        devices_query(&map(&[("seenAfter", OptionValue::Other("null"))]))
            .unwrap_err()
            .message(),
        "query.seenAfter must be a string, not null"
    );
}
