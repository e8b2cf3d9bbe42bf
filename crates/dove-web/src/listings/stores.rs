//! Public storefronts, `/s/{slug}`: the store and its live listings.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use dove_domain::listings::{self, ListingCard, SellerCard};

#[derive(Template)]
#[template(path = "listings/store.html")]
struct StorePage {
    ctx: Ctx,
    store: SellerCard,
    cards: Vec<ListingCard>,
}

async fn storefront(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, PageError> {
    let (store, cards) = listings::storefront(&state.db, &slug).await?;
    Ok(Html(StorePage { ctx, store, cards }.render()?))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/s/{slug}", get(storefront))
}
