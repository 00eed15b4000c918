use super::*;

/// Every user of one text of rows.
fn users_from_rows(text: &str) -> Result<Vec<UserFacts<'_>>, SeatsError> {
    let mut users = Vec::new();
    read_users(text, 0, |_, user| users.push(user))?;
    Ok(users)
}

/// Every registration of one text of rows.
fn devices_from_rows(text: &str) -> Result<Vec<DeviceFacts<'_>>, SeatsError> {
    let mut devices = Vec::new();
    read_devices(text, 0, |_, device| devices.push(device))?;
    Ok(devices)
}

fn field_error(result: Result<impl std::fmt::Debug, SeatsError>) -> (String, String) {
    let err = result.unwrap_err();
    (err.field.clone().unwrap_or_default(), err.message())
}

#[test]
fn a_user_row_fills_the_fields_the_planner_reads_and_null_leaves_one_out() {
    let text = r#"[["u1","a@example.com","Ann \"A\"","s1",true,false,"2026-01-01T00:00:00Z",null],
                  [null,null,null,null,null,null,null,"2025-01-01T00:00:00Z"]]"#;
    let users = users_from_rows(text).unwrap();
    assert!(
        matches!(users[0].email, Some(Cow::Borrowed(_))),
        "text without escapes is borrowed"
    );
    assert_eq!(
        users[0],
        UserFacts::from(&User {
            id: Some("u1".into()),
            email: Some("a@example.com".into()),
            name: Some("Ann \"A\"".into()),
            seat_uid: Some("s1".into()),
            access_seat: Some(true),
            gateway_seat: Some(false),
            last_successful_login: Some("2026-01-01T00:00:00Z".into()),
            ..User::default()
        })
    );
    assert_eq!(
        users[1],
        UserFacts::from(&User {
            created_at: Some("2025-01-01T00:00:00Z".into()),
            ..User::default()
        })
    );
    assert_eq!(users_from_rows("[]").unwrap(), vec![]);
}

#[test]
fn a_cell_of_the_wrong_kind_names_its_field_and_what_it_held() {
    let row = |cells: &str| format!("[[null,null,null,null,null,null,null,null],[{cells}]]");
    let cases = [
        (
            r#"null,null,null,null,["Boolean"],null,null,null"#,
            "users[1].access_seat",
            "users[1].access_seat must be a boolean (got a Boolean object)",
        ),
        (
            r#"null,null,null,["bigint"],null,null,null,null"#,
            "users[1].seat_uid",
            "users[1].seat_uid must be a string (got a BigInt)",
        ),
        (
            r#"null,["String"],null,null,null,null,null,null"#,
            "users[1].email",
            "users[1].email must be a string (got a String object)",
        ),
        (
            r#"null,null,null,null,null,"yes",null,null"#,
            "users[1].gateway_seat",
            "users[1].gateway_seat must be a boolean (got a string)",
        ),
        (
            r#"true,null,null,null,null,null,null,null"#,
            "users[1].id",
            "users[1].id must be a string (got a boolean)",
        ),
        (
            r#"null,null,["number"],null,null,null,null,null"#,
            "users[1].name",
            "users[1].name must be a string (got a number)",
        ),
        (
            r#"null,null,null,null,null,null,["Date"],null"#,
            "users[1].last_successful_login",
            "users[1].last_successful_login must be a string (got a Date object)",
        ),
        (
            r#"null,[0,"RangeError"],null,null,null,null,null,null"#,
            "users[1].email",
            "users[1].email could not be read (reading it threw RangeError)",
        ),
    ];
    for (cells, field, message) in cases {
        let (got_field, got_message) = field_error(users_from_rows(&row(cells)));
        assert_eq!(got_field, field, "{cells}");
        assert_eq!(got_message, message, "{cells}");
    }
}

#[test]
fn an_item_that_is_not_an_object_and_malformed_rows_are_named() {
    let (field, message) = field_error(users_from_rows(
        "[[null,null,null,null,null,null,null,null],0]",
    ));
    assert_eq!(field, "users[1]");
    assert_eq!(message, "users[1] must be an object");
    assert_eq!(field_error(devices_from_rows("[null]")).0, "devices[0]");
    for bad in [
        "",
        "[",
        "[[1]]",
        "[[null]]",
        "{}",
        "[[null,null,null,null,null,null,null,null,null]]",
    ] {
        assert_eq!(field_error(users_from_rows(bad)).0, "users", "{bad:?}");
    }
}

#[test]
fn a_registration_row_has_its_owner_or_none() {
    let text = r#"[["2026-02-01T00:00:00Z",1,"u1","a@example.com"],[null,null,null,null],[null,1,null,"b@example.com"]]"#;
    let devices = devices_from_rows(text).unwrap();
    let owner = |id: Option<&'static str>, email: Option<&'static str>| {
        Some(OwnerFacts {
            id: id.map(Cow::Borrowed),
            email: email.map(Cow::Borrowed),
        })
    };
    assert_eq!(
        devices[0].last_seen_at.as_deref(),
        Some("2026-02-01T00:00:00Z")
    );
    assert_eq!(devices[0].user, owner(Some("u1"), Some("a@example.com")));
    assert_eq!(devices[1], DeviceFacts::default());
    assert_eq!(devices[2].user, owner(None, Some("b@example.com")));
}

#[test]
fn a_registration_whose_user_is_not_an_object_is_named() {
    let cases = [
        (
            r#"[[null,"u1",null,null]]"#,
            "devices[0].user must be an object (got a string)",
        ),
        (
            r#"[[null,["Array"],null,null]]"#,
            "devices[0].user must be an object (got an array)",
        ),
        (
            r#"[[null,[0,"TypeError"],null,null]]"#,
            "devices[0].user could not be read (reading it threw TypeError)",
        ),
        (
            r#"[[null,1,["Number"],null]]"#,
            "devices[0].user.id must be a string (got a Number object)",
        ),
        (
            r#"[[["symbol"],null,null,null]]"#,
            "devices[0].last_seen_at must be a string (got a symbol)",
        ),
    ];
    for (text, message) in cases {
        let (_, got) = field_error(devices_from_rows(text));
        assert_eq!(got, message, "{text}");
    }
}

#[test]
fn a_chunk_of_rows_is_read_with_the_indexes_of_its_list() {
    let text = r#"[["u500","a@example.com",null,"s500",true,null,null,null],
                  ["u501","b@example.com",null,"s501",null,true,null,null]]"#;
    let mut seen = Vec::new();
    read_users(text, 500, |index, user| {
        seen.push((index, user.id.unwrap().into_owned()))
    })
    .unwrap();
    assert_eq!(seen, [(500, "u500".to_string()), (501, "u501".to_string())]);

    let bad = r#"[[null,null,null,null,null,null,null,null],[null,["number"],null,null,null,null,null,null]]"#;
    let (field, message) = field_error(read_users(bad, 500, |_, _| ()));
    assert_eq!(field, "users[501].email");
    assert_eq!(message, "users[501].email must be a string (got a number)");

    let devices = r#"["2026-01-01T00:00:00Z",1,"u7",null],0]"#;
    let (field, message) = field_error(read_devices(&format!("[{devices}"), 1500, |_, _| ()));
    assert_eq!(
        (field.as_str(), message.as_str()),
        ("devices[1501]", "devices[1501] must be an object")
    );
}
