//! Each person's sharing and notification choices.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::preferences::{PreferenceRepo, Preferences};

impl PreferenceRepo for Db {
    async fn preferences(&self, user_id: &str) -> Result<Preferences, StoreError> {
        let row: Option<(bool, bool)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT share_favourites, sms_lead_alerts FROM user_preferences WHERE user_id = $1"
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row
            .map(|(share_favourites, sms_lead_alerts)| Preferences { share_favourites, sms_lead_alerts })
            .unwrap_or_default())
    }

    async fn set_preferences(&self, user_id: &str, p: &Preferences, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
            "INSERT INTO user_preferences (user_id, share_favourites, sms_lead_alerts, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET share_favourites = excluded.share_favourites, \
               sms_lead_alerts = excluded.sms_lead_alerts, updated_at = excluded.updated_at"
        )
        .bind(user_id)
        .bind(p.share_favourites)
        .bind(p.sms_lead_alerts)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map)
        })
    }
}
