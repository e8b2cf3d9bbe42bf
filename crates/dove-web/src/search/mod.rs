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

/// Runs a search off the async runtime (it is CPU work).
pub async fn run(
    state: &AppState,
    params: SearchParams,
    categories: Vec<Category>,
) -> Result<(SearchQuery, SearchResults), SearchError> {
    let searcher = state.search.clone();
    tokio::task::spawn_blocking(move || search::search(searcher.as_ref(), &categories, &params))
        .await
        .map_err(|e| SearchError::Index(e.to_string()))?
}

pub fn router() -> Router<AppState> {
    page::router().merge(saved::router()).merge(alerts::router())
}
