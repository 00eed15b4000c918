use super::*;

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse::from_text(
        status,
        vec![("CF-Ray".into(), "8f1e2d3c4b5a6978-SJC".into())],
        body,
    )
}

const OK_BODY: &str = r#"{"success":true,"errors":[],"messages":[{"code":1001,"message":"ok"}],
    "result":[{"seat_uid":"s1","access_seat":false,"gateway_seat":true,
    "created_at":"2014-01-01T05:20:00.12345Z","updated_at":"2026-01-01T00:00:00Z"}],
    "result_info":{"count":1,"page":1,"per_page":20,"total_count":1,"total_pages":1}}"#;

#[test]
fn success_envelope_is_a_success_with_its_seat_count() {
    assert_eq!(classify(&answer(200, OK_BODY)), Ok(Success { seats: 1 }));
    let facts = EnvelopeFacts::from_json(OK_BODY).unwrap();
    assert_eq!(facts.messages[0].summary(), "[1001] ok");
    assert_eq!(facts.success, Some(true));
}

#[test]
fn forbidden_becomes_permission_denied_with_ray_and_codes() {
    let body = r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#;
    let err = classify(&answer(403, body)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::PermissionDenied);
    assert_eq!(err.status, Some(403));
    assert_eq!(err.ray_id.as_deref(), Some("8f1e2d3c4b5a6978-SJC"));
    assert_eq!(err.message(), "403 [10000] Authentication error");
}

#[test]
fn error_entries_keep_documentation_url_and_pointer() {
    let body = r#"{"success":false,"errors":[{"code":10001,"message":"bad","documentation_url":"https://d/x",
        "source":{"pointer":"/0/seat_uid"}},{"code":"x","message":"dropped"},7],"messages":[],"result":null}"#;
    let err = classify(&answer(400, body)).unwrap_err();
    assert_eq!(err.errors.len(), 1, "malformed entries are dropped");
    assert_eq!(
        err.errors[0].source.as_ref().unwrap().pointer.as_deref(),
        Some("/0/seat_uid")
    );
    assert_eq!(err.message(), "400 [10001] bad (https://d/x)");
}

#[test]
fn failure_without_json_still_has_status_and_class() {
    let err = classify(&answer(502, "<html>Bad gateway</html>")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InternalServer);
    assert_eq!(
        err.message(),
        "502 the answer has no Cloudflare error details"
    );
    let err = classify(&answer(503, "")).unwrap_err();
    assert_eq!(err.message(), "503 the answer has no body");
}

#[test]
fn ok_status_with_success_false_is_invalid_not_empty() {
    let body = r#"{"success":false,"errors":[{"code":7003,"message":"No route"}],"messages":[],"result":null}"#;
    let err = classify(&answer(200, body)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidResponse);
    assert_eq!(
        err.message(),
        "200 the answer says success: false: [7003] No route"
    );
    assert_eq!(err.errors.len(), 1);
}

#[test]
fn ok_status_with_html_is_invalid() {
    let err = classify(&answer(200, "<!DOCTYPE html><p>login</p>")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidResponse);
    assert_eq!(
        err.message(),
        "200 the answer is an HTML page, not a Cloudflare envelope"
    );
}

#[test]
fn ok_status_with_truncated_json_is_invalid() {
    let err = classify(&answer(200, r#"{"success":true,"result":[{"seat_ui"#)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidResponse);
    assert!(err.detail.contains("not valid JSON"), "{}", err.detail);
}

#[test]
fn result_that_is_not_an_array_is_invalid() {
    let body = r#"{"success":true,"errors":[],"messages":[],"result":{"seat_uid":"x"}}"#;
    let err = classify(&answer(200, body)).unwrap_err();
    assert_eq!(
        err.message(),
        "200 the answer is not a valid Cloudflare envelope (result is not an array)"
    );
    let err = classify(&answer(200, "[1,2]")).unwrap_err();
    assert_eq!(
        err.message(),
        "200 the answer is not a valid Cloudflare envelope (not an object)"
    );
}

#[test]
fn missing_result_is_invalid() {
    let err = classify(&answer(
        200,
        r#"{"success":true,"errors":[],"messages":[]}"#,
    ))
    .unwrap_err();
    assert_eq!(err.message(), "200 the answer has no result array");
}

#[test]
fn headers_are_matched_case_insensitively() {
    let response = answer(200, "{}");
    assert_eq!(response.header("cf-ray"), Some("8f1e2d3c4b5a6978-SJC"));
    assert_eq!(response.header("x-other"), None);
}
