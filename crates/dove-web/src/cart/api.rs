//! The cart through the API: read it grouped by seller, set or remove a
//! line, check out into one order per seller.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser, idempotency};
use crate::errors::{ApiError, Problem};
use crate::orders::api::{OrderView, view};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use dove_domain::cart::{self, Group};
use dove_domain::orders::Fulfilment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct LineView {
    listing_id: String,
    title: String,
    unit_price_minor: i64,
    currency: String,
    quantity: i64,
    /// In stock now.
    stock: i64,
    /// Still for sale, with enough in stock: it can be checked out.
    ok: bool,
}

/// One seller's part of the cart: one order at checkout.
#[derive(Serialize, ToSchema)]
pub struct GroupView {
    seller_id: String,
    seller_name: String,
    subtotal_minor: i64,
    /// Every line can be delivered.
    delivery: bool,
    /// Every line can be picked up.
    pickup: bool,
    lines: Vec<LineView>,
}

fn group_view(g: Group) -> GroupView {
    GroupView {
        subtotal_minor: g.subtotal_minor().unwrap_or(dove_domain::money::MAX_TOTAL_MINOR),
        seller_id: g.seller_id,
        seller_name: g.seller_name,
        delivery: g.delivery,
        pickup: g.pickup,
        lines: g
            .lines
            .into_iter()
            .map(|l| LineView {
                ok: l.ok(),
                listing_id: l.listing_id,
                title: l.title,
                unit_price_minor: l.unit_price_minor,
                currency: l.currency,
                quantity: l.quantity,
                stock: l.stock,
            })
            .collect(),
    }
}

/// The caller's cart, grouped by seller.
#[utoipa::path(get, path = "/api/v1/cart", tag = "cart", security(("bearer" = [])),
    responses((status = 200, body = Vec<GroupView>)))]
pub async fn read(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<GroupView>>, ApiError> {
    Ok(Json(cart::view(&state.db, &auth.user).await?.into_iter().map(group_view).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct LineBody {
    /// 1 to 100, at most what is in stock.
    quantity: i64,
}

/// Puts a product in the cart with this quantity (replacing what was there).
#[utoipa::path(put, path = "/api/v1/cart/items/{listing_id}", tag = "cart", request_body = LineBody, security(("bearer" = [])),
    responses((status = 200, body = Vec<GroupView>),
        (status = 404, description = "No such product for sale", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn put_line(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(listing_id): Path<String>,
    ApiJson(b): ApiJson<LineBody>,
) -> Result<Json<Vec<GroupView>>, ApiError> {
    cart::put(&state.db, &auth.user, &listing_id, b.quantity, false).await?;
    read(State(state), auth).await
}

/// Takes a product out of the cart.
#[utoipa::path(delete, path = "/api/v1/cart/items/{listing_id}", tag = "cart", security(("bearer" = [])),
    responses((status = 200, body = Vec<GroupView>)))]
pub async fn remove_line(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(listing_id): Path<String>,
) -> Result<Json<Vec<GroupView>>, ApiError> {
    cart::remove(&state.db, &auth.user, &listing_id).await?;
    read(State(state), auth).await
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct CheckoutBody {
    /// delivery or pickup, by seller id; pickup (if offered) where left out.
    #[serde(default)]
    fulfilment: BTreeMap<String, String>,
}

/// Checks the cart out: one order per seller, all placed with their stock
/// reserved, or none. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/cart/checkout", tag = "cart", request_body = CheckoutBody, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = Vec<OrderView>),
        (status = 429, description = "A limit on unpaid orders (code hold-too-many-open, hold-open-on-listing, hold-too-fast or hold-cooldown)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty cart, a line no longer available or short of stock, or a fulfilment not offered", body = Problem, content_type = "application/problem+json")))]
pub async fn checkout(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(b): ApiJson<CheckoutBody>,
) -> Result<Response, ApiError> {
    idempotency::once(&state, &auth.user, &headers, &b, async || {
        let choose = |seller: &str| b.fulfilment.get(seller).and_then(|v| Fulfilment::parse(v));
        let orders = cart::checkout(&state.db, &auth.user, choose, &ip).await?;
        let views: Vec<OrderView> = orders.into_iter().map(|o| view(o, &auth.user.id)).collect();
        Ok((StatusCode::CREATED, views))
    })
    .await
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cart", get(read))
        .route("/cart/items/{listing_id}", put(put_line).delete(remove_line))
        .route("/cart/checkout", post(checkout))
}
