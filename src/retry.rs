//! When to try again and how long to wait: pure policy, with the clock, the randomness and the
//! date parser passed in, so every rule is tested without sleeping.

use crate::error::{ErrorKind, SeatsError};
use crate::response::{classify, HttpResponse, Success};
use crate::text::split_once_byte;

/// First backoff wait.
pub const BASE_DELAY_MS: u64 = 500;
/// Longest backoff wait.
pub const MAX_DELAY_MS: u64 = 8_000;
/// Part of the backoff that jitter may take off.
pub const JITTER: f64 = 0.25;
/// A server-asked wait above this is not waited out: the caller decides.
pub const MAX_SERVER_WAIT_MS: u64 = 60_000;

/// What the policy needs from the world: injected, so tests control it.
pub trait Environment {
    /// Wall clock in ms since the Unix epoch (for `Retry-After` dates).
    fn now_ms(&self) -> f64;
    /// A number in `[0, 1)` (for jitter).
    fn random(&self) -> f64;
    /// An HTTP date as ms since the Unix epoch, if it is one.
    fn parse_http_date_ms(&self, value: &str) -> Option<f64>;
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome {
    /// An HTTP answer arrived (any status).
    Answered(HttpResponse),
    /// No answer: connection failure, timeout or user abort.
    NoAnswer(SeatsError),
}

/// What the caller of the policy does next.
// The error variant carries the whole failure (as `result_large_err` in lib.rs explains): one
// value per attempt, so boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Stop with this result.
    Finish(Result<Success, SeatsError>),
    /// Wait this many milliseconds, then send the same request again.
    RetryAfterMs(u64),
}

/// Decides what follows attempt number `attempts` (1-based) of at most `max_retries + 1`.
pub fn decide(
    outcome: AttemptOutcome,
    attempts: u32,
    max_retries: u32,
    env: &impl Environment,
) -> Next {
    let (mut err, retryable, server_wait) = match outcome {
        AttemptOutcome::Answered(response) => match classify(&response) {
            Ok(success) => return Next::Finish(Ok(success)),
            Err(err) => (
                err,
                is_retryable_answer(&response),
                server_wait_ms(&response, env),
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
    err.retry_after_ms = server_wait;
    if !retryable || attempts > max_retries {
        return Next::Finish(Err(err));
    }
    match server_wait {
        Some(wait) if wait > MAX_SERVER_WAIT_MS => Next::Finish(Err(err)),
        Some(wait) if wait > 0 => Next::RetryAfterMs(wait),
        // No wait asked, or `retry-after: 0`: back off rather than hammer.
        _ => Next::RetryAfterMs(backoff_ms(attempts.saturating_sub(1), env.random())),
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
pub fn server_wait_ms(response: &HttpResponse, env: &impl Environment) -> Option<u64> {
    if let Some(ms) = response
        .header("retry-after-ms")
        .and_then(|v| decimal_ms(v, 1))
    {
        return Some(ms);
    }
    let value = response.header("retry-after")?.trim();
    if let Some(ms) = decimal_ms(value, 1000) {
        return Some(ms);
    }
    let date_ms = env.parse_http_date_ms(value)?;
    let wait = (date_ms - env.now_ms()).max(0.0);
    Some(if wait.is_finite() {
        wait.ceil() as u64
    } else {
        0
    })
}

/// A non-negative decimal (`"3"`, `"1.25"`) times `scale`, rounded up; `None` if it is not one.
fn decimal_ms(value: &str, scale: u64) -> Option<u64> {
    let (whole, fraction) = split_once_byte(value.trim(), b'.').unwrap_or((value.trim(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || whole.len() > 12 {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let fraction = fraction.get(..fraction.len().min(6)).unwrap_or("");
    let denominator = 10u64.pow(fraction.len() as u32);
    let fraction: u64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    Some(whole * scale + (fraction * scale).div_ceil(denominator))
}

/// `min(0.5 s × 2^retry, 8 s)` minus up to 25 % jitter; `retry` counts from 0.
pub fn backoff_ms(retry: u32, random: f64) -> u64 {
    let full = (BASE_DELAY_MS << retry.min(16)).min(MAX_DELAY_MS) as f64;
    let random = if (0.0..1.0).contains(&random) {
        random
    } else {
        0.0
    };
    (full * (1.0 - JITTER * random)).round() as u64
}

#[cfg(test)]
mod tests;
