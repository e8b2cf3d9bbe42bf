//! A seller's money: their balance (earned, not yet paid out), what buyers
//! paid that is still held, and their payouts to M-Pesa; the page and the
//! API over `dove_domain::payouts`.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser};
use crate::ctx::Ctx;
use crate::errors::{ApiError, PageError, Problem};
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use dove_domain::accounts::User;
use dove_domain::listings::fields::parse_kes;
use dove_domain::money::format_money;
use dove_domain::orders::{self, SellerMoney};
use dove_domain::payouts::{self, Payout, PayoutError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

impl From<PayoutError> for ApiError {
    fn from(e: PayoutError) -> Self {
        match e {
            PayoutError::Invalid(f) => ApiError::Invalid(f),
            PayoutError::Pending => ApiError::Status(StatusCode::CONFLICT, "A payout is already under way."),
            PayoutError::Store(s) => s.into(),
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/money.html")]
struct MoneyPage {
    ctx: Ctx,
    balance: String,
    held: String,
    payouts: Vec<Payout>,
    form: FormView,
    phone: String,
    sent: bool,
    /// Payouts go out by M-Pesa; without its gateway the form is replaced
    /// by a note saying why.
    payouts_on: bool,
}

async fn render(
    ctx: Ctx,
    state: &AppState,
    user: &User,
    form: FormView,
    sent: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    let m = orders::seller_money(&state.db, user).await?;
    let payouts = payouts::list(&state.db, user).await?;
    let phone = match form.value("phone") {
        "" => user.phone.clone().unwrap_or_default(),
        typed => typed.to_string(),
    };
    let page = MoneyPage {
        balance: format_money(m.balance_minor, "KES"),
        held: format_money(m.held_minor, "KES"),
        ctx,
        payouts,
        form,
        phone,
        sent,
        payouts_on: state.payments.payouts.is_some(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
struct SentQuery {
    #[serde(default)]
    sent: Option<String>,
}

async fn page(ctx: Ctx, State(state): State<AppState>, Query(q): Query<SentQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    render(ctx, &state, &user, FormView::default(), q.sent.is_some(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct PayoutForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    phone: String,
}

async fn withdraw(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<PayoutForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let p = &state.payments;
    let amount = parse_kes(&f.amount, false).map_err(|b| b.0);
    let form = FormView::default().with("amount", &f.amount).with("phone", &f.phone);
    let Some(gateway) = p.payouts.clone() else {
        let form = form.errors(ctx.lang, &dove_domain::FieldErrors::single("amount", "payouts-off"));
        return render(ctx, &state, &user, form, false, StatusCode::CONFLICT).await;
    };
    match payouts::request(&state.db, gateway.as_ref(), &user, amount, &f.phone, &p.b2c_result_url, &ip).await {
        Ok(_) => Ok(Redirect::to("/account/money?sent=1").into_response()),
        Err(PayoutError::Invalid(errors)) => {
            let form = form.errors(ctx.lang, &errors);
            render(ctx, &state, &user, form, false, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(PayoutError::Pending) => {
            let errors = dove_domain::FieldErrors::single("amount", "payout-pending");
            let form = form.errors(ctx.lang, &errors);
            render(ctx, &state, &user, form, false, StatusCode::CONFLICT).await
        }
        Err(PayoutError::Store(e)) => Err(e.into()),
    }
}

/// A payout as its receiver sees it; the phone only masked.
#[derive(Serialize, ToSchema)]
pub struct PayoutView {
    id: String,
    /// seller (a withdrawal) or refund (money back to a buyer).
    purpose: &'static str,
    order_id: Option<String>,
    amount_minor: i64,
    currency: String,
    phone: String,
    /// pending, succeeded or failed.
    status: String,
    result_desc: Option<String>,
    receipt: Option<String>,
    created_at: i64,
}

fn view(p: Payout) -> PayoutView {
    PayoutView {
        purpose: p.purpose.as_str(),
        phone: p.masked_phone(),
        id: p.id,
        order_id: p.order_id,
        amount_minor: p.amount_minor,
        currency: p.currency,
        status: p.status,
        result_desc: p.result_desc,
        receipt: p.receipt,
        created_at: p.created_at,
    }
}

#[derive(Serialize, ToSchema)]
pub struct MoneyView {
    /// Earned from completed orders and not yet paid out (KES minor units).
    balance_minor: i64,
    /// Paid by buyers and held until they confirm.
    held_minor: i64,
    /// The newest 50 payouts.
    payouts: Vec<PayoutView>,
}

/// The caller's balance, held money and payouts.
#[utoipa::path(get, path = "/api/v1/me/payouts", tag = "payouts", security(("bearer" = [])),
    responses((status = 200, body = MoneyView)))]
pub async fn read(State(state): State<AppState>, auth: ApiUser) -> Result<Json<MoneyView>, ApiError> {
    let SellerMoney { balance_minor, held_minor } = orders::seller_money(&state.db, &auth.user).await?;
    let payouts = payouts::list(&state.db, &auth.user).await?.into_iter().map(view).collect();
    Ok(Json(MoneyView { balance_minor, held_minor, payouts }))
}

#[derive(Deserialize, ToSchema)]
pub struct PayoutBody {
    /// KES minor units: whole shillings, at least KES 100, at most the balance.
    amount_minor: i64,
    /// The Kenyan mobile number to send it to.
    phone: String,
}

/// Withdraws part of the balance to M-Pesa (B2C). The result arrives a
/// little later; until then the payout is pending.
#[utoipa::path(post, path = "/api/v1/me/payouts", tag = "payouts", request_body = PayoutBody, security(("bearer" = [])),
    responses((status = 202, body = PayoutView),
        (status = 409, description = "A payout is already under way, or payouts are not available on this site (no M-Pesa gateway configured)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too small, above the balance, or not an M-Pesa number", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    ApiJson(b): ApiJson<PayoutBody>,
) -> Result<(StatusCode, Json<PayoutView>), ApiError> {
    let p = &state.payments;
    let gateway = p.payouts.clone().ok_or(ApiError::Status(
        StatusCode::CONFLICT,
        "Payouts by M-Pesa are not available on this site; the balance stays.",
    ))?;
    let payout =
        payouts::request(&state.db, gateway.as_ref(), &auth.user, Ok(b.amount_minor), &b.phone, &p.b2c_result_url, &ip)
            .await?;
    Ok((StatusCode::ACCEPTED, Json(view(payout))))
}

/// Sends a refund's money back at once, by B2C or to the card (the worker
/// would, a minute later). A gateway that is off leaves the refund queued,
/// owed, until it is configured.
pub(crate) async fn send_refund(
    state: &AppState,
    sending: Option<dove_domain::refunds::Sending>,
) -> Result<(), dove_domain::StoreError> {
    let p = &state.payments;
    let out = dove_domain::refunds::Outlets {
        payouts: p.payouts.as_deref(),
        cards: p.cards.as_deref(),
        b2c_result_url: &p.b2c_result_url,
    };
    dove_domain::refunds::send(&state.db, &out, sending).await
}

pub fn router() -> Router<AppState> {
    Router::new().route("/account/money", get(page).post(withdraw))
}

pub fn api_router() -> Router<AppState> {
    Router::new().route("/me/payouts", get(read).post(create))
}
