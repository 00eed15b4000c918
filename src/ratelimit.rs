//! Cloudflare's rate-limit headers, read without IO, and the pacing policy that keeps a client
//! under them. Two header styles: `Ratelimit` / `Ratelimit-Policy` (structured fields, RFC 9651:
//! `"default";r=50;t=30` and `"burst";q=100;w=60`) and the earlier `X-RateLimit-Limit`,
//! `-Remaining`, `-Reset`. A malformed header is ignored, never an error.

/// The API's view of the rate limit after one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests left in the window.
    pub remaining: u64,
    /// Milliseconds until the window resets.
    pub reset_ms: u64,
    /// The window's quota, when a policy header gave it.
    pub limit: Option<u64>,
    /// The window's length in milliseconds, when a policy header gave it.
    pub window_ms: Option<u64>,
    /// The name of the governing item (`"default"`), when the header named one.
    pub policy: Option<String>,
}

/// A bare item's value, as far as these headers need it.
#[derive(Debug, Clone, PartialEq)]
enum Bare {
    Integer(i64),
    Text(String),
    Other,
}

/// One list member: its bare item and its parameters.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    value: Bare,
    params: Vec<(String, Bare)>,
}

impl Item {
    fn param(&self, key: &str) -> Option<&Bare> {
        // Per RFC 9651 a repeated parameter's last value wins.
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn whole(&self, key: &str) -> Option<u64> {
        match self.param(key) {
            Some(Bare::Integer(n)) if *n >= 0 => Some(*n as u64),
            _ => None,
        }
    }

    fn name(&self) -> Option<&str> {
        match &self.value {
            Bare::Text(name) => Some(name),
            _ => None,
        }
    }
}

/// Parses a structured-field list (RFC 9651 §4.2.1) of items; `None` when malformed (inner
/// lists are not used by these headers and count as malformed).
fn parse_list(text: &str) -> Option<Vec<Item>> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    p.skip(b' ');
    let mut items = Vec::new();
    while !p.done() {
        items.push(p.item()?);
        p.skip_ows();
        if p.done() {
            break;
        }
        if p.next()? != b',' {
            return None;
        }
        p.skip_ows();
        if p.done() {
            return None; // a trailing comma
        }
    }
    Some(items)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn skip(&mut self, byte: u8) {
        while self.peek() == Some(byte) {
            self.at += 1;
        }
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    fn item(&mut self) -> Option<Item> {
        let value = self.bare()?;
        let mut params = Vec::new();
        while self.peek() == Some(b';') {
            self.at += 1;
            self.skip(b' ');
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.at += 1;
                self.bare()?
            } else {
                Bare::Other // a bare key is boolean true
            };
            params.push((key, value));
        }
        Some(Item { value, params })
    }

    fn key(&mut self) -> Option<String> {
        let start = self.at;
        match self.peek()? {
            b'a'..=b'z' | b'*' => self.at += 1,
            _ => return None,
        }
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*')
        ) {
            self.at += 1;
        }
        self.text(start)
    }

    fn text(&self, start: usize) -> Option<String> {
        std::str::from_utf8(self.bytes.get(start..self.at)?)
            .ok()
            .map(str::to_string)
    }

    fn bare(&mut self) -> Option<Bare> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => self.string().map(Bare::Text),
            b'A'..=b'Z' | b'a'..=b'z' | b'*' => self.token().map(Bare::Text),
            b'?' => {
                self.at += 1;
                matches!(self.next()?, b'0' | b'1').then_some(Bare::Other)
            }
            b':' => {
                self.at += 1;
                while self.next()? != b':' {}
                Some(Bare::Other)
            }
            _ => None,
        }
    }

    fn number(&mut self) -> Option<Bare> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        let whole = self.at - digits;
        if whole == 0 || whole > 15 {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            let fraction = self.at;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.at += 1;
            }
            let places = self.at - fraction;
            return (whole <= 12 && (1..=3).contains(&places)).then_some(Bare::Other);
        }
        self.text(start)?.parse().ok().map(Bare::Integer)
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            match self.next()? {
                b'\\' => match self.next()? {
                    byte @ (b'"' | b'\\') => out.push(byte as char),
                    _ => return None,
                },
                b'"' => return Some(out),
                byte @ 0x20..=0x7e => out.push(byte as char),
                _ => return None,
            }
        }
    }

    fn token(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        while let Some(byte) = self.peek() {
            let tchar = byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&byte);
            if !tchar {
                break;
            }
            self.at += 1;
        }
        self.text(start)
    }
}

/// The first value of a header, matched case-insensitively.
fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Reads the rate-limit view off an answer's headers; `parse_http_date_ms` reads an
/// `X-RateLimit-Reset` given as a date, `now_ms` is when the answer came.
pub fn read_rate_limit(
    headers: &[(String, String)],
    now_ms: f64,
    parse_http_date_ms: impl Fn(&str) -> Option<f64>,
) -> Option<RateLimit> {
    structured(headers).or_else(|| legacy(headers, now_ms, parse_http_date_ms))
}

fn structured(headers: &[(String, String)]) -> Option<RateLimit> {
    let items = parse_list(header(headers, "ratelimit")?)?;
    let governing = items
        .iter()
        .filter_map(|item| Some((item, item.whole("r")?, item.whole("t")?)))
        .min_by_key(|(_, remaining, _)| *remaining)?;
    let (item, remaining, reset_s) = governing;
    let policy = item.name().map(str::to_string);
    let policies = header(headers, "ratelimit-policy").and_then(parse_list);
    let matching = policies.as_ref().and_then(|list| {
        list.iter()
            .find(|p| p.name().is_some() && p.name() == policy.as_deref())
            .or_else(|| (list.len() == 1).then(|| &list[0]))
    });
    Some(RateLimit {
        remaining,
        reset_ms: reset_s.saturating_mul(1000),
        limit: matching.and_then(|p| p.whole("q")),
        window_ms: matching
            .and_then(|p| p.whole("w"))
            .map(|w| w.saturating_mul(1000)),
        policy,
    })
}

fn legacy(
    headers: &[(String, String)],
    now_ms: f64,
    parse_http_date_ms: impl Fn(&str) -> Option<f64>,
) -> Option<RateLimit> {
    let whole = |name: &str| -> Option<u64> {
        let value = header(headers, name)?.trim();
        (!value.is_empty() && value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit()))
            .then(|| value.parse().ok())
            .flatten()
    };
    let remaining = whole("x-ratelimit-remaining")?;
    let reset = header(headers, "x-ratelimit-reset")?.trim();
    let reset_ms = match whole("x-ratelimit-reset") {
        Some(seconds) => seconds.saturating_mul(1000),
        None => {
            // A date has whole seconds: the window may end anywhere in that second, so the
            // client waits until one second after it and never arrives a moment early.
            let at = parse_http_date_ms(reset)? + 1000.0;
            let wait = (at - now_ms).max(0.0);
            if !wait.is_finite() {
                return None;
            }
            wait.ceil() as u64
        }
    };
    Some(RateLimit {
        remaining,
        reset_ms,
        limit: whole("x-ratelimit-limit"),
        window_ms: None,
        policy: None,
    })
}

/// What the pacer tells a request about to go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Send now.
    Go,
    /// Wait this many milliseconds, then ask again.
    Wait(u64),
    /// The wait needed (ms) is longer than the caller allows: fail before sending.
    TooLong(u64),
}

/// Requests kept for the dashboard and other scripts when the limit is unknown.
pub const DEFAULT_RESERVE: u64 = 10;
/// Longest pacing wait taken without asking the caller.
pub const DEFAULT_MAX_WAIT_MS: u64 = 60_000;

/// The pacing state of one client: the last view of the limit, and the requests in flight.
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    view: Option<(RateLimit, f64)>,
    in_flight: u64,
}

impl Pacer {
    /// A pacer that has seen no answer yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The latest view, if any.
    pub fn view(&self) -> Option<&RateLimit> {
        self.view.as_ref().map(|(view, _)| view)
    }

    /// The reserve: the caller's, else 10 % of the known limit rounded up, else 10.
    pub fn reserve(&self, configured: Option<u64>) -> u64 {
        configured.unwrap_or_else(|| {
            self.view()
                .and_then(|v| v.limit)
                .map_or(DEFAULT_RESERVE, |limit| limit.div_ceil(10))
        })
    }

    /// Whether a request may go out at `now_ms`.
    pub fn check(&self, now_ms: f64, reserve: Option<u64>, max_wait_ms: u64) -> Pace {
        let Some((view, seen_at)) = &self.view else {
            return Pace::Go;
        };
        let reset_at = seen_at + view.reset_ms as f64;
        // In a new window the budget is the policy's quota when it is known; unknown, nothing
        // holds a request back until the next answer says more.
        let remaining = if now_ms >= reset_at {
            match view.limit {
                Some(limit) => limit,
                None => return Pace::Go,
            }
        } else {
            view.remaining
        };
        let budget = remaining
            .saturating_sub(self.in_flight)
            .saturating_sub(self.reserve(reserve));
        if budget > 0 {
            return Pace::Go;
        }
        // Spent in a new window too: wait one window (or a second) for an answer to come back.
        let wait = if now_ms >= reset_at {
            view.window_ms.unwrap_or(1_000).max(1)
        } else {
            (reset_at - now_ms).ceil() as u64
        };
        if wait > max_wait_ms {
            Pace::TooLong(wait)
        } else {
            Pace::Wait(wait)
        }
    }

    /// A request went out.
    pub fn sent(&mut self) {
        self.in_flight += 1;
    }

    /// A request ended (answered or not); `view` is what its answer said, if anything.
    pub fn ended(&mut self, view: Option<RateLimit>, now_ms: f64) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Some(view) = view {
            self.view = Some((view, now_ms));
        }
    }
}

#[cfg(test)]
mod tests;
