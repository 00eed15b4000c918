//! An endpoint as data — method, path, query, body — in the spirit of cloudflare-rs's
//! `EndpointSpec`. Each operation is a small file under `endpoints/` that builds one; the
//! transport (retries, timeouts, abort, classification, redaction) is written once, for all.

use crate::auth::Credentials;
use crate::options::ClientConfig;
use crate::query::query_string;
use crate::request::HttpRequest;
use crate::text::{concat, trim_end_byte};

/// One operation's request, before the client's base URL, credentials and headers are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `GET` or `PATCH`.
    pub method: &'static str,
    /// The path below the base URL, already encoded (`/accounts/abc/access/users`).
    pub path: String,
    /// Query pairs in sending order; values are encoded when the URL is built.
    pub query: Vec<(&'static str, String)>,
    /// The JSON body; `None` for a GET. An empty string means "the caller's own text".
    pub body: Option<String>,
}

impl Endpoint {
    /// A GET of `path` with these query pairs.
    pub fn get(path: String, query: Vec<(&'static str, String)>) -> Self {
        Endpoint {
            method: "GET",
            path,
            query,
            body: None,
        }
    }

    /// The absolute URL below `base_url` (whose trailing slashes do not matter).
    pub fn url(&self, base_url: &str) -> String {
        let base = trim_end_byte(base_url, b'/');
        concat(&[base, &self.path, &query_string(&self.query)])
    }

    /// The full request: JSON headers, the caller's extra headers, then the credentials.
    pub fn request(
        self,
        base_url: &str,
        credentials: &Credentials,
        extra_headers: &[(String, String)],
    ) -> HttpRequest {
        let mut headers = Vec::with_capacity(3 + extra_headers.len());
        if self.body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        headers.push(("Accept".to_string(), "application/json".to_string()));
        headers.extend(extra_headers.iter().cloned());
        headers.extend(
            credentials
                .headers()
                .into_iter()
                .map(|(name, value)| (name.to_string(), value)),
        );
        HttpRequest {
            method: self.method,
            url: self.url(base_url),
            headers,
            body: self.body.unwrap_or_default(),
        }
    }

    /// [`Endpoint::request`] with a client's settings.
    pub fn request_for(self, config: &ClientConfig) -> HttpRequest {
        self.request(&config.base_url, &config.credentials, &config.headers)
    }
}

/// `/accounts/{account_id}{rest}`, the account ID encoded as one path segment.
pub fn account_path(account_id: &str, rest: &str) -> String {
    let id = crate::request::encode_path_segment(account_id);
    concat(&["/accounts/", &id, rest])
}
