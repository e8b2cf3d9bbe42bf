//! Offers in the browser: "Make an offer" on a house for sale, and
//! `/offers`, where each side answers in turn. Plain form posts.
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
use dove_domain::messages::Side;
use dove_domain::offers::{self, Offer, OfferError, Reply};
use serde::Deserialize;

/// An offer with what the viewer may do with it.
pub struct Row {
    pub o: Offer,
    pub is_seller: bool,
    pub my_turn: bool,
}

#[derive(Template)]
#[template(path = "offers/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Row>,
    error: Option<String>,
}

async fn render(ctx: Ctx, state: &AppState, user: &User, error: Option<String>) -> Result<Response, PageError> {
    let rows = offers::list(&state.db, user)
        .await?
        .into_iter()
        .map(|o| {
            let side = o.side(&user.id).unwrap_or(Side::Buyer);
            Row { my_turn: o.awaiting() == Some(side), is_seller: side == Side::Seller, o }
        })
        .collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(ListPage { ctx, rows, error }.render()?)).into_response())
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    render(ctx, &state, &user, None).await
}

#[derive(Deserialize)]
struct AmountForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reply: String,
}

/// A refusal, in words, shown above the list.
fn reason(ctx: &Ctx, e: &OfferError) -> String {
    match e {
        OfferError::Invalid(f) => f.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" "),
        OfferError::Conflict(code) => ctx.t(&format!("err-{code}")),
        _ => String::new(),
    }
}

async fn make(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<AmountForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let made = match offers::parse_amount(&f.amount) {
        Ok(amount) => offers::make(&state.db, &user, &id, amount).await,
        Err(e) => Err(OfferError::Invalid(e)),
    };
    match made {
        Ok(_) => Ok(Redirect::to("/offers").into_response()),
        Err(OfferError::Store(e)) => Err(e.into()),
        Err(OfferError::NotFound) => Err(PageError::NotFound),
        Err(e) => {
            let why = reason(&ctx, &e);
            render(ctx, &state, &user, Some(why)).await
        }
    }
}

async fn reply(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<AmountForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let r = match f.reply.as_str() {
        "accept" => Ok(Reply::Accept),
        "decline" => Ok(Reply::Decline),
        "withdraw" => Ok(Reply::Withdraw),
        "counter" => offers::parse_amount(&f.amount).map(Reply::Counter).map_err(OfferError::Invalid),
        _ => return Err(PageError::NotFound),
    };
    let done = match r {
        Ok(r) => offers::reply(&state.db, &user, &id, r).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/offers").into_response()),
        Err(OfferError::Store(e)) => Err(e.into()),
        Err(OfferError::NotFound) => Err(PageError::NotFound),
        Err(e) => {
            let why = reason(&ctx, &e);
            render(ctx, &state, &user, Some(why)).await
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offers", get(list))
        .route("/l/{id}/offers", post(make))
        .route("/offers/{id}/reply", post(reply))
}
