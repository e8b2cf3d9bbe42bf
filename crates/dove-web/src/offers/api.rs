//! Offers through the API. Only the buyer and the seller see an offer; to
//! anyone else every route answers 404.
use crate::api::{ApiJson, ApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::messages::Side;
use dove_domain::offers::{self, Offer, Reply};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An offer as either party sees it; money in minor units of `currency`.
#[derive(Serialize, ToSchema)]
pub struct OfferView {
    id: String,
    listing_id: String,
    listing_title: String,
    /// `buyer` or `seller`: the caller's side.
    role: &'static str,
    amount_minor: i64,
    currency: String,
    /// open, accepted, declined or withdrawn.
    status: String,
    /// Whether the open offer waits for the caller's answer.
    your_turn: bool,
    updated_at: i64,
}

fn view(o: Offer, user_id: &str) -> OfferView {
    let side = o.side(user_id).unwrap_or(Side::Buyer);
    OfferView {
        your_turn: o.awaiting() == Some(side),
        role: side.as_str(),
        id: o.id,
        listing_id: o.listing_id,
        listing_title: o.listing_title,
        amount_minor: o.amount_minor,
        currency: o.currency,
        status: o.status,
        updated_at: o.updated_at,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct Amount {
    /// In minor units (KES cents); more than zero.
    amount_minor: i64,
}

/// Offers an amount for a property for sale; the buyer becomes a lead in
/// Negotiating.
#[utoipa::path(post, path = "/api/v1/listings/{id}/offers", tag = "offers", request_body = Amount, security(("bearer" = [])),
    responses((status = 201, body = OfferView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An offer is already open", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn make(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Amount>,
) -> Result<(StatusCode, Json<OfferView>), ApiError> {
    let o = offers::make(&state.db, &auth.user, &id, b.amount_minor).await?;
    Ok((StatusCode::CREATED, Json(view(o, &auth.user.id))))
}

/// The caller's offers, made and received, latest change first.
#[utoipa::path(get, path = "/api/v1/offers", tag = "offers", security(("bearer" = [])), responses((status = 200, body = Vec<OfferView>)))]
pub async fn list(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<OfferView>>, ApiError> {
    Ok(Json(offers::list(&state.db, &auth.user).await?.into_iter().map(|o| view(o, &auth.user.id)).collect()))
}

#[utoipa::path(get, path = "/api/v1/offers/{id}", tag = "offers", security(("bearer" = [])),
    responses((status = 200, body = OfferView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<OfferView>, ApiError> {
    Ok(Json(view(offers::get(&state.db, &auth.user, &id).await?.0, &auth.user.id)))
}

#[derive(Deserialize, ToSchema)]
pub struct ReplyBody {
    /// accept, decline, counter (with `amount_minor`) or withdraw (buyer only).
    reply: String,
    #[serde(default)]
    amount_minor: Option<i64>,
}

/// Answers an open offer: accept, decline or counter when it is the caller's
/// turn; the buyer may withdraw it.
#[utoipa::path(post, path = "/api/v1/offers/{id}/reply", tag = "offers", request_body = ReplyBody, security(("bearer" = [])),
    responses((status = 200, body = OfferView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the caller's turn, or no longer open", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn reply(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReplyBody>,
) -> Result<Json<OfferView>, ApiError> {
    let r = match (b.reply.as_str(), b.amount_minor) {
        ("accept", _) => Reply::Accept,
        ("decline", _) => Reply::Decline,
        ("withdraw", _) => Reply::Withdraw,
        ("counter", Some(a)) => Reply::Counter(a),
        _ => {
            return Err(ApiError::Invalid(dove_domain::FieldErrors::single("reply", "offer-reply-unknown")));
        }
    };
    Ok(Json(view(offers::reply(&state.db, &auth.user, &id, r).await?, &auth.user.id)))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/listings/{id}/offers", post(make))
        .route("/offers", get(list))
        .route("/offers/{id}", get(read))
        .route("/offers/{id}/reply", post(reply))
}
