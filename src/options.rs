//! Client options: checked once, merged with environment defaults, never echoing a secret.

use std::borrow::Cow;

use crate::auth::Credentials;
use crate::error::SeatsError;
use crate::request::DEFAULT_BASE_URL;
use crate::text::{before_byte, concat, trim_end_byte};
use crate::time::push_uint;

/// Default time limit of one attempt.
pub const DEFAULT_TIMEOUT_MS: u64 = 60_000;
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Highest `maxRetries` accepted: more would hammer an API that is down.
pub const MAX_MAX_RETRIES: u32 = 10;

/// One option value as the JS boundary found it, before any check.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum OptionValue {
    /// Left out or `undefined`.
    #[default]
    Absent,
    /// A string.
    Str(String),
    /// A number.
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// A function.
    Function,
    /// An `AbortSignal`.
    AbortSignal,
    /// A plain object's own string-keyed entries.
    Map(Vec<(String, OptionValue)>),
    /// Anything else, described by its JS type (`"null"`, `"a Boolean object"`…).
    Other(&'static str),
    /// Reading it threw (a getter, a Proxy trap): what was thrown, named (`TypeError`).
    Unreadable(String),
}

/// The options a caller passed, one raw value each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOptions {
    /// `apiToken`.
    pub api_token: OptionValue,
    /// `apiEmail`.
    pub api_email: OptionValue,
    /// `apiKey`.
    pub api_key: OptionValue,
    /// `baseUrl`.
    pub base_url: OptionValue,
    /// `timeoutMs`.
    pub timeout_ms: OptionValue,
    /// `maxRetries`.
    pub max_retries: OptionValue,
    /// `defaultHeaders` (client) or `headers` (one request).
    pub headers: OptionValue,
    /// `fetch` (client): a custom fetch implementation.
    pub fetch: OptionValue,
    /// `signal` (one request): aborts the call.
    pub signal: OptionValue,
    /// `batchSize` (one request): seats per request.
    pub batch_size: OptionValue,
    /// `concurrency` (one request): batches in flight.
    pub concurrency: OptionValue,
    /// `onProgress` (one request): called after each batch.
    pub on_progress: OptionValue,
    /// `rateLimitPacing` (client): false turns pacing off.
    pub rate_limit_pacing: OptionValue,
    /// `rateLimitReserve`: requests left for others of the same token.
    pub rate_limit_reserve: OptionValue,
    /// `maxRateLimitWaitMs`: the longest pacing wait taken without failing.
    pub max_rate_limit_wait_ms: OptionValue,
}

/// Defaults read from the environment (Node's `process.env`); empty values count as unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvDefaults {
    /// `CLOUDFLARE_API_TOKEN`.
    pub api_token: Option<String>,
    /// `CLOUDFLARE_EMAIL`.
    pub api_email: Option<String>,
    /// `CLOUDFLARE_API_KEY`.
    pub api_key: Option<String>,
    /// `CLOUDFLARE_BASE_URL`.
    pub base_url: Option<String>,
}

/// Checked settings of a client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// Base URL without trailing slashes.
    pub base_url: String,
    /// How requests authenticate.
    pub credentials: Credentials,
    /// Time limit of one attempt.
    pub timeout_ms: u64,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Extra headers sent with every request.
    pub headers: Vec<(String, String)>,
    /// How requests are paced by the API's rate-limit headers.
    pub pacing: Pacing,
}

/// Pacing by the rate-limit headers (see `ratelimit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// False when the caller turned pacing off.
    pub enabled: bool,
    /// Requests kept for others; `None`: 10 % of the limit, or 10.
    pub reserve: Option<u64>,
    /// A pacing wait longer than this fails with `RateLimitError` before sending.
    pub max_wait_ms: u64,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            enabled: true,
            reserve: None,
            max_wait_ms: crate::ratelimit::DEFAULT_MAX_WAIT_MS,
        }
    }
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestSettings {
    /// Overrides `timeoutMs`.
    pub timeout_ms: Option<u64>,
    /// Overrides `maxRetries`.
    pub max_retries: Option<u32>,
    /// Added to (and overriding) the client's headers.
    pub headers: Vec<(String, String)>,
    /// Seats per request; `None` sends the whole body at once.
    pub batch_size: Option<usize>,
    /// Batches in flight at once (1 or more).
    pub concurrency: usize,
    /// Overrides `rateLimitReserve`.
    pub rate_limit_reserve: Option<u64>,
    /// Overrides `maxRateLimitWaitMs`.
    pub max_rate_limit_wait_ms: Option<u64>,
}

/// Checks that the options argument, when given, is an object (`shape` is its kind only).
pub fn check_options_object(shape: &OptionValue) -> Result<(), SeatsError> {
    match shape {
        OptionValue::Absent | OptionValue::Map(_) => Ok(()),
        other => Err(SeatsError::validation(
            "options",
            &not_a("must be an object of options", other),
        )),
    }
}

/// Checks the options and fills what is left out from the environment.
pub fn resolve_client(raw: &RawOptions, env: &EnvDefaults) -> Result<ClientConfig, SeatsError> {
    let base_url = match optional_string(&raw.base_url, "baseUrl")? {
        Some(url) => url,
        None => env
            .base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_BASE_URL.into()),
    };
    check_base_url(&base_url)?;
    let credentials = resolve_credentials(raw, env)?;
    if credentials == Credentials::None && is_cloudflare_api(&base_url) {
        return Err(SeatsError::validation(
            "apiToken",
            "is required for api.cloudflare.com: pass apiToken (or apiEmail and apiKey), \
             or set CLOUDFLARE_API_TOKEN",
        ));
    }
    let settings = resolve_request(raw, "defaultHeaders")?;
    expect_kind(
        &raw.fetch,
        "fetch",
        &OptionValue::Function,
        "a function like the global fetch",
    )?;
    Ok(ClientConfig {
        base_url: trim_end_byte(&base_url, b'/').to_string(),
        credentials,
        timeout_ms: settings.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
        max_retries: settings.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
        headers: settings.headers,
        pacing: Pacing {
            enabled: pacing_switch(&raw.rate_limit_pacing)?,
            reserve: settings.rate_limit_reserve,
            max_wait_ms: settings
                .max_rate_limit_wait_ms
                .unwrap_or(crate::ratelimit::DEFAULT_MAX_WAIT_MS),
        },
    })
}

/// Checks the per-call options (`timeoutMs`, `maxRetries`, headers under `headers_field`).
pub fn resolve_request(
    raw: &RawOptions,
    headers_field: &str,
) -> Result<RequestSettings, SeatsError> {
    expect_kind(
        &raw.signal,
        "signal",
        &OptionValue::AbortSignal,
        "an AbortSignal",
    )?;
    expect_kind(
        &raw.on_progress,
        "onProgress",
        &OptionValue::Function,
        "a function",
    )?;
    Ok(RequestSettings {
        timeout_ms: timeout(&raw.timeout_ms)?,
        max_retries: retries(&raw.max_retries)?,
        headers: headers(&raw.headers, headers_field)?,
        batch_size: whole_number(&raw.batch_size, "batchSize", MAX_BATCH_SIZE)?,
        concurrency: whole_number(&raw.concurrency, "concurrency", MAX_CONCURRENCY)?.unwrap_or(1),
        rate_limit_reserve: count(&raw.rate_limit_reserve, "rateLimitReserve", 1_000_000)?,
        max_rate_limit_wait_ms: count(
            &raw.max_rate_limit_wait_ms,
            "maxRateLimitWaitMs",
            3_600_000,
        )?,
    })
}

/// `rateLimitPacing`: true (the default) or false.
fn pacing_switch(value: &OptionValue) -> Result<bool, SeatsError> {
    match value {
        OptionValue::Absent => Ok(true),
        OptionValue::Bool(on) => Ok(*on),
        other => Err(SeatsError::validation(
            "rateLimitPacing",
            &not_a("must be true or false", other),
        )),
    }
}

/// A whole number from 0 to `max`.
fn count(value: &OptionValue, field: &str, max: u64) -> Result<Option<u64>, SeatsError> {
    match value {
        OptionValue::Absent => Ok(None),
        OptionValue::Num(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= max as f64 => {
            Ok(Some(*n as u64))
        }
        _ => Err(SeatsError::validation(field, &whole_number_range(0, max))),
    }
}

impl ClientConfig {
    /// The settings of one call: the client's, overridden by the call's.
    pub fn with(&self, call: &RequestSettings) -> ClientConfig {
        let mut merged = self.clone();
        merged.timeout_ms = call.timeout_ms.unwrap_or(self.timeout_ms);
        merged.max_retries = call.max_retries.unwrap_or(self.max_retries);
        merged.pacing.reserve = call.rate_limit_reserve.or(self.pacing.reserve);
        merged.pacing.max_wait_ms = call
            .max_rate_limit_wait_ms
            .unwrap_or(self.pacing.max_wait_ms);
        for (name, value) in &call.headers {
            merged
                .headers
                .retain(|(old, _)| !old.eq_ignore_ascii_case(name));
            merged.headers.push((name.clone(), value.clone()));
        }
        merged
    }
}

fn resolve_credentials(raw: &RawOptions, env: &EnvDefaults) -> Result<Credentials, SeatsError> {
    let token = optional_secret(&raw.api_token, "apiToken")?;
    let email = optional_secret(&raw.api_email, "apiEmail")?;
    let key = optional_secret(&raw.api_key, "apiKey")?;
    // Explicit credentials of either kind replace the environment's entirely.
    let explicit = token.is_some() || email.is_some() || key.is_some();
    let (token, email, key) = if explicit {
        (token, email, key)
    } else {
        let checked = |value: &Option<String>, field| {
            value
                .as_deref()
                .map(|v| check_secret(v, field).map(|_| v.to_string()))
                .transpose()
        };
        (
            checked(&env.api_token, "apiToken")?,
            checked(&env.api_email, "apiEmail")?,
            checked(&env.api_key, "apiKey")?,
        )
    };
    match (token, email, key) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(SeatsError::validation(
            "apiToken",
            "and apiEmail/apiKey are both given: pass one kind of credentials, not both",
        )),
        (Some(token), None, None) => {
            check_length(&token, "apiToken")?;
            Ok(Credentials::Token(token))
        }
        (None, Some(email), Some(key)) => {
            check_length(&key, "apiKey")?;
            Ok(Credentials::EmailKey { email, key })
        }
        (None, Some(_), None) => Err(SeatsError::validation(
            "apiKey",
            "is required with apiEmail",
        )),
        (None, None, Some(_)) => Err(SeatsError::validation(
            "apiEmail",
            "is required with apiKey",
        )),
        (None, None, None) => Ok(Credentials::None),
    }
}

fn optional_string(value: &OptionValue, field: &str) -> Result<Option<String>, SeatsError> {
    match value {
        OptionValue::Absent => Ok(None),
        OptionValue::Str(s) => Ok(Some(s.clone())),
        other => Err(SeatsError::validation(
            field,
            &not_a("must be a string", other),
        )),
    }
}

fn optional_secret(value: &OptionValue, field: &str) -> Result<Option<String>, SeatsError> {
    let secret = optional_string(value, field)?;
    if let Some(secret) = &secret {
        check_secret(secret, field)?;
    }
    Ok(secret)
}

/// Secrets go into HTTP headers: printable ASCII only, so no CR/LF can split a header.
fn check_secret(secret: &str, field: &str) -> Result<(), SeatsError> {
    if secret.is_empty() {
        return Err(SeatsError::validation(field, "must not be empty"));
    }
    if !secret.bytes().all(|b| (0x20..0x7f).contains(&b)) || secret.trim() != secret {
        return Err(SeatsError::validation(
            field,
            "must contain only printable ASCII characters, without surrounding spaces or line breaks",
        ));
    }
    Ok(())
}

/// The shortest API token or key accepted. Real ones are far longer; a short value is a
/// mistake (a placeholder, a cut-off paste), and redaction replaces every occurrence of a secret,
/// so a secret like `t` would turn every `t` in a message into `<redacted>`.
pub const MIN_SECRET_CHARS: usize = 16;

/// Refuses a token or key shorter than [`MIN_SECRET_CHARS`], without echoing it.
fn check_length(secret: &str, field: &str) -> Result<(), SeatsError> {
    if secret.len() < MIN_SECRET_CHARS {
        return Err(SeatsError::validation(field, &too_short()));
    }
    Ok(())
}

/// The problem of a secret under [`MIN_SECRET_CHARS`], built without `format!`.
fn too_short() -> String {
    let mut problem = String::from("must be at least ");
    push_uint(&mut problem, MIN_SECRET_CHARS as u64);
    problem.push_str(" characters long: no Cloudflare API token or key is shorter");
    problem
}

fn check_base_url(url: &str) -> Result<(), SeatsError> {
    let bad = |problem: &str| Err(SeatsError::validation("baseUrl", problem));
    let lower = url.to_ascii_lowercase();
    let Some(authority) = authority(&lower) else {
        return bad("must be an http:// or https:// URL");
    };
    if authority.is_empty() {
        return bad("must name a host");
    }
    if authority.bytes().any(|b| b == b'@') {
        return bad("must not contain credentials (user:password@): pass apiToken instead");
    }
    if url
        .bytes()
        .any(|b| b <= b' ' || b == 0x7f || b == b'?' || b == b'#' || b == b'\\')
    {
        return bad("must not contain spaces, control characters, a query or a fragment");
    }
    Ok(())
}

/// What an http:// or https:// URL names before its path (`host[:port]`, or credentials and
/// host), as written; `None` for any other scheme.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(before_byte(rest, b'/'))
}

/// True when the URL (one [`check_base_url`] passed) points at Cloudflare's own API host, which
/// always needs credentials.
fn is_cloudflare_api(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    // The host is the authority up to the port.
    authority(&lower).map(|authority| before_byte(authority, b':')) == Some("api.cloudflare.com")
}

fn timeout(value: &OptionValue) -> Result<Option<u64>, SeatsError> {
    match value {
        OptionValue::Absent => Ok(None),
        OptionValue::Num(n) if n.is_finite() && *n >= 1.0 && *n <= 3_600_000.0 => {
            Ok(Some(*n as u64))
        }
        _ => Err(SeatsError::validation(
            "timeoutMs",
            "must be a number of milliseconds from 1 to 3600000",
        )),
    }
}

fn retries(value: &OptionValue) -> Result<Option<u32>, SeatsError> {
    match value {
        OptionValue::Absent => Ok(None),
        OptionValue::Num(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= MAX_MAX_RETRIES as f64 => {
            Ok(Some(*n as u32))
        }
        _ => Err(SeatsError::validation(
            "maxRetries",
            "must be a whole number from 0 to 10",
        )),
    }
}

/// Largest `batchSize`: far above what the API takes in one request.
pub const MAX_BATCH_SIZE: usize = 1_000_000;
/// Largest `concurrency`: more would only earn 429s.
pub const MAX_CONCURRENCY: usize = 32;

fn whole_number(value: &OptionValue, field: &str, max: usize) -> Result<Option<usize>, SeatsError> {
    match value {
        OptionValue::Absent => Ok(None),
        OptionValue::Num(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= max as f64 => {
            Ok(Some(*n as usize))
        }
        _ => Err(SeatsError::validation(
            field,
            &whole_number_range(1, max as u64),
        )),
    }
}

fn headers(value: &OptionValue, field: &str) -> Result<Vec<(String, String)>, SeatsError> {
    let entries = match value {
        OptionValue::Absent => return Ok(Vec::new()),
        OptionValue::Map(entries) => entries,
        other => {
            let problem = not_a("must be an object of header names to strings", other);
            return Err(SeatsError::validation(field, &problem));
        }
    };
    entries
        .iter()
        .map(|(name, value)| check_header(field, name, value))
        .collect()
}

/// Headers the client owns: auth goes through the credential options, where it is kept secret.
const RESERVED_HEADERS: [&str; 5] = [
    "authorization",
    "x-auth-email",
    "x-auth-key",
    "content-type",
    "content-length",
];

fn check_header(
    field: &str,
    name: &str,
    value: &OptionValue,
) -> Result<(String, String), SeatsError> {
    let place = concat(&[field, ".", name]);
    let is_token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !is_token {
        return Err(SeatsError::validation(
            place,
            "is not a valid HTTP header name",
        ));
    }
    if RESERVED_HEADERS
        .iter()
        .any(|r| name.eq_ignore_ascii_case(r))
    {
        return Err(SeatsError::validation(
            place,
            "is set by the client itself: pass credentials as apiToken or apiEmail + apiKey",
        ));
    }
    match value {
        OptionValue::Str(v) if v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) => {
            Ok((name.to_string(), v.clone()))
        }
        OptionValue::Str(_) => Err(SeatsError::validation(
            place,
            "must contain only printable ASCII characters (no line breaks)",
        )),
        other => Err(SeatsError::validation(
            place,
            &not_a("must be a string", other),
        )),
    }
}

/// Accepts `value` if it is absent or of the same variant as `kind`.
fn expect_kind(
    value: &OptionValue,
    field: &str,
    kind: &OptionValue,
    wanted: &str,
) -> Result<(), SeatsError> {
    if *value == OptionValue::Absent
        || std::mem::discriminant(value) == std::mem::discriminant(kind)
    {
        return Ok(());
    }
    let problem = not_a(&concat(&["must be ", wanted]), value);
    Err(SeatsError::validation(field, &problem))
}

/// `must be a whole number from {low} to {max}`, the problem of a count out of range.
pub(crate) fn whole_number_range(low: u64, max: u64) -> String {
    let mut problem = String::from("must be a whole number from ");
    push_uint(&mut problem, low);
    problem.push_str(" to ");
    push_uint(&mut problem, max);
    problem
}

/// `{wanted}, not {what value is}`: the problem of a value of the wrong kind.
pub(crate) fn not_a(wanted: &str, value: &OptionValue) -> String {
    concat(&[wanted, ", not ", &describe(value)])
}

/// What a value is, for messages (`"a string"`, `"a Boolean object"`…).
pub(crate) fn describe(value: &OptionValue) -> Cow<'static, str> {
    Cow::Borrowed(match value {
        OptionValue::Absent => "undefined",
        OptionValue::Str(_) => "a string",
        OptionValue::Num(_) => "a number",
        OptionValue::Map(_) => "an object",
        OptionValue::Bool(_) => "a boolean",
        OptionValue::Function => "a function",
        OptionValue::AbortSignal => "an AbortSignal",
        OptionValue::Other(kind) => kind,
        OptionValue::Unreadable(thrown) => {
            let read = "a value that could not be read (reading it threw ";
            return Cow::Owned(concat(&[read, thrown, ")"]));
        }
    })
}

#[cfg(test)]
mod tests;

/// Option values for the tests of modules that read caller objects.
#[cfg(test)]
pub(crate) mod test_values {
    use super::OptionValue;

    /// A plain object's entries, in order.
    pub fn map(entries: &[(&str, OptionValue)]) -> OptionValue {
        OptionValue::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    /// A string.
    pub fn s(text: &str) -> OptionValue {
        OptionValue::Str(text.into())
    }
}
