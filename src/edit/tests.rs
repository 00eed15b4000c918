use super::*;
use crate::auth::Credentials;
use crate::validate::parse_body;

fn config() -> ClientConfig {
    ClientConfig {
        base_url: "http://127.0.0.1:8788/client/v4".into(),
        credentials: Credentials::Token("t".into()),
        timeout_ms: 1000,
        max_retries: 0,
        headers: vec![("X-Trace".into(), "1".into())],
        pacing: Default::default(),
    }
}

fn body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"seat_uid":"u{i}","access_seat":{},"gateway_seat":false}}"#,
                i % 2 == 0
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

#[test]
fn valid_input_becomes_one_request_written_by_the_core() {
    let text = r#"[{"seat_uid":"s1","access_seat":false,"gateway_seat":true}]"#;
    let req = prepare_edit(&config(), Some("abc"), Some(&text.replace(',', ", "))).unwrap();
    assert_eq!(
        req.url,
        "http://127.0.0.1:8788/client/v4/accounts/abc/access/seats"
    );
    assert_eq!(req.body, text);
    assert!(req.headers.contains(&("X-Trace".into(), "1".into())));
}

#[test]
fn account_id_is_checked_before_the_body() {
    let err = prepare_edit(&config(), None, None).unwrap_err();
    assert_eq!(err.message(), "accountId must be a string");
    let err = prepare_edit(&config(), Some("../etc"), Some("[]")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("accountId"));
}

#[test]
fn batches_cut_the_body_in_order_and_keep_every_edit() {
    let text = body(10);
    let plan = plan_edit(Some("abc"), parse_body(Some(&text)), Some(4)).unwrap();
    assert_eq!(plan.batch_count(), 3);
    assert_eq!(plan.total_seats(), 10);
    assert_eq!(plan.removals(), 5);
    let sizes: Vec<usize> = (0..3).map(|b| plan.batch_items(b).len()).collect();
    assert_eq!(sizes, vec![4, 4, 2]);
    let mut joined = Vec::new();
    for batch in 0..plan.batch_count() {
        let request = plan.batch_request(&config(), batch);
        joined.extend(parse_body(Some(&request.body)).unwrap());
    }
    assert_eq!(joined, parse_body(Some(&text)).unwrap());
}

#[test]
fn no_batch_size_or_a_large_one_is_a_single_request() {
    let text = body(3);
    for size in [None, Some(3), Some(100)] {
        let plan = plan_edit(Some("abc"), parse_body(Some(&text)), size).unwrap();
        assert_eq!(plan.batch_count(), 1);
        assert_eq!(plan.items_json(plan.batch_items(0)), text);
    }
}

#[test]
fn an_empty_body_is_one_empty_request() {
    let plan = plan_edit(Some("abc"), parse_body(Some(" [ ]\n")), Some(10)).unwrap();
    assert_eq!(plan.batch_count(), 1);
    assert_eq!(plan.batch_request(&config(), 0).body, "[]");
}

#[test]
fn items_json_of_a_range_parses_back_to_those_edits() {
    let text = body(5);
    let plan = plan_edit(Some("abc"), parse_body(Some(&text)), None).unwrap();
    let middle = parse_body(Some(&plan.items_json(1..4))).unwrap();
    assert_eq!(
        middle
            .iter()
            .map(|e| e.seat_uid.as_str())
            .collect::<Vec<_>>(),
        vec!["u1", "u2", "u3"]
    );
    assert_eq!(plan.items_json(2..2), "[]");
}

#[test]
fn the_account_is_checked_before_the_body_outcome() {
    let bad_body = parse_body(Some("[1]"));
    let err = plan_edit(Some("../x"), bad_body.clone(), None).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("accountId"));
    let err = plan_edit(Some("abc"), bad_body, None).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("body[0]"));
}
