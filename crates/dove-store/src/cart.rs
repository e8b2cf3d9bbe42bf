//! The cart's lines, read with their listings as they are now.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::cart::{CartRepo, Line};

#[derive(sqlx::FromRow)]
struct LineRow {
    listing_id: String,
    title: String,
    price_minor: Option<i64>,
    currency: String,
    quantity: i64,
    stock: Option<i64>,
    seller_id: String,
    seller_name: String,
    delivery: bool,
    pickup: bool,
    status: String,
    expires_at: Option<i64>,
}

impl CartRepo for Db {
    async fn cart_lines(&self, user_id: &str) -> Result<Vec<Line>, StoreError> {
        let rows: Vec<LineRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT c.listing_id, l.title, l.price_minor, l.currency, c.quantity, l.quantity AS stock, \
               l.seller_id, COALESCE(s.name, u.name) AS seller_name, l.delivery, l.pickup, l.status, l.expires_at \
             FROM cart_items c JOIN listings l ON l.id = c.listing_id JOIN users u ON u.id = l.seller_id \
             LEFT JOIN stores s ON s.owner_id = l.seller_id \
             WHERE c.user_id = $1 ORDER BY c.added_at, c.listing_id"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        let now = dove_domain::clock::now_ms();
        Ok(rows
            .into_iter()
            .map(|r| Line {
                available: r.status == "published" && r.expires_at.is_none_or(|e| e > now) && r.price_minor.is_some(),
                listing_id: r.listing_id,
                title: r.title,
                unit_price_minor: r.price_minor.unwrap_or(0),
                currency: r.currency,
                quantity: r.quantity,
                stock: r.stock.unwrap_or(0),
                seller_id: r.seller_id,
                seller_name: r.seller_name,
                delivery: r.delivery,
                pickup: r.pickup,
            })
            .collect())
    }

    async fn put_cart_line(&self, user_id: &str, listing_id: &str, quantity: i64, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO cart_items (user_id, listing_id, quantity, added_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, listing_id) DO UPDATE SET quantity = excluded.quantity"
        )
        .bind(user_id)
        .bind(listing_id)
        .bind(quantity)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }

    async fn remove_cart_line(&self, user_id: &str, listing_id: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM cart_items WHERE user_id = $1 AND listing_id = $2")
            .bind(user_id)
            .bind(listing_id)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }
}
