//! The seller's side of contact: the leads board, and the direct channels
//! (call, WhatsApp) that become leads.
pub mod api;
mod board;
pub mod contact;
pub mod response_cache;

use crate::state::AppState;
use axum::Router;
use axum::routing::post;

pub fn router() -> Router<AppState> {
    contact::router().merge(board::router())
}

pub fn api_router() -> Router<AppState> {
    api::router().route("/listings/{id}/contact", post(contact::contact_api))
}
