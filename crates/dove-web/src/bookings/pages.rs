//! The calendar page of a rental: anyone sees which nights are free; a
//! guest books from it; the host sets a nightly price and blocks dates.
//! A long-term let is reserved from the listing page. Plain form posts.
use crate::accounts::ClientIp;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::orders::Refused;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::FieldErrors;
use dove_domain::bookings::{self, Month, Rental, StaySettings};
use dove_domain::clock::{Day, now_ms};
use dove_domain::listings::fields::parse_kes;
use dove_domain::listings::{self, Listing};
use dove_domain::orders::OrderError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "bookings/calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    l: Listing,
    month: Month,
    prev: Option<String>,
    next: String,
    stay: Option<StaySettings>,
    is_manager: bool,
    available: bool,
    /// The booking form's values and errors.
    form: FormView,
    /// The host's forms' values and errors.
    host: FormView,
    /// What the host's last change did.
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
struct MonthQuery {
    /// `2026-12`.
    #[serde(default)]
    month: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

fn month_of(raw: Option<&str>, today: Day) -> Day {
    raw.and_then(|m| Day::parse(&format!("{m}-01"))).filter(|d| *d >= today.month_start()).unwrap_or(today)
}

async fn render(
    ctx: Ctx,
    state: &AppState,
    id: &str,
    q: MonthQuery,
    form: FormView,
    host: FormView,
    status: StatusCode,
) -> Result<Response, PageError> {
    let l = listings::viewable(&state.db, ctx.user.as_ref(), id).await?;
    let is_manager = ctx.user.as_ref().is_some_and(|u| u.id == l.seller_id);
    let stay = match bookings::rental_of(&state.db, &l).await? {
        Rental::Stay(s) => Some(s),
        Rental::Let { .. } if is_manager => None,
        _ => return Err(PageError::NotFound),
    };
    let now = now_ms();
    let today = Day::today(now);
    let first = month_of(q.month.as_deref(), today);
    let month = bookings::month(&state.db, &l.id, first, now).await?;
    let key = |d: Day| d.to_string()[..7].to_string();
    let prev_first = Day(month.first.0 - 1).month_start();
    let prev = (prev_first >= today.month_start()).then(|| format!("/l/{}/calendar?month={}", l.id, key(prev_first)));
    let next = format!("/l/{}/calendar?month={}", l.id, key(month.first.next_month()));
    let notice = q.notice.filter(|_| is_manager).map(|n| ctx.t(&format!("notice-{n}")));
    let page = CalendarPage {
        available: l.is_available(now),
        ctx,
        l,
        month,
        prev,
        next,
        stay,
        is_manager,
        form,
        host,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn calendar(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, PageError> {
    render(ctx, &state, &id, q, FormView::default(), FormView::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct BookForm {
    #[serde(default)]
    check_in: String,
    #[serde(default)]
    check_out: String,
}

/// Books the nights; a refusal shows the calendar again with the reason by
/// the field.
async fn book(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(f): Form<BookForm>,
) -> Result<Response, PageError> {
    let Some(user) = ctx.user.clone() else {
        return Err(PageError::SignInRequired { next: format!("/l/{id}/calendar") });
    };
    let (check_in, check_out) = (Day::parse(&f.check_in), Day::parse(&f.check_out));
    match bookings::book_stay(&state.db, &user, &id, check_in, check_out, &ip).await {
        Ok(o) => Ok(Redirect::to(&format!("/orders/{}", o.id)).into_response()),
        Err(OrderError::Invalid(errors) | OrderError::Limited(errors)) => {
            let form = FormView::default()
                .with("check_in", &f.check_in)
                .with("check_out", &f.check_out)
                .errors(ctx.lang, &errors);
            let q = MonthQuery { month: check_in.map(|d| d.to_string()[..7].to_string()), notice: None };
            render(ctx, &state, &id, q, form, FormView::default(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct StayForm {
    #[serde(default)]
    nightly_price: String,
    #[serde(default)]
    min_nights: String,
}

/// The host sets (or changes) the nightly price and the shortest stay.
async fn set_stay(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<StayForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let price = parse_kes(&f.nightly_price, false).map_err(|b| b.0);
    let min = f.min_nights.trim().parse::<i64>().unwrap_or(0);
    match bookings::set_stay(&state.db, &user, &id, price, min).await {
        Ok(_) => Ok(Redirect::to(&format!("/l/{id}/calendar?notice=stay-saved")).into_response()),
        Err(OrderError::Invalid(errors)) => {
            let host = FormView::default()
                .with("nightly_price", &f.nightly_price)
                .with("min_nights", &f.min_nights)
                .errors(ctx.lang, &errors);
            let q = MonthQuery::default();
            render(ctx, &state, &id, q, FormView::default(), host, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct BlockForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// `block` or `free`.
    #[serde(default)]
    action: String,
}

async fn block(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<BlockForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let blocked = f.action != "free";
    let from = Day::parse(&f.from);
    let to = if f.to.trim().is_empty() { from } else { Day::parse(&f.to) };
    let mut errors = FieldErrors::default();
    if !f.to.trim().is_empty() && to.is_none() {
        errors.add("to", "date-invalid");
    }
    let done = if errors.is_empty() {
        bookings::block(&state.db, &user, &id, from, to, blocked).await
    } else {
        Err(OrderError::Invalid(errors))
    };
    match done {
        Ok(_) => {
            let month = from.map(|d| d.to_string()[..7].to_string()).unwrap_or_default();
            let notice = if blocked { "dates-blocked" } else { "dates-freed" };
            Ok(Redirect::to(&format!("/l/{id}/calendar?month={month}&notice={notice}")).into_response())
        }
        Err(OrderError::Invalid(errors)) => {
            let host = FormView::default().with("from", &f.from).with("to", &f.to).errors(ctx.lang, &errors);
            let q = MonthQuery::default();
            render(ctx, &state, &id, q, FormView::default(), host, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ReserveForm {
    #[serde(default)]
    move_in: String,
}

/// Reserves a long-term let with its holding deposit.
async fn reserve(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(f): Form<ReserveForm>,
) -> Result<Response, PageError> {
    let listing = listings::viewable(&state.db, ctx.user.as_ref(), &id).await?;
    let Some(user) = ctx.user.clone() else {
        return Err(PageError::SignInRequired { next: listing.url() });
    };
    match bookings::reserve_let(&state.db, &user, &id, Day::parse(&f.move_in), &ip).await {
        Ok(o) => Ok(Redirect::to(&format!("/orders/{}", o.id)).into_response()),
        Err(OrderError::Invalid(errors) | OrderError::Limited(errors)) => {
            let reason = errors.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" ");
            let page = Refused { ctx, reason, back: listing.url() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/l/{id}/calendar", get(calendar))
        .route("/l/{id}/book", post(book))
        .route("/l/{id}/stay", post(set_stay))
        .route("/l/{id}/calendar/block", post(block))
        .route("/l/{id}/reserve", post(reserve))
}
