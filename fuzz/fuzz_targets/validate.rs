//! Fuzz target `validate`: any account ID, body text and options through the checks and the
//! request building that run before anything is sent. The core must never panic, every failure
//! must be a validation error naming its field, no output may show a secret, and what is
//! accepted must be exactly what a reference JSON reader accepts.
//!
//! Input format: `<accountId>\n<body JSON text>` (UTF-8, invalid bytes replaced), then
//! optionally a NUL byte followed by bytes the `arbitrary` crate turns into client and call
//! options, environment defaults and a batch size. Seeds are therefore readable:
//! `699d98642c564d2e855e9661899b7252\n[{"seat_uid":"a","access_seat":true,"gateway_seat":false}]`.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use zero_trust_seats::auth::{is_secret_header, Credentials};
use zero_trust_seats::edit::{plan_edit, prepare_edit};
use zero_trust_seats::error::{ErrorKind, SeatsError};
use zero_trust_seats::options::{
    resolve_client, resolve_request, ClientConfig, EnvDefaults, OptionValue, RawOptions,
    MAX_MAX_RETRIES,
};
use zero_trust_seats::request::{body_json, seats_url};
use zero_trust_seats::validate::{check_body, parse_body, validate_account_id};

#[path = "common/reference.rs"]
mod reference;

/// Every secret the input hands the core contains this marker, and every other string has it
/// removed, so any output containing it shows (part of) a secret.
const MARK: &str = "SECRET";

fn scrub(s: String) -> String {
    s.replace(MARK, "SECRXT")
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum OtherKind {
    Null,
    Boolean,
    Unsupported,
}

impl OtherKind {
    fn describe(self) -> &'static str {
        match self {
            OtherKind::Null => "null",
            OtherKind::Boolean => "a boolean",
            OtherKind::Unsupported => "an unsupported value",
        }
    }
}

/// A header map's value (no deeper nesting: the boundary reads one level).
#[derive(Arbitrary, Debug)]
enum Leaf {
    Absent,
    Str(String),
    Num(f64),
    Function,
    AbortSignal,
    Object,
    Other(OtherKind),
}

impl Leaf {
    fn value(self) -> OptionValue {
        match self {
            Leaf::Absent => OptionValue::Absent,
            Leaf::Str(s) => OptionValue::Str(scrub(s)),
            Leaf::Num(n) => OptionValue::Num(n),
            Leaf::Function => OptionValue::Function,
            Leaf::AbortSignal => OptionValue::AbortSignal,
            Leaf::Object => OptionValue::Map(Vec::new()),
            Leaf::Other(kind) => OptionValue::Other(kind.describe()),
        }
    }
}

/// Header names worth hitting often: reserved ones, in any case, and ordinary ones.
const HEADER_NAMES: [&str; 10] = [
    "Authorization",
    "x-auth-key",
    "X-Auth-Email",
    "content-type",
    "Content-Length",
    "X-Trace",
    "Accept",
    "x-request-id",
    "Bad Name",
    "",
];

#[derive(Arbitrary, Debug)]
enum HeaderName {
    Known(u8),
    Any(String),
}

#[derive(Arbitrary, Debug)]
enum Value {
    Leaf(Leaf),
    Map(Vec<(HeaderName, Leaf)>),
}

impl Value {
    fn value(self) -> OptionValue {
        match self {
            Value::Leaf(leaf) => leaf.value(),
            Value::Map(entries) => OptionValue::Map(
                entries
                    .into_iter()
                    .map(|(name, leaf)| {
                        let name = match name {
                            HeaderName::Known(i) => {
                                HEADER_NAMES[i as usize % HEADER_NAMES.len()].to_string()
                            }
                            HeaderName::Any(s) => scrub(s),
                        };
                        (name, leaf.value())
                    })
                    .collect(),
            ),
        }
    }
}

/// A credential option: mostly a marked secret (≥ 8 characters), sometimes something else.
#[derive(Arbitrary, Debug)]
enum SecretValue {
    Absent,
    Secret(String),
    Other(Value),
}

impl SecretValue {
    fn value(self, prefix: &str) -> OptionValue {
        match self {
            SecretValue::Absent => OptionValue::Absent,
            SecretValue::Secret(rest) => OptionValue::Str(format!("{prefix}-{MARK}-{rest}")),
            SecretValue::Other(value) => value.value(),
        }
    }
}

const URL_PREFIXES: [&str; 8] = [
    "http://",
    "https://",
    "HTTPS://",
    "https://api.cloudflare.com",
    "http://127.0.0.1:8788",
    "javascript:",
    "http://user:pass@",
    "",
];

#[derive(Arbitrary, Debug)]
enum UrlValue {
    Prefixed(u8, String),
    Other(Value),
}

impl UrlValue {
    fn value(self) -> OptionValue {
        match self {
            UrlValue::Prefixed(i, rest) => OptionValue::Str(scrub(format!(
                "{}{rest}",
                URL_PREFIXES[i as usize % URL_PREFIXES.len()]
            ))),
            UrlValue::Other(value) => value.value(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Options {
    api_token: SecretValue,
    api_email: SecretValue,
    api_key: SecretValue,
    base_url: UrlValue,
    timeout_ms: Value,
    max_retries: Value,
    headers: Value,
    fetch: Value,
    signal: Value,
    batch_size: Value,
    concurrency: Value,
    on_progress: Value,
}

impl Options {
    fn raw(self) -> RawOptions {
        RawOptions {
            api_token: self.api_token.value("tok"),
            api_email: self.api_email.value("mail"),
            api_key: self.api_key.value("key"),
            base_url: self.base_url.value(),
            timeout_ms: self.timeout_ms.value(),
            max_retries: self.max_retries.value(),
            headers: self.headers.value(),
            fetch: self.fetch.value(),
            signal: self.signal.value(),
            batch_size: self.batch_size.value(),
            concurrency: self.concurrency.value(),
            on_progress: self.on_progress.value(),
            ..RawOptions::default()
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Env {
    api_token: Option<String>,
    api_email: Option<String>,
    api_key: Option<String>,
    base_url: Option<(u8, String)>,
}

impl Env {
    fn defaults(self) -> EnvDefaults {
        let secret = |prefix: &str, value: Option<String>| {
            value.map(|rest| format!("env{prefix}-{MARK}-{rest}"))
        };
        EnvDefaults {
            api_token: secret("tok", self.api_token),
            api_email: secret("mail", self.api_email),
            api_key: secret("key", self.api_key),
            base_url: self.base_url.map(|(i, rest)| {
                scrub(format!(
                    "{}{rest}",
                    URL_PREFIXES[i as usize % URL_PREFIXES.len()]
                ))
            }),
        }
    }
}

#[derive(Arbitrary, Debug, Default)]
struct Extra {
    client: Option<Options>,
    call: Option<Options>,
    env: Option<Env>,
    batch_size: Option<u16>,
}

/// Nothing the core shows may contain a secret.
fn assert_no_secret(shown: &str) {
    assert!(!shown.contains(MARK), "a secret is shown: {shown:?}");
}

/// A failure before sending: a validation error that names its field, showing no secret.
fn check_validation_error(err: &SeatsError) {
    assert_eq!(err.kind, ErrorKind::Validation, "{err:?}");
    let field = err
        .field
        .as_deref()
        .expect("a validation error names its field");
    assert!(!field.is_empty());
    let message = err.message();
    assert!(
        message.starts_with(&format!("ValidationError: {field} ")),
        "{message:?} does not name {field:?}"
    );
    assert_eq!((err.status, err.attempts), (None, 0));
    assert_no_secret(&message);
    assert_no_secret(&format!("{err:?}"));
}

fn check_config(config: &ClientConfig) {
    assert!(!config.base_url.ends_with('/'), "{}", config.base_url);
    assert!((1..=3_600_000).contains(&config.timeout_ms));
    assert!(config.max_retries <= MAX_MAX_RETRIES);
    for (name, value) in &config.headers {
        assert!(!name.is_empty() && !is_secret_header(name), "{name:?}");
        assert!(!name.eq_ignore_ascii_case("content-type"));
        assert!(!value.contains(['\r', '\n']), "{value:?}");
    }
    for secret in config.credentials.secrets() {
        // Secrets go into headers: printable ASCII, no surrounding spaces, never empty.
        assert!(!secret.is_empty() && secret.trim() == secret);
        assert!(
            secret.bytes().all(|b| (0x20..0x7f).contains(&b)),
            "{:?}",
            secret.len()
        );
    }
    assert_no_secret(&format!("{config:?}"));
}

fn check_body_text(body: &str) -> Option<Vec<zero_trust_seats::types::SeatEdit>> {
    let parsed = parse_body(Some(body));
    let reference = reference::reference_edits(body);
    match &parsed {
        Ok(edits) => {
            assert_eq!(Some(edits), reference.as_ref(), "accepted {body:?}");
            // What is accepted re-serialises to JSON that is accepted again, unchanged.
            let again = body_json(edits);
            assert_eq!(parse_body(Some(&again)).as_ref(), Ok(edits), "{again:?}");
            assert_eq!(
                check_body(Some(body)).map(|c| c.items.len()),
                Ok(edits.len())
            );
        }
        Err(err) => {
            check_validation_error(err);
            assert!(
                err.field.as_deref().is_some_and(|f| f.starts_with("body")),
                "{err:?}"
            );
            assert_eq!(reference, None, "refused {body:?}: {}", err.message());
            assert_eq!(check_body(Some(body)).err().as_ref(), Some(err));
        }
    }
    parsed.ok()
}

fuzz_target!(|data: &[u8]| {
    let (text, extra) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    // Scrubbed like every other non-secret: an unknown key is echoed in its error, by design.
    let text = scrub(String::from_utf8_lossy(text).into_owned());
    let (account, body) = text.split_once('\n').unwrap_or(("", &text));
    let extra = Extra::arbitrary_take_rest(Unstructured::new(extra)).unwrap_or_default();

    // The body alone, and the whole text as a body (a JSON text with a newline in it).
    let edits = check_body_text(body);
    check_body_text(&text);
    assert!(parse_body(None).is_err_and(|e| e.field.as_deref() == Some("body")));

    let account_ok = validate_account_id(account);
    if let Err(err) = &account_ok {
        check_validation_error(err);
        assert_eq!(err.field.as_deref(), Some("accountId"));
    } else {
        assert!(account.len() <= 32 && account.bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    // Options: the client's (with the environment), then one call's on top.
    let env = extra.env.map(Env::defaults).unwrap_or_default();
    let client = extra.client.map(Options::raw).unwrap_or_default();
    let config = match resolve_client(&client, &env) {
        Ok(config) => {
            check_config(&config);
            Some(config)
        }
        Err(err) => {
            check_validation_error(&err);
            None
        }
    };
    let call = extra.call.map(Options::raw).unwrap_or_default();
    let settings = match resolve_request(&call, "headers") {
        Ok(settings) => {
            assert!(settings.concurrency >= 1);
            assert!(settings.batch_size.is_none_or(|size| size >= 1));
            Some(settings)
        }
        Err(err) => {
            check_validation_error(&err);
            None
        }
    };
    let config = match (config, &settings) {
        (Some(config), Some(settings)) => {
            let merged = config.with(settings);
            check_config(&merged);
            merged
        }
        (Some(config), None) => config,
        _ => ClientConfig {
            base_url: "http://127.0.0.1:8788/client/v4".into(),
            credentials: Credentials::Token(format!("tok-{MARK}-fallback")),
            timeout_ms: 1000,
            max_retries: 0,
            headers: Vec::new(),
            pacing: Default::default(),
        },
    };

    // The request: checked in order (account, then body), the body text sent as it came.
    match prepare_edit(&config, Some(account), Some(body)) {
        Ok(request) => {
            assert!(account_ok.is_ok() && edits.is_some());
            assert_eq!(request.method, "PATCH");
            assert_eq!(request.url, seats_url(&config.base_url, account));
            assert_eq!(request.body, body);
            assert_no_secret(&format!("{request:?}"));
        }
        Err(err) => {
            check_validation_error(&err);
            match &account_ok {
                Err(account_err) => assert_eq!(&err, account_err),
                Ok(()) => assert_eq!(Some(err), parse_body(Some(body)).err()),
            }
        }
    }
    let not_a_string = prepare_edit(&config, None, Some(body)).unwrap_err();
    check_validation_error(&not_a_string);
    assert_eq!(not_a_string.field.as_deref(), Some("accountId"));

    // Batches: each batch's text is a valid body of exactly its edits, in order.
    let batch_size = settings
        .as_ref()
        .and_then(|s| s.batch_size)
        .or(extra.batch_size.map(usize::from));
    if let (Ok(plan), Some(edits)) = (plan_edit(Some(account), Some(body), batch_size), &edits) {
        assert_eq!(plan.total_seats(), edits.len());
        let mut joined = Vec::new();
        for batch in 0..plan.batch_count() {
            let items = plan.batch_items(batch);
            if let Some(size) = batch_size.filter(|&s| s > 0) {
                assert!(items.len() <= size);
            }
            let request = plan.batch_request(&config, batch);
            let batch_edits = parse_body(Some(&request.body)).expect("a batch is a valid body");
            assert_eq!(batch_edits.len(), items.len());
            assert_eq!(
                Some(&batch_edits),
                reference::reference_edits(&request.body).as_ref()
            );
            joined.extend(batch_edits);
        }
        assert_eq!(&joined, edits);
        assert_eq!(
            plan.removals(),
            edits.iter().filter(|e| e.removes_seat()).count()
        );
    }
});
