//! Accounts: sign-up, sign-in, sessions, passwords and stores, as pages and
//! as the JSON API. Both call `dove_domain::accounts`.
pub mod api;
mod client;
mod pages;

pub use client::ClientIp;

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    pages::router()
}
