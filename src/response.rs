//! Judging an HTTP answer: success or a typed failure, without any IO.
//!
//! The core needs only the envelope's facts (is `success` true, is `result` an array, what are
//! the `errors`/`messages`), not its seats: in wasm the JS engine parses the answer once and the
//! boundary reads these facts off the parsed object; natively, [`EnvelopeFacts::from_json`]
//! reads them from text.

use crate::error::{summarize, ErrorKind, SeatsError};
use crate::json::{Cursor, Kind, Malformed};
use crate::text::concat;
use crate::types::{ErrorSource, ResponseInfo};

/// The shape of the envelope's `result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultShape {
    /// An array of this many entries.
    Array(usize),
    /// Left out or `null`.
    Missing,
    /// Anything else.
    Other,
}

/// What the core needs to know of a parsed envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeFacts {
    /// `success`, when it is a boolean.
    pub success: Option<bool>,
    /// The shape of `result`.
    pub result: ResultShape,
    /// Well-formed entries of `errors`.
    pub errors: Vec<ResponseInfo>,
    /// Well-formed entries of `messages`.
    pub messages: Vec<ResponseInfo>,
}

/// An answer's body, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Empty, HTML or otherwise not JSON.
    NotJson {
        /// True when it looked like an HTML page.
        html: bool,
        /// True when it was empty.
        empty: bool,
    },
    /// JSON, but not an object.
    NotEnvelope,
    /// A JSON object.
    Envelope(EnvelopeFacts),
}

/// An HTTP answer as any transport received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (any case) and values; only those the client reads need to be here.
    pub headers: Vec<(String, String)>,
    /// The body's facts.
    pub body: Body,
}

/// What the client reads off an answer's headers.
pub const READ_HEADERS: [&str; 10] = [
    "cf-ray",
    "content-type",
    "ratelimit",
    "ratelimit-policy",
    "retry-after",
    "retry-after-ms",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-should-retry",
];

impl HttpResponse {
    /// An answer whose body is JSON text (reads the facts with the core's JSON reader).
    pub fn from_text(status: u16, headers: Vec<(String, String)>, text: &str) -> Self {
        let body = Body::from_text(text, header_in(&headers, "content-type"));
        HttpResponse {
            status,
            headers,
            body,
        }
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }

    /// Cloudflare's request identifier, from the `cf-ray` header.
    pub fn ray_id(&self) -> Option<String> {
        self.header("cf-ray").map(str::to_string)
    }
}

fn header_in<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

impl Body {
    /// Reads a body from its text.
    pub fn from_text(text: &str, content_type: Option<&str>) -> Body {
        let mut cursor = Cursor::new(text);
        match cursor.peek() {
            Some(Kind::Object) => match EnvelopeFacts::read(&mut cursor) {
                Ok(facts) if cursor.at_end() => Body::Envelope(facts),
                _ => Body::not_json(text, content_type),
            },
            Some(_) => {
                let valid = cursor.skip_value().is_ok() && cursor.at_end();
                if valid {
                    Body::NotEnvelope
                } else {
                    Body::not_json(text, content_type)
                }
            }
            None => Body::not_json(text, content_type),
        }
    }

    /// A body that is not JSON, described for the error message.
    pub fn not_json(text: &str, content_type: Option<&str>) -> Body {
        let html = content_type
            .is_some_and(|ct| crate::text::find(&ct.to_ascii_lowercase(), "html").is_some())
            || text.trim_start().starts_with('<');
        Body::NotJson {
            html,
            empty: text.trim().is_empty(),
        }
    }
}

impl EnvelopeFacts {
    /// Reads the facts of an envelope from JSON text.
    pub fn from_json(text: &str) -> Option<EnvelopeFacts> {
        match Body::from_text(text, None) {
            Body::Envelope(facts) => Some(facts),
            _ => None,
        }
    }

    fn read(cursor: &mut Cursor<'_>) -> Result<EnvelopeFacts, Malformed> {
        let mut facts = EnvelopeFacts {
            success: None,
            result: ResultShape::Missing,
            errors: Vec::new(),
            messages: Vec::new(),
        };
        cursor.begin_object()?;
        let mut first = true;
        while let Some(key) = cursor.next_key(first)? {
            first = false;
            // Like JSON.parse, a repeated key's last value wins.
            match (key.as_ref(), cursor.peek()) {
                ("success", Some(Kind::Bool)) => facts.success = Some(cursor.boolean()?),
                ("result", Some(Kind::Array)) => {
                    facts.result = ResultShape::Array(count_elements(cursor)?)
                }
                ("errors", Some(Kind::Array)) => facts.errors = read_infos(cursor)?,
                ("messages", Some(Kind::Array)) => facts.messages = read_infos(cursor)?,
                (key, kind) => {
                    match key {
                        "success" => facts.success = None,
                        "result" if kind == Some(Kind::Null) => facts.result = ResultShape::Missing,
                        "result" => facts.result = ResultShape::Other,
                        "errors" => facts.errors.clear(),
                        "messages" => facts.messages.clear(),
                        _ => {}
                    }
                    cursor.skip_value()?;
                }
            }
        }
        Ok(facts)
    }
}

fn count_elements(cursor: &mut Cursor<'_>) -> Result<usize, Malformed> {
    cursor.begin_array()?;
    let mut count = 0;
    while cursor.next_element(count == 0)? {
        cursor.skip_value()?;
        count += 1;
    }
    Ok(count)
}

/// Reads `[{code, message, documentation_url?, source?}]`, dropping malformed entries.
fn read_infos(cursor: &mut Cursor<'_>) -> Result<Vec<ResponseInfo>, Malformed> {
    let mut infos = Vec::new();
    cursor.begin_array()?;
    let mut first = true;
    while cursor.next_element(first)? {
        first = false;
        if cursor.peek() != Some(Kind::Object) {
            cursor.skip_value()?;
            continue;
        }
        infos.extend(read_info(cursor)?);
    }
    Ok(infos)
}

fn read_info(cursor: &mut Cursor<'_>) -> Result<Option<ResponseInfo>, Malformed> {
    let (mut code, mut message, mut url, mut pointer) = (None, None, None, None);
    let mut has_source = false;
    cursor.begin_object()?;
    let mut first = true;
    while let Some(key) = cursor.next_key(first)? {
        first = false;
        match (key.as_ref(), cursor.peek()) {
            ("code", Some(Kind::Number)) => code = cursor.integer().ok(),
            ("message", Some(Kind::String)) => message = Some(cursor.string()?.into_owned()),
            ("documentation_url", Some(Kind::String)) => url = Some(cursor.string()?.into_owned()),
            ("source", Some(Kind::Object)) => {
                has_source = true;
                pointer = read_pointer(cursor)?;
            }
            _ => cursor.skip_value()?,
        }
    }
    Ok(code.zip(message).map(|(code, message)| ResponseInfo {
        code,
        message,
        documentation_url: url,
        source: has_source.then_some(ErrorSource { pointer }),
    }))
}

fn read_pointer(cursor: &mut Cursor<'_>) -> Result<Option<String>, Malformed> {
    let mut pointer = None;
    cursor.begin_object()?;
    let mut first = true;
    while let Some(key) = cursor.next_key(first)? {
        first = false;
        if key == "pointer" && cursor.peek() == Some(Kind::String) {
            pointer = Some(cursor.string()?.into_owned());
        } else {
            cursor.skip_value()?;
        }
    }
    Ok(pointer)
}

/// A successful answer: how many seats its `result` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Success {
    /// Entries in `result`.
    pub seats: usize,
}

/// Judges an answer: `Ok` for a 2xx success envelope, else the error `editSeats` throws.
pub fn classify(response: &HttpResponse) -> Result<Success, SeatsError> {
    if (200..300).contains(&response.status) {
        classify_success(response)
    } else {
        Err(classify_failure(response))
    }
}

fn classify_success(response: &HttpResponse) -> Result<Success, SeatsError> {
    let facts = match &response.body {
        Body::Envelope(facts) => facts,
        Body::NotJson { html, empty } => {
            let kind = match (html, empty) {
                (true, _) => "an HTML page",
                (_, true) => "empty",
                _ => "not valid JSON",
            };
            let detail = concat(&["the answer is ", kind, ", not a Cloudflare envelope"]);
            return Err(with_answer(ErrorKind::InvalidResponse, detail, response));
        }
        Body::NotEnvelope => {
            let detail = "the answer is not a valid Cloudflare envelope (not an object)".into();
            return Err(with_answer(ErrorKind::InvalidResponse, detail, response));
        }
    };
    if facts.success != Some(true) {
        let detail = match summarize(&facts.errors) {
            s if s.is_empty() => "the answer says success: false".to_string(),
            s => concat(&["the answer says success: false: ", &s]),
        };
        return Err(with_answer(ErrorKind::InvalidResponse, detail, response));
    }
    match facts.result {
        ResultShape::Array(seats) => Ok(Success { seats }),
        ResultShape::Missing => Err(with_answer(
            ErrorKind::InvalidResponse,
            "the answer has no result array".into(),
            response,
        )),
        ResultShape::Other => Err(with_answer(
            ErrorKind::InvalidResponse,
            "the answer is not a valid Cloudflare envelope (result is not an array)".into(),
            response,
        )),
    }
}

fn classify_failure(response: &HttpResponse) -> SeatsError {
    let errors = match &response.body {
        Body::Envelope(facts) => summarize(&facts.errors),
        _ => String::new(),
    };
    let detail = match response.body {
        _ if !errors.is_empty() => errors,
        Body::NotJson { empty: true, .. } => "the answer has no body".to_string(),
        _ => "the answer has no Cloudflare error details".to_string(),
    };
    with_answer(ErrorKind::from_status(response.status), detail, response)
}

fn with_answer(kind: ErrorKind, detail: String, response: &HttpResponse) -> SeatsError {
    let mut err = SeatsError::new(kind, detail);
    err.status = Some(response.status);
    err.ray_id = response.ray_id();
    if let Body::Envelope(facts) = &response.body {
        err.errors = facts.errors.clone();
        err.messages = facts.messages.clone();
    }
    err
}

#[cfg(test)]
mod tests;
