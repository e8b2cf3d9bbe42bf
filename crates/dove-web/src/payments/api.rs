//! Payments through the API, and the M-Pesa callback.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser, idempotency};
use crate::errors::{ApiError, Problem, problem_response};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::orders;
use dove_domain::payments::{self, CallbackOutcome, Payment, PaymentError, StkCallback};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

impl From<PaymentError> for ApiError {
    fn from(e: PaymentError) -> Self {
        match e {
            PaymentError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such order."),
            PaymentError::Invalid(f) => ApiError::Invalid(f),
            PaymentError::WrongState(s) => ApiError::Detail(StatusCode::CONFLICT, format!("The order is {s}.")),
            PaymentError::Pending => {
                ApiError::Status(StatusCode::CONFLICT, "A payment prompt for this order is already on its way.")
            }
            PaymentError::Gateway(_) => {
                ApiError::Status(StatusCode::BAD_GATEWAY, "M-Pesa could not be reached. Try again in a moment.")
            }
            PaymentError::Store(s) => s.into(),
        }
    }
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
    /// The M-Pesa receipt, once paid.
    receipt: Option<String>,
    created_at: i64,
}

pub fn view(p: Payment) -> PaymentView {
    PaymentView {
        failure: p.failure_reason(),
        status: p.status.as_str(),
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
        (status = 409, description = "Not awaiting payment, or a prompt already under way", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a Kenyan mobile number", body = Problem, content_type = "application/problem+json")))]
pub async fn pay(
    State(state): State<AppState>,
    auth: ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PayBody>,
) -> Result<Response, ApiError> {
    let key_body = (id.as_str(), &b);
    idempotency::once(&state, &auth.user, &headers, &key_body, async || {
        let p = payments::pay_with_mpesa(
            &state.db,
            state.payments.mpesa.as_ref(),
            &auth.user,
            &id,
            &b.phone,
            &state.payments.callback_url,
        )
        .await?;
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

/// M-Pesa's STK callback (Daraja's `Body.stkCallback`). The path carries the
/// secret given in the push; any other path is 404. A callback for an
/// unknown request, or with another amount, changes nothing; a repeated one
/// is acknowledged and ignored.
#[utoipa::path(post, path = "/api/v1/payments/mpesa/callback/{secret}", tag = "orders",
    request_body(content_type = "application/json", description = "Daraja's STK callback"),
    responses((status = 200, description = "Acknowledged, as Daraja expects"),
        (status = 400, description = "Not a callback", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn mpesa_callback(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(secret): Path<String>,
    body: Bytes,
) -> Response {
    let expected = state.payments.callback_secret.as_bytes();
    if !bool::from(secret.as_bytes().ct_eq(expected)) {
        return problem_response(StatusCode::NOT_FOUND, Some("There is no such API route.".into()), vec![]);
    }
    let Ok(callback) = serde_json::from_slice::<StkCallback>(&body) else {
        return problem_response(StatusCode::BAD_REQUEST, Some("This is not an M-Pesa STK callback.".into()), vec![]);
    };
    match payments::handle_stk_result(&state.db, &state.site, &callback.result(), Some(&ip)).await {
        Ok(outcome) => {
            if outcome == CallbackOutcome::Unknown {
                tracing::warn!("M-Pesa callback for an unknown request ignored");
            }
            Json(serde_json::json!({"ResultCode": 0, "ResultDesc": "Accepted"})).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/pay", post(pay))
        .route("/orders/{id}/payments", get(list))
        .route("/payments/mpesa/callback/{secret}", post(mpesa_callback))
}
