//! The data of the endpoint, with the API's own snake_case names.

use serde::{Deserialize, Serialize};

/// One edit in the request body: both flags false removes the seat.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatEdit {
    /// True if the seat is part of Access.
    pub access_seat: bool,
    /// True if the seat is part of Gateway.
    pub gateway_seat: bool,
    /// The unique API identifier of the seat (at most 36 characters).
    pub seat_uid: String,
}

impl SeatEdit {
    /// True when this edit takes the seat away (both flags false).
    pub fn removes_seat(&self) -> bool {
        !self.access_seat && !self.gateway_seat
    }
}

/// A seat as the API reports it; every field is optional.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    /// True if the seat is part of Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_seat: Option<bool>,
    /// When the seat was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// True if the seat is part of Gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_seat: Option<bool>,
    /// The unique API identifier of the seat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_uid: Option<String>,
    /// When the seat was last updated (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// Paging figures of a collection answer; every field is optional.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultInfo {
    /// Number of results in this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<f64>,
    /// Current page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<f64>,
    /// Results per page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<f64>,
    /// Total results available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<f64>,
    /// Total pages available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<f64>,
}

/// Where in the request an error points.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSource {
    /// A JSON pointer into the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// One entry of the envelope's `errors` or `messages`.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseInfo {
    /// Cloudflare's numeric code (1000 or more).
    pub code: i64,
    /// Human-readable text.
    pub message: String,
    /// A page that explains the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// What part of the request the entry is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
}

impl ResponseInfo {
    /// `[code] message`, the way errors show it.
    pub fn summary(&self) -> String {
        format!("[{}] {}", self.code, self.message)
    }
}

/// The Cloudflare envelope as it arrives, before it is judged.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Envelope {
    /// Whether the API call was successful.
    #[serde(default)]
    pub success: Option<bool>,
    /// Errors reported by the API.
    #[serde(default)]
    pub errors: Vec<ResponseInfo>,
    /// Informational messages.
    #[serde(default)]
    pub messages: Vec<ResponseInfo>,
    /// The seats after the edit.
    #[serde(default)]
    pub result: Option<Vec<Seat>>,
    /// Paging figures.
    #[serde(default)]
    pub result_info: Option<ResultInfo>,
}

/// A successful answer: what `editSeats` resolves to.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatsPage {
    /// Always true: failures are errors, never pages.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "true"))]
    pub success: bool,
    /// The seats as the API reports them after the edit.
    pub result: Vec<Seat>,
    /// Paging figures, when the API sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<ResultInfo>,
    /// Informational messages.
    pub messages: Vec<ResponseInfo>,
    /// Errors reported alongside success (normally empty).
    pub errors: Vec<ResponseInfo>,
}
