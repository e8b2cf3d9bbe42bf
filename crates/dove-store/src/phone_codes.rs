//! SMS codes that prove a phone number.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::phone_codes::{MAX_ATTEMPTS, PhoneCodeRepo, StoredCode};
use dove_domain::sms::OutgoingSms;

impl PhoneCodeRepo for Db {
    async fn codes_sent(
        &self,
        phone: &str,
        since: i64,
        user_id: &str,
        account_since: i64,
    ) -> Result<(i64, i64), StoreError> {
        on_read!(self, |pool| sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM phone_codes WHERE phone = $1 AND created_at > $2), \
                    (SELECT COUNT(*) FROM phone_codes WHERE user_id = $3 AND created_at > $4)"
        )
        .bind(phone)
        .bind(since)
        .bind(user_id)
        .bind(account_since)
        .fetch_one(pool)
        .await
        .map_err(map))
    }

    async fn insert_code(
        &self,
        id: &str,
        user_id: &str,
        phone: &str,
        code_hash: &str,
        sms: &OutgoingSms,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(
                "INSERT INTO phone_codes (id, user_id, phone, code_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(user_id)
            .bind(phone)
            .bind(code_hash)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            crate::queue_sms!(&mut *tx, sms, now).await.map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn latest_code(&self, user_id: &str) -> Result<Option<StoredCode>, StoreError> {
        let row: Option<(String, String, String, i64, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, phone, code_hash, attempts, expires_at FROM phone_codes \
             WHERE user_id = $1 AND used_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1"
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.map(|(id, phone, code_hash, attempts, expires_at)| StoredCode {
            id,
            phone,
            code_hash,
            attempts,
            expires_at,
        }))
    }

    async fn count_attempt(&self, id: &str) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query(
            "UPDATE phone_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 AND used_at IS NULL"
        )
        .bind(id)
        .bind(MAX_ATTEMPTS)
        .execute(pool)
        .await
        .map(|d| d.rows_affected() == 1)
        .map_err(map))
    }

    async fn confirm_code(&self, id: &str, user_id: &str, phone: &str, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let used = sqlx::query("UPDATE phone_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
            if used == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            sqlx::query("UPDATE users SET phone = $2, phone_verified_at = $3, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(phone)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }
}
