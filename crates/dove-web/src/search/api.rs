//! `GET /api/v1/search`: the same parameters as the results page.
use super::{params_from_query, run};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use dove_domain::search::{Facets, Hit, SearchError};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    #[schema(value_type = Vec<Object>)]
    items: Vec<Hit>,
    total: u64,
    page: usize,
    pages: usize,
    per_page: usize,
    /// Counts by category, town, bedrooms and price bucket (KES). For very
    /// broad searches they are estimated from a sample, and `approximate` is
    /// true; `total` is always exact.
    #[schema(value_type = Object)]
    facets: Facets,
    /// No listing had every word, so these have some of them.
    relaxed: bool,
    /// When nothing matched: a respelled query that may.
    did_you_mean: Option<String>,
}

/// Searches live listings. Parameters: `q`, `offer` (rent, sale),
/// `category`, `property_type`, `price_min`/`price_max` (KES), `bedrooms`
/// and `bathrooms` (minimums), `furnished` (yes, no), `amenity` (repeat),
/// `county`, `town`, `condition`, `lat`+`lng` or `near` (a town) with
/// `radius_km`, `bbox` (south,west,north,east), `sort` (relevance, newest,
/// price_asc, price_desc, distance) and `page`.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    responses((status = 200, body = SearchResponse), (status = 400, description = "Invalid parameters", body = Problem, content_type = "application/problem+json")))]
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<SearchResponse>, ApiError> {
    let params = params_from_query(raw.as_deref());
    let categories = state.categories.get(&state.db).await?;
    match run(&state, params, &categories) {
        Ok((_, r)) => Ok(Json(SearchResponse {
            items: r.hits,
            total: r.total,
            page: r.page,
            pages: r.pages,
            per_page: dove_domain::search::PER_PAGE,
            facets: r.facets,
            relaxed: r.relaxed,
            did_you_mean: r.did_you_mean,
        })),
        Err(SearchError::Invalid(f)) => Err(ApiError::InvalidQuery(f)),
        Err(e) => Err(ApiError::Internal(e.to_string())),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}
