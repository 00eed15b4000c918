//! A request as plain data — method, URL, headers, body — ready for any transport; built
//! from an [`Endpoint`](crate::endpoint::Endpoint) without any IO.

use std::fmt;

use crate::auth::{is_secret_header, Credentials};
use crate::endpoints::seats::edit_seats;
use crate::json::write_string_content;
use crate::types::SeatEdit;

/// Where requests go unless the caller names another base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// A request ready to hand to any HTTP transport.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET` or `PATCH`.
    pub method: &'static str,
    /// The absolute URL.
    pub url: String,
    /// Header names and values, in sending order.
    pub headers: Vec<(String, String)>,
    /// The JSON body (a PATCH's bare array of edits); empty for a GET.
    pub body: String,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if is_secret_header(name) {
                    "<redacted>"
                } else {
                    value
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// `{base}/accounts/{account_id}/access/seats`; the base's trailing slashes do not matter.
pub fn seats_url(base_url: &str, account_id: &str) -> String {
    edit_seats(account_id, String::new()).url(base_url)
}

/// Uppercase hex digits, for `%XX` escapes.
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes everything but RFC 3986 unreserved characters, so the value
/// stays one path segment whatever it holds.
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            crate::text::push_hex_byte(&mut out, byte, HEX_UPPER);
        }
    }
    out
}

/// Builds the `PATCH` request for one edit of seats; `body` is the checked JSON array text.
pub fn build_edit_request(
    base_url: &str,
    credentials: &Credentials,
    extra_headers: &[(String, String)],
    account_id: &str,
    body: String,
) -> HttpRequest {
    edit_seats(account_id, body).request(base_url, credentials, extra_headers)
}

/// Edits as JSON text: a bare array of `{seat_uid, access_seat, gateway_seat}`, in the order
/// the README and the API's examples write them.
pub fn body_json(body: &[SeatEdit]) -> String {
    // Sized for the text as written (escapes aside): growing a 9 MB string copies it, and wasm
    // memory never shrinks, so a guess too small costs the peak memory of a 100k-seat call.
    let mut out = String::with_capacity(body_json_len(body));
    push_body_json(&mut out, body);
    out
}

/// The length of [`body_json`]'s text, escapes aside.
pub fn body_json_len(body: &[SeatEdit]) -> usize {
    let per_edit = r#",{"seat_uid":"","access_seat":false,"gateway_seat":false}"#.len();
    2 + body
        .iter()
        .map(|e| per_edit + e.seat_uid.len())
        .sum::<usize>()
}

/// Appends [`body_json`]'s text to `out`.
pub fn push_body_json(out: &mut String, body: &[SeatEdit]) {
    out.push('[');
    for (index, edit) in body.iter().enumerate() {
        push_edit_json(
            out,
            index > 0,
            &edit.seat_uid,
            edit.access_seat,
            edit.gateway_seat,
        );
    }
    out.push(']');
}

/// Appends one edit of [`body_json`]'s array, after a comma when `comma`.
pub fn push_edit_json(out: &mut String, comma: bool, seat_uid: &str, access: bool, gateway: bool) {
    // Three pushes per edit (the quotes and flags fused into constant text): this writes 9.3 MB
    // for 100k seats, and each push is a capacity check and a copy.
    out.push_str(if comma {
        r#",{"seat_uid":""#
    } else {
        r#"{"seat_uid":""#
    });
    write_string_content(out, seat_uid);
    out.push_str(match (access, gateway) {
        (true, true) => r#"","access_seat":true,"gateway_seat":true}"#,
        (true, false) => r#"","access_seat":true,"gateway_seat":false}"#,
        (false, true) => r#"","access_seat":false,"gateway_seat":true}"#,
        (false, false) => r#"","access_seat":false,"gateway_seat":false}"#,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(uid: &str, access: bool, gateway: bool) -> SeatEdit {
        SeatEdit {
            access_seat: access,
            gateway_seat: gateway,
            seat_uid: uid.into(),
        }
    }

    #[test]
    fn url_is_the_same_with_or_without_trailing_slash() {
        let want = "https://api.cloudflare.com/client/v4/accounts/abc123/access/seats";
        assert_eq!(seats_url(DEFAULT_BASE_URL, "abc123"), want);
        assert_eq!(
            seats_url("https://api.cloudflare.com/client/v4/", "abc123"),
            want
        );
        assert_eq!(
            seats_url("https://api.cloudflare.com/client/v4//", "abc123"),
            want
        );
    }

    #[test]
    fn account_id_is_one_encoded_segment() {
        assert_eq!(
            seats_url("http://h", "../x?y#z w/é"),
            "http://h/accounts/..%2Fx%3Fy%23z%20w%2F%C3%A9/access/seats"
        );
    }

    #[test]
    fn request_has_method_headers_and_bare_array_body() {
        let req = build_edit_request(
            DEFAULT_BASE_URL,
            &Credentials::Token("t0k".into()),
            &[],
            "699d98642c564d2e855e9661899b7252",
            body_json(&[edit("f174e90a-fafe-4643-bbbc-4a0ed4fc8415", false, false)]),
        );
        assert_eq!(req.method, "PATCH");
        assert_eq!(
            req.url,
            "https://api.cloudflare.com/client/v4/accounts/699d98642c564d2e855e9661899b7252/access/seats"
        );
        let headers: Vec<(&str, &str)> = req
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            headers,
            vec![
                ("Content-Type", "application/json"),
                ("Accept", "application/json"),
                ("Authorization", "Bearer t0k"),
            ]
        );
        assert_eq!(
            req.body,
            r#"[{"seat_uid":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","access_seat":false,"gateway_seat":false}]"#
        );
    }

    #[test]
    fn no_credentials_sends_no_auth_headers() {
        let req = build_edit_request(
            "http://proxy/v4",
            &Credentials::None,
            &[],
            "a",
            body_json(&[]),
        );
        assert!(req.headers.iter().all(|(n, _)| !is_secret_header(n)));
        assert_eq!(req.body, "[]");
    }

    #[test]
    fn body_escapes_strings() {
        assert_eq!(
            body_json(&[edit("a\"b\\c\n", true, false)]),
            r#"[{"seat_uid":"a\"b\\c\n","access_seat":true,"gateway_seat":false}]"#
        );
    }

    #[test]
    fn body_writes_every_flag_pair_in_order_and_fits_its_capacity() {
        let body = body_json(&[
            edit("tt", true, true),
            edit("tf", true, false),
            edit("ft", false, true),
            edit("ff", false, false),
        ]);
        assert_eq!(
            body,
            concat!(
                r#"[{"seat_uid":"tt","access_seat":true,"gateway_seat":true},"#,
                r#"{"seat_uid":"tf","access_seat":true,"gateway_seat":false},"#,
                r#"{"seat_uid":"ft","access_seat":false,"gateway_seat":true},"#,
                r#"{"seat_uid":"ff","access_seat":false,"gateway_seat":false}]"#
            )
        );
        // Reserved up front, never grown (a 9 MB body must not be copied while written): the
        // estimate counts a comma and two `false` per edit, so exactly 5 bytes stay unused here
        // (no comma before the first edit, and each `true` is one byte shorter).
        assert_eq!(body.capacity() - body.len(), 5);
    }

    #[test]
    fn debug_redacts_auth_headers() {
        let req = build_edit_request(
            "http://h",
            &Credentials::EmailKey {
                email: "boss@example.com".into(),
                key: "globalkey".into(),
            },
            &[],
            "a",
            "[]".into(),
        );
        let shown = format!("{req:?}");
        assert!(
            !shown.contains("globalkey") && !shown.contains("boss@example.com"),
            "{shown}"
        );
    }
}
