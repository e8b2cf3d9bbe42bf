//! The home page: what was listed most recently.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use dove_domain::listings::{self, ListingCard};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    cards: Vec<ListingCard>,
}

async fn home(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let cards = listings::recent(&state.db, 24).await?;
    Ok(Html(HomePage { ctx, cards }.render()?))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}
