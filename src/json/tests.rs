use super::*;

fn skips(text: &str) -> bool {
    let mut cursor = Cursor::new(text);
    cursor.skip_value().is_ok() && cursor.at_end()
}

#[test]
fn skips_every_kind_of_value() {
    for text in [
        "null",
        "true",
        "false",
        "0",
        "-1.5e+3",
        "\"a\\\"b\"",
        "[]",
        "{}",
        "[1,[2,[3]],{\"a\":{}}]",
        " { \"a\" : [ true , null ] , \"b\" : \"x\" } ",
    ] {
        assert!(skips(text), "{text}");
    }
}

#[test]
fn rejects_malformed_values() {
    for text in [
        "",
        "[",
        "]",
        "{",
        "[1,]",
        "[,1]",
        "{\"a\"}",
        "{\"a\":}",
        "{a:1}",
        "tru",
        "nul",
        "-",
        "1.",
        "\"abc",
        "\"a\nb\"",
        // The same after an escape (the escaped path reads the rest of the string).
        "\"a\\nbc",
        "\"a\\nb\nc\"",
        "[1 2]",
        "{\"a\":1,}",
        "\"\\x\"",
        "\"\\u12\"",
        "01",
        "1-2",
        "1e",
        "--1",
        "+1",
        ".5",
        "1.e3",
    ] {
        assert!(!skips(text), "{text:?}");
    }
}

#[test]
fn deep_nesting_does_not_recurse() {
    let deep = "[".repeat(200_000) + &"]".repeat(200_000);
    assert!(skips(&deep));
    let unclosed = "[".repeat(200_000);
    assert!(!skips(&unclosed));
}

#[test]
fn strings_unescape_and_borrow_when_plain() {
    let mut cursor = Cursor::new(r#""plain""#);
    assert!(matches!(cursor.string().unwrap(), Cow::Borrowed("plain")));
    let mut cursor = Cursor::new(r#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#);
    assert_eq!(cursor.string().unwrap(), "a\"b\\c/d\né😀");
    let mut cursor = Cursor::new(r#""\ud800x""#);
    assert_eq!(
        cursor.string().unwrap(),
        "\u{FFFD}x",
        "a lone surrogate becomes U+FFFD"
    );
}

#[test]
fn walks_arrays_and_objects_with_positions() {
    let text = r#"[{"k":1},{"k":"v"}]"#;
    let mut cursor = Cursor::new(text);
    cursor.begin_array().unwrap();
    let mut starts = vec![];
    let mut first = true;
    while cursor.next_element(first).unwrap() {
        first = false;
        starts.push(cursor.pos());
        cursor.skip_value().unwrap();
    }
    assert_eq!(starts, vec![1, 9]);
    assert!(cursor.at_end());
}

#[test]
fn integers_and_booleans() {
    assert_eq!(Cursor::new(" 10000").integer(), Ok(10000));
    assert_eq!(Cursor::new("1.5").integer(), Err(Malformed));
    assert_eq!(Cursor::new("1e3").integer(), Ok(1000));
    assert_eq!(Cursor::new("-0").integer(), Ok(0));
    assert_eq!(Cursor::new("1e15").integer(), Err(Malformed));
    assert_eq!(Cursor::new("false").boolean(), Ok(false));
}

#[test]
fn write_string_escapes_what_json_requires() {
    let mut out = String::new();
    write_string(&mut out, "a\"b\\c\n\u{1}é");
    assert_eq!(out, r#""a\"b\\c\n\u0001é""#);
}

#[test]
fn write_string_round_trips_every_control_char_and_multibyte_text() {
    let mut text: String = (0u8..0x20).map(char::from).collect();
    text.push_str("plain \"quoted\" back\\slash é😀\u{7f}\u{2028} end");
    for value in [text.as_str(), "", "\"", "😀", "a\u{0}b"] {
        let mut out = String::new();
        write_string(&mut out, value);
        assert_eq!(
            serde_json::from_str::<String>(&out).unwrap(),
            value,
            "{out}"
        );
        assert!(
            !out.contains('\n') && !out.contains('\u{0}'),
            "no raw control char: {out}"
        );
    }
}

#[test]
fn write_string_content_copies_plain_text_and_escapes_wherever_the_first_escape_is() {
    let plain = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415 é😀\u{7f}";
    let mut out = String::from("<");
    write_string_content(&mut out, plain);
    assert_eq!(
        out,
        ["<", plain].concat(),
        "nothing to escape: copied as is"
    );
    for special in ["\"", "\\", "\n", "\u{1f}", "\u{0}"] {
        for value in [
            [special, plain].concat(),
            [plain, special, plain].concat(),
            [plain, special].concat(),
        ] {
            let mut out = String::new();
            write_string(&mut out, &value);
            assert_eq!(out, serde_json::to_string(&value).unwrap(), "{value:?}");
        }
    }
}

#[test]
fn strings_or_nulls_reads_a_page_of_ids() {
    let ids = strings_or_nulls(r#"[ "a1", null,"b\"2","\ud800x" ]"#).expect("a list of ids");
    assert_eq!(
        ids,
        [
            Some(Cow::Borrowed("a1")),
            None,
            Some(Cow::Owned("b\"2".into())),
            Some(Cow::Owned("\u{FFFD}x".into())),
        ]
    );
    assert!(matches!(ids[0], Some(Cow::Borrowed(_))));
    assert_eq!(strings_or_nulls("[]"), Some(vec![]));
    for bad in ["", "{}", "[1]", "[\"a\",]", "[\"a\"] x", "[true]", "[\"a\""] {
        assert_eq!(strings_or_nulls(bad), None, "{bad:?}");
    }
}
