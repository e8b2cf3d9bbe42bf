//! Bookings through the API: a rental's availability, the host's nightly
//! price and blocked dates, booking a stay and reserving a let. Only the
//! host changes a calendar; to anyone else those routes answer 404.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser, idempotency};
use crate::errors::{ApiError, Problem};
use crate::orders::api::{OrderView, view};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::FieldErrors;
use dove_domain::bookings::{self, Rental};
use dove_domain::clock::{Day, now_ms};
use dove_domain::listings::{self, ListingError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct NightView {
    /// `YYYY-MM-DD`.
    day: String,
    /// free, booked, blocked or past.
    state: &'static str,
}

/// A month of a short-stay listing's calendar.
#[derive(Serialize, ToSchema)]
pub struct AvailabilityView {
    nightly_price_minor: i64,
    min_nights: i64,
    currency: String,
    /// `YYYY-MM`.
    month: String,
    nights: Vec<NightView>,
}

#[derive(Deserialize, IntoParams)]
pub struct MonthQuery {
    /// `YYYY-MM`; this month if left out.
    #[serde(default)]
    month: Option<String>,
}

/// The nights of one month of a listing let by the night.
#[utoipa::path(get, path = "/api/v1/listings/{id}/availability", tag = "bookings", params(MonthQuery),
    responses((status = 200, body = AvailabilityView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such listing, or not let by the night", body = Problem, content_type = "application/problem+json")))]
pub async fn availability(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Json<AvailabilityView>, ApiError> {
    let now = now_ms();
    let first = match q.month.as_deref() {
        None => Day::today(now),
        Some(m) => Day::parse(&format!("{m}-01"))
            .ok_or_else(|| ApiError::InvalidQuery(FieldErrors::single("month", "date-invalid")))?,
    };
    let l = match listings::viewable(&state.db, None, &id).await {
        Err(ListingError::NotFound) => {
            Err(ApiError::Status(StatusCode::NOT_FOUND, "No such listing let by the night."))
        }
        other => other.map_err(ApiError::from),
    }?;
    let Rental::Stay(s) = bookings::rental_of(&state.db, &l).await? else {
        return Err(ApiError::Status(StatusCode::NOT_FOUND, "No such listing let by the night."));
    };
    let month = bookings::month(&state.db, &l.id, first, now).await?;
    Ok(Json(AvailabilityView {
        nightly_price_minor: s.nightly_price_minor,
        min_nights: s.min_nights,
        currency: l.currency,
        month: month.key(),
        nights: month.nights().map(|n| NightView { day: n.day.to_string(), state: n.state.as_str() }).collect(),
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct StayBody {
    /// KES minor units (cents), at least 100.
    nightly_price_minor: i64,
    /// 1 to 30.
    min_nights: i64,
}

/// The host lets their rental by the night, at this price and shortest stay.
#[utoipa::path(put, path = "/api/v1/listings/{id}/stay", tag = "bookings", request_body = StayBody, security(("bearer" = [])),
    responses((status = 200, body = StayBody),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_stay(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StayBody>,
) -> Result<Json<StayBody>, ApiError> {
    let s = bookings::set_stay(&state.db, &auth.user, &id, Ok(b.nightly_price_minor), b.min_nights).await?;
    Ok(Json(StayBody { nightly_price_minor: s.nightly_price_minor, min_nights: s.min_nights }))
}

#[derive(Deserialize, ToSchema)]
pub struct BlockBody {
    /// `YYYY-MM-DD`, today or later.
    from: String,
    /// `YYYY-MM-DD`, included; `from` alone if left out.
    #[serde(default)]
    to: Option<String>,
    /// true blocks the free nights; false frees the blocked ones. Booked nights stay booked.
    blocked: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BlockedView {
    /// How many nights changed.
    changed: u64,
}

/// The host blocks (or frees) a range of nights.
#[utoipa::path(post, path = "/api/v1/listings/{id}/availability", tag = "bookings", request_body = BlockBody, security(("bearer" = [])),
    responses((status = 200, body = BlockedView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn block(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<BlockBody>,
) -> Result<Json<BlockedView>, ApiError> {
    let from = Day::parse(&b.from);
    let to = match b.to.as_deref() {
        None => from,
        Some(t) => Some(Day::parse(t).ok_or_else(|| ApiError::Invalid(FieldErrors::single("to", "date-invalid")))?),
    };
    let changed = bookings::block(&state.db, &auth.user, &id, from, to, b.blocked).await?;
    Ok(Json(BlockedView { changed }))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct StayBooking {
    listing_id: String,
    /// The first night, `YYYY-MM-DD`.
    check_in: String,
    /// The morning of leaving, `YYYY-MM-DD`.
    check_out: String,
}

/// Books the nights of a short stay: an order to pay within 15 minutes,
/// the nights held meanwhile. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings", request_body = StayBooking, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = OrderView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A limit on unpaid orders (code hold-too-many-open, hold-open-on-listing, hold-too-fast or hold-cooldown)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad dates, shorter than the minimum, or nights already taken", body = Problem, content_type = "application/problem+json")))]
pub async fn book(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(b): ApiJson<StayBooking>,
) -> Result<Response, ApiError> {
    idempotency::once(&state, &auth.user, &headers, &b, async || {
        let (i, o) = (Day::parse(&b.check_in), Day::parse(&b.check_out));
        let order = bookings::book_stay(&state.db, &auth.user, &b.listing_id, i, o, &ip).await?;
        Ok((StatusCode::CREATED, view(order, &auth.user.id)))
    })
    .await
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct LetReservation {
    listing_id: String,
    /// `YYYY-MM-DD`.
    move_in: String,
}

/// Reserves a long-term let from a move-in day, with a holding deposit of
/// one month's rent (paid into escrow, released to the landlord when the
/// tenant confirms moving in, or 7 days after the move-in day without a
/// dispute). Send an `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/lets", tag = "bookings", request_body = LetReservation, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = OrderView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A limit on unpaid orders (code hold-too-many-open, hold-open-on-listing, hold-too-fast or hold-cooldown)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad move-in day, or already reserved", body = Problem, content_type = "application/problem+json")))]
pub async fn reserve(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(b): ApiJson<LetReservation>,
) -> Result<Response, ApiError> {
    idempotency::once(&state, &auth.user, &headers, &b, async || {
        let order = bookings::reserve_let(&state.db, &auth.user, &b.listing_id, Day::parse(&b.move_in), &ip).await?;
        Ok((StatusCode::CREATED, view(order, &auth.user.id)))
    })
    .await
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/listings/{id}/availability", get(availability).post(block))
        .route("/listings/{id}/stay", axum::routing::put(set_stay))
        .route("/bookings", post(book))
        .route("/lets", post(reserve))
}
