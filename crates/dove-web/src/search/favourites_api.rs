//! Favourites through the API.
use crate::api::ApiUser;
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use dove_domain::favourites;
use dove_domain::listings::ListingCard;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SavedListing {
    id: String,
    url: String,
    title: String,
    price_minor: i64,
    currency: String,
    town: String,
}

impl From<ListingCard> for SavedListing {
    fn from(c: ListingCard) -> Self {
        SavedListing {
            url: c.url(),
            id: c.id,
            title: c.title,
            price_minor: c.price_minor,
            currency: c.currency,
            town: c.town,
        }
    }
}

/// The signed-in user's saved listings that are still live.
#[utoipa::path(get, path = "/api/v1/me/favourites", tag = "search", security(("bearer" = [])), responses((status = 200, body = Vec<SavedListing>)))]
pub async fn list(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<SavedListing>>, ApiError> {
    Ok(Json(favourites::cards(&state.db, &auth.user).await?.into_iter().map(SavedListing::from).collect()))
}

/// Saves a listing (saving twice is fine).
#[utoipa::path(put, path = "/api/v1/me/favourites/{listing_id}", tag = "search", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn add(State(state): State<AppState>, auth: ApiUser, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    favourites::save(&state.db, &auth.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a saved listing.
#[utoipa::path(delete, path = "/api/v1/me/favourites/{listing_id}", tag = "search", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if favourites::remove(&state.db, &auth.user, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Status(StatusCode::NOT_FOUND, "That listing is not saved."))
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/me/favourites", get(list)).route("/me/favourites/{id}", put(add).delete(remove))
}
