//! Fuzz target `classify`: any HTTP answer through the core's response reading, classification
//! and retry policy. The core must never panic (a panic inside wasm poisons the instance), and
//! what it concludes must agree with a reference reading of the same answer.
//!
//! Input format (text, so seeds are readable HTTP-like answers):
//!
//! ```text
//! <status> <attempts> <max_retries> <now_ms> <random> [<date_ms>]
//! Header-Name: value
//! ...
//! <empty line>
//! <body bytes>
//! ```
//!
//! A missing or unparsable first-line token takes a default; a number is cut to the field's width
//! (`70000` is status 4464), so every status stays reachable. Without `<date_ms>`, HTTP dates are
//! parsed with `httpdate`; with it, the date parser "returns" that number for any value (NaN,
//! infinities and negatives included), as a hostile or broken environment could. The body is read
//! as UTF-8 with invalid bytes replaced, as `Response.text()` does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zero_trust_seats::error::ErrorKind;
use zero_trust_seats::response::{classify, Body, HttpResponse, ResultShape, READ_HEADERS};
use zero_trust_seats::retry::{decide, AttemptOutcome, Environment, Next, MAX_SERVER_WAIT_MS};

#[path = "common/reference.rs"]
mod reference;

struct Env {
    now_ms: f64,
    random: f64,
    date_ms: Option<f64>,
}

impl Environment for Env {
    fn now_ms(&self) -> f64 {
        self.now_ms
    }
    fn random(&self) -> f64 {
        self.random
    }
    fn parse_http_date_ms(&self, value: &str) -> Option<f64> {
        match self.date_ms {
            Some(ms) => Some(ms),
            None => httpdate::parse_http_date(value).ok().map(|time| {
                match time.duration_since(std::time::UNIX_EPOCH) {
                    Ok(after) => after.as_millis() as f64,
                    Err(before) => -(before.duration().as_millis() as f64),
                }
            }),
        }
    }
}

struct Input {
    status: u16,
    attempts: u32,
    max_retries: u32,
    env: Env,
    headers: Vec<(String, String)>,
    body: String,
}

fn parse(data: &[u8]) -> Input {
    let text = String::from_utf8_lossy(data);
    let (head, body) = match text.find("\n\n") {
        Some(at) => (&text[..at], &text[at + 2..]),
        None => match text.find('\n') {
            Some(at) => (&text[..at], ""),
            None => ("", &text[..]),
        },
    };
    let mut lines = head.split('\n');
    let mut tokens = lines.next().unwrap_or("").split_whitespace();
    let mut int = |default: u64| {
        tokens
            .next()
            .map(|t| t.parse::<u64>().unwrap_or(default))
            .unwrap_or(default)
    };
    let status = int(200) as u16;
    let attempts = int(1) as u32;
    let max_retries = int(2) as u32;
    let mut floats = head
        .split('\n')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(3);
    let mut float = |default: Option<f64>| {
        floats
            .next()
            .map(|t| t.parse::<f64>().ok().or(default))
            .unwrap_or(default)
    };
    let now_ms = float(Some(1_764_000_000_000.0)).unwrap_or(0.0);
    let random = float(Some(0.5)).unwrap_or(0.0);
    let date_ms = float(None);
    let headers = lines
        .map(|line| match line.split_once(':') {
            Some((name, value)) => (name.to_string(), value.trim_start().to_string()),
            None => (line.to_string(), String::new()),
        })
        .collect();
    Input {
        status,
        attempts,
        max_retries,
        env: Env {
            now_ms,
            random,
            date_ms,
        },
        headers,
        body: body.to_string(),
    }
}

fuzz_target!(|data: &[u8]| {
    let input = parse(data);
    let response = HttpResponse::from_text(input.status, input.headers.clone(), &input.body);

    // The body as the JS engine would read it (JSON.parse), compared with the core's reading.
    reference::check_body_facts(&input.body, &response);

    let ray = response.header("cf-ray").map(str::to_string);
    match classify(&response) {
        Ok(success) => {
            assert!(
                (200..300).contains(&input.status),
                "Ok for {}",
                input.status
            );
            match &response.body {
                Body::Envelope(facts) => {
                    assert_eq!(facts.success, Some(true));
                    assert_eq!(facts.result, ResultShape::Array(success.seats));
                }
                other => panic!("Ok from a body that is not an envelope: {other:?}"),
            }
        }
        Err(err) => {
            let kind = if (200..300).contains(&input.status) {
                ErrorKind::InvalidResponse
            } else {
                ErrorKind::from_status(input.status)
            };
            assert_eq!(err.kind, kind);
            assert_eq!(err.status, Some(input.status));
            assert_eq!(err.ray_id, ray);
            assert_eq!(err.field, None, "only validation errors have a field");
            // The status, then the server's `[code] message`s or the sentence; the class name is
            // the error's own (it is not repeated in the message).
            let prefix = format!("{} ", input.status);
            assert!(err.message().starts_with(&prefix), "{}", err.message());
            assert!(!err.message().starts_with(kind.class_name()), "{}", err.message());
            if let Body::Envelope(facts) = &response.body {
                assert_eq!(err.errors, facts.errors);
                assert_eq!(err.messages, facts.messages);
            } else {
                assert!(err.errors.is_empty() && err.messages.is_empty());
            }
        }
    }

    // Only the headers the client reads matter: keeping just those must not change anything.
    let kept: Vec<(String, String)> = input
        .headers
        .iter()
        .filter(|(name, _)| READ_HEADERS.iter().any(|r| name.eq_ignore_ascii_case(r)))
        .cloned()
        .collect();
    let trimmed = HttpResponse::from_text(input.status, kept, &input.body);
    assert_eq!(classify(&trimmed), classify(&response));

    let ok = classify(&response).is_ok();
    let next = decide(
        AttemptOutcome::Answered(response),
        input.attempts,
        input.max_retries,
        &input.env,
    );
    match next {
        Next::Finish(Ok(_)) => assert!(ok),
        Next::Finish(Err(err)) => {
            assert!(!ok);
            assert_eq!(err.attempts, input.attempts);
        }
        Next::RetryAfterMs(wait) => {
            assert!(!ok, "a success is never retried");
            assert!(
                input.attempts <= input.max_retries,
                "retried past maxRetries"
            );
            assert!(wait > 0 && wait <= MAX_SERVER_WAIT_MS, "waits {wait} ms");
        }
    }
});
