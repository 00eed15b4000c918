//! Judging an HTTP answer: a success page or a typed failure, without any IO.

use crate::error::{summarize, ErrorKind, SeatsError};
use crate::types::{Envelope, SeatsPage};

/// An HTTP answer as any transport received it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Cloudflare's request identifier, from the `cf-ray` header.
    pub fn ray_id(&self) -> Option<String> {
        self.header("cf-ray").map(str::to_string)
    }
}

/// Turns an answer into the page `editSeats` resolves to, or the error it throws.
pub fn classify(response: &HttpResponse) -> Result<SeatsPage, SeatsError> {
    let parsed = serde_json::from_str::<Envelope>(&response.body);
    if (200..300).contains(&response.status) {
        classify_success(response, parsed)
    } else {
        Err(classify_failure(response, parsed.ok()))
    }
}

fn classify_success(
    response: &HttpResponse,
    parsed: serde_json::Result<Envelope>,
) -> Result<SeatsPage, SeatsError> {
    let envelope = match parsed {
        Ok(envelope) => envelope,
        Err(err) => return Err(invalid(response, body_problem(response, &err), None)),
    };
    if envelope.success != Some(true) {
        let detail = match summarize(&envelope.errors) {
            s if s.is_empty() => "the answer says success: false".to_string(),
            s => format!("the answer says success: false: {s}"),
        };
        return Err(invalid(response, detail, Some(envelope)));
    }
    let Some(result) = envelope.result else {
        return Err(invalid(
            response,
            "the answer has no result array".into(),
            Some(envelope),
        ));
    };
    Ok(SeatsPage {
        success: true,
        result,
        result_info: envelope.result_info,
        messages: envelope.messages,
        errors: envelope.errors,
    })
}

fn classify_failure(response: &HttpResponse, envelope: Option<Envelope>) -> SeatsError {
    let envelope = envelope.unwrap_or_default();
    let detail = match summarize(&envelope.errors) {
        s if !s.is_empty() => s,
        _ if response.body.trim().is_empty() => "the answer has no body".to_string(),
        _ => "the answer has no Cloudflare error details".to_string(),
    };
    let mut err = SeatsError::new(ErrorKind::from_status(response.status), detail);
    fill_from_answer(&mut err, response, envelope);
    err
}

fn invalid(response: &HttpResponse, detail: String, envelope: Option<Envelope>) -> SeatsError {
    let mut err = SeatsError::new(ErrorKind::InvalidResponse, detail);
    fill_from_answer(&mut err, response, envelope.unwrap_or_default());
    err
}

fn fill_from_answer(err: &mut SeatsError, response: &HttpResponse, envelope: Envelope) {
    err.status = Some(response.status);
    err.ray_id = response.ray_id();
    err.errors = envelope.errors;
    err.messages = envelope.messages;
}

/// Why a 2xx body is not an envelope, without echoing the body itself.
fn body_problem(response: &HttpResponse, err: &serde_json::Error) -> String {
    if err.is_syntax() || err.is_eof() {
        let kind = match response.header("content-type") {
            Some(ct) if ct.to_ascii_lowercase().contains("html") => "an HTML page",
            _ if response.body.trim_start().starts_with('<') => "an HTML page",
            _ if response.body.trim().is_empty() => "empty",
            _ => "not valid JSON",
        };
        format!("the answer is {kind}, not a Cloudflare envelope")
    } else {
        format!(
            "the answer is not a valid Cloudflare envelope (line {}, column {})",
            err.line(),
            err.column()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Seat;

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("CF-Ray".into(), "8f1e2d3c4b5a6978-SJC".into())],
            body: body.into(),
        }
    }

    const OK_BODY: &str = r#"{"success":true,"errors":[],"messages":[{"code":1001,"message":"ok"}],
        "result":[{"seat_uid":"s1","access_seat":false,"gateway_seat":true,
        "created_at":"2014-01-01T05:20:00.12345Z","updated_at":"2026-01-01T00:00:00Z"}],
        "result_info":{"count":1,"page":1,"per_page":20,"total_count":1,"total_pages":1}}"#;

    #[test]
    fn success_envelope_becomes_a_page() {
        let page = classify(&answer(200, OK_BODY)).unwrap();
        assert!(page.success);
        assert_eq!(
            page.result,
            vec![Seat {
                access_seat: Some(false),
                created_at: Some("2014-01-01T05:20:00.12345Z".into()),
                gateway_seat: Some(true),
                seat_uid: Some("s1".into()),
                updated_at: Some("2026-01-01T00:00:00Z".into()),
            }]
        );
        assert_eq!(page.result_info.unwrap().total_pages, Some(1.0));
        assert_eq!(page.messages[0].summary(), "[1001] ok");
    }

    #[test]
    fn forbidden_becomes_permission_denied_with_ray_and_codes() {
        let body = r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#;
        let err = classify(&answer(403, body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::PermissionDenied);
        assert_eq!(err.status, Some(403));
        assert_eq!(err.ray_id.as_deref(), Some("8f1e2d3c4b5a6978-SJC"));
        assert_eq!(
            err.message(),
            "403 PermissionDeniedError: [10000] Authentication error"
        );
    }

    #[test]
    fn failure_without_json_still_has_status_and_class() {
        let err = classify(&answer(502, "<html>Bad gateway</html>")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InternalServer);
        assert_eq!(
            err.message(),
            "502 InternalServerError: the answer has no Cloudflare error details"
        );
        assert!(err.errors.is_empty());
    }

    #[test]
    fn ok_status_with_success_false_is_invalid_not_empty() {
        let body = r#"{"success":false,"errors":[{"code":7003,"message":"No route"}],"messages":[],"result":null}"#;
        let err = classify(&answer(200, body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse);
        assert_eq!(
            err.message(),
            "200 InvalidResponseError: the answer says success: false: [7003] No route"
        );
        assert_eq!(err.errors.len(), 1);
    }

    #[test]
    fn ok_status_with_html_is_invalid() {
        let err = classify(&answer(200, "<!DOCTYPE html><p>login</p>")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse);
        assert_eq!(
            err.message(),
            "200 InvalidResponseError: the answer is an HTML page, not a Cloudflare envelope"
        );
    }

    #[test]
    fn ok_status_with_truncated_json_is_invalid() {
        let err = classify(&answer(200, r#"{"success":true,"result":[{"seat_ui"#)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse);
        assert!(err.detail.contains("not valid JSON"), "{}", err.detail);
    }

    #[test]
    fn result_that_is_not_an_array_is_invalid() {
        let body = r#"{"success":true,"errors":[],"messages":[],"result":{"seat_uid":"x"}}"#;
        let err = classify(&answer(200, body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse);
        assert!(err
            .detail
            .starts_with("the answer is not a valid Cloudflare envelope"));
    }

    #[test]
    fn missing_result_is_invalid() {
        let err = classify(&answer(
            200,
            r#"{"success":true,"errors":[],"messages":[]}"#,
        ))
        .unwrap_err();
        assert_eq!(
            err.message(),
            "200 InvalidResponseError: the answer has no result array"
        );
    }
}
