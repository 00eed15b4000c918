use super::*;

fn field_and_message(json: &str) -> (String, String) {
    let err = parse_body(Some(json)).unwrap_err();
    (err.field.clone().unwrap(), err.message())
}

#[test]
fn valid_body_parses_in_order() {
    let edits = parse_body(Some(
        r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":false},
            {"gateway_seat":false,"access_seat":false,"seat_uid":"b"}]"#,
    ))
    .unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(edits[1].seat_uid, "b");
    assert!(edits[1].removes_seat());
    assert!(!edits[0].removes_seat());
}

#[test]
fn empty_array_is_valid() {
    assert_eq!(parse_body(Some("[]")).unwrap(), vec![]);
}

#[test]
fn non_arrays_are_rejected_as_body() {
    for json in [None, Some("{}"), Some("null"), Some("\"x\""), Some("3")] {
        let err = parse_body(json).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("body"), "{json:?}");
        assert_eq!(err.message(), "body must be an array of seat edits");
    }
}

#[test]
fn a_typo_names_the_unknown_key() {
    let json = r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true},
        {"seat_uid":"b","access_seat":true,"gateway_seat":true},
        {"seat_uid":"c","acess_seat":false,"gateway_seat":false}]"#;
    let (field, message) = field_and_message(json);
    assert_eq!(field, "body[2].acess_seat");
    assert!(message.starts_with("body[2].acess_seat is not a field"));
}

#[test]
fn wrong_types_name_the_field_and_the_type() {
    let (field, message) =
        field_and_message(r#"[{"seat_uid":"a","access_seat":"false","gateway_seat":true}]"#);
    assert_eq!(field, "body[0].access_seat");
    assert_eq!(
        message,
        "body[0].access_seat must be a boolean (got a string)"
    );
    let (field, _) =
        field_and_message(r#"[{"seat_uid":7,"access_seat":true,"gateway_seat":true}]"#);
    assert_eq!(field, "body[0].seat_uid");
    let (field, _) =
        field_and_message(r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":null}]"#);
    assert_eq!(field, "body[0].gateway_seat");
}

#[test]
fn missing_fields_are_required() {
    let (field, message) = field_and_message(r#"[{"seat_uid":"a","access_seat":true}]"#);
    assert_eq!(field, "body[0].gateway_seat");
    assert_eq!(message, "body[0].gateway_seat is required");
}

#[test]
fn non_object_items_name_the_index() {
    for json in ["[null]", "[1]", "[[]]", "[\"a\"]", "[true]"] {
        let (field, _) = field_and_message(json);
        assert_eq!(field, "body[0]", "{json}");
    }
}

#[test]
fn seat_uid_length_and_content() {
    let long = "x".repeat(37);
    let json = format!(r#"[{{"seat_uid":"{long}","access_seat":true,"gateway_seat":true}}]"#);
    let (field, message) = field_and_message(&json);
    assert_eq!(field, "body[0].seat_uid");
    assert!(message.ends_with("must be at most 36 characters"));
    let ok = "é".repeat(36);
    let json = format!(r#"[{{"seat_uid":"{ok}","access_seat":true,"gateway_seat":true}}]"#);
    assert!(parse_body(Some(&json)).is_ok(), "36 characters, 72 bytes");
    let (_, message) =
        field_and_message(r#"[{"seat_uid":"","access_seat":true,"gateway_seat":true}]"#);
    assert!(message.ends_with("must not be empty"));
    let (_, message) =
        field_and_message(r#"[{"seat_uid":"a\nb","access_seat":true,"gateway_seat":true}]"#);
    assert!(message.ends_with("must not contain control characters"));
}

#[test]
fn duplicates_are_named_at_the_second_place() {
    let json = r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true},
        {"seat_uid":"b","access_seat":true,"gateway_seat":true},
        {"seat_uid":"a","access_seat":false,"gateway_seat":false}]"#;
    let (field, message) = field_and_message(json);
    assert_eq!(field, "body[2].seat_uid");
    assert!(message.contains("repeats body[0].seat_uid"), "{message}");
}

#[test]
fn prototype_keys_are_unknown_fields() {
    let (field, _) = field_and_message(
        r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true,"__proto__":{"x":1}}]"#,
    );
    assert_eq!(field, "body[0].__proto__");
}

#[test]
fn a_bad_item_at_the_end_of_a_large_body_is_found() {
    let mut json = String::from("[");
    for i in 0..100_000 {
        json.push_str(&format!(
            r#"{{"seat_uid":"u{i}","access_seat":true,"gateway_seat":false}},"#
        ));
    }
    json.push_str(r#"{"seat_uid":"last","access_seat":1,"gateway_seat":false}]"#);
    let (field, _) = field_and_message(&json);
    assert_eq!(field, "body[100000].access_seat");
}

#[test]
fn account_id_rules() {
    assert!(validate_account_id("699d98642c564d2e855e9661899b7252").is_ok());
    for bad in ["", "../x", "a?b", "a/b", "a%2e", &"a".repeat(33), "é"] {
        let err = validate_account_id(bad).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("accountId"), "{bad}");
    }
}

fn fields(uid: OptionValue, access: OptionValue, gateway: OptionValue) -> RawItem {
    RawItem::Fields(RawFields {
        seat_uid: uid,
        access_seat: access,
        gateway_seat: gateway,
        unknown_key: None,
    })
}

fn snapshot_error(item: RawItem) -> (String, String) {
    let err = check_edits([Ok(item)]).unwrap_err();
    (err.field.clone().unwrap(), err.message())
}

#[test]
fn a_snapshot_is_checked_like_text_and_keeps_its_order() {
    let s = |text: &str| OptionValue::Str(text.into());
    let items = [
        fields(s("a"), OptionValue::Bool(true), OptionValue::Bool(false)),
        fields(s("b"), OptionValue::Bool(false), OptionValue::Bool(false)),
    ];
    let edits = check_edits(items.map(Ok)).unwrap();
    assert_eq!(
        edits
            .iter()
            .map(|e| e.seat_uid.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert!(edits[1].removes_seat() && !edits[0].removes_seat());
    let items: Vec<_> = edits.iter().map(|e| Ok(RawItem::from(e))).collect();
    assert_eq!(check_edits(items).unwrap(), edits);
}

#[test]
fn values_that_are_not_plain_data_are_named() {
    let uid = || OptionValue::Str("a".into());
    let yes = || OptionValue::Bool(true);
    let boxed = fields(uid(), yes(), OptionValue::Other("a Boolean object"));
    assert_eq!(
        snapshot_error(boxed),
        (
            "body[0].gateway_seat".into(),
            "body[0].gateway_seat must be a boolean (got a Boolean object)".into()
        )
    );
    let thrown = OptionValue::Unreadable("RangeError".into());
    let (field, message) = snapshot_error(fields(thrown.clone(), yes(), yes()));
    assert_eq!(field, "body[0].seat_uid");
    assert_eq!(
        message,
        "body[0].seat_uid could not be read (reading it threw RangeError)"
    );
    let (field, message) = snapshot_error(RawItem::Other(thrown));
    assert_eq!(field, "body[0]");
    assert!(
        message.ends_with("(reading it threw RangeError)"),
        "{message}"
    );
    let (field, _) = snapshot_error(fields(OptionValue::Absent, yes(), yes()));
    assert_eq!(field, "body[0].seat_uid");
}

#[test]
fn a_reader_failure_stops_the_check() {
    let ok = Ok(fields(
        OptionValue::Str("a".into()),
        OptionValue::Bool(true),
        OptionValue::Bool(true),
    ));
    let err = check_edits([ok, Err(not_a_body(&OptionValue::Absent))]).unwrap_err();
    assert_eq!(err.message(), "body must be an array of seat edits");
    let err = not_a_body(&OptionValue::Unreadable("TypeError".into()));
    assert_eq!(
        err.message(),
        "body must be an array of seat edits, not a value that could not be \
         read (reading it threw TypeError)"
    );
}

#[test]
fn long_ascii_and_unicode_uids_are_judged_by_characters() {
    assert_eq!(seat_uid_problem(&"x".repeat(36)), None);
    assert_eq!(
        seat_uid_problem(&"x".repeat(37)),
        Some("must be at most 36 characters")
    );
    assert_eq!(
        seat_uid_problem(&"é".repeat(36)),
        None,
        "72 bytes, 36 characters"
    );
    assert_eq!(
        seat_uid_problem(&"é".repeat(37)),
        Some("must be at most 36 characters")
    );
    assert_eq!(
        seat_uid_problem("a\u{7f}"),
        Some("must not contain control characters")
    );
    assert_eq!(
        seat_uid_problem("é\u{85}"),
        Some("must not contain control characters")
    );
    assert_eq!(
        seat_uid_problem("a\u{FFFD}"),
        Some("must be valid Unicode text (no lone surrogates)")
    );
}

#[test]
fn a_key_twice_in_one_item_is_an_error() {
    let (field, message) = field_and_message(
        r#"[{"seat_uid":"a","access_seat":true,"access_seat":false,"gateway_seat":true}]"#,
    );
    assert_eq!(field, "body[0].access_seat");
    assert!(message.ends_with("appears twice"));
}

#[test]
fn malformed_or_trailing_text_is_not_an_array() {
    for json in [
        "[",
        "[{}",
        r#"[{"seat_uid":"a","access_seat":true,"gateway_seat":true}] x"#,
        "[1,]",
    ] {
        let err = parse_body(Some(json)).unwrap_err();
        assert!(
            err.field.as_deref().is_some_and(|f| f.starts_with("body")),
            "{json}"
        );
    }
}

#[test]
fn escaped_uids_are_compared_unescaped() {
    let json = r#"[{"seat_uid":"\u0061","access_seat":true,"gateway_seat":true},{"seat_uid":"a","access_seat":true,"gateway_seat":true}]"#;
    let (field, _) = field_and_message(&json.replace("\\\\", "\\"));
    assert_eq!(field, "body[1].seat_uid");
}
