//! A seller's money: their balance (earned, not yet paid out), what buyers
//! paid that is still held, and their payouts to M-Pesa; the page and the
//! API over `dove_domain::payouts`. Payouts go only to the seller's payout
//! number, set with the password and a mailed link (see
//! `payouts::set_number`).
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser};
use crate::ctx::Ctx;
use crate::errors::{ApiError, PageError, Problem};
use crate::form::FormView;
use crate::ratelimit::Limit;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use dove_domain::accounts::User;
use dove_domain::clock::now_ms;
use dove_domain::listings::fields::parse_kes;
use dove_domain::money::format_money;
use dove_domain::orders::{self, SellerMoney};
use dove_domain::payouts::{self, Payout, PayoutError, PayoutNumber};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Template)]
#[template(path = "accounts/money.html")]
struct MoneyPage {
    ctx: Ctx,
    balance: String,
    held: String,
    payouts: Vec<Payout>,
    form: FormView,
    /// Payouts go out by M-Pesa; without its gateway the form is replaced
    /// by a note saying why.
    payouts_on: bool,
    /// The payout number, masked; `None` before one is confirmed.
    number: Option<String>,
    /// A number waiting for its mailed link, masked.
    number_pending: Option<String>,
    /// When payouts to a just-changed number start.
    number_held_until: Option<String>,
    number_form: FormView,
    /// A notice key (`money-…`) after a redirect.
    notice: Option<&'static str>,
}

/// What the page shows, and the two forms as last submitted.
struct Shown {
    form: FormView,
    number_form: FormView,
    notice: Option<&'static str>,
}

async fn render(
    ctx: Ctx,
    state: &AppState,
    user: &User,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, PageError> {
    let m = orders::seller_money(&state.db, user).await?;
    let payouts = payouts::list(&state.db, user).await?;
    let number = payouts::number(&state.db, user).await?;
    let now = now_ms();
    let page = MoneyPage {
        balance: format_money(m.balance_minor, "KES"),
        held: format_money(m.held_minor, "KES"),
        ctx,
        payouts,
        form: shown.form,
        payouts_on: state.payments.payouts.is_some(),
        number: number.as_ref().and_then(PayoutNumber::masked),
        number_pending: number.as_ref().and_then(PayoutNumber::pending_masked),
        number_held_until: number
            .as_ref()
            .filter(|n| n.held(now))
            .map(|n| dove_domain::clock::short_time(n.usable_from)),
        number_form: shown.number_form,
        notice: shown.notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
struct NoticeQuery {
    #[serde(default)]
    sent: Option<String>,
    #[serde(default)]
    number: Option<String>,
}

async fn page(ctx: Ctx, State(state): State<AppState>, Query(q): Query<NoticeQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let notice = match (q.sent.is_some(), q.number.as_deref()) {
        (true, _) => Some("money-payout-sent"),
        (_, Some("asked")) => Some("money-number-asked"),
        (_, Some("confirmed")) => Some("money-number-confirmed"),
        _ => None,
    };
    let shown = Shown { form: FormView::default(), number_form: FormView::default(), notice };
    render(ctx, &state, &user, shown, StatusCode::OK).await
}

#[derive(Deserialize)]
struct PayoutForm {
    #[serde(default)]
    amount: String,
}

async fn withdraw(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<PayoutForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let p = &state.payments;
    // The shared parser speaks of prices; here the number is an amount.
    let amount = parse_kes(&f.amount, false).map_err(|b| if b.0 == "price-invalid" { "amount-invalid" } else { b.0 });
    let form = FormView::default().with("amount", &f.amount);
    let Some(gateway) = p.payouts.clone() else {
        let errors = dove_domain::FieldErrors::single("amount", "payouts-off");
        let shown = Shown { form: form.errors(ctx.lang, &errors), number_form: FormView::default(), notice: None };
        return render(ctx, &state, &user, shown, StatusCode::CONFLICT).await;
    };
    let (status, errors) = match payouts::request(
        &state.db,
        gateway.as_ref(),
        &state.site,
        &user,
        amount,
        &p.b2c_result_url,
        &ip,
        now_ms(),
    )
    .await
    {
        Ok(_) => return Ok(Redirect::to("/account/money?sent=1").into_response()),
        Err(PayoutError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(PayoutError::Pending) => {
            (StatusCode::CONFLICT, dove_domain::FieldErrors::single("amount", "payout-pending"))
        }
        Err(PayoutError::Held { .. }) => {
            (StatusCode::CONFLICT, dove_domain::FieldErrors::single("amount", "payout-number-held"))
        }
        Err(PayoutError::BadLink) => return Err(PageError::NotFound),
        Err(PayoutError::Store(e)) => return Err(e.into()),
    };
    let shown = Shown { form: form.errors(ctx.lang, &errors), number_form: FormView::default(), notice: None };
    render(ctx, &state, &user, shown, status).await
}

/// Payout-number requests per account: each checks the password and sends
/// a mail, so a stolen session can neither guess the password through this
/// form (which the sign-in lockout does not see) nor flood the mailbox.
const NUMBER_TRIES_PER_USER: Limit = Limit { burst: 5, per: std::time::Duration::from_secs(60 * 60) };

fn number_tries(state: &AppState, user: &User) -> Result<(), std::time::Duration> {
    state.limiter.check(&format!("payout-number:{}", user.id), NUMBER_TRIES_PER_USER)
}

#[derive(Deserialize)]
struct NumberForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
}

/// Asks for a payout number (first or new): needs the password, and takes
/// effect only through the link it mails.
async fn set_number(ctx: Ctx, State(state): State<AppState>, Form(f): Form<NumberForm>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    if number_tries(&state, &user).is_err() {
        let errors = dove_domain::FieldErrors::single("password", "payout-number-tries");
        let number_form = FormView::default().with("phone", &f.phone).errors(ctx.lang, &errors);
        let shown = Shown { form: FormView::default(), number_form, notice: None };
        return render(ctx, &state, &user, shown, StatusCode::TOO_MANY_REQUESTS).await;
    }
    match payouts::set_number(&state.db, &state.site, &user, &f.phone, &f.password, now_ms()).await {
        Ok(()) => Ok(Redirect::to("/account/money?number=asked").into_response()),
        Err(PayoutError::Invalid(errors)) => {
            let number_form = FormView::default().with("phone", &f.phone).errors(ctx.lang, &errors);
            let shown = Shown { form: FormView::default(), number_form, notice: None };
            render(ctx, &state, &user, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(PayoutError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "accounts/payout_number.html")]
struct ConfirmPage {
    ctx: Ctx,
    token: String,
    alert: Option<String>,
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    token: String,
}

/// Shows a button rather than confirming on GET: mail scanners open links,
/// and must not confirm a number for whoever asked for it.
async fn confirm_page(ctx: Ctx, Query(q): Query<TokenForm>) -> Result<Response, PageError> {
    Ok(Html(ConfirmPage { ctx, token: q.token, alert: None }.render()?).into_response())
}

/// Follows the mailed link. Works without a session: the link itself is
/// the proof that the account's mailbox agreed.
async fn confirm_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<TokenForm>,
) -> Result<Response, PageError> {
    match payouts::confirm_number(&state.db, &f.token, now_ms()).await {
        Ok(_) => Ok(Redirect::to("/account/money?number=confirmed").into_response()),
        Err(PayoutError::BadLink) => {
            let alert = Some(ctx.t("error-link-dead"));
            let page = ConfirmPage { ctx, token: String::new(), alert };
            Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response())
        }
        Err(PayoutError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
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

/// The seller's payout number, masked.
#[derive(Serialize, ToSchema)]
pub struct PayoutNumberView {
    /// Where payouts go; null until a first number is confirmed.
    phone: Option<String>,
    /// When payouts to `phone` start (UTC ms): 24 hours after a change was
    /// confirmed.
    usable_from: i64,
    /// Whether payouts wait for that time now.
    held: bool,
    /// A number asked for, waiting for the link mailed to the account.
    pending_phone: Option<String>,
}

fn number_view(n: &PayoutNumber, now: i64) -> PayoutNumberView {
    PayoutNumberView {
        phone: n.masked(),
        usable_from: n.usable_from,
        held: n.held(now),
        pending_phone: n.pending_masked(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct MoneyView {
    /// Earned from completed orders and not yet paid out (KES minor units).
    balance_minor: i64,
    /// Paid by buyers and held until they confirm.
    held_minor: i64,
    /// Where withdrawals go; null if the seller never asked for a number.
    payout_number: Option<PayoutNumberView>,
    /// The newest 50 payouts.
    payouts: Vec<PayoutView>,
}

/// The caller's balance, held money, payout number and payouts.
#[utoipa::path(get, path = "/api/v1/me/payouts", tag = "payouts", security(("bearer" = [])),
    responses((status = 200, body = MoneyView),
        (status = 401, description = "No or a bad token", body = Problem, content_type = "application/problem+json")))]
pub async fn read(State(state): State<AppState>, auth: ApiUser) -> Result<Json<MoneyView>, ApiError> {
    let SellerMoney { balance_minor, held_minor } = orders::seller_money(&state.db, &auth.user).await?;
    let payouts = payouts::list(&state.db, &auth.user).await?.into_iter().map(view).collect();
    let payout_number = payouts::number(&state.db, &auth.user).await?.map(|n| number_view(&n, now_ms()));
    Ok(Json(MoneyView { balance_minor, held_minor, payout_number, payouts }))
}

#[derive(Deserialize, ToSchema)]
pub struct PayoutBody {
    /// KES minor units: whole shillings, at least KES 100, at most the
    /// balance. It goes to the payout number; there is no other.
    amount_minor: i64,
}

/// Withdraws part of the balance to the payout number on M-Pesa (B2C), and
/// mails the seller. The result arrives a little later; until then the
/// payout is pending.
#[utoipa::path(post, path = "/api/v1/me/payouts", tag = "payouts", request_body = PayoutBody, security(("bearer" = [])),
    responses((status = 202, body = PayoutView),
        (status = 401, description = "No or a bad token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A payout is already under way, the payout number was changed less than 24 hours ago, or payouts are not available on this site (no M-Pesa gateway configured)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too small, above the balance, or no payout number yet (field `phone`, code `payout-number-missing`)", body = Problem, content_type = "application/problem+json")))]
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
    let payout = payouts::request(
        &state.db,
        gateway.as_ref(),
        &state.site,
        &auth.user,
        Ok(b.amount_minor),
        &p.b2c_result_url,
        &ip,
        now_ms(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(view(payout))))
}

#[derive(Deserialize, ToSchema)]
pub struct PayoutNumberBody {
    /// The Kenyan mobile number payouts should go to.
    phone: String,
    /// The account's password: a token alone cannot redirect payouts.
    password: String,
}

/// Asks for a payout number, first or new. Nothing changes until the link
/// mailed to the account is followed; payouts to a changed number then
/// start 24 hours later. A first number takes payouts at once.
#[utoipa::path(put, path = "/api/v1/me/payout-number", tag = "payouts", request_body = PayoutNumberBody, security(("bearer" = [])),
    responses((status = 202, description = "A confirmation link was mailed", body = PayoutNumberView),
        (status = 401, description = "No or a bad token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an M-Pesa number (`phone-not-mpesa`), or a wrong password (`password-wrong`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 tries in an hour", body = Problem, content_type = "application/problem+json")))]
pub async fn put_number(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(b): ApiJson<PayoutNumberBody>,
) -> Result<(StatusCode, Json<PayoutNumberView>), ApiError> {
    number_tries(&state, &auth.user).map_err(ApiError::TooManyRequests)?;
    let now = now_ms();
    payouts::set_number(&state.db, &state.site, &auth.user, &b.phone, &b.password, now).await?;
    let n = payouts::number(&state.db, &auth.user).await?.ok_or(dove_domain::StoreError::NotFound)?;
    Ok((StatusCode::ACCEPTED, Json(number_view(&n, now))))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/money", get(page).post(withdraw))
        .route("/account/payout-number", axum::routing::post(set_number))
        .route("/account/payout-number/confirm", get(confirm_page).post(confirm_submit))
}

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/me/payouts", get(read).post(create))
        .route("/me/payout-number", axum::routing::put(put_number))
}
