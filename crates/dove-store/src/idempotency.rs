//! Idempotency keys and the responses kept for them.
use crate::error::map;
use crate::{Db, on_write};
use dove_domain::StoreError;
use dove_domain::idempotency::{IdempotencyRepo, KEEP_MS, Seen};

impl IdempotencyRepo for Db {
    async fn claim_key(&self, user_id: &str, key: &str, request_hash: &str, now: i64) -> Result<Seen, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            // An expired key is free again.
            sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < $3")
                .bind(user_id)
                .bind(key)
                .bind(now - KEEP_MS)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            let claimed = sqlx::query(
                "INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, key) DO NOTHING",
            )
            .bind(user_id)
            .bind(key)
            .bind(request_hash)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            let seen = if claimed.rows_affected() == 1 {
                Seen::New
            } else {
                let (hash, status, body): (String, Option<i64>, Option<String>) = sqlx::query_as(
                    "SELECT request_hash, response_status, response_body FROM idempotency_keys \
                     WHERE user_id = $1 AND key = $2",
                )
                .bind(user_id)
                .bind(key)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
                match (hash == request_hash, status, body) {
                    (false, _, _) => Seen::OtherRequest,
                    (true, Some(status), Some(body)) => Seen::Answered { status: status as u16, body },
                    (true, _, _) => Seen::Running,
                }
            };
            tx.commit().await.map_err(map)?;
            Ok(seen)
        })
    }

    async fn keep_response(&self, user_id: &str, key: &str, status: u16, body: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2"
        )
        .bind(user_id)
        .bind(key)
        .bind(i64::from(status))
        .bind(body)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }

    async fn release_key(&self, user_id: &str, key: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2")
            .bind(user_id)
            .bind(key)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }
}
