//! Stay settings, the nights a listing has taken, and let holds.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::bookings::{BookingRepo, StaySettings};
use dove_domain::clock::Day;

impl BookingRepo for Db {
    async fn rental_terms(&self, listing_id: &str) -> Result<(Option<StaySettings>, bool), StoreError> {
        let row: Option<(Option<i64>, Option<i64>, Option<String>)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT s.nightly_price_minor, s.min_nights, h.order_id FROM listings l \
             LEFT JOIN stay_settings s ON s.listing_id = l.id LEFT JOIN let_holds h ON h.listing_id = l.id \
             WHERE l.id = $1"
        )
        .bind(listing_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(match row {
            Some((price, min, hold)) => (
                price
                    .zip(min)
                    .map(|(nightly_price_minor, min_nights)| StaySettings { nightly_price_minor, min_nights }),
                hold.is_some(),
            ),
            None => (None, false),
        })
    }

    async fn save_stay_settings(&self, listing_id: &str, s: &StaySettings, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
            "INSERT INTO stay_settings (listing_id, nightly_price_minor, min_nights, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (listing_id) DO UPDATE SET nightly_price_minor = excluded.nightly_price_minor, \
               min_nights = excluded.min_nights, updated_at = excluded.updated_at"
        )
        .bind(listing_id)
        .bind(s.nightly_price_minor)
        .bind(s.min_nights)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map)
        })
    }

    async fn taken_nights(&self, listing_id: &str, from: Day, to: Day) -> Result<Vec<(Day, bool)>, StoreError> {
        let rows: Vec<(i64, Option<String>)> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT night, order_id FROM listing_nights WHERE listing_id = $1 AND night >= $2 AND night < $3 ORDER BY night"
        )
        .bind(listing_id)
        .bind(from.0)
        .bind(to.0)
        .fetch_all(pool)
        .await
        .map_err(map)
        })?;
        Ok(rows.into_iter().map(|(n, o)| (Day(n), o.is_some())).collect())
    }

    async fn set_blocked(&self, listing_id: &str, days: &[Day], blocked: bool) -> Result<u64, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let mut changed = 0;
            for d in days {
                let sql = if blocked {
                    "INSERT INTO listing_nights (listing_id, night) VALUES ($1, $2) ON CONFLICT (listing_id, night) DO NOTHING"
                } else {
                    "DELETE FROM listing_nights WHERE listing_id = $1 AND night = $2 AND order_id IS NULL"
                };
                changed +=
                    sqlx::query(sql).bind(listing_id).bind(d.0).execute(&mut *tx).await.map_err(map)?.rows_affected();
            }
            tx.commit().await.map_err(map)?;
            Ok(changed)
        })
    }
}
