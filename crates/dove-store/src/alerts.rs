//! Saved searches and their alerts.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::alerts::{AlertRepo, Frequency, PendingAlert, SavedSearch};
use dove_domain::mail::OutgoingMail;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    user_id: String,
    query: String,
    label: String,
    frequency: String,
    created_at: i64,
    checked_at: i64,
    digest_at: i64,
}

impl From<Row> for SavedSearch {
    fn from(r: Row) -> Self {
        SavedSearch {
            id: r.id,
            user_id: r.user_id,
            query: r.query,
            label: r.label,
            frequency: Frequency::parse(&r.frequency).unwrap_or(Frequency::Daily),
            created_at: r.created_at,
            checked_at: r.checked_at,
            digest_at: r.digest_at,
        }
    }
}

const COLUMNS: &str = "id, user_id, query, label, frequency, created_at, checked_at, digest_at";

impl AlertRepo for Db {
    async fn insert_saved_search(&self, s: &SavedSearch) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(&format!(
            "INSERT INTO saved_searches ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(&s.id)
        .bind(&s.user_id)
        .bind(&s.query)
        .bind(&s.label)
        .bind(s.frequency.as_str())
        .bind(s.created_at)
        .bind(s.checked_at)
        .bind(s.digest_at)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }

    async fn saved_searches_of(&self, user_id: &str) -> Result<Vec<SavedSearch>, StoreError> {
        let rows: Vec<Row> = on_read!(self, |pool| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM saved_searches WHERE user_id = $1 ORDER BY created_at DESC"
        ))
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(SavedSearch::from).collect())
    }

    async fn saved_search(&self, id: &str) -> Result<Option<SavedSearch>, StoreError> {
        let row: Option<Row> =
            on_read!(self, |pool| sqlx::query_as(&format!("SELECT {COLUMNS} FROM saved_searches WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
                .map_err(map))?;
        Ok(row.map(SavedSearch::from))
    }

    async fn delete_saved_search(&self, id: &str) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM saved_searches WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map))
    }

    async fn saved_searches_to_check(&self, limit: i64) -> Result<Vec<SavedSearch>, StoreError> {
        let rows: Vec<Row> = on_read!(self, |pool| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM saved_searches ORDER BY checked_at LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(SavedSearch::from).collect())
    }

    async fn record_matches(&self, id: &str, listing_ids: &[String], checked_at: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            for listing in listing_ids {
                sqlx::query(
                    "INSERT INTO search_alerts (saved_search_id, listing_id, matched_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (saved_search_id, listing_id) DO NOTHING",
                )
                .bind(id)
                .bind(listing)
                .bind(checked_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            }
            sqlx::query("UPDATE saved_searches SET checked_at = $2 WHERE id = $1")
                .bind(id)
                .bind(checked_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn pending_alerts(&self, id: &str, limit: i64) -> Result<Vec<PendingAlert>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Pending {
            id: String,
            title: String,
            price_minor: Option<i64>,
            currency: String,
            town: Option<String>,
        }
        let rows: Vec<Pending> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT l.id, l.title, l.price_minor, l.currency, l.town FROM search_alerts a JOIN listings l ON l.id = a.listing_id \
             WHERE a.saved_search_id = $1 AND a.mailed_at IS NULL AND l.status = 'published' ORDER BY a.matched_at, l.id LIMIT $2"
        )
        .bind(id)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map)
        })?;
        Ok(rows
            .into_iter()
            .map(|r| PendingAlert {
                listing_id: r.id,
                title: r.title,
                price_minor: r.price_minor.unwrap_or_default(),
                currency: r.currency,
                town: r.town.unwrap_or_default(),
            })
            .collect())
    }

    async fn mark_mailed(
        &self,
        id: &str,
        listing_ids: &[String],
        mail: &OutgoingMail,
        now: i64,
    ) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let mut marked = 0;
            for listing in listing_ids {
                marked += sqlx::query(
                    "UPDATE search_alerts SET mailed_at = $3 WHERE saved_search_id = $1 AND listing_id = $2 AND mailed_at IS NULL",
                )
                .bind(id)
                .bind(listing)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
            }
            if marked as usize != listing_ids.len() {
                // Another node mailed some of these first; leave it to them.
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            sqlx::query("UPDATE saved_searches SET digest_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn alert_recipient(&self, user_id: &str) -> Result<Option<(String, String)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as("SELECT email, name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await
            .map_err(map))
    }
}
