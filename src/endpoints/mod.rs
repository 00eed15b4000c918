//! One file per operation: each turns checked input into an [`Endpoint`](crate::endpoint::Endpoint).

pub mod registrations;
pub mod seats;
pub mod users;
