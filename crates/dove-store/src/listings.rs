//! Listings as lists show them.
use crate::error::map;
use crate::{Db, on_read};
use dove_domain::StoreError;
use dove_domain::listings::{ListingCard, ListingRepo, PhotoRef};

#[derive(sqlx::FromRow)]
struct CardRow {
    id: String,
    title: String,
    price_minor: i64,
    currency: String,
    offer: String,
    town: String,
    neighbourhood: Option<String>,
    published_at: Option<i64>,
    photo_key: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
}

impl From<CardRow> for ListingCard {
    fn from(r: CardRow) -> Self {
        let photo = match (r.photo_key, r.width, r.height) {
            (Some(key), Some(width), Some(height)) => Some(PhotoRef { key, width, height }),
            _ => None,
        };
        ListingCard {
            id: r.id,
            title: r.title,
            price_minor: r.price_minor,
            currency: r.currency,
            offer: r.offer,
            town: r.town,
            neighbourhood: r.neighbourhood,
            photo,
            published_at: r.published_at.unwrap_or_default(),
        }
    }
}

impl ListingRepo for Db {
    async fn recent_cards(&self, limit: i64) -> Result<Vec<ListingCard>, StoreError> {
        let rows: Vec<CardRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT l.id, l.title, l.price_minor, l.currency, l.offer, l.town, l.neighbourhood, l.published_at, \
                    p.photo_key, p.width, p.height \
             FROM listings l LEFT JOIN listing_photos p ON p.listing_id = l.id AND p.position = 0 \
             WHERE l.status = 'published' ORDER BY l.published_at DESC LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(ListingCard::from).collect())
    }
}
