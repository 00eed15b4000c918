use super::edits_from_rows;
use crate::types::SeatEdit;

const UID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

fn message(text: &str, length: usize) -> String {
    let err = edits_from_rows(text, length).expect_err("rows must be refused");
    let message = err.message();
    // The field is the place the message starts with.
    assert_eq!(err.field.as_deref(), message.split(' ').next(), "{text}");
    message
}

#[test]
fn a_valid_body_reads_into_its_edits_in_order() {
    let text = format!(r#"[["{UID}",true,false],["b-2",false,false]]"#);
    assert_eq!(
        edits_from_rows(&text, 2).unwrap(),
        vec![
            SeatEdit {
                seat_uid: UID.into(),
                access_seat: true,
                gateway_seat: false
            },
            SeatEdit {
                seat_uid: "b-2".into(),
                access_seat: false,
                gateway_seat: false
            },
        ]
    );
    assert_eq!(edits_from_rows("[]", 0).unwrap(), vec![]);
}

#[test]
fn escaped_text_is_unescaped() {
    let edits = edits_from_rows(r#"[["caf\u00e9-\"1\"",true,true]]"#, 1).unwrap();
    assert_eq!(edits[0].seat_uid, "café-\"1\"");
}

#[test]
fn each_cell_kind_is_named_as_the_checks_name_it() {
    let cases = [
        (r#"[[0,true,true]]"#, "body[0].seat_uid is required"),
        (r#"[["a",0,true]]"#, "body[0].access_seat is required"),
        (
            r#"[["a",true,["null"]]]"#,
            "body[0].gateway_seat must be a boolean (got null)",
        ),
        (
            r#"[["a",true,["Boolean"]]]"#,
            "body[0].gateway_seat must be a boolean (got a Boolean object)",
        ),
        (
            r#"[[["String"],true,true]]"#,
            "body[0].seat_uid must be a string (got a String object)",
        ),
        (
            r#"[["a",["Number"],true]]"#,
            "body[0].access_seat must be a boolean (got a Number object)",
        ),
        (
            r#"[[["bigint"],true,true]]"#,
            "body[0].seat_uid must be a string (got a BigInt)",
        ),
        (
            r#"[[["number"],true,true]]"#,
            "body[0].seat_uid must be a string (got a number)",
        ),
        (
            r#"[[["symbol"],true,true]]"#,
            "body[0].seat_uid must be a string (got a symbol)",
        ),
        (
            r#"[[["function"],true,true]]"#,
            "body[0].seat_uid must be a string (got a function)",
        ),
        (
            r#"[[["Object"],true,true]]"#,
            "body[0].seat_uid must be a string (got an object)",
        ),
        (
            r#"[[["Array"],true,true]]"#,
            "body[0].seat_uid must be a string (got an array)",
        ),
        (
            r#"[[["AbortSignal"],true,true]]"#,
            "body[0].seat_uid must be a string (got an AbortSignal)",
        ),
        (
            r#"[["a","yes",true]]"#,
            "body[0].access_seat must be a boolean (got a string)",
        ),
        (
            r#"[[[0,"TypeError"],true,true]]"#,
            "body[0].seat_uid could not be read (reading it threw TypeError)",
        ),
        (
            r#"[["a",[0,["string"]],true]]"#,
            "body[0].access_seat could not be read (reading it threw a string)",
        ),
    ];
    for (rows, expected) in cases {
        assert_eq!(message(rows, 1), expected, "{rows}");
    }
}

#[test]
fn items_that_are_not_objects_are_named_with_what_they_are() {
    let cases = [
        (r#"[["string"]]"#, "body[0] must be an object {seat_uid, access_seat, gateway_seat}, not a string"),
        (r#"[["null"]]"#, "body[0] must be an object {seat_uid, access_seat, gateway_seat}, not null"),
        (r#"[["undefined"]]"#, "body[0] must be an object {seat_uid, access_seat, gateway_seat}, not undefined"),
        (r#"[["Array"]]"#, "body[0] must be an object {seat_uid, access_seat, gateway_seat}, not an array"),
        (
            r#"[[0,"RangeError"]]"#,
            "body[0] must be an object {seat_uid, access_seat, gateway_seat}, not a value that could not be read (reading it threw RangeError)",
        ),
        (
            r#"[[0,["number"]]]"#,
            "body[0] must be an object {seat_uid, access_seat, gateway_seat}, not a value that could not be read (reading it threw a number)",
        ),
    ];
    for (rows, expected) in cases {
        assert_eq!(message(rows, 1), expected, "{rows}");
    }
}

#[test]
fn an_unknown_key_the_first_bad_item_and_a_repeat_are_named() {
    assert_eq!(
        message(r#"[["a",true,true],["b",true,true,"acess_seat"]]"#, 2),
        "body[1].acess_seat is not a field of a seat edit (expected exactly seat_uid, access_seat and gateway_seat)"
    );
    assert_eq!(
        message(
            r#"[["a",true,true],["b",1,true],[["Boolean"],true,true]]"#,
            3
        ),
        "body[1].access_seat is required"
    );
    assert_eq!(
        message(r#"[["a",true,true],["b",true,true],["a",false,false]]"#, 3),
        "body[2].seat_uid repeats body[0].seat_uid: each seat may appear once per edit"
    );
}

#[test]
fn malformed_rows_or_a_wrong_count_are_refused_as_unreadable() {
    let unreadable = "body could not be read (malformed rows)";
    for rows in [
        "",
        "{}",
        "[",
        r#"[["a",true,true]"#,
        r#"[["a",true,true,"k","extra"]]"#,
        r#"[["a",true,true,7]]"#,
        r#"[["a",true,null]]"#,
        r#"[["a",true,{}]]"#,
        r#"[[]]"#,
        r#"[[true]]"#,
        r#"[["a",[]]]"#,
        r#"[["s","x"]]"#,
        r#"[["a",true,true]] x"#,
    ] {
        assert_eq!(message(rows, 1), unreadable, "{rows}");
    }
    assert_eq!(message(r#"[["a",true,true]]"#, 2), unreadable);
    assert_eq!(message("[]", 1), unreadable);
}

#[test]
fn the_plain_edit_fast_path_reads_as_the_generic_readers_do() {
    // Spaces keep an item off the fast path (the generic reader of a plain edit reads it), and
    // the same edit as an array row goes through the row reader.
    for (flat, spaced, row) in [
        (
            r#"["a",true,false]"#,
            r#"[ "a" , true , false ]"#,
            r#"[["a",true,false]]"#,
        ),
        (
            r#"["é-1",false,true]"#,
            r#"[ "é-1" , false , true ]"#,
            r#"[["é-1",false,true]]"#,
        ),
        (
            r#"["a\"b",true,true]"#,
            r#"[ "a\"b" , true , true ]"#,
            r#"[["a\"b",true,true]]"#,
        ),
    ] {
        let edits = edits_from_rows(flat, 1).unwrap();
        assert_eq!(edits, edits_from_rows(spaced, 1).unwrap(), "{spaced}");
        assert_eq!(edits, edits_from_rows(row, 1).unwrap(), "{row}");
    }
    assert_eq!(
        edits_from_rows(r#"["a\"b",true,true]"#, 1).unwrap()[0].seat_uid,
        "a\"b"
    );
    for broken in [
        r#"["a",true,tru]"#,
        r#"["a",true,falsey]"#,
        r#"["a",true]"#,
        r#"["a,true,true]"#,
        r#"["a",true,0]"#,
        r#"["a",0,true]"#,
        r#"["a",true,true,"note"]"#,
        r#"["a\"",true]"#,
        r#"["a\"",true,1]"#,
    ] {
        assert_eq!(
            message(broken, 1),
            "body could not be read (malformed rows)",
            "{broken}"
        );
    }
}

#[test]
fn a_plain_edit_the_fast_path_leaves_is_checked_as_any_other() {
    let uid36 = "a".repeat(36);
    let text = format!(r#"["{uid36}",true,false]"#);
    assert_eq!(edits_from_rows(&text, 1).unwrap()[0].seat_uid, uid36);
    let too_long = format!(r#"["{uid36}b",true,false]"#);
    for (text, wanted) in [
        (
            too_long.as_str(),
            "body[0].seat_uid must be at most 36 characters",
        ),
        (r#"["",true,false]"#, "body[0].seat_uid must not be empty"),
        (
            "[\"a\u{7f}b\",true,false]",
            "body[0].seat_uid must not contain control characters",
        ),
        (
            r#"["a\u0001",true,false]"#,
            "body[0].seat_uid must not contain control characters",
        ),
    ] {
        assert_eq!(message(text, 1), wanted, "{text}");
    }
    let accented = format!(r#"["{}",true,false]"#, "é".repeat(36));
    assert_eq!(
        edits_from_rows(&accented, 1).unwrap()[0].seat_uid,
        "é".repeat(36)
    );
}

#[test]
fn plain_edits_and_rows_mix_in_one_text_and_keep_their_places() {
    let text = r#"["a",true,false,["b",true,true],"c",false,false]"#;
    let uids: Vec<String> = edits_from_rows(text, 3)
        .unwrap()
        .into_iter()
        .map(|edit| edit.seat_uid)
        .collect();
    assert_eq!(uids, ["a", "b", "c"]);
    assert_eq!(
        message(r#"["a",true,false,[0,true,true],"c",false,false]"#, 3),
        "body[1].seat_uid is required"
    );
    assert_eq!(
        message(r#"["a",true,false,"c",false,false,["Array"]]"#, 3),
        "body[2] must be an object {seat_uid, access_seat, gateway_seat}, not an array"
    );
    assert_eq!(
        message(r#"["a",true,false,"a",false,false]"#, 2),
        "body[1].seat_uid repeats body[0].seat_uid: each seat may appear once per edit"
    );
    assert_eq!(
        message(r#"["a",true,false,"b",false,false]"#, 3),
        "body could not be read (malformed rows)"
    );
}

#[test]
fn a_body_read_in_chunks_names_places_by_their_index_in_the_whole_body() {
    use super::BodyRows;
    let mut rows = BodyRows::new(4);
    rows.read(r#"[["a",true,true],["b",true,false]]"#, 2)
        .unwrap();
    let err = rows.read(r#"[["c",true,true],["d",true]]"#, 2).unwrap_err();
    assert_eq!(err.message(), "body could not be read (malformed rows)");

    let mut rows = BodyRows::new(4);
    rows.read(r#"[["a",true,true],["b",true,false]]"#, 2)
        .unwrap();
    let err = rows
        .read(r#"[["c",true,true],["d","no",true]]"#, 2)
        .unwrap_err();
    assert_eq!(
        err.message(),
        "body[3].access_seat must be a boolean (got a string)"
    );

    let mut rows = BodyRows::new(4);
    rows.read(r#"[["a",true,true],["b",true,false]]"#, 2)
        .unwrap();
    rows.read(r#"[["c",true,true],["b",false,false]]"#, 2)
        .unwrap();
    let err = rows.finish(4).unwrap_err();
    assert_eq!(
        err.message(),
        "body[3].seat_uid repeats body[1].seat_uid: each seat may appear once per edit"
    );

    let mut rows = BodyRows::new(3);
    rows.read(r#"[["a",true,true],["b",true,false]]"#, 2)
        .unwrap();
    assert_eq!(
        rows.finish(3).unwrap_err().message(),
        "body could not be read (malformed rows)"
    );
}
