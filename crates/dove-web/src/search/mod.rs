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

/// Search parameters from a raw query string. Repeated keys (`amenity`)
/// collect into a list, which serde_urlencoded cannot do.
pub fn params_from_query(raw: Option<&str>) -> SearchParams {
    let mut p = SearchParams::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v = v.into_owned();
        let slot = match k.as_ref() {
            "q" => {
                p.q = v;
                continue;
            }
            "amenity" => {
                p.amenity.push(v);
                continue;
            }
            "offer" => &mut p.offer,
            "category" => &mut p.category,
            "property_type" => &mut p.property_type,
            "price_min" => &mut p.price_min,
            "price_max" => &mut p.price_max,
            "bedrooms" => &mut p.bedrooms,
            "bathrooms" => &mut p.bathrooms,
            "furnished" => &mut p.furnished,
            "county" => &mut p.county,
            "town" => &mut p.town,
            "condition" => &mut p.condition,
            "lat" => &mut p.lat,
            "lng" => &mut p.lng,
            "near" => &mut p.near,
            "radius_km" => &mut p.radius_km,
            "bbox" => &mut p.bbox,
            "sort" => &mut p.sort,
            "page" => &mut p.page,
            _ => continue,
        };
        *slot = Some(v);
    }
    p
}

/// Runs a search off the async runtime (it is CPU work).
pub async fn run(
    state: &AppState,
    params: SearchParams,
) -> Result<(Vec<Category>, SearchQuery, SearchResults), SearchError> {
    let categories = dove_domain::listings::categories(&state.db).await?;
    let searcher = state.search.clone();
    let cats = categories.clone();
    let (q, r) = tokio::task::spawn_blocking(move || search::search(searcher.as_ref(), &cats, &params))
        .await
        .map_err(|e| SearchError::Index(e.to_string()))??;
    Ok((categories, q, r))
}

pub fn router() -> Router<AppState> {
    page::router().merge(saved::router()).merge(alerts::router())
}
