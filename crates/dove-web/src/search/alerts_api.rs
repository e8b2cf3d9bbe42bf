//! Saved searches through the API.
use crate::api::{ApiJson, ApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use dove_domain::FieldErrors;
use dove_domain::alerts::{self, Frequency, SavedSearch};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct SavedSearchRequest {
    /// The search as a query string, the same as `/api/v1/search` takes:
    /// `q=2+bedroom&offer=rent&county=Nairobi`.
    query: String,
    /// `instant` (the default) or `daily`.
    #[serde(default)]
    frequency: Option<String>,
}

/// The signed-in user's saved searches.
#[utoipa::path(get, path = "/api/v1/me/saved-searches", tag = "search", security(("bearer" = [])), responses((status = 200, body = Vec<Object>)))]
pub async fn list(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<SavedSearch>>, ApiError> {
    Ok(Json(alerts::list(&state.db, &auth.user).await?))
}

/// Saves a search; new matches are mailed instantly or daily.
#[utoipa::path(post, path = "/api/v1/me/saved-searches", tag = "search", security(("bearer" = [])), request_body = SavedSearchRequest,
    responses((status = 201, body = Object), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(req): ApiJson<SavedSearchRequest>,
) -> Result<Response, ApiError> {
    let frequency = match req.frequency.as_deref() {
        None => Frequency::Instant,
        Some(f) => Frequency::parse(f)
            .ok_or_else(|| ApiError::Invalid(FieldErrors::single("frequency", "frequency-unknown")))?,
    };
    let categories = state.categories.get(&state.db).await?;
    let saved = alerts::save(&state.db, &auth.user, &alerts::params_of(&req.query), frequency, &categories).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// Stops a saved search.
#[utoipa::path(delete, path = "/api/v1/me/saved-searches/{id}", tag = "search", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    alerts::delete(&state.db, &auth.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> Router<AppState> {
    Router::new().route("/me/saved-searches", get(list).post(create)).route("/me/saved-searches/{id}", delete(remove))
}
