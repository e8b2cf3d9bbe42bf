//! `/cart`: add from a product page, change quantities, check out. Plain
//! form posts.
use crate::accounts::ClientIp;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::accounts::User;
use dove_domain::cart::{self, Group};
use dove_domain::listings;
use dove_domain::money::format_money;
use dove_domain::orders::{Fulfilment, OrderError};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "cart/show.html")]
struct CartPage {
    ctx: Ctx,
    groups: Vec<Group>,
    total: String,
    error: Option<String>,
}

fn reason(ctx: &Ctx, e: &OrderError) -> String {
    match e {
        OrderError::Invalid(f) | OrderError::Limited(f) => {
            f.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" ")
        }
        OrderError::WrongState(_) => ctx.t("err-order-not-payable"),
        _ => String::new(),
    }
}

async fn render(ctx: Ctx, state: &AppState, user: &User, error: Option<String>) -> Result<Response, PageError> {
    let groups = cart::view(&state.db, user).await?;
    let total = dove_domain::money::total(groups.iter().map(Group::subtotal_minor))
        .map_or_else(|| "—".to_string(), |t| format_money(t, "KES"));
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(CartPage { ctx, groups, total, error }.render()?)).into_response())
}

async fn show(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    render(ctx, &state, &user, None).await
}

#[derive(Deserialize)]
struct AddForm {
    #[serde(default)]
    listing: String,
    #[serde(default)]
    quantity: String,
}

/// "Add to cart" on a product page: on top of what the cart holds.
async fn add(ctx: Ctx, State(state): State<AppState>, Form(f): Form<AddForm>) -> Result<Response, PageError> {
    let listing = listings::viewable(&state.db, ctx.user.as_ref(), &f.listing).await?;
    let Some(user) = ctx.user.clone() else {
        return Err(PageError::SignInRequired { next: listing.url() });
    };
    let quantity = f.quantity.trim().parse::<i64>().unwrap_or(0);
    match cart::put(&state.db, &user, &listing.id, quantity, true).await {
        Ok(()) => Ok(Redirect::to("/cart").into_response()),
        Err(e @ (OrderError::Invalid(_) | OrderError::WrongState(_))) => {
            let why = reason(&ctx, &e);
            render(ctx, &state, &user, Some(why)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct LineForm {
    #[serde(default)]
    quantity: String,
    /// `update` or `remove`.
    #[serde(default)]
    action: String,
}

async fn line(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(listing_id): Path<String>,
    Form(f): Form<LineForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let done = if f.action == "remove" {
        cart::remove(&state.db, &user, &listing_id).await.map_err(OrderError::Store)
    } else {
        let quantity = f.quantity.trim().parse::<i64>().unwrap_or(0);
        cart::put(&state.db, &user, &listing_id, quantity, false).await
    };
    match done {
        Ok(()) => Ok(Redirect::to("/cart").into_response()),
        Err(e @ (OrderError::Invalid(_) | OrderError::WrongState(_))) => {
            let why = reason(&ctx, &e);
            render(ctx, &state, &user, Some(why)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks out: `fulfilment-{seller id}` picks each seller's delivery or
/// pickup. Then the buyer's orders, the new ones on top, to pay one by one.
async fn checkout(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let choose = |seller: &str| f.get(&format!("fulfilment-{seller}")).and_then(|v| Fulfilment::parse(v));
    match cart::checkout(&state.db, &user, choose, &ip).await {
        Ok(orders) if orders.len() == 1 => Ok(Redirect::to(&format!("/orders/{}", orders[0].id)).into_response()),
        Ok(_) => Ok(Redirect::to("/orders?placed=1").into_response()),
        Err(e @ (OrderError::Invalid(_) | OrderError::Limited(_) | OrderError::WrongState(_))) => {
            let why = reason(&ctx, &e);
            render(ctx, &state, &user, Some(why)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cart", get(show).post(add))
        .route("/cart/checkout", post(checkout))
        .route("/cart/lines/{listing_id}", post(line))
}
