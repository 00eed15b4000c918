//! One call of `editSeats` as pure steps: check the input, build the request, judge the answer.

use crate::error::SeatsError;
use crate::options::ClientConfig;
use crate::request::{build_edit_request, HttpRequest};
use crate::types::SeatsPage;
use crate::validate::{parse_body, validate_account_id};

/// Checks the call's input and builds its request; nothing is sent if this fails.
///
/// `account_id` is `None` when the caller passed something that is not a string;
/// `body_json` is `None` when the body could not be turned into JSON.
pub fn prepare_edit(
    config: &ClientConfig,
    account_id: Option<&str>,
    body_json: Option<&str>,
) -> Result<HttpRequest, SeatsError> {
    let account_id =
        account_id.ok_or_else(|| SeatsError::validation("accountId", "must be a string"))?;
    validate_account_id(account_id)?;
    let edits = parse_body(body_json)?;
    Ok(build_edit_request(
        &config.base_url,
        &config.credentials,
        &config.headers,
        account_id,
        &edits,
    ))
}

impl SeatsPage {
    /// The page as JSON, for the JS side to parse into plain objects.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| r#"{"success":true,"result":[],"messages":[],"errors":[]}"#.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credentials;
    use crate::types::Seat;

    fn config() -> ClientConfig {
        ClientConfig {
            base_url: "http://127.0.0.1:8788/client/v4".into(),
            credentials: Credentials::Token("t".into()),
            timeout_ms: 1000,
            max_retries: 0,
            headers: vec![("X-Trace".into(), "1".into())],
        }
    }

    #[test]
    fn valid_input_becomes_a_request() {
        let body = r#"[{"seat_uid":"s1","access_seat":false,"gateway_seat":true}]"#;
        let req = prepare_edit(&config(), Some("abc"), Some(body)).unwrap();
        assert_eq!(
            req.url,
            "http://127.0.0.1:8788/client/v4/accounts/abc/access/seats"
        );
        assert_eq!(
            req.body,
            r#"[{"access_seat":false,"gateway_seat":true,"seat_uid":"s1"}]"#
        );
        assert!(req.headers.contains(&("X-Trace".into(), "1".into())));
    }

    #[test]
    fn account_id_is_checked_before_the_body() {
        let err = prepare_edit(&config(), None, None).unwrap_err();
        assert_eq!(err.message(), "ValidationError: accountId must be a string");
        let err = prepare_edit(&config(), Some("../etc"), Some("[]")).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("accountId"));
    }

    #[test]
    fn page_json_omits_absent_fields() {
        let page = SeatsPage {
            success: true,
            result: vec![Seat {
                seat_uid: Some("s".into()),
                ..Default::default()
            }],
            result_info: None,
            messages: vec![],
            errors: vec![],
        };
        assert_eq!(
            page.to_json(),
            r#"{"success":true,"result":[{"seat_uid":"s"}],"messages":[],"errors":[]}"#
        );
    }
}
