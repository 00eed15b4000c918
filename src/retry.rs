//! When to try again and how long to wait: pure policy, with the clock and the randomness
//! passed in, so every rule is tested without sleeping.

use std::time::{Duration, UNIX_EPOCH};

use crate::error::{ErrorKind, SeatsError};
use crate::response::{classify, HttpResponse};
use crate::types::SeatsPage;

/// First backoff wait.
pub const BASE_DELAY_MS: f64 = 500.0;
/// Longest backoff wait.
pub const MAX_DELAY_MS: f64 = 8_000.0;
/// Part of the backoff that jitter may take off.
pub const JITTER: f64 = 0.25;
/// A server-asked wait above this is not waited out: the caller decides.
pub const MAX_SERVER_WAIT_MS: f64 = 60_000.0;

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome {
    /// An HTTP answer arrived (any status).
    Answered(HttpResponse),
    /// No answer: connection failure, timeout or user abort.
    NoAnswer(SeatsError),
}

/// What the caller of the policy does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Stop with this result.
    Finish(Result<SeatsPage, SeatsError>),
    /// Wait this many milliseconds, then send the same request again.
    RetryAfterMs(u64),
}

/// Decides what follows attempt number `attempts` (1-based) of at most `max_retries + 1`.
///
/// `now_ms` is the wall clock in ms since the Unix epoch (for `Retry-After` dates) and
/// `random` a number in `[0, 1)` (for jitter).
pub fn decide(
    outcome: AttemptOutcome,
    attempts: u32,
    max_retries: u32,
    now_ms: f64,
    random: f64,
) -> Next {
    let (mut err, retryable, server_wait) = match outcome {
        AttemptOutcome::Answered(response) => match classify(&response) {
            Ok(page) => return Next::Finish(Ok(page)),
            Err(err) => (
                err,
                is_retryable_answer(&response),
                server_wait_ms(&response, now_ms),
            ),
        },
        AttemptOutcome::NoAnswer(err) => {
            let retryable = matches!(
                err.kind,
                ErrorKind::Connection | ErrorKind::ConnectionTimeout
            );
            (err, retryable, None)
        }
    };
    err.attempts = attempts;
    err.retry_after_ms = server_wait.map(|wait| wait.ceil() as u64);
    if !retryable || attempts > max_retries {
        return Next::Finish(Err(err));
    }
    match server_wait {
        Some(wait) if wait > MAX_SERVER_WAIT_MS => Next::Finish(Err(err)),
        Some(wait) if wait > 0.0 => Next::RetryAfterMs(wait.ceil() as u64),
        // No wait asked, or `retry-after: 0`: back off rather than hammer.
        _ => Next::RetryAfterMs(backoff_ms(attempts - 1, random)),
    }
}

/// Whether an error answer is worth another try: the server's `x-should-retry` first,
/// else 408, 409, 429 and 5xx.
pub fn is_retryable_answer(response: &HttpResponse) -> bool {
    match response.header("x-should-retry").map(str::trim) {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(response.status, 408 | 409 | 429) || response.status >= 500,
    }
}

/// The wait the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date.
pub fn server_wait_ms(response: &HttpResponse, now_ms: f64) -> Option<f64> {
    let non_negative = |v: f64| (v.is_finite() && v >= 0.0).then_some(v);
    if let Some(ms) = response
        .header("retry-after-ms")
        .and_then(|v| v.trim().parse().ok())
    {
        if let Some(ms) = non_negative(ms) {
            return Some(ms);
        }
    }
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return non_negative(seconds).map(|s| s * 1000.0);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    let date_ms = date
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as f64;
    Some((date_ms - now_ms).max(0.0))
}

/// `min(0.5 s × 2^retry, 8 s)` minus up to 25 % jitter; `retry` counts from 0.
pub fn backoff_ms(retry: u32, random: f64) -> u64 {
    let full = (BASE_DELAY_MS * 2f64.powi(retry.min(16) as i32)).min(MAX_DELAY_MS);
    let random = if (0.0..1.0).contains(&random) {
        random
    } else {
        0.0
    };
    (full * (1.0 - JITTER * random)).round() as u64
}

#[cfg(test)]
mod tests;
