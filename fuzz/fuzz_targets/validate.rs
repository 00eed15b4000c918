//! Fuzz target `validate`: any account ID, body and options through the checks and the request
//! building that run before anything is sent. The core must never panic, every failure must be
//! a validation error naming its field, no output may show a secret, and what is accepted must
//! be exactly what a reference reader accepts. Bodies come two ways: as JSON text
//! (`validate::parse_body`, compared with serde_json) and as the snapshot the wasm boundary
//! reads from a JS value (`validate::check_edits` over `RawItem`s, compared with a plain model).
//! Either way the request's body is written by the core (`request::body_json` of the checked
//! edits), never the caller's text.
//!
//! Input format: `<accountId>\n<body JSON text>` (UTF-8, invalid bytes replaced), then
//! optionally a NUL byte followed by bytes the `arbitrary` crate turns into client and call
//! options, environment defaults, a batch size and a snapshot body. Seeds are readable:
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
use zero_trust_seats::types::SeatEdit;
use zero_trust_seats::validate::{
    check_edits, parse_body, validate_account_id, RawFields, RawItem,
};

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
    Array,
    BooleanObject,
    StringObject,
    BigInt,
}

impl OtherKind {
    fn describe(self) -> &'static str {
        match self {
            OtherKind::Null => "null",
            OtherKind::Boolean => "a boolean",
            OtherKind::Unsupported => "an unsupported value",
            OtherKind::Array => "an array",
            OtherKind::BooleanObject => "a Boolean object",
            OtherKind::StringObject => "a String object",
            OtherKind::BigInt => "a BigInt",
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
    Unreadable(String),
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
            Leaf::Unreadable(thrown) => OptionValue::Unreadable(scrub(thrown)),
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

/// A seat_uid worth hitting often: valid ones, limits, control characters, U+FFFD.
const UIDS: [&str; 8] = [
    "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
    "a",
    "",
    "abcdefghijklmnopqrstuvwxyz0123456789x",
    "éééééééééééééééééééééééééééééééééééé",
    "a\u{7f}",
    "a\u{85}",
    "\u{FFFD}",
];

/// One field of a snapshot item.
#[derive(Arbitrary, Debug)]
enum ArbField {
    Uid(u8),
    Flag(bool),
    Any(Leaf),
}

impl ArbField {
    fn value(self) -> OptionValue {
        match self {
            ArbField::Uid(i) => OptionValue::Str(UIDS[i as usize % UIDS.len()].to_string()),
            ArbField::Flag(flag) => OptionValue::Bool(flag),
            ArbField::Any(leaf) => leaf.value(),
        }
    }
}

/// One item of a snapshot body, as the wasm boundary could read it.
#[derive(Arbitrary, Debug)]
enum ArbItem {
    Fields(ArbField, ArbField, ArbField, Option<String>),
    Other(Leaf),
}

impl ArbItem {
    fn raw(self) -> RawItem {
        match self {
            ArbItem::Fields(uid, access, gateway, unknown) => RawItem::Fields(RawFields {
                seat_uid: uid.value(),
                access_seat: access.value(),
                gateway_seat: gateway.value(),
                unknown_key: unknown.map(scrub),
            }),
            ArbItem::Other(leaf) => RawItem::Other(leaf.value()),
        }
    }
}

#[derive(Arbitrary, Debug, Default)]
struct Extra {
    client: Option<Options>,
    call: Option<Options>,
    env: Option<Env>,
    batch_size: Option<u16>,
    snapshot: Option<Vec<ArbItem>>,
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
        message.starts_with(&format!("{field} ")),
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

/// What the request of these edits must carry: the core's JSON, which reads back (serde_json
/// and the core's own reader) to exactly the edits.
fn check_written(edits: &[SeatEdit], written: &str) {
    assert_eq!(written, body_json(edits));
    assert_eq!(
        reference::reference_edits(written).as_deref(),
        Some(edits),
        "{written:?}"
    );
    assert_eq!(
        parse_body(Some(written)).as_deref(),
        Ok(edits),
        "{written:?}"
    );
}

fn check_body_text(body: &str) -> Option<Vec<SeatEdit>> {
    let parsed = parse_body(Some(body));
    let reference = reference::reference_edits(body);
    match &parsed {
        Ok(edits) => {
            assert_eq!(Some(edits), reference.as_ref(), "accepted {body:?}");
            check_written(edits, &body_json(edits));
        }
        Err(err) => {
            check_validation_error(err);
            assert!(
                err.field.as_deref().is_some_and(|f| f.starts_with("body")),
                "{err:?}"
            );
            assert_eq!(reference, None, "refused {body:?}: {}", err.message());
        }
    }
    parsed.ok()
}

/// The snapshot model: the edits of the first items if all are plain, distinct seat edits;
/// else the index of the first item the check must name.
fn snapshot_model(items: &[RawItem]) -> Result<Vec<SeatEdit>, usize> {
    let mut edits: Vec<SeatEdit> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let edit = match item {
            RawItem::Fields(RawFields {
                seat_uid: OptionValue::Str(uid),
                access_seat: OptionValue::Bool(access),
                gateway_seat: OptionValue::Bool(gateway),
                unknown_key: None,
            }) if reference::reference_uid_ok(uid) => SeatEdit {
                seat_uid: uid.clone(),
                access_seat: *access,
                gateway_seat: *gateway,
            },
            _ => return Err(index),
        };
        edits.push(edit);
    }
    for (index, edit) in edits.iter().enumerate() {
        if edits[..index].iter().any(|e| e.seat_uid == edit.seat_uid) {
            return Err(index);
        }
    }
    Ok(edits)
}

/// A snapshot body is accepted exactly as the model says, failures named at the right item.
fn check_snapshot(items: Vec<RawItem>) -> Option<Vec<SeatEdit>> {
    let model = snapshot_model(&items);
    let checked = check_edits(items.into_iter().map(Ok));
    match (&checked, &model) {
        (Ok(edits), Ok(expected)) => {
            assert_eq!(edits, expected);
            check_written(edits, &body_json(edits));
        }
        (Err(err), Err(index)) => {
            check_validation_error(err);
            let field = err.field.as_deref().unwrap_or("");
            let at = format!("body[{index}]");
            assert!(
                field == at || field.starts_with(&format!("{at}.")),
                "{field:?} is not {at}"
            );
        }
        _ => panic!("check {checked:?} but model {model:?}"),
    }
    checked.ok()
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
    let snapshot = extra
        .snapshot
        .map(|items| items.into_iter().map(ArbItem::raw).collect());
    let snapshot_edits = snapshot.map(check_snapshot);

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

    // The request: checked in order (account, then body), the body written by the core from
    // the checked edits (whitespace, key order and escapes of the caller's text are not kept).
    match prepare_edit(&config, Some(account), Some(body)) {
        Ok(request) => {
            assert!(account_ok.is_ok() && edits.is_some());
            assert_eq!(request.method, "PATCH");
            assert_eq!(request.url, seats_url(&config.base_url, account));
            check_written(edits.as_deref().unwrap_or(&[]), &request.body);
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
    for edits in [edits].into_iter().chain(snapshot_edits).flatten() {
        check_batches(&config, account, &edits, batch_size);
    }
});

/// Each batch's body is the core's JSON of exactly its edits, in order, within the size.
fn check_batches(
    config: &ClientConfig,
    account: &str,
    edits: &[SeatEdit],
    batch_size: Option<usize>,
) {
    let Ok(plan) = plan_edit(Some(account), Ok(edits.to_vec()), batch_size) else {
        return; // the account was refused, checked above
    };
    assert_eq!(plan.total_seats(), edits.len());
    let mut joined = Vec::new();
    for batch in 0..plan.batch_count() {
        let items = plan.batch_items(batch);
        if let Some(size) = batch_size.filter(|&s| s > 0) {
            assert!(items.len() <= size);
        }
        let request = plan.batch_request(config, batch);
        let batch_edits = &edits[items.clone()];
        check_written(batch_edits, &request.body);
        assert_no_secret(&format!("{request:?}"));
        joined.extend_from_slice(batch_edits);
    }
    assert_eq!(joined, edits);
    assert_eq!(
        plan.removals(),
        edits.iter().filter(|e| e.removes_seat()).count()
    );
}
