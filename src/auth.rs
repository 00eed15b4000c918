//! Credentials and the headers they become. Their `Debug` never shows a secret.

use crate::text::concat;
use std::fmt;

/// How requests authenticate.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Credentials {
    /// No auth headers: for a proxy that adds them itself.
    #[default]
    None,
    /// `Authorization: Bearer <token>` (an API token).
    Token(String),
    /// `X-Auth-Email` + `X-Auth-Key` (the legacy Global API key).
    EmailKey {
        /// The account's email address.
        email: String,
        /// The Global API key.
        key: String,
    },
}

impl Credentials {
    /// The HTTP headers that carry these credentials.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::None => Vec::new(),
            Self::Token(token) => vec![("Authorization", concat(&["Bearer ", token]))],
            Self::EmailKey { email, key } => {
                vec![("X-Auth-Email", email.clone()), ("X-Auth-Key", key.clone())]
            }
        }
    }

    /// Every secret string these credentials hold, for redaction checks.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Self::None => Vec::new(),
            Self::Token(token) => vec![token.as_str()],
            Self::EmailKey { email, key } => vec![email.as_str(), key.as_str()],
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "Credentials::None",
            Self::Token(_) => "Credentials::Token(<redacted>)",
            Self::EmailKey { .. } => "Credentials::EmailKey(<redacted>)",
        })
    }
}

/// True for header names whose values are secrets.
pub fn is_secret_header(name: &str) -> bool {
    ["authorization", "x-auth-key", "x-auth-email"]
        .iter()
        .any(|secret| name.eq_ignore_ascii_case(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_becomes_a_bearer_header() {
        let headers = Credentials::Token("tok".into()).headers();
        assert_eq!(headers, vec![("Authorization", "Bearer tok".to_string())]);
    }

    #[test]
    fn email_and_key_become_two_headers() {
        let creds = Credentials::EmailKey {
            email: "a@example.com".into(),
            key: "k123".into(),
        };
        assert_eq!(
            creds.headers(),
            vec![
                ("X-Auth-Email", "a@example.com".to_string()),
                ("X-Auth-Key", "k123".to_string())
            ]
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let shown = format!("{:?}", Credentials::Token("supersecret".into()));
        assert!(!shown.contains("supersecret"), "{shown}");
        let shown = format!(
            "{:?}",
            Credentials::EmailKey {
                email: "me@example.com".into(),
                key: "k999".into()
            }
        );
        assert!(
            !shown.contains("k999") && !shown.contains("me@example.com"),
            "{shown}"
        );
    }
}
