//! Viewings through the API. Only the buyer and the seller of a viewing
//! see it; to anyone else every route answers 404.
use crate::api::{ApiJson, ApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::messages::Side;
use dove_domain::viewings::{self, Answer, Viewing};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A viewing as one participant sees it. Times are UTC milliseconds.
#[derive(Serialize, ToSchema)]
pub struct ViewingView {
    id: String,
    conversation_id: String,
    listing_id: String,
    listing_title: String,
    place: String,
    /// `buyer` or `seller`: the caller's side.
    role: &'static str,
    other_party: String,
    /// requested, accepted, declined or cancelled.
    status: &'static str,
    /// The proposed start times, earliest first.
    slots: Vec<i64>,
    /// Whether the open request waits for the caller's answer.
    your_turn: bool,
    /// The agreed start, once accepted.
    starts_at: Option<i64>,
    /// Each viewing lasts an hour.
    duration_minutes: i64,
    /// Whether it took place, as the caller said (null until they say).
    you_said_attended: Option<bool>,
    /// When both sides had said it took place; the visitor may then
    /// review it (`POST /api/v1/reviews` with occasion `viewing`).
    held_at: Option<i64>,
}

fn view(v: Viewing, side: Side) -> ViewingView {
    ViewingView {
        you_said_attended: v.attended_by(side),
        your_turn: v.awaiting() == Some(side),
        other_party: v.other_name(side).to_string(),
        role: side.as_str(),
        status: v.status.as_str(),
        id: v.id,
        conversation_id: v.conversation_id,
        listing_id: v.listing_id,
        listing_title: v.listing_title,
        place: v.place,
        slots: v.slots,
        starts_at: v.starts_at,
        duration_minutes: viewings::VIEWING_MS / 60_000,
        held_at: v.held_at,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RequestBody {
    /// One to three proposed start times (UTC milliseconds), in the future,
    /// within 90 days, at least an hour apart.
    slots: Vec<i64>,
    /// An optional note to the seller, up to 500 characters.
    #[serde(default)]
    note: String,
}

/// Asks the seller for a viewing at one of up to three times. Opens (or
/// continues) the caller's conversation about the listing and makes them
/// a lead.
#[utoipa::path(post, path = "/api/v1/listings/{id}/viewings", tag = "viewings", request_body = RequestBody, security(("bearer" = [])),
    responses((status = 201, body = ViewingView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request is already open, or a viewing scheduled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Slots in the past, overlapping, too many", body = Problem, content_type = "application/problem+json")))]
pub async fn request(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RequestBody>,
) -> Result<(StatusCode, Json<ViewingView>), ApiError> {
    let (conversation_id, v) = viewings::request(&state.db, &auth.user, &id, &b.slots, &b.note).await?;
    state.live.publish(&[&v.buyer_id, &v.seller_id], &conversation_id).await;
    Ok((StatusCode::CREATED, Json(view(v, Side::Buyer))))
}

/// The caller's viewings still to come (requested, or accepted and not yet
/// over), soonest first, as buyer and as seller.
#[utoipa::path(get, path = "/api/v1/viewings", tag = "viewings", security(("bearer" = [])),
    responses((status = 200, body = Vec<ViewingView>)))]
pub async fn list(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<ViewingView>>, ApiError> {
    let list = viewings::upcoming(&state.db, &auth.user).await?;
    Ok(Json(list.into_iter().filter_map(|v| v.side(&auth.user.id).map(|s| view(v, s))).collect()))
}

#[utoipa::path(get, path = "/api/v1/viewings/{id}", tag = "viewings", security(("bearer" = [])),
    responses((status = 200, body = ViewingView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ViewingView>, ApiError> {
    let (v, side) = viewings::get(&state.db, &auth.user, &id).await?;
    Ok(Json(view(v, side)))
}

async fn respond(state: &AppState, auth: &ApiUser, id: &str, a: Answer) -> Result<Json<ViewingView>, ApiError> {
    let v = viewings::answer(&state.db, &state.site, &auth.user, id, a).await?;
    state.live.publish(&[&v.buyer_id, &v.seller_id], &v.conversation_id).await;
    state.response_times.forget(&auth.user.id);
    let side = v.side(&auth.user.id).unwrap_or(Side::Buyer);
    Ok(Json(view(v, side)))
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptBody {
    /// One of the proposed start times.
    slot: i64,
}

/// Accepts one of the proposed times; both sides are mailed a calendar link.
#[utoipa::path(post, path = "/api/v1/viewings/{id}/accept", tag = "viewings", request_body = AcceptBody, security(("bearer" = [])),
    responses((status = 200, body = ViewingView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the caller's turn, or no longer open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a proposed time, past, or clashing with another viewing", body = Problem, content_type = "application/problem+json")))]
pub async fn accept(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AcceptBody>,
) -> Result<Json<ViewingView>, ApiError> {
    respond(&state, &auth, &id, Answer::Accept { slot: b.slot }).await
}

/// Proposes other times instead; the other side answers next.
#[utoipa::path(post, path = "/api/v1/viewings/{id}/propose", tag = "viewings", request_body = RequestBody, security(("bearer" = [])),
    responses((status = 200, body = ViewingView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn propose(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RequestBody>,
) -> Result<Json<ViewingView>, ApiError> {
    respond(&state, &auth, &id, Answer::Propose { slots: b.slots, note: b.note }).await
}

/// Declines the request.
#[utoipa::path(post, path = "/api/v1/viewings/{id}/decline", tag = "viewings", security(("bearer" = [])),
    responses((status = 200, body = ViewingView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn decline(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ViewingView>, ApiError> {
    respond(&state, &auth, &id, Answer::Decline).await
}

/// Withdraws a request, or calls off an agreed viewing; either side may.
#[utoipa::path(post, path = "/api/v1/viewings/{id}/cancel", tag = "viewings", security(("bearer" = [])),
    responses((status = 200, body = ViewingView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn cancel(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ViewingView>, ApiError> {
    respond(&state, &auth, &id, Answer::Cancel).await
}

#[derive(Deserialize, ToSchema)]
pub struct AttendedBody {
    /// Whether the viewing took place.
    took_place: bool,
}

/// Says whether the agreed viewing took place, once, from its start time.
/// When both sides say yes the visitor may review the owner and the
/// listing.
#[utoipa::path(post, path = "/api/v1/viewings/{id}/attended", tag = "viewings", request_body = AttendedBody,
    security(("bearer" = [])),
    responses((status = 200, body = ViewingView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not started yet, not an agreed viewing, or already said", body = Problem, content_type = "application/problem+json")))]
pub async fn attended(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AttendedBody>,
) -> Result<Json<ViewingView>, ApiError> {
    let v = viewings::attend(&state.db, &auth.user, &id, b.took_place).await?;
    let side = v.side(&auth.user.id).unwrap_or(Side::Buyer);
    Ok(Json(view(v, side)))
}

/// The agreed viewing as an iCalendar file (`text/calendar`), with an
/// alarm two hours before.
#[utoipa::path(get, path = "/api/v1/viewings/{id}/calendar.ics", tag = "viewings", security(("bearer" = [])),
    responses((status = 200, content_type = "text/calendar", body = String),
        (status = 404, description = "No such viewing, or no time agreed yet", body = Problem, content_type = "application/problem+json")))]
pub async fn calendar(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (v, side) = viewings::get(&state.db, &auth.user, &id).await?;
    let body = viewings::ics(&state.site, &v, side)
        .ok_or(ApiError::Status(StatusCode::NOT_FOUND, "No time has been agreed for this viewing yet."))?;
    Ok(super::ics_response(&v.id, body))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/listings/{id}/viewings", post(request))
        .route("/viewings", get(list))
        .route("/viewings/{id}", get(read))
        .route("/viewings/{id}/accept", post(accept))
        .route("/viewings/{id}/propose", post(propose))
        .route("/viewings/{id}/decline", post(decline))
        .route("/viewings/{id}/cancel", post(cancel))
        .route("/viewings/{id}/attended", post(attended))
        .route("/viewings/{id}/calendar.ics", get(calendar))
}
