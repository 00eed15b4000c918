use super::*;

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn no_dates(_: &str) -> Option<f64> {
    None
}

fn read(pairs: &[(&str, &str)]) -> Option<RateLimit> {
    read_rate_limit(&h(pairs), 0.0, no_dates)
}

fn view(
    remaining: u64,
    reset_ms: u64,
    limit: Option<u64>,
    window_ms: Option<u64>,
    policy: Option<&str>,
) -> RateLimit {
    RateLimit {
        remaining,
        reset_ms,
        limit,
        window_ms,
        policy: policy.map(str::to_string),
    }
}

#[test]
fn structured_headers_as_cloudflare_documents_them() {
    assert_eq!(
        read(&[
            ("Ratelimit", "\"default\";r=50;t=30"),
            ("Ratelimit-Policy", "\"burst\";q=100;w=60"),
        ]),
        // Only one policy item: it describes the window, whatever its name.
        Some(view(50, 30_000, Some(100), Some(60_000), Some("default")))
    );
}

#[test]
fn parameters_in_any_order_unknown_ones_ignored_and_tokens_as_names() {
    assert_eq!(
        read(&[("ratelimit", "default;t=5;foo=\"x\";r=7;bar;baz=?1;q=1.5")]),
        Some(view(7, 5_000, None, None, Some("default")))
    );
}

#[test]
fn several_items_the_lowest_remaining_governs_and_its_policy_is_matched_by_name() {
    let got = read(&[
        (
            "RateLimit",
            "\"hour\";r=900;t=3000, \"burst\";r=3;t=20 ,\"day\";r=5000;t=80000",
        ),
        (
            "RateLimit-Policy",
            "\"hour\";q=1200;w=3600, \"burst\";q=100;w=60",
        ),
    ]);
    assert_eq!(
        got,
        Some(view(3, 20_000, Some(100), Some(60_000), Some("burst")))
    );
}

#[test]
fn escaped_strings_are_names() {
    let got = read(&[("RateLimit", r#""a\"b\\c";r=1;t=2"#)]);
    assert_eq!(got.unwrap().policy.as_deref(), Some(r#"a"b\c"#));
}

#[test]
fn malformed_structured_headers_are_ignored() {
    for bad in [
        "",
        "\"default\";r=50;t=",
        "\"default\";r=-1;t=30",
        "\"default\";r=50",
        "\"unterminated;r=5;t=1",
        "\"default\";r=50;t=30,",
        "(\"inner\" \"list\");r=1;t=1",
        "\"default\";R=5;t=1",
        "\"default\";r=5.5;t=1",
        "\"default\";r=1234567890123456;t=1",
        "\"é\";r=1;t=1",
        "\"default\" r=1",
    ] {
        assert_eq!(read(&[("Ratelimit", bad)]), None, "{bad:?}");
    }
}

#[test]
fn a_malformed_policy_header_only_loses_the_limit() {
    let got = read(&[
        ("Ratelimit", "\"default\";r=9;t=3"),
        ("Ratelimit-Policy", "q="),
    ]);
    assert_eq!(got, Some(view(9, 3_000, None, None, Some("default"))));
}

#[test]
fn legacy_headers_with_seconds() {
    let got = read(&[
        ("X-RateLimit-Limit", "1200"),
        ("X-RateLimit-Remaining", "17"),
        ("X-RateLimit-Reset", "42"),
    ]);
    assert_eq!(got, Some(view(17, 42_000, Some(1200), None, None)));
}

#[test]
fn a_legacy_reset_date_counts_one_second_after_it() {
    let headers = h(&[
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-reset", "Tue, 01 Dec 2026 12:00:10 GMT"),
    ]);
    let date = |text: &str| (text == "Tue, 01 Dec 2026 12:00:10 GMT").then_some(10_000.0);
    let got = read_rate_limit(&headers, 2_500.0, date).unwrap();
    assert_eq!((got.remaining, got.reset_ms), (0, 8_500));
    // A date already past: the window is over (after the extra second).
    let got = read_rate_limit(&headers, 20_000.0, date).unwrap();
    assert_eq!(got.reset_ms, 0);
}

#[test]
fn malformed_legacy_headers_are_ignored() {
    for (remaining, reset) in [
        ("-1", "5"),
        ("5", "soon"),
        ("", "5"),
        ("1e3", "5"),
        ("5", ""),
    ] {
        assert_eq!(
            read(&[
                ("X-RateLimit-Remaining", remaining),
                ("X-RateLimit-Reset", reset)
            ]),
            None,
            "{remaining:?} {reset:?}"
        );
    }
}

#[test]
fn the_structured_style_wins_over_the_legacy_one() {
    let got = read(&[
        ("X-RateLimit-Remaining", "100"),
        ("X-RateLimit-Reset", "10"),
        ("Ratelimit", "\"default\";r=4;t=2"),
    ]);
    assert_eq!(got.unwrap().remaining, 4);
}

#[test]
fn pacer_goes_until_the_budget_minus_reserve_and_in_flight_is_spent() {
    let mut pacer = Pacer::new();
    assert_eq!(
        pacer.check(0.0, None, 60_000),
        Pace::Go,
        "nothing known yet"
    );
    pacer.sent();
    pacer.ended(Some(view(13, 30_000, Some(100), None, None)), 1_000.0);
    // Reserve: 10 % of 100 = 10; 13 − 10 = 3 requests may go out.
    for _ in 0..3 {
        assert_eq!(pacer.check(1_000.0, None, 60_000), Pace::Go);
        pacer.sent();
    }
    assert_eq!(pacer.check(1_500.0, None, 60_000), Pace::Wait(29_500));
    assert_eq!(pacer.check(1_500.0, None, 10_000), Pace::TooLong(29_500));
    assert_eq!(
        pacer.check(31_000.0, None, 60_000),
        Pace::Go,
        "the window reset"
    );
    assert_eq!(
        pacer.check(1_500.0, Some(0), 60_000),
        Pace::Go,
        "no reserve: 13 − 3 > 0"
    );
}

#[test]
fn reserve_defaults_to_ten_without_a_limit_and_rounds_up() {
    let mut pacer = Pacer::new();
    assert_eq!(pacer.reserve(None), 10);
    pacer.ended(Some(view(5, 1, Some(1201), None, None)), 0.0);
    assert_eq!(pacer.reserve(None), 121);
    assert_eq!(pacer.reserve(Some(3)), 3);
}

#[test]
fn an_answer_without_headers_keeps_the_last_view() {
    let mut pacer = Pacer::new();
    pacer.sent();
    pacer.ended(Some(view(0, 5_000, None, None, None)), 0.0);
    pacer.sent();
    pacer.ended(None, 100.0);
    assert_eq!(pacer.check(200.0, None, 60_000), Pace::Wait(4_800));
}

#[test]
fn after_a_reset_the_known_quota_caps_the_burst() {
    let mut pacer = Pacer::new();
    pacer.sent();
    pacer.ended(Some(view(0, 1_000, Some(16), Some(1_000), None)), 0.0);
    assert!(matches!(pacer.check(500.0, None, 60_000), Pace::Wait(500)));
    // The window is over: 16 − reserve 2 = 14 may go before any answer says more.
    for _ in 0..14 {
        assert_eq!(pacer.check(1_000.0, None, 60_000), Pace::Go);
        pacer.sent();
    }
    assert_eq!(pacer.check(1_000.0, None, 60_000), Pace::Wait(1_000));
    // Without a known quota the new window holds nothing back.
    let mut unknown = Pacer::new();
    unknown.ended(Some(view(0, 1_000, None, None, None)), 0.0);
    for _ in 0..40 {
        unknown.sent();
    }
    assert_eq!(unknown.check(1_000.0, None, 60_000), Pace::Go);
}
