//! Orders in the browser: "Buy now" on a product, the buyer's purchases and
//! the seller's sales, and an order's page. Plain form posts throughout.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::listings;
use dove_domain::orders::{self, Fulfilment, Order, OrderError};
use dove_domain::paging::Cursor;
use serde::Deserialize;

/// Why "Buy now" did not place an order, with the way back.
#[derive(Template)]
#[template(path = "orders/refused.html")]
struct Refused {
    ctx: Ctx,
    reason: String,
    back: String,
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
async fn buy(ctx: Ctx, State(state): State<AppState>, Form(f): Form<BuyForm>) -> Result<Response, PageError> {
    let listing =
        listings::viewable(&state.db, ctx.user.as_ref(), &f.listing).await.map_err(|_| PageError::NotFound)?;
    let Some(user) = ctx.user.clone() else {
        return Err(PageError::SignInRequired { next: listing.url() });
    };
    let quantity = f.quantity.trim().parse::<i64>().unwrap_or(0);
    let fulfilment = Fulfilment::parse(&f.fulfilment).unwrap_or(Fulfilment::Pickup);
    match orders::buy_now(&state.db, &user, &listing.id, quantity, fulfilment).await {
        Ok(o) => Ok(Redirect::to(&format!("/orders/{}", o.id)).into_response()),
        Err(OrderError::Invalid(errors)) => {
            let reason = errors.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" ");
            let page = Refused { ctx, reason, back: listing.url() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(OrderError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "orders/list.html")]
struct ListPage {
    ctx: Ctx,
    orders: Vec<Order>,
    as_seller: bool,
    next: Option<String>,
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    before: Option<String>,
}

async fn list(ctx: Ctx, State(state): State<AppState>, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let as_seller = q.role.as_deref() == Some("seller");
    let before = q.before.as_deref().and_then(Cursor::parse);
    let page = orders::list(&state.db, &user, as_seller, before.as_ref()).await?;
    let next =
        page.next.map(|c| format!("/orders?{}before={}", if as_seller { "role=seller&" } else { "" }, c.encode()));
    Ok(Html(ListPage { ctx, orders: page.orders, as_seller, next }.render()?).into_response())
}

#[derive(Template)]
#[template(path = "orders/show.html")]
struct ShowPage {
    ctx: Ctx,
    o: Order,
    is_seller: bool,
}

async fn show(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let o = match orders::get(&state.db, &user, &id).await {
        Ok(o) => o,
        Err(OrderError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(PageError::NotFound),
    };
    let is_seller = o.seller_id == user.id;
    Ok(Html(ShowPage { ctx, o, is_seller }.render()?).into_response())
}

async fn cancel(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match orders::cancel(&state.db, &user, &id).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(OrderError::WrongState(_)) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(OrderError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list).post(buy))
        .route("/orders/{id}", get(show))
        .route("/orders/{id}/cancel", post(cancel))
}
