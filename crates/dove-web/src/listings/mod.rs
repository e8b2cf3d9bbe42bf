//! Listings: the public listing page, the step-by-step editor, the seller's
//! "My listings", storefronts, category admin, and the listings API.
pub mod api;
mod categories;
mod edit;
mod facts;
mod mine;
mod show;
mod stores;

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(show::router())
        .merge(edit::router())
        .merge(mine::router())
        .merge(stores::router())
        .merge(categories::router())
}

pub use edit::{UPLOAD_TIMEOUT, upload_router};
