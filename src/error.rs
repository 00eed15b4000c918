//! Failures as plain values: one kind per exported JS error class.

use crate::text::concat;
use crate::time::push_uint;
use crate::types::ResponseInfo;

/// Which JS error class a failure becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input or options, caught before anything is sent.
    Validation,
    /// HTTP 400.
    BadRequest,
    /// HTTP 401.
    Authentication,
    /// HTTP 403.
    PermissionDenied,
    /// HTTP 404.
    NotFound,
    /// HTTP 409.
    Conflict,
    /// HTTP 422.
    UnprocessableEntity,
    /// HTTP 429.
    RateLimit,
    /// HTTP 500 and above.
    InternalServer,
    /// Any other non-2xx status.
    Api,
    /// The request never got an answer (DNS, refused, reset, CORS).
    Connection,
    /// An attempt ran past its time limit.
    ConnectionTimeout,
    /// The caller's `AbortSignal` fired.
    UserAbort,
    /// A 2xx answer that is not a valid success envelope.
    InvalidResponse,
}

impl ErrorKind {
    /// The kind for a non-2xx HTTP status.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Authentication,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::UnprocessableEntity,
            429 => Self::RateLimit,
            s if s >= 500 => Self::InternalServer,
            _ => Self::Api,
        }
    }

    /// The exported JS class name, which is also the error's `name`.
    pub fn class_name(self) -> &'static str {
        match self {
            Self::Validation => "ValidationError",
            Self::BadRequest => "BadRequestError",
            Self::Authentication => "AuthenticationError",
            Self::PermissionDenied => "PermissionDeniedError",
            Self::NotFound => "NotFoundError",
            Self::Conflict => "ConflictError",
            Self::UnprocessableEntity => "UnprocessableEntityError",
            Self::RateLimit => "RateLimitError",
            Self::InternalServer => "InternalServerError",
            Self::Api => "APIError",
            Self::Connection => "APIConnectionError",
            Self::ConnectionTimeout => "APIConnectionTimeoutError",
            Self::UserAbort => "APIUserAbortError",
            Self::InvalidResponse => "InvalidResponseError",
        }
    }
}

/// A failure of `editSeats`, ready to become a JS error. Never holds a secret.
///
/// Boxed: a `Result` that carries it is one pointer wide, so every `?` moves a pointer, not
/// the whole record.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatsError(Box<ErrorDetails>);

impl std::ops::Deref for SeatsError {
    type Target = ErrorDetails;
    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl std::ops::DerefMut for SeatsError {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

/// What a `SeatsError` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDetails {
    /// Which class it becomes.
    pub kind: ErrorKind,
    /// What went wrong, without the status/class prefix.
    pub detail: String,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// Cloudflare's `errors`.
    pub errors: Vec<ResponseInfo>,
    /// Cloudflare's `messages`.
    pub messages: Vec<ResponseInfo>,
    /// The `cf-ray` header, when present.
    pub ray_id: Option<String>,
    /// The input field at fault (validation errors only), e.g. `body[3].seat_uid`.
    pub field: Option<String>,
    /// How many attempts were made (0 when nothing was sent).
    pub attempts: u32,
    /// How long the server asked to wait before retrying, when it said.
    pub retry_after_ms: Option<u64>,
    /// The rate-limit view of the last answer, when known.
    pub rate_limit: Option<crate::ratelimit::RateLimit>,
}

impl SeatsError {
    /// A failure of the given kind with just a detail line.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Self(Box::new(ErrorDetails {
            kind,
            detail: detail.into(),
            status: None,
            errors: Vec::new(),
            messages: Vec::new(),
            ray_id: None,
            field: None,
            attempts: 0,
            retry_after_ms: None,
            rate_limit: None,
        }))
    }

    /// A validation failure that names the field at fault.
    pub fn validation(field: impl Into<String>, problem: &str) -> Self {
        let field = field.into();
        let mut err = Self::new(
            ErrorKind::Validation,
            concat(&[field.as_str(), " ", problem]),
        );
        err.field = Some(field);
        err
    }

    /// The caller's `AbortSignal` fired.
    pub fn user_abort() -> Self {
        Self::new(
            ErrorKind::UserAbort,
            "the request was aborted by the caller's signal",
        )
    }

    /// A pacing wait longer than `maxRateLimitWaitMs` was needed: nothing was sent.
    pub fn rate_limit_wait(wait_ms: u64, max_wait_ms: u64) -> Self {
        let mut detail = String::from("the rate limit allows the next request in ");
        push_uint(&mut detail, wait_ms);
        detail.push_str(" ms, more than maxRateLimitWaitMs (");
        push_uint(&mut detail, max_wait_ms);
        detail.push_str(" ms): nothing was sent");
        let mut err = Self::new(ErrorKind::RateLimit, detail);
        err.retry_after_ms = Some(wait_ms);
        err
    }

    /// An attempt got no answer within its time limit.
    pub fn timeout(timeout_ms: u64) -> Self {
        let mut detail = String::from("no answer within ");
        push_uint(&mut detail, timeout_ms);
        detail.push_str(" ms (timeoutMs)");
        Self::new(ErrorKind::ConnectionTimeout, detail)
    }

    /// No HTTP answer arrived; `reason` is the transport's own message.
    pub fn connection(url: &str, reason: &str) -> Self {
        let detail = concat(&["could not reach ", url, ": ", reason]);
        Self::new(ErrorKind::Connection, detail)
    }

    /// Replaces every whole occurrence of the given secrets in every text an error carries — its
    /// message, the server's `errors`/`messages`, the ray ID: defence in depth against a custom
    /// `fetch`, a proxy or a server that quotes a credential back. An occurrence is the secret's
    /// full text, case-sensitive, anywhere (also inside a longer word: the secret leaks there
    /// too); never a part of it. Tokens and keys under `MIN_SECRET_CHARS` are refused before any
    /// call, so a secret of one common letter never turns a message into `<redacted>` soup.
    /// Longer secrets go first, so one holding another is replaced whole, not around the other.
    pub fn redact(mut self, secrets: &[&str]) -> Self {
        let secrets = longest_first(secrets);
        let scrub = |text: &mut String| {
            for secret in &secrets {
                if crate::text::find(text, secret).is_some() {
                    *text = crate::text::replace_all(text, secret, "<redacted>");
                }
            }
        };
        // Through the box itself: two fields borrowed at once cannot both go through DerefMut.
        let details = &mut *self.0;
        scrub(&mut details.detail);
        if let Some(ray_id) = details.ray_id.as_mut() {
            scrub(ray_id);
        }
        for info in details.errors.iter_mut().chain(details.messages.iter_mut()) {
            scrub(&mut info.message);
            if let Some(url) = info.documentation_url.as_mut() {
                scrub(url);
            }
            if let Some(pointer) = info.source.as_mut().and_then(|s| s.pointer.as_mut()) {
                scrub(pointer);
            }
        }
        self
    }

    /// The one-line message: `403 [10000] Authentication error`, or just the detail when no
    /// answer came. The class name is left out: it is the error's `name`, and `String(err)` and
    /// Node's uncaught-error output already print `name: message`.
    pub fn message(&self) -> String {
        match self.status {
            Some(status) => {
                let mut out = String::with_capacity(4 + self.detail.len());
                push_uint(&mut out, u64::from(status));
                out.push(' ');
                out.push_str(&self.detail);
                out
            }
            None => self.detail.clone(),
        }
    }

    /// How `String(err)` reads in JS: `PermissionDeniedError: 403 [10000] Authentication error`.
    pub fn display(&self) -> String {
        concat(&[self.kind.class_name(), ": ", &self.message()])
    }
}

/// The non-empty secrets, longest first: an insertion, not `sort`, which would add kilobytes
/// of wasm for the two or three secrets a call has.
fn longest_first<'a>(secrets: &[&'a str]) -> Vec<&'a str> {
    let mut ordered: Vec<&str> = Vec::with_capacity(secrets.len());
    for &secret in secrets.iter().filter(|s| !s.is_empty()) {
        let at = ordered.iter().position(|o| o.len() < secret.len());
        ordered.insert(at.unwrap_or(ordered.len()), secret);
    }
    ordered
}

/// `[code] message (url)` for each entry, joined with `; `.
pub fn summarize(errors: &[ResponseInfo]) -> String {
    // Pushed in place: `join` on strings is a generic copy of its own in the `.wasm`.
    let mut out = String::new();
    for (index, info) in errors.iter().enumerate() {
        if index > 0 {
            out.push_str("; ");
        }
        out.push_str(&info.summary());
        if let Some(url) = &info.documentation_url {
            out.push_str(" (");
            out.push_str(url);
            out.push(')');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(code: i64, message: &str, url: Option<&str>) -> ResponseInfo {
        ResponseInfo {
            code,
            message: message.into(),
            documentation_url: url.map(Into::into),
            source: None,
        }
    }

    #[test]
    fn statuses_map_to_their_classes() {
        let cases = [
            (400, "BadRequestError"),
            (401, "AuthenticationError"),
            (403, "PermissionDeniedError"),
            (404, "NotFoundError"),
            (409, "ConflictError"),
            (422, "UnprocessableEntityError"),
            (429, "RateLimitError"),
            (500, "InternalServerError"),
            (503, "InternalServerError"),
            (418, "APIError"),
            (302, "APIError"),
        ];
        for (status, name) in cases {
            assert_eq!(
                ErrorKind::from_status(status).class_name(),
                name,
                "{status}"
            );
        }
    }

    #[test]
    fn message_shows_the_status_and_every_code() {
        let mut err = SeatsError::new(
            ErrorKind::PermissionDenied,
            summarize(&[
                info(10000, "Authentication error", None),
                info(10001, "Second", Some("https://developers.cloudflare.com/x")),
            ]),
        );
        err.status = Some(403);
        assert_eq!(
            err.message(),
            "403 [10000] Authentication error; \
             [10001] Second (https://developers.cloudflare.com/x)"
        );
    }

    #[test]
    fn numbers_in_messages_read_as_before() {
        assert_eq!(
            SeatsError::rate_limit_wait(1500, 1000).message(),
            "the rate limit allows the next request in 1500 ms, more than maxRateLimitWaitMs \
             (1000 ms): nothing was sent"
        );
        assert_eq!(
            SeatsError::timeout(30_000).message(),
            "no answer within 30000 ms (timeoutMs)"
        );
        assert_eq!(info(-7, "odd", None).summary(), "[-7] odd");
        let mut err = SeatsError::connection("https://x/y", "boom");
        err.status = Some(502);
        assert_eq!(
            err.display(),
            "APIConnectionError: 502 could not reach https://x/y: boom"
        );
    }

    const TOKEN: &str = "tok-0123456789abcdef";
    const KEY: &str = "key-0123456789abcdef";

    #[test]
    fn redact_reaches_the_servers_texts_and_the_ray_id() {
        let mut err = SeatsError::new(ErrorKind::BadRequest, "x");
        err.errors = vec![info(
            1000,
            &format!("bad token {TOKEN}"),
            Some(&format!("https://d/{TOKEN}")),
        )];
        err.messages = vec![info(1001, &format!("key {KEY} seen"), None)];
        err.ray_id = Some(TOKEN.into());
        let err = err.redact(&[TOKEN, KEY]);
        assert_eq!(err.errors[0].message, "bad token <redacted>");
        assert_eq!(
            err.errors[0].documentation_url.as_deref(),
            Some("https://d/<redacted>")
        );
        assert_eq!(err.messages[0].message, "key <redacted> seen");
        assert_eq!(err.ray_id.as_deref(), Some("<redacted>"));
    }

    #[test]
    fn redact_removes_secrets_from_the_message() {
        let reason = format!("boom: Bearer {TOKEN} and key {KEY}");
        let err = SeatsError::connection("http://h", &reason).redact(&[TOKEN, KEY, ""]);
        assert_eq!(
            err.message(),
            "could not reach http://h: boom: Bearer <redacted> and key <redacted>"
        );
    }

    #[test]
    fn redact_replaces_whole_occurrences_and_leaves_the_rest_readable() {
        let reason = format!("x{TOKEN}y, tok-0123 and {TOKEN}");
        let err = SeatsError::connection("http://127.0.0.1:9/client/v4", &reason).redact(&[TOKEN]);
        assert_eq!(
            err.message(),
            "could not reach http://127.0.0.1:9/client/v4: x<redacted>y, tok-0123 and <redacted>"
        );
    }

    #[test]
    fn redact_replaces_a_secret_holding_another_whole() {
        let email = format!("{KEY}@example.com");
        let reason = format!("{email} / {KEY}");
        let err = SeatsError::connection("http://h", &reason).redact(&[KEY, &email]);
        assert_eq!(
            err.message(),
            "could not reach http://h: <redacted> / <redacted>"
        );
    }

    #[test]
    fn display_names_the_class_once() {
        let mut err = SeatsError::new(ErrorKind::PermissionDenied, "[10000] Authentication error");
        assert_eq!(
            err.display(),
            "PermissionDeniedError: [10000] Authentication error"
        );
        err.status = Some(403);
        assert_eq!(
            err.display(),
            "PermissionDeniedError: 403 [10000] Authentication error"
        );
    }

    #[test]
    fn validation_error_names_the_field() {
        let err = SeatsError::validation("body[3].seat_uid", "must be a string");
        assert_eq!(err.field.as_deref(), Some("body[3].seat_uid"));
        assert_eq!(err.message(), "body[3].seat_uid must be a string");
    }
}
