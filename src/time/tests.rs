use super::*;

fn ms(text: &str) -> i64 {
    parse_rfc3339_ms(text).unwrap_or_else(|| panic!("{text} should parse"))
}

#[test]
fn the_epoch_and_a_known_instant() {
    assert_eq!(ms("1970-01-01T00:00:00Z"), 0);
    assert_eq!(ms("2026-03-02T10:00:00Z"), 1_772_445_600_000);
    assert_eq!(ms("2000-01-01T00:00:00Z"), 946_684_800_000);
    assert_eq!(ms("1969-12-31T23:59:59.999Z"), -1);
}

#[test]
fn separators_and_zone_letters_in_either_case() {
    let base = ms("2026-03-02T10:00:00Z");
    assert_eq!(ms("2026-03-02t10:00:00Z"), base);
    assert_eq!(ms("2026-03-02 10:00:00Z"), base);
    assert_eq!(ms("2026-03-02T10:00:00z"), base);
    assert_eq!(ms("2026-03-02T10:00:00+00:00"), base);
    assert_eq!(ms("2026-03-02T10:00:00-00:00"), base);
}

#[test]
fn offsets_shift_to_utc() {
    assert_eq!(ms("2026-03-02T15:30:00+05:30"), ms("2026-03-02T10:00:00Z"));
    // Evening in California is the next morning in UTC.
    assert_eq!(ms("2026-03-01T20:00:00-08:00"), ms("2026-03-02T04:00:00Z"));
    assert_eq!(format_date(ms("2026-03-01T20:00:00-08:00")), "2026-03-02");
    // Just after midnight at +02:00 is still the previous day in UTC.
    assert_eq!(format_date(ms("2026-03-02T01:00:00+02:00")), "2026-03-01");
    assert_eq!(ms("2026-03-02T00:00:00+23:59"), ms("2026-03-01T00:01:00Z"));
}

#[test]
fn fractions_of_any_length_are_truncated_to_milliseconds() {
    let base = ms("2026-03-02T10:00:00Z");
    assert_eq!(ms("2026-03-02T10:00:00.5Z"), base + 500);
    assert_eq!(ms("2026-03-02T10:00:00.05Z"), base + 50);
    assert_eq!(ms("2026-03-02T10:00:00.123Z"), base + 123);
    assert_eq!(ms("2026-03-02T10:00:00.123999999Z"), base + 123);
    assert_eq!(ms("2026-03-02T10:00:00.000000001+00:00"), base);
    assert_eq!(ms("1969-12-31T23:59:59.0009Z"), -1000);
}

#[test]
fn leap_years() {
    assert_eq!(
        ms("2024-02-29T00:00:00Z") + DAY_MS,
        ms("2024-03-01T00:00:00Z")
    );
    assert_eq!(format_date(ms("2000-02-29T12:00:00Z")), "2000-02-29");
    assert_eq!(parse_rfc3339_ms("2023-02-29T00:00:00Z"), None);
    assert_eq!(parse_rfc3339_ms("1900-02-29T00:00:00Z"), None);
    assert_eq!(parse_rfc3339_ms("2024-02-30T00:00:00Z"), None);
    assert!(parse_rfc3339_ms("2023-02-28T00:00:00Z").is_some());
}

#[test]
fn ranges_are_checked() {
    for bad in [
        "2026-00-10T00:00:00Z",
        "2026-13-10T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-32T00:00:00Z",
        "2026-01-10T24:00:00Z",
        "2026-01-10T23:60:00Z",
        "2026-01-10T23:59:61Z",
        "2026-01-10T23:59:59+24:00",
        "2026-01-10T23:59:59+23:60",
    ] {
        assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
    }
}

#[test]
fn a_leap_second_is_clamped_to_the_end_of_its_minute() {
    assert_eq!(ms("2016-12-31T23:59:60Z"), ms("2016-12-31T23:59:59.999Z"));
    assert_eq!(ms("2016-12-31T23:59:60.5Z"), ms("2016-12-31T23:59:59.999Z"));
}

#[test]
fn garbage_is_rejected() {
    for bad in [
        "",
        "now",
        "2026-03-02",
        "2026-03-02T10:00:00",
        "2026-03-02T10:00Z",
        "2026-03-02T10:00:00.Z",
        "2026-03-02T10:00:00ZZ",
        "2026-03-02T10:00:00+0530",
        "2026-03-02T10:00:00+05:3",
        "2026-03-02T10:00:00+05:300",
        "2026-03-02T10:00:00 +05:30",
        " 2026-03-02T10:00:00Z",
        "2026-03-02T10:00:00Z ",
        "2026/03/02T10:00:00Z",
        "2026-03-02X10:00:00Z",
        "2026-03-02T10-00-00Z",
        "+026-03-02T10:00:00Z",
        "2026-3-02T10:00:00Z",
        "2026-03-02T10:00:00.12a4Z",
        "2026-03-02T1０:00:00Z",
        "２026-03-02T10:00:00Z",
        "2026-03-02T10:00:00UTC",
    ] {
        assert_eq!(parse_rfc3339_ms(bad), None, "{bad:?}");
    }
}

#[test]
fn formats_in_utc_with_milliseconds() {
    assert_eq!(format_iso_ms(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(format_iso_ms(1_772_445_600_000), "2026-03-02T10:00:00.000Z");
    assert_eq!(format_iso_ms(-1), "1969-12-31T23:59:59.999Z");
    assert_eq!(format_iso_ms(1_772_445_600_007), "2026-03-02T10:00:00.007Z");
    assert_eq!(format_date(1_772_445_600_000), "2026-03-02");
    assert_eq!(format_date(-1), "1969-12-31");
    assert_eq!(format_date(ms("0001-01-01T00:00:00Z")), "0001-01-01");
    assert_eq!(
        format_date(ms("0000-03-01T00:00:00Z") - DAY_MS),
        "0000-02-29"
    );
    assert_eq!(
        format_date(ms("0000-01-01T00:00:00Z") - DAY_MS),
        "-0001-12-31"
    );
    assert_eq!(
        format_date(ms("9999-12-31T00:00:00Z") + DAY_MS),
        "10000-01-01"
    );
}

#[test]
fn extreme_values_format_without_panicking() {
    assert!(!format_iso_ms(i64::MIN).is_empty());
    assert!(!format_iso_ms(i64::MAX).is_empty());
}

#[test]
fn round_trips() {
    for text in [
        "1970-01-01T00:00:00.000Z",
        "0000-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.999Z",
        "2024-02-29T23:59:59.999Z",
        "2026-03-02T10:00:00.000Z",
        "1600-03-01T12:34:56.789Z",
    ] {
        assert_eq!(format_iso_ms(ms(text)), text);
    }
    // Every day across four centuries, from days to dates and back.
    let start = days_from_civil(1900, 1, 1);
    let end = days_from_civil(2300, 1, 1);
    let mut previous = civil_from_days(start - 1);
    for days in start..end {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
        assert!(d >= 1 && d <= days_in_month(y, m));
        let next_day = (y, m, d) > previous;
        assert!(next_day, "{y}-{m}-{d}");
        previous = (y, m, d);
        let ms = days * DAY_MS + 45_296_789;
        assert_eq!(parse_rfc3339_ms(&format_iso_ms(ms)), Some(ms));
    }
}

#[test]
fn digits_read_as_format_would() {
    // What `{value}` prints, for the edges of both widths and a few in between.
    for value in [0, 1, 9, 10, 99, 100, 65_535, u64::from(u32::MAX), u64::MAX] {
        let mut out = String::from("x");
        push_uint(&mut out, value);
        assert_eq!(out, format!("x{value}"));
        assert_eq!(decimal(value), value.to_string());
    }
    for value in [i64::MIN, -1_000, -1, 0, 7, 10_000, i64::MAX] {
        let mut out = String::new();
        push_int(&mut out, value);
        assert_eq!(out, value.to_string());
    }
}

#[test]
fn padding_reads_as_format_would() {
    // `{value:0width$}` for widths below, at and past the digits, and past the 24-byte buffer.
    for value in [0i64, 7, 42, 999, 10_000, i64::MAX] {
        for width in [0usize, 1, 2, 3, 4, 19, 20, 24, 30] {
            let mut out = String::from("x");
            push_padded(&mut out, value, width);
            assert_eq!(out, format!("x{value:0width$}"), "{value} to {width}");
        }
    }
}

#[test]
fn an_instant_is_appended_in_place() {
    let mut out = String::from("at ");
    push_iso_ms(&mut out, 1_772_445_600_007);
    assert_eq!(out, "at 2026-03-02T10:00:00.007Z");
}
