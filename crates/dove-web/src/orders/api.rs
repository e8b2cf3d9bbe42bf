//! Orders through the API. Only the buyer and the seller of an order see it;
//! to anyone else every route answers 404.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser, idempotency, paging};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::FieldErrors;
use dove_domain::orders::{self, Fulfilment, Order, SellerMoney};
use dove_domain::refunds;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ItemView {
    listing_id: String,
    title: String,
    unit_price_minor: i64,
    quantity: i64,
}

/// An order as either party sees it. Money is in minor units of `currency`.
#[derive(Serialize, ToSchema)]
pub struct OrderView {
    id: String,
    /// `buyer` or `seller`: the caller's side.
    role: &'static str,
    buyer_name: String,
    seller_name: String,
    /// pending_payment, paid, fulfilled, completed, cancelled, expired, refunded or disputed.
    status: &'static str,
    /// product, stay (nights of a short stay) or let (a long-term let's holding deposit).
    kind: &'static str,
    /// delivery or pickup (bookings: pickup, the guest comes to the place).
    fulfilment: &'static str,
    total_minor: i64,
    /// Given back to the buyer so far.
    refunded_minor: i64,
    /// The most the seller can refund now (what escrow still holds); 0 for
    /// the buyer, and when the order cannot be refunded.
    most_refundable_minor: i64,
    currency: String,
    /// A stay's first night, or a let's move-in day (`YYYY-MM-DD`).
    start_day: Option<String>,
    /// A stay's check-out day.
    end_day: Option<String>,
    /// Unpaid by then (UTC milliseconds), the order expires and its stock is freed.
    pay_by: i64,
    created_at: i64,
    items: Vec<ItemView>,
}

pub(crate) fn view(o: Order, user_id: &str) -> OrderView {
    OrderView {
        role: if o.seller_id == user_id { "seller" } else { "buyer" },
        status: o.status.as_str(),
        kind: o.kind.as_str(),
        refunded_minor: o.refunded_minor,
        most_refundable_minor: if o.seller_id == user_id { o.most_refundable_minor() } else { 0 },
        start_day: o.booking.map(|b| b.start.to_string()),
        end_day: o.booking.and_then(|b| b.end).map(|d| d.to_string()),
        fulfilment: o.fulfilment.as_str(),
        items: o
            .items
            .into_iter()
            .map(|i| ItemView {
                listing_id: i.listing_id,
                title: i.title,
                unit_price_minor: i.unit_price_minor,
                quantity: i.quantity,
            })
            .collect(),
        id: o.id,
        buyer_name: o.buyer_name,
        seller_name: o.seller_name,
        total_minor: o.total_minor,
        currency: o.currency,
        pay_by: o.pay_by,
        created_at: o.created_at,
    }
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct BuyNow {
    listing_id: String,
    /// 1 to 100, at most what is in stock.
    quantity: i64,
    /// delivery or pickup, as the listing offers.
    fulfilment: String,
}

/// "Buy now": an order for a product, its stock reserved for 15 minutes
/// until it is paid. Send an `Idempotency-Key` header to retry safely: the
/// same key and body give the same response, another body gives 422.
#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", request_body = BuyNow, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = OrderView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same key is still being processed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A limit on unpaid orders (code hold-too-many-open, hold-open-on-listing, hold-too-fast or hold-cooldown)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad quantity or fulfilment, not enough stock, or a key reused with another body", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(b): ApiJson<BuyNow>,
) -> Result<Response, ApiError> {
    idempotency::once(&state, &auth.user, &headers, &b, async || {
        let fulfilment = Fulfilment::parse(&b.fulfilment)
            .ok_or_else(|| ApiError::Invalid(FieldErrors::single("fulfilment", "fulfilment-unknown")))?;
        let order = orders::buy_now(&state.db, &auth.user, &b.listing_id, b.quantity, fulfilment, &ip).await?;
        Ok((StatusCode::CREATED, view(order, &auth.user.id)))
    })
    .await
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// `buyer` (default) for purchases, `seller` for sales.
    #[serde(default)]
    role: Option<String>,
    /// The cursor from the previous page's `Link: <…>; rel="next"` header.
    #[serde(default)]
    before: Option<String>,
    /// Only orders in this state: pending_payment, paid, fulfilled,
    /// completed, cancelled, expired, refunded or disputed.
    #[serde(default)]
    status: Option<String>,
}

/// The caller's purchases (or sales), newest first, 50 at a time.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<OrderView>, headers(("link" = String, description = "The next page"))),
        (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    auth: ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let as_seller = match q.role.as_deref() {
        None | Some("buyer") => false,
        Some("seller") => true,
        Some(_) => return Err(ApiError::InvalidQuery(FieldErrors::single("role", "role-unknown"))),
    };
    let before = paging::cursor(q.before.as_deref())?;
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(
            orders::Status::parse(s)
                .ok_or_else(|| ApiError::InvalidQuery(FieldErrors::single("status", "status-unknown")))?,
        ),
    };
    let page = orders::list(&state.db, &auth.user, as_seller, status, before.as_ref()).await?;
    let list: Vec<OrderView> = page.orders.into_iter().map(|o| view(o, &auth.user.id)).collect();
    let role = if as_seller { "seller" } else { "buyer" };
    let filter = status.map(|s| format!("&status={}", s.as_str())).unwrap_or_default();
    Ok(paging::page(list, &format!("/api/v1/orders?role={role}{filter}"), page.next))
}

#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(view(orders::get(&state.db, &auth.user, &id).await?, &auth.user.id)))
}

/// The buyer calls off an order they have not paid; its stock goes back.
#[utoipa::path(post, path = "/api/v1/orders/{id}/cancel", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not awaiting payment", body = Problem, content_type = "application/problem+json")))]
pub async fn cancel(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(view(orders::cancel(&state.db, &state.site, &auth.user, &id, &ip).await?, &auth.user.id)))
}

/// The seller marks a paid order handed over (delivered or picked up).
#[utoipa::path(post, path = "/api/v1/orders/{id}/fulfil", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paid", body = Problem, content_type = "application/problem+json")))]
pub async fn fulfil(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(view(orders::fulfil(&state.db, &state.site, &auth.user, &id, &ip).await?, &auth.user.id)))
}

/// The buyer confirms they received the order: it completes, and its money
/// goes from escrow to the seller, less the platform's commission.
#[utoipa::path(post, path = "/api/v1/orders/{id}/confirm", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not handed over yet", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    let bps = state.payments.commission_bps;
    Ok(Json(view(orders::confirm(&state.db, &state.site, &auth.user, &id, bps, &ip).await?, &auth.user.id)))
}

#[derive(Deserialize, ToSchema)]
pub struct RefundBody {
    /// KES minor units, at most what the order still holds.
    amount_minor: i64,
    /// Why, in 5 to 1,000 characters; the buyer reads it.
    reason: String,
}

/// The seller gives back part or all of a paid order. All of it refunds
/// the order and frees what it reserved; M-Pesa money goes back to the
/// paying phone by B2C.
#[utoipa::path(post, path = "/api/v1/orders/{id}/refund", tag = "orders", request_body = RefundBody, security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paid, or disputed (an admin settles it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than was paid, or no reason", body = Problem, content_type = "application/problem+json")))]
pub async fn refund(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RefundBody>,
) -> Result<Json<OrderView>, ApiError> {
    let order =
        refunds::refund(&state.db, &state.site, &state.payments, &auth.user, &id, Ok(b.amount_minor), &b.reason, &ip)
            .await?;
    Ok(Json(view(order, &auth.user.id)))
}

#[derive(Deserialize, ToSchema)]
pub struct DisputeBody {
    /// What is wrong, in 5 to 1,000 characters.
    reason: String,
}

/// The buyer disputes a paid order: its money stays held until an admin
/// settles it.
#[utoipa::path(post, path = "/api/v1/orders/{id}/dispute", tag = "orders", request_body = DisputeBody, security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paid, or already complete", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn dispute(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DisputeBody>,
) -> Result<Json<OrderView>, ApiError> {
    let order = refunds::open_dispute(&state.db, &state.site, &auth.user, &id, &b.reason, &ip).await?;
    Ok(Json(view(order, &auth.user.id)))
}

/// A seller's money in KES minor units: `balance_minor` earned from completed
/// orders, `held_minor` paid by buyers and held until they confirm.
#[utoipa::path(get, path = "/api/v1/me/balance", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = Object)))]
pub async fn balance(State(state): State<AppState>, auth: ApiUser) -> Result<Json<SellerMoney>, ApiError> {
    Ok(Json(orders::seller_money(&state.db, &auth.user).await?))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list).post(create))
        .route("/orders/{id}", get(read))
        .route("/orders/{id}/cancel", post(cancel))
        .route("/orders/{id}/fulfil", post(fulfil))
        .route("/orders/{id}/confirm", post(confirm))
        .route("/orders/{id}/refund", post(refund))
        .route("/orders/{id}/dispute", post(dispute))
        .route("/me/balance", get(balance))
}
