//! Favourites.
use crate::error::map;
use crate::listings::{CARD_COLUMNS, COVER_JOIN, CardRow};
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::favourites::FavouriteRepo;
use dove_domain::listings::ListingCard;

impl FavouriteRepo for Db {
    async fn add_favourite(
        &self,
        user_id: &str,
        listing_id: &str,
        lead_for: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let added = sqlx::query(
                "INSERT INTO favourites (user_id, listing_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, listing_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(listing_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if let (Some(seller_id), 1) = (lead_for, added.rows_affected()) {
                crate::record_lead!(tx, seller: seller_id, buyer: user_id, listing: listing_id,
                    source: "favourite", event: "favourited", detail: "", now: now)
                .await?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn remove_favourite(&self, user_id: &str, listing_id: &str) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM favourites WHERE user_id = $1 AND listing_id = $2")
            .bind(user_id)
            .bind(listing_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map))
    }

    async fn favourite_ids(&self, user_id: &str, limit: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT listing_id FROM favourites WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn favourite_cards(&self, user_id: &str, now: i64, limit: i64) -> Result<Vec<ListingCard>, StoreError> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM favourites f JOIN listings l ON l.id = f.listing_id {COVER_JOIN} \
             WHERE f.user_id = $1 AND l.status = 'published' AND (l.expires_at IS NULL OR l.expires_at > $2) \
             ORDER BY f.created_at DESC LIMIT $3"
        );
        let rows: Vec<CardRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(ListingCard::from).collect())
    }
}
