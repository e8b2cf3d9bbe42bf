//! Favourites: the heart on cards and listing pages, and the Saved page.
//! Signed-out visitors are sent to sign in and brought back to the page
//! they were on.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::lang::safe_next;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::favourites;
use dove_domain::listings::ListingCard;
use serde::Deserialize;

#[derive(Deserialize)]
struct NextForm {
    #[serde(default)]
    next: String,
}

fn back(next: &str) -> Response {
    Redirect::to(safe_next(Some(next))).into_response()
}

fn sign_in_first(next: &str) -> Response {
    PageError::SignInRequired { next: safe_next(Some(next)).to_string() }.into_response()
}

async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<NextForm>,
) -> Result<Response, PageError> {
    let Some(user) = &ctx.user else {
        return Ok(sign_in_first(&f.next));
    };
    favourites::save(&state.db, user, &id).await?;
    Ok(back(&f.next))
}

async fn remove(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<NextForm>,
) -> Result<Response, PageError> {
    let Some(user) = &ctx.user else {
        return Ok(sign_in_first(&f.next));
    };
    favourites::remove(&state.db, user, &id).await?;
    Ok(back(&f.next))
}

#[derive(Template)]
#[template(path = "search/saved.html")]
struct SavedPage {
    ctx: Ctx,
    cards: Vec<ListingCard>,
}

async fn saved(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let cards = favourites::cards(&state.db, &user).await?;
    Ok(Html(SavedPage { ctx, cards }.render()?).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/favourites/{id}", post(save))
        .route("/favourites/{id}/remove", post(remove))
        .route("/saved", get(saved))
}
