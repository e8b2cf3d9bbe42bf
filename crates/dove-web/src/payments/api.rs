//! Payments through the API, and the M-Pesa callback.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser, idempotency};
use crate::errors::{ApiError, Problem, problem_response};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::payments::{self, CallbackOutcome, Payment};
use dove_domain::payouts;
use dove_domain::{cards, orders};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

/// Paying a way whose gateway has no credentials on this site: refused
/// before anything is written. Never a sandbox outside demo and dev mode.
fn mpesa_off() -> ApiError {
    ApiError::Status(StatusCode::CONFLICT, "Paying by M-Pesa is not available on this site.")
}

fn cards_off() -> ApiError {
    ApiError::Status(StatusCode::CONFLICT, "Paying by card is not available on this site.")
}

/// A payment attempt. The paying number is never shown in full.
#[derive(Serialize, ToSchema)]
pub struct PaymentView {
    id: String,
    order_id: String,
    /// pending (the prompt is on the phone), succeeded or failed.
    status: &'static str,
    amount_minor: i64,
    currency: String,
    /// Why it failed, in plain words: cancelled, insufficient-funds, wrong-pin, phone-unreachable, expired, declined.
    failure: Option<&'static str>,
    /// mpesa or card.
    method: &'static str,
    /// The M-Pesa receipt (or card payment reference), once paid.
    receipt: Option<String>,
    /// A card payment's checkout page: send the buyer there.
    checkout_url: Option<String>,
    created_at: i64,
}

pub fn view(p: Payment) -> PaymentView {
    PaymentView {
        failure: p.failure_reason(),
        status: p.status.as_str(),
        method: p.method.as_str(),
        checkout_url: p.checkout_url,
        id: p.id,
        order_id: p.order_id,
        amount_minor: p.amount_minor,
        currency: p.currency,
        receipt: p.receipt,
        created_at: p.created_at,
    }
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct PayBody {
    /// The Kenyan mobile number to send the M-Pesa prompt to.
    phone: String,
}

/// Pays an order with M-Pesa: a prompt goes to the phone, and the order
/// turns paid when the buyer enters their PIN. Send an `Idempotency-Key` to
/// retry safely.
#[utoipa::path(post, path = "/api/v1/orders/{id}/pay", tag = "orders", request_body = PayBody, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 202, description = "The prompt is on its way", body = PaymentView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not awaiting payment, a prompt already under way, or paying by M-Pesa is not available on this site (no gateway configured)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a Kenyan mobile number", body = Problem, content_type = "application/problem+json")))]
pub async fn pay(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PayBody>,
) -> Result<Response, ApiError> {
    let mpesa = state.payments.mpesa.clone().ok_or_else(mpesa_off)?;
    let key_body = (id.as_str(), &b);
    idempotency::once(&state, &auth.user, &headers, &key_body, async || {
        let p = payments::pay_with_mpesa(
            &state.db,
            mpesa.as_ref(),
            &auth.user,
            &id,
            &b.phone,
            &state.payments.callback_url,
            &ip,
        )
        .await?;
        Ok((StatusCode::ACCEPTED, view(p)))
    })
    .await
}

/// Pays an order by card: a Stripe Checkout session (or the sandbox's),
/// whose `checkout_url` the buyer opens. Asking again while it is open
/// gives the same session. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/orders/{id}/pay-card", tag = "orders", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 202, description = "Open checkout_url to pay", body = PaymentView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not awaiting payment, an M-Pesa prompt under way, or paying by card is not available on this site (no gateway configured)", body = Problem, content_type = "application/problem+json"),
        (status = 502, body = Problem, content_type = "application/problem+json")))]
pub async fn pay_card(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let gateway = state.payments.cards.clone().ok_or_else(cards_off)?;
    idempotency::once(&state, &auth.user, &headers, &id, async || {
        let p = cards::pay_with_card(&state.db, gateway.as_ref(), &auth.user, &id, &state.site, &ip).await?;
        Ok((StatusCode::ACCEPTED, view(p)))
    })
    .await
}

/// The payment attempts of an order, oldest first.
#[utoipa::path(get, path = "/api/v1/orders/{id}/payments", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = Vec<PaymentView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<PaymentView>>, ApiError> {
    let order = orders::get(&state.db, &auth.user, &id).await?;
    Ok(Json(payments::of_order(&state.db, &order).await?.into_iter().map(view).collect()))
}

/// The order a push's callback URL names (see `payments::adopt_checkout`).
#[derive(Deserialize)]
pub struct CallbackQuery {
    order: Option<String>,
}

/// M-Pesa's STK callback (Daraja's `Body.stkCallback`). The path carries the
/// secret given in the push; any other path is 404. A callback for an
/// unknown request, or with another amount, changes nothing; a repeated one
/// is acknowledged and ignored. `order` names the order the push was for,
/// so a push whose answer timed out is still matched.
#[utoipa::path(post, path = "/api/v1/payments/mpesa/callback/{secret}", tag = "orders",
    params(("order" = Option<String>, Query, description = "The order the push was for")),
    request_body(content_type = "application/json", description = "Daraja's STK callback"),
    responses((status = 200, description = "Acknowledged, as Daraja expects"),
        (status = 400, description = "Not a callback", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn mpesa_callback(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(secret): Path<String>,
    Query(q): Query<CallbackQuery>,
    body: Bytes,
) -> Response {
    let expected = state.payments.callback_secret.as_bytes();
    if !bool::from(secret.as_bytes().ct_eq(expected)) {
        return not_found();
    }
    let Some(result) = state.payments.mpesa_wire.read_callback(&body) else {
        return problem_response(StatusCode::BAD_REQUEST, Some("This is not an M-Pesa STK callback.".into()), vec![]);
    };
    if let Some(order_id) = q.order
        && let Err(e) = payments::adopt_checkout(&state.db, &order_id, &result.checkout_id).await
    {
        return ApiError::from(e).into_response();
    }
    match payments::handle_stk_result(&state.db, &state.site, &state.payments, &result, Some(&ip)).await {
        Ok(outcome) => {
            if outcome == CallbackOutcome::Unknown {
                tracing::warn!("M-Pesa callback for an unknown request ignored");
            }
            Json(serde_json::json!({"ResultCode": 0, "ResultDesc": "Accepted"})).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

fn not_found() -> Response {
    problem_response(StatusCode::NOT_FOUND, Some("There is no such API route.".into()), vec![])
}

/// The payout a transaction status answer is about.
#[derive(Deserialize)]
pub struct B2cQuery {
    payout: Option<String>,
}

/// M-Pesa's B2C result (Daraja's `Result`), for payouts and refunds. The
/// path carries the same secret as the STK callback. With `payout`, the
/// body is the answer to a transaction status query about that payout.
#[utoipa::path(post, path = "/api/v1/payments/mpesa/b2c/{secret}", tag = "payouts",
    params(("payout" = Option<String>, Query, description = "The payout a transaction status answer is about")),
    request_body(content_type = "application/json", description = "Daraja's B2C or transaction status result"),
    responses((status = 200, description = "Acknowledged, as Daraja expects"),
        (status = 400, description = "Not a B2C result", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn b2c_result(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    Query(q): Query<B2cQuery>,
    body: Bytes,
) -> Response {
    let expected = state.payments.callback_secret.as_bytes();
    if !bool::from(secret.as_bytes().ct_eq(expected)) {
        return not_found();
    }
    if let Some(id) = q.payout {
        let Some(answer) = state.payments.mpesa_wire.read_status(&body, &id) else {
            return problem_response(
                StatusCode::BAD_REQUEST,
                Some("This is not an M-Pesa status result.".into()),
                vec![],
            );
        };
        return match payouts::handle_status(&state.db, &id, &answer).await {
            Ok(_) => Json(serde_json::json!({"ResultCode": 0, "ResultDesc": "Accepted"})).into_response(),
            Err(e) => ApiError::from(e).into_response(),
        };
    }
    let Some(result) = state.payments.mpesa_wire.read_result(&body) else {
        return problem_response(StatusCode::BAD_REQUEST, Some("This is not an M-Pesa B2C result.".into()), vec![]);
    };
    match payouts::handle_result(&state.db, &result).await {
        Ok(outcome) => {
            if outcome == payouts::ResultOutcome::Unknown {
                tracing::warn!("M-Pesa B2C result for an unknown payout ignored");
            }
            Json(serde_json::json!({"ResultCode": 0, "ResultDesc": "Accepted"})).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// Stripe's webhook. Only a body whose `Stripe-Signature` verifies (HMAC-
/// SHA256 of `t.payload`, any `v1`, at most 300 s old) is read; each event
/// is applied once, in whatever order they come.
#[utoipa::path(post, path = "/api/v1/payments/stripe/webhook", tag = "orders",
    request_body(content_type = "application/json", description = "A Stripe event"),
    params(("Stripe-Signature" = String, Header, description = "t=…,v1=…")),
    responses((status = 200, description = "Received"),
        (status = 400, description = "Bad or missing signature, or not an event", body = Problem, content_type = "application/problem+json")))]
pub async fn stripe_webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(cards) = &state.payments.cards else {
        return problem_response(StatusCode::BAD_REQUEST, Some("Card payments are off.".into()), vec![]);
    };
    let header = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let event = match cards.read_event(header, &body, dove_domain::clock::now_ms() / 1000) {
        Ok(event) => event,
        Err(refused) => {
            tracing::warn!(error = %refused, "card webhook refused");
            return problem_response(StatusCode::BAD_REQUEST, Some(refused.0), vec![]);
        }
    };
    match cards::handle_event(&state.db, &state.site, &state.payments, &event).await {
        Ok(_) => Json(serde_json::json!({"received": true})).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/pay", post(pay))
        .route("/orders/{id}/pay-card", post(pay_card))
        .route("/payments/mpesa/b2c/{secret}", post(b2c_result))
        .route("/payments/stripe/webhook", post(stripe_webhook))
        .route("/orders/{id}/payments", get(list))
        .route("/payments/mpesa/callback/{secret}", post(mpesa_callback))
}
