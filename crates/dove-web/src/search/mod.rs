//! Search: the results page, suggestions as you type, and the search API.
mod alerts;
pub mod alerts_api;
pub mod api;
pub mod favourites_api;
mod page;
mod saved;

use crate::state::AppState;
use axum::Router;
use dove_domain::listings::Category;
use dove_domain::search::{self, SearchError, SearchParams, SearchQuery, SearchResults};

/// Search parameters from a raw query string.
pub fn params_from_query(raw: Option<&str>) -> SearchParams {
    SearchParams::from_query(raw.unwrap_or(""))
}

/// Runs a search. It is CPU work, but short (about a millisecond at
/// 100,000 listings, see bench/README.md), so it runs on the request's own
/// worker: handing it to the blocking pool cost more in thread switches
/// than it saved, and on 2 cores the extra threads lengthened the tail.
pub fn run(
    state: &AppState,
    params: &SearchParams,
    categories: &[Category],
) -> Result<(SearchQuery, SearchResults), SearchError> {
    search::search(state.search.as_ref(), categories, params)
}

pub fn router() -> Router<AppState> {
    page::router().merge(saved::router()).merge(alerts::router())
}
