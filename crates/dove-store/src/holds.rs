//! The counts behind the hold limits: a buyer's own unpaid orders.
use crate::error::map;
use crate::{Db, on_read};
use dove_domain::StoreError;
use dove_domain::holds::{HoldCounts, HoldRepo, UNPAID_ENDS_WINDOW_MS};

impl HoldRepo for Db {
    async fn hold_counts(&self, buyer_id: &str, listing_ids: &[&str], now: i64) -> Result<HoldCounts, StoreError> {
        let hour_ago = now - dove_domain::clock::HOUR_MS;
        // Open orders, and orders placed in the last hour that never got
        // paid (still open, or ended before payment).
        let (open, unpaid_placed_last_hour): (i64, i64) = on_read!(self, |pool| sqlx::query_as(
            "SELECT \
               COALESCE(SUM(CASE WHEN o.status = 'pending_payment' THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN o.created_at > $2 AND o.status IN ('pending_payment', 'expired', 'cancelled') \
                 AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'paid') \
                 THEN 1 ELSE 0 END), 0) \
             FROM orders o WHERE o.buyer_id = $1"
        )
        .bind(buyer_id)
        .bind(hour_ago)
        .fetch_one(pool)
        .await
        .map_err(map))?;
        let (unpaid_ends, last_unpaid_end): (i64, Option<i64>) = on_read!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*), MAX(e.created_at) FROM order_events e JOIN orders o ON o.id = e.order_id \
             WHERE o.buyer_id = $1 AND e.from_status = 'pending_payment' \
               AND e.to_status = 'expired' AND e.created_at > $2"
        )
        .bind(buyer_id)
        .bind(now - UNPAID_ENDS_WINDOW_MS)
        .fetch_one(pool)
        .await
        .map_err(map))?;
        let held: Vec<(String,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT i.listing_id FROM order_items i JOIN orders o ON o.id = i.order_id \
             WHERE o.buyer_id = $1 AND o.status = 'pending_payment'"
        )
        .bind(buyer_id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        let open_on_listing =
            listing_ids.iter().map(|want| held.iter().filter(|(l,)| l == want).count() as i64).max().unwrap_or(0);
        Ok(HoldCounts { open, open_on_listing, unpaid_placed_last_hour, unpaid_ends, last_unpaid_end })
    }
}
