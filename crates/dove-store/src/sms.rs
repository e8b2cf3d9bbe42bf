//! The daily count of texts per number, behind the SMS cap.
use crate::error::map;
use crate::{Db, on_write};
use dove_domain::StoreError;
use dove_domain::sms::SmsQuotaRepo;

impl SmsQuotaRepo for Db {
    async fn count_text(&self, number: &str, day: i64) -> Result<i64, StoreError> {
        on_write!(self, |pool| {
            // Yesterday's counts are kept for the day boundary; older ones go.
            sqlx::query("DELETE FROM sms_daily_counts WHERE day < $1")
                .bind(day - 1)
                .execute(pool)
                .await
                .map_err(map)?;
            sqlx::query_scalar(
                "INSERT INTO sms_daily_counts (number, day, texts) VALUES ($1, $2, 1) \
                 ON CONFLICT (number, day) DO UPDATE SET texts = sms_daily_counts.texts + 1 RETURNING texts",
            )
            .bind(number)
            .bind(day)
            .fetch_one(pool)
            .await
            .map_err(map)
        })
    }

    async fn drop_text(&self, id: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "UPDATE mail_outbox SET sent_at = $2, locked_until = NULL, body_text = '', \
             last_error = 'dropped: the daily text cap for this number' WHERE id = $1"
        )
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }
}
