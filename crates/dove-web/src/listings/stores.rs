//! Public storefronts, `/s/{slug}`: the store and its live listings.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use dove_domain::clock::now_ms;
use dove_domain::listings::{self, ListingCard, SellerCard};
use dove_domain::reviews::{Review, ReviewRepo};

#[derive(Template)]
#[template(path = "listings/store.html")]
struct StorePage {
    ctx: Ctx,
    store: SellerCard,
    cards: Vec<ListingCard>,
    /// The latest public reviews of the seller, of any listing.
    reviews: Vec<Review>,
}

async fn storefront(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, PageError> {
    let (store, cards) = listings::storefront(&state.db, &slug).await?;
    let reviews =
        if store.rating.count > 0 { state.db.seller_reviews(&store.user_id, now_ms(), 20).await? } else { vec![] };
    Ok(Html(StorePage { ctx, store, cards, reviews }.render()?))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/s/{slug}", get(storefront))
}
