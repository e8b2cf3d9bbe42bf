//! The JSON API under `/api/v1`, its OpenAPI document and its reference page.
//!
//! Clients authenticate with `Authorization: Bearer <token>` (from
//! `POST /api/v1/auth/tokens`); the API never reads the session cookie, so
//! CSRF does not apply to it. Every error is problem+json (RFC 9457).
mod docs;
mod extract;
pub mod idempotency;
pub mod paging;

pub use extract::{ApiJson, ApiUser, MaybeApiUser};

use crate::errors::problem_response;
use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;

async fn unknown_route() -> Response {
    problem_response(StatusCode::NOT_FOUND, Some("There is no such API route.".to_string()), vec![])
}

pub fn router() -> Router<AppState> {
    Router::new()
        .nest(
            "/v1",
            crate::accounts::api::router()
                .merge(crate::listings::api::router())
                .merge(crate::search::api::router())
                .merge(crate::search::favourites_api::router())
                .merge(crate::search::alerts_api::router())
                .merge(crate::messages::api::router())
                .merge(crate::leads::api_router())
                .merge(crate::viewings::api::router())
                .merge(crate::preferences::api_router())
                .merge(crate::orders::api::router())
                .merge(crate::cart::api::router())
                .merge(crate::bookings::api::router())
                .merge(crate::money::api_router())
                .merge(crate::admin::api_router())
                .merge(crate::payments::api::router())
                .merge(crate::offers::api::router())
                .merge(crate::reviews::api::router())
                .merge(crate::trust::api::router())
                .merge(crate::phone_codes::api_router()),
        )
        .merge(docs::router())
        .fallback(unknown_route)
}
