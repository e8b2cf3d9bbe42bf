//! Orders in the browser: "Buy now" on a product, the buyer's purchases and
//! the seller's sales, and an order's page. Plain form posts throughout.
use crate::accounts::ClientIp;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::FieldErrors;
use dove_domain::accounts::Phone;
use dove_domain::listings;
use dove_domain::listings::fields::parse_kes;
use dove_domain::money::format_money;
use dove_domain::orders::{self, Fulfilment, Order, OrderError};
use dove_domain::paging::Cursor;
use dove_domain::payments::{self, Method, Payment, PaymentError, PaymentStatus};
use dove_domain::refunds;
use dove_domain::reviews::{self, Occasion};
use serde::Deserialize;

/// Why "Buy now" (or reserving a let) placed no order, with the way back.
#[derive(Template)]
#[template(path = "orders/refused.html")]
pub(crate) struct Refused {
    pub ctx: Ctx,
    pub reason: String,
    pub back: String,
}

#[derive(Deserialize)]
struct BuyForm {
    #[serde(default)]
    listing: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    fulfilment: String,
}

/// Places the order and shows it; a refusal goes back to the listing with
/// the reason.
async fn buy(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<BuyForm>,
) -> Result<Response, PageError> {
    let listing = listings::viewable(&state.db, ctx.user.as_ref(), &f.listing).await?;
    let Some(user) = ctx.user.clone() else {
        return Err(PageError::SignInRequired { next: listing.url() });
    };
    let quantity = f.quantity.trim().parse::<i64>().unwrap_or(0);
    let fulfilment = Fulfilment::parse(&f.fulfilment).unwrap_or(Fulfilment::Pickup);
    match orders::buy_now(&state.db, &user, &listing.id, quantity, fulfilment, &ip).await {
        Ok(o) => Ok(Redirect::to(&format!("/orders/{}", o.id)).into_response()),
        Err(OrderError::Invalid(errors) | OrderError::Limited(errors)) => {
            let reason = errors.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" ");
            let page = Refused { ctx, reason, back: listing.url() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders/list.html")]
struct ListPage {
    ctx: Ctx,
    orders: Vec<Order>,
    as_seller: bool,
    /// The state shown, if filtered.
    status: Option<orders::Status>,
    next: Option<String>,
    /// The seller's earned and held money, on the sales tab.
    money: Option<(String, String)>,
}

impl ListPage {
    /// This tab's link, filtered to `status` ("" for all).
    fn filter_link(&self, status: &str) -> String {
        let role = if self.as_seller { "role=seller&" } else { "" };
        if status.is_empty() { format!("/orders?{role}") } else { format!("/orders?{role}status={status}") }
    }

    fn is_shown(&self, status: &str) -> bool {
        self.status.map_or("", |s| s.as_str()) == status
    }
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

async fn list(ctx: Ctx, State(state): State<AppState>, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let as_seller = q.role.as_deref() == Some("seller");
    let before = q.before.as_deref().and_then(Cursor::parse);
    let status = q.status.as_deref().and_then(orders::Status::parse);
    let page = orders::list(&state.db, &user, as_seller, status, before.as_ref()).await?;
    let filter = status.map(|s| format!("status={}&", s.as_str())).unwrap_or_default();
    let next = page
        .next
        .map(|c| format!("/orders?{}{filter}before={}", if as_seller { "role=seller&" } else { "" }, c.encode()));
    let money = if as_seller {
        let m = orders::seller_money(&state.db, &user).await?;
        Some((format_money(m.balance_minor, "KES"), format_money(m.held_minor, "KES")))
    } else {
        None
    };
    Ok(Html(ListPage { ctx, orders: page.orders, as_seller, status, next, money }.render()?).into_response())
}

#[derive(Template)]
#[template(path = "orders/show.html")]
struct ShowPage {
    ctx: Ctx,
    o: Order,
    is_seller: bool,
    /// The latest payment attempt, if any.
    payment: Option<Payment>,
    /// The phone the payment form offers.
    phone: String,
    form: FormView,
    /// Paying by M-Pesa, and by card, is possible here: a way whose
    /// gateway has no credentials is off, and the page says so.
    mpesa_on: bool,
    cards_on: bool,
    /// Once the order is complete: this party's review and, once
    /// published, the other's.
    review: Option<reviews::Standing>,
}

impl ShowPage {
    /// The review can still be written.
    fn can_review(&self) -> bool {
        self.review.as_ref().is_some_and(|s| s.can_write(dove_domain::clock::now_ms()))
    }

    /// A prompt is on the buyer's phone: the page looks again shortly.
    fn waiting(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| p.status == PaymentStatus::Pending && p.method == Method::Mpesa)
    }

    /// A card checkout is open: where to finish it.
    fn card_checkout(&self) -> Option<&str> {
        self.payment
            .as_ref()
            .filter(|p| p.status == PaymentStatus::Pending && p.method == Method::Card)
            .and_then(|p| p.checkout_url.as_deref())
    }

    /// The money came after the order stopped waiting for it, and goes back.
    fn late_refund(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| payments::refunded_late(&self.o, p))
    }

    /// The buyer confirms: a product once handed over, a booking once paid.
    fn can_confirm(&self) -> bool {
        !self.is_seller && self.o.can_confirm()
    }

    fn masked_phone(&self) -> String {
        let raw = self.payment.as_ref().map_or("", |p| p.phone.as_str());
        Phone::parse(raw).map(|p| p.masked()).unwrap_or_default()
    }
}

async fn render(
    ctx: Ctx,
    state: &AppState,
    id: &str,
    form: FormView,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let o = orders::get(&state.db, &user, id).await?;
    let payment = payments::of_order(&state.db, &o).await?.into_iter().last();
    let is_seller = o.seller_id == user.id;
    let phone = form.value("phone").to_string();
    let phone = if phone.is_empty() { user.phone.clone().unwrap_or_default() } else { phone };
    let (mpesa_on, cards_on) = (state.payments.mpesa.is_some(), state.payments.cards.is_some());
    let review = if o.status == orders::Status::Completed {
        Some(reviews::standing(&state.db, &user, Occasion::Order, &o.id).await?)
    } else {
        None
    };
    let page = ShowPage { ctx, o, is_seller, payment, phone, form, mpesa_on, cards_on, review };
    Ok((status, Html(page.render()?)).into_response())
}

async fn show(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    render(ctx, &state, &id, FormView::default(), StatusCode::OK).await
}

/// Pays by card: off to the checkout page (Stripe's, or the sandbox's).
async fn pay_card(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let again = |ctx: Ctx, code: &'static str, status: StatusCode| {
        let form = FormView::default().errors(ctx.lang, &FieldErrors::single("card", code));
        render(ctx, &state, &id, form, status)
    };
    let Some(gateway) = state.payments.cards.clone() else {
        return again(ctx, "card-off", StatusCode::CONFLICT).await;
    };
    match dove_domain::cards::pay_with_card(&state.db, gateway.as_ref(), &user, &id, &state.site, &ip).await {
        Ok(p) => Ok(Redirect::to(p.checkout_url.as_deref().unwrap_or(&format!("/orders/{id}"))).into_response()),
        Err(e) => match refusal(&e, "card-unreachable") {
            Some((code, status)) => again(ctx, code, status).await,
            None => Err(e.into()),
        },
    }
}

/// How the pay form shows a refused payment: the field's code and the
/// status; `None` for what is no refusal to show (a missing order, a
/// failing store), which `?` maps as every page error is mapped.
fn refusal(e: &PaymentError, unreachable: &'static str) -> Option<(&'static str, StatusCode)> {
    match e {
        PaymentError::Pending => Some(("payment-under-way", StatusCode::CONFLICT)),
        PaymentError::WrongState(_) => Some(("order-not-payable", StatusCode::CONFLICT)),
        PaymentError::Gateway(_) => Some((unreachable, StatusCode::BAD_GATEWAY)),
        PaymentError::Invalid(f) => {
            Some((f.0.first().map_or("order-not-payable", |e| e.code), StatusCode::UNPROCESSABLE_ENTITY))
        }
        PaymentError::NotFound | PaymentError::Store(_) => None,
    }
}

#[derive(Deserialize)]
struct RefundForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

/// The seller gives money back; the M-Pesa part goes out by B2C at once.
async fn refund(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(f): Form<RefundForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let amount = parse_kes(&f.amount, false).map_err(|b| b.0);
    match refunds::refund(&state.db, &state.site, &state.payments, &user, &id, amount, &f.reason, &ip).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(OrderError::Invalid(errors)) => {
            let form =
                FormView::default().with("amount", &f.amount).with("reason", &f.reason).errors(ctx.lang, &errors);
            render(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(OrderError::WrongState(_)) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct DisputeForm {
    #[serde(default)]
    reason: String,
}

/// The buyer says something is wrong: the money stays held for an admin.
async fn dispute(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(f): Form<DisputeForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match refunds::open_dispute(&state.db, &state.site, &user, &id, &f.reason, &ip).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(OrderError::Invalid(errors)) => {
            let form = FormView::default().with("reason", &f.reason).errors(ctx.lang, &errors);
            render(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(OrderError::WrongState(_)) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "orders/receipt.html")]
struct ReceiptPage {
    ctx: Ctx,
    o: Order,
    reference: String,
    mpesa_receipt: Option<String>,
}

/// A printable receipt, for either party.
async fn receipt(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let o = orders::get(&state.db, &user, &id).await?;
    let paid = payments::of_order(&state.db, &o).await?;
    let mpesa_receipt = paid.into_iter().find(|p| p.status == PaymentStatus::Succeeded).and_then(|p| p.receipt);
    let reference = orders::short_ref(&o.id);
    Ok(Html(ReceiptPage { ctx, o, reference, mpesa_receipt }.render()?).into_response())
}

#[derive(Deserialize)]
struct PayForm {
    #[serde(default)]
    phone: String,
}

/// Sends the M-Pesa prompt; the order page then waits for the answer.
async fn pay(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(f): Form<PayForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let cfg = &state.payments;
    let again = |ctx: Ctx, code: &'static str, status: StatusCode| {
        let form = FormView::default().with("phone", &f.phone).errors(ctx.lang, &FieldErrors::single("phone", code));
        render(ctx, &state, &id, form, status)
    };
    let Some(mpesa) = cfg.mpesa.clone() else {
        return again(ctx, "mpesa-off", StatusCode::CONFLICT).await;
    };
    match payments::pay_with_mpesa(&state.db, mpesa.as_ref(), &user, &id, &f.phone, &cfg.callback_url, &ip).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        // A prompt already on its way: the order page waits for it.
        Err(PaymentError::Pending) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(e) => match refusal(&e, "mpesa-unreachable") {
            Some((code, status)) => again(ctx, code, status).await,
            None => Err(e.into()),
        },
    }
}

/// Cancel (buyer, unpaid), fulfil (seller, paid) or confirm (buyer,
/// handed over): a refused step just shows the order as it is now.
async fn step(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((id, step)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let done = match step.as_str() {
        "cancel" => orders::cancel(&state.db, &state.site, &user, &id, &ip).await,
        "fulfil" => orders::fulfil(&state.db, &state.site, &user, &id, &ip).await,
        "confirm" => orders::confirm(&state.db, &state.site, &user, &id, state.payments.commission_bps, &ip).await,
        _ => return Err(PageError::NotFound),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(OrderError::WrongState(_)) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(e) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list).post(buy))
        .route("/orders/{id}", get(show))
        .route("/orders/{id}/receipt", get(receipt))
        .route("/orders/{id}/pay", post(pay))
        .route("/orders/{id}/pay-card", post(pay_card))
        .route("/orders/{id}/refund", post(refund))
        .route("/orders/{id}/dispute", post(dispute))
        .route("/orders/{id}/{step}", post(step))
}
