#![cfg(not(target_arch = "wasm32"))]
//! Inputs the fuzz targets (fuzz/, `make fuzz`) found, kept as plain tests so `cargo test`
//! guards them without a fuzzer. Each names its target and the input as the target read it.
//!
//! Some pin former differences between the native JSON reader (which stands in for
//! `JSON.parse` in native tests) and what the wasm build does with the same answer; the reader
//! now matches, and these keep it so.

use zero_trust_seats::error::ErrorKind;
use zero_trust_seats::response::{classify, Body, EnvelopeFacts, HttpResponse, ResultShape};
use zero_trust_seats::retry::{decide, AttemptOutcome, Environment, Next};
use zero_trust_seats::types::ResponseInfo;

/// A fixed clock and jitter, and no HTTP dates (none of these inputs has one).
struct Fixed {
    now_ms: f64,
    random: f64,
}

impl Environment for Fixed {
    fn now_ms(&self) -> f64 {
        self.now_ms
    }
    fn random(&self) -> f64 {
        self.random
    }
    fn parse_http_date_ms(&self, _: &str) -> Option<f64> {
        None
    }
}

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let headers = headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    HttpResponse::from_text(status, headers, body)
}

/// classify, `503 0 0 0 0\n\n\n`: attempt number 0 made the backoff computation
/// (`attempts - 1`, src/retry.rs) overflow and panic in builds with overflow checks.
/// Fixed with `attempts.saturating_sub(1)`: attempt 0 waits like attempt 1.
#[test]
fn attempt_zero_does_not_underflow_the_backoff() {
    let env = Fixed {
        now_ms: 0.0,
        random: 0.0,
    };
    let outcome = AttemptOutcome::Answered(answer(503, &[], "\n"));
    assert_eq!(decide(outcome, 0, 0, &env), Next::RetryAfterMs(500));
    // And with the largest counts: no overflow either way.
    let outcome = AttemptOutcome::Answered(answer(503, &[], ""));
    match decide(outcome, u32::MAX, u32::MAX, &env) {
        Next::RetryAfterMs(wait) => assert_eq!(wait, 8_000),
        other => panic!("expected a retry, got {other:?}"),
    }
    let outcome = AttemptOutcome::Answered(answer(503, &[], ""));
    match decide(outcome, u32::MAX, 0, &env) {
        Next::Finish(Err(err)) => {
            assert_eq!(err.kind, ErrorKind::InternalServer);
            assert_eq!(err.attempts, u32::MAX);
        }
        other => panic!("expected the error, got {other:?}"),
    }
}

/// classify, `Retry-After` dates from a broken clock or date parser (NaN, ±infinity) must not
/// panic or wait forever.
#[test]
fn nonsense_clock_values_do_not_panic() {
    struct Broken(f64, f64);
    impl Environment for Broken {
        fn now_ms(&self) -> f64 {
            self.0
        }
        fn random(&self) -> f64 {
            f64::NAN
        }
        fn parse_http_date_ms(&self, _: &str) -> Option<f64> {
            Some(self.1)
        }
    }
    for (now, date) in [
        (f64::NAN, f64::NAN),
        (0.0, f64::INFINITY),
        (f64::NEG_INFINITY, 0.0),
        (0.0, f64::NEG_INFINITY),
        (f64::MAX, -f64::MAX),
    ] {
        let outcome = AttemptOutcome::Answered(answer(
            429,
            &[("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")],
            "",
        ));
        match decide(outcome, 1, 2, &Broken(now, date)) {
            Next::RetryAfterMs(wait) => assert!((1..=60_000).contains(&wait), "{wait}"),
            Next::Finish(Err(err)) => assert_eq!(err.kind, ErrorKind::RateLimit),
            other => panic!("{other:?}"),
        }
    }
}

fn facts(text: &str) -> EnvelopeFacts {
    match Body::from_text(text, Some("application/json")) {
        Body::Envelope(facts) => facts,
        other => panic!("{text:?} read as {other:?}"),
    }
}

/// classify: `JSON.parse` keeps the last of repeated keys, so in wasm this answer has no
/// result array and is an `InvalidResponseError`; the native reader keeps the array.
#[test]
fn repeated_keys_keep_the_last_value_like_json_parse() {
    let text = r#"{"success":true,"success":false,"result":[],"result":null}"#;
    assert_eq!(facts(text).result, ResultShape::Missing);
    let text = r#"{"success":false,"errors":[{"code":7003,"message":"No route"}],"messages":[],"errors":null}"#;
    assert_eq!(facts(text).errors, vec![]);
    let err = classify(&answer(
        200,
        &[],
        r#"{"success":true,"result":[],"result":null}"#,
    ));
    assert_eq!(err.unwrap_err().kind, ErrorKind::InvalidResponse);
}

/// classify: `JSON.parse` refuses numbers with leading zeros and other malformed numbers, so in
/// wasm these are "not valid JSON"; the native reader's number syntax is lenient.
#[test]
fn malformed_numbers_are_not_json_like_json_parse() {
    for text in [
        "01",
        "022",
        "1-2",
        "1e",
        "--1",
        r#"{"success":true,"result":[],"x":01}"#,
    ] {
        assert!(
            matches!(Body::from_text(text, None), Body::NotJson { .. }),
            "{text:?}"
        );
    }
    let err = classify(&answer(200, &[], r#"{"success":true,"result":[],"x":1-2}"#));
    assert_eq!(err.unwrap_err().kind, ErrorKind::InvalidResponse);
}

/// classify: in wasm a `code` is any whole JS number below 1e15 (`1e3` is 1000, `1.0` is 1);
/// natively only integer literals count, and literals of 1e15 or more are kept.
#[test]
fn codes_are_read_as_js_numbers() {
    let text = r#"{"errors":[{"code":1e3,"message":"e"},{"code":1.0,"message":"one"},{"code":-0,"message":"z"},{"code":1000000000000000,"message":"big"}]}"#;
    let info = |code, message: &str| ResponseInfo {
        code,
        message: message.into(),
        documentation_url: None,
        source: None,
    };
    assert_eq!(
        facts(text).errors,
        vec![info(1000, "e"), info(1, "one"), info(0, "z")]
    );
}

/// classify: an array where an entry's `source` object belongs is no source. (The wasm build
/// reads the parsed value with `is_object()`, which is true for arrays, and reports
/// `source: {}` there: see fuzz/README.md.)
#[test]
fn an_array_is_not_a_source() {
    let text = r#"{"errors":[{"code":1,"message":"m","source":[]}]}"#;
    let errors = facts(text).errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].source, None);
}

/// validate, `ab\n\n[]` and `E\n[\r]`: an empty array written with whitespace. The target's
/// old rule "the body is sent as the caller's text" failed: an empty batch was written as `[]`.
/// Fixed by the rule, not the code: the core now always writes the body itself from the
/// checked edits (`request::body_json`), so whitespace, key order and escapes are never kept.
#[test]
fn an_empty_body_with_whitespace_is_sent_as_the_core_writes_it() {
    use zero_trust_seats::auth::Credentials;
    use zero_trust_seats::edit::prepare_edit;
    use zero_trust_seats::options::ClientConfig;
    let config = ClientConfig {
        base_url: "http://127.0.0.1:8788/client/v4".into(),
        credentials: Credentials::Token("t".into()),
        timeout_ms: 1000,
        max_retries: 0,
        headers: Vec::new(),
        pacing: Default::default(),
    };
    for (account, body) in [("ab", "\n[]"), ("E", "[\r]")] {
        let request = prepare_edit(&config, Some(account), Some(body)).unwrap();
        assert_eq!(request.body, "[]", "{body:?}");
        assert_eq!(
            request.url,
            format!("http://127.0.0.1:8788/client/v4/accounts/{account}/access/seats")
        );
    }
}
