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
        let mut out = String::with_capacity(self.message.len() + 8);
        out.push('[');
        crate::time::push_int(&mut out, self.code);
        out.push_str("] ");
        out.push_str(&self.message);
        out
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
    /// The rate-limit view after this answer, when the API sent one (as `Client#rateLimit`).
    #[serde(rename = "rateLimit", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "RateLimitInfo"))]
    pub rate_limit: Option<()>,
}

/// A Zero Trust user as `GET /accounts/{account_id}/access/users` lists it; every field optional.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// True if the user has authenticated with Cloudflare Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_seat: Option<bool>,
    /// The number of active devices registered to the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_device_count: Option<f64>,
    /// When the user was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The email of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// True if the user has logged into the WARP client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_seat: Option<bool>,
    /// UUID of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The time at which the user last successfully logged in (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_login: Option<String>,
    /// The name of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The unique API identifier for the Zero Trust seat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_uid: Option<String>,
    /// The unique API identifier for the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// When the user was last updated (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// The WARP device a registration belongs to.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationDevice {
    /// Version of the WARP client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_version: Option<String>,
    /// The ID of the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name of the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The device settings profile assigned to a registration.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPolicy {
    /// Whether the profile is the account's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
    /// Whether the profile was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// The ID of the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name of the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When the profile last changed for the registration (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// The user a registration belongs to.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationUser {
    /// The contact email address of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// UUID of the user (the `id` of the users list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The enrolled device user's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A WARP registration as `GET /accounts/{account_id}/devices/registrations` lists it.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRegistration {
    /// When the registration was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When the registration was deleted (RFC 3339), or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub deleted_at: Option<String>,
    /// The device of the registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<RegistrationDevice>,
    /// The ID of the registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The public key used to connect to the Cloudflare network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The type of encryption key of the WARP client, or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub key_type: Option<String>,
    /// When the registration was last seen (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<String>,
    /// The device settings profile (present when asked for with `include=policy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<RegistrationPolicy>,
    /// When the registration was revoked (RFC 3339), or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub revoked_at: Option<String>,
    /// The tunnel type, wireguard or masque, or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub tunnel_type: Option<String>,
    /// When the registration was last updated (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The user of the registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<RegistrationUser>,
    /// The virtual IPv4 address of the tunnel, or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub virtual_ipv4: Option<String>,
    /// The virtual IPv6 address of the tunnel, or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub virtual_ipv6: Option<String>,
}

/// One page of the users list: what `usersPage` resolves to.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsersPage {
    /// Always true: failures are errors, never pages.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "true"))]
    pub success: bool,
    /// The users of this page.
    pub result: Vec<User>,
    /// Paging figures, when the API sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<ResultInfo>,
    /// Informational messages.
    pub messages: Vec<ResponseInfo>,
    /// Errors reported alongside success (normally empty).
    pub errors: Vec<ResponseInfo>,
    /// The rate-limit view after this answer, when the API sent one (as `Client#rateLimit`).
    #[serde(rename = "rateLimit", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "RateLimitInfo"))]
    pub rate_limit: Option<()>,
}

/// One address `findUsersByEmail` matched to exactly one user.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailMatch {
    /// The address as given, trimmed.
    pub email: String,
    /// The one user with that address.
    pub user: User,
}

/// One address that two or more users hold (differing only in case).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmbiguousEmail {
    /// The address as given, trimmed.
    pub email: String,
    /// Every user with that address, in the API's order.
    pub users: Vec<User>,
}

/// What `findUsersByEmail` resolves to: each distinct address in exactly one list.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailMatches {
    /// Addresses held by exactly one user.
    pub found: Vec<EmailMatch>,
    /// Addresses no user holds.
    pub missing: Vec<String>,
    /// Addresses held by two or more users.
    pub ambiguous: Vec<AmbiguousEmail>,
    /// The rate-limit view after the call's last answer, when the API sent one.
    #[serde(rename = "rateLimit", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "RateLimitInfo"))]
    pub rate_limit: Option<()>,
}
