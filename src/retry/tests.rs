use std::time::{Duration, UNIX_EPOCH};

use super::*;

const NOW: f64 = 1_764_000_000_000.0; // a fixed wall clock

/// A fixed clock and a fixed "random" number; HTTP dates parsed by the httpdate crate.
struct Fixed(f64);

impl Environment for Fixed {
    fn now_ms(&self) -> f64 {
        NOW
    }
    fn random(&self) -> f64 {
        self.0
    }
    fn parse_http_date_ms(&self, value: &str) -> Option<f64> {
        let date = httpdate::parse_http_date(value).ok()?;
        Some(date.duration_since(UNIX_EPOCH).ok()?.as_millis() as f64)
    }
}

fn decide_at(outcome: AttemptOutcome, attempts: u32, max_retries: u32, random: f64) -> Next {
    decide(outcome, attempts, max_retries, &Fixed(random))
}

fn answer(status: u16, headers: &[(&str, &str)]) -> AttemptOutcome {
    let body = if (200..300).contains(&status) {
        r#"{"success":true,"errors":[],"messages":[],"result":[]}"#
    } else {
        r#"{"success":false,"errors":[{"code":971,"message":"Please wait"}],"messages":[],"result":null}"#
    };
    let headers = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    AttemptOutcome::Answered(HttpResponse::from_text(status, headers, body))
}

fn no_answer(kind: ErrorKind) -> AttemptOutcome {
    AttemptOutcome::NoAnswer(SeatsError::new(kind, "x"))
}

fn finished_err(next: Next) -> SeatsError {
    match next {
        Next::Finish(Err(err)) => err,
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn retryable_statuses_and_failures_wait_the_backoff() {
    for outcome in [
        answer(408, &[]),
        answer(409, &[]),
        answer(429, &[]),
        answer(500, &[]),
        answer(503, &[]),
        no_answer(ErrorKind::Connection),
        no_answer(ErrorKind::ConnectionTimeout),
    ] {
        assert_eq!(decide_at(outcome, 1, 2, 0.0), Next::RetryAfterMs(500));
    }
}

#[test]
fn other_failures_are_never_retried() {
    for (outcome, kind) in [
        (answer(400, &[]), ErrorKind::BadRequest),
        (answer(401, &[]), ErrorKind::Authentication),
        (answer(403, &[]), ErrorKind::PermissionDenied),
        (answer(404, &[]), ErrorKind::NotFound),
        (answer(422, &[]), ErrorKind::UnprocessableEntity),
        (no_answer(ErrorKind::UserAbort), ErrorKind::UserAbort),
    ] {
        let err = finished_err(decide_at(outcome, 1, 2, 0.0));
        assert_eq!(err.kind, kind);
        assert_eq!(err.attempts, 1);
    }
}

#[test]
fn success_finishes_at_once() {
    assert!(matches!(
        decide_at(answer(200, &[]), 1, 2, 0.0),
        Next::Finish(Ok(_))
    ));
}

#[test]
fn retries_stop_after_max_retries_and_count_attempts() {
    assert_eq!(
        decide_at(answer(503, &[]), 2, 2, 0.0),
        Next::RetryAfterMs(1000)
    );
    let err = finished_err(decide_at(answer(503, &[]), 3, 2, 0.0));
    assert_eq!((err.kind, err.attempts), (ErrorKind::InternalServer, 3));
    let err = finished_err(decide_at(
        no_answer(ErrorKind::ConnectionTimeout),
        1,
        0,
        0.0,
    ));
    assert_eq!((err.kind, err.attempts), (ErrorKind::ConnectionTimeout, 1));
}

#[test]
fn x_should_retry_overrides_the_status() {
    let err = finished_err(decide_at(
        answer(503, &[("X-Should-Retry", "false")]),
        1,
        2,
        0.0,
    ));
    assert_eq!(err.kind, ErrorKind::InternalServer);
    assert_eq!(
        decide_at(answer(400, &[("x-should-retry", "true")]), 1, 2, 0.0),
        Next::RetryAfterMs(500)
    );
}

#[test]
fn backoff_doubles_to_eight_seconds_with_at_most_a_quarter_jitter() {
    let waits: Vec<u64> = (0..7).map(|n| backoff_ms(n, 0.0)).collect();
    assert_eq!(waits, vec![500, 1000, 2000, 4000, 8000, 8000, 8000]);
    assert_eq!(backoff_ms(0, 0.999_999), 375);
    assert_eq!(backoff_ms(4, 0.5), 7000);
    assert_eq!(backoff_ms(40, 0.0), 8000, "no overflow");
}

#[test]
fn retry_after_ms_comes_first() {
    let outcome = answer(429, &[("retry-after-ms", "1234.5"), ("retry-after", "9")]);
    assert_eq!(decide_at(outcome, 1, 2, 0.9), Next::RetryAfterMs(1235));
}

#[test]
fn retry_after_seconds_and_http_date() {
    assert_eq!(
        decide_at(answer(429, &[("Retry-After", "3")]), 1, 2, 0.9),
        Next::RetryAfterMs(3000)
    );
    let in_five_s = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(NOW as u64 + 5_000));
    let outcome = answer(503, &[("retry-after", &in_five_s)]);
    assert_eq!(decide_at(outcome, 1, 2, 0.9), Next::RetryAfterMs(5000));
}

#[test]
fn retry_after_zero_or_past_date_waits_the_backoff() {
    assert_eq!(
        decide_at(answer(429, &[("retry-after", "0")]), 2, 2, 0.0),
        Next::RetryAfterMs(1000)
    );
    let past = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(NOW as u64 - 5_000));
    assert_eq!(
        decide_at(answer(429, &[("retry-after", &past)]), 1, 2, 0.0),
        Next::RetryAfterMs(500)
    );
}

#[test]
fn unparsable_retry_after_is_ignored() {
    for value in ["soon", "-1", "NaN", "", "1e3", "+5", "1.2.3"] {
        assert_eq!(
            decide_at(answer(429, &[("retry-after", value)]), 1, 2, 0.0),
            Next::RetryAfterMs(500)
        );
    }
}

#[test]
fn a_wait_over_sixty_seconds_is_left_to_the_caller() {
    let err = finished_err(decide_at(answer(429, &[("retry-after", "120")]), 1, 2, 0.0));
    assert_eq!(err.kind, ErrorKind::RateLimit);
    assert_eq!(err.retry_after_ms, Some(120_000));
    assert_eq!(err.attempts, 1);
    assert_eq!(
        decide_at(answer(429, &[("retry-after", "60")]), 1, 2, 0.0),
        Next::RetryAfterMs(60_000)
    );
}

#[test]
fn retry_after_is_reported_on_the_final_error() {
    let err = finished_err(decide_at(answer(429, &[("retry-after", "2")]), 3, 2, 0.0));
    assert_eq!(err.retry_after_ms, Some(2000));
    assert_eq!(err.message(), "429 [971] Please wait");
}

#[test]
fn decimal_waits_round_up_to_whole_milliseconds() {
    let outcome = answer(429, &[("retry-after-ms", "0.2")]);
    assert_eq!(decide_at(outcome, 1, 2, 0.0), Next::RetryAfterMs(1));
    let outcome = answer(429, &[("retry-after", "1.5")]);
    assert_eq!(decide_at(outcome, 1, 2, 0.0), Next::RetryAfterMs(1500));
    let outcome = answer(429, &[("retry-after", "99999999999999999999")]);
    assert_eq!(
        decide_at(outcome, 1, 2, 0.0),
        Next::RetryAfterMs(500),
        "absurd numbers are ignored"
    );
}
