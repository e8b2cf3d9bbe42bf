//! Settings shared by every node, such as the key that signs CSRF tokens.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;

impl Db {
    /// Returns the stored value for `key`, storing `candidate` first if there
    /// is none. Nodes racing at first start all end up with the same value.
    pub async fn setting_or_init(&self, key: &str, candidate: &str) -> Result<String, StoreError> {
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING"
        )
        .bind(key)
        .bind(candidate)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))?;
        let (value,): (String,) = on_read!(self, |pool| sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_one(pool)
            .await
            .map_err(map))?;
        Ok(value)
    }
}
