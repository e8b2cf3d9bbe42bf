//! Card refunds: found again to send, and marked sent.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::refunds::{CardRefundRow, RefundRepo};

type Row = (String, String, i64, Option<String>);

fn row((id, payment_ref, amount_minor, gateway_ref): Row) -> CardRefundRow {
    CardRefundRow { id, payment_ref, amount_minor, gateway_ref }
}

impl RefundRepo for Db {
    async fn card_refund(&self, id: &str) -> Result<Option<CardRefundRow>, StoreError> {
        let r: Option<Row> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT id, payment_ref, amount_minor, gateway_ref FROM refunds WHERE id = $1 AND payment_ref IS NOT NULL"
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(map)
        })?;
        Ok(r.map(row))
    }

    async fn set_refund_ref(&self, id: &str, gateway_ref: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let sent: Option<(String,)> = sqlx::query_as(
                "UPDATE refunds SET gateway_ref = $2 WHERE id = $1 AND gateway_ref IS NULL RETURNING order_id",
            )
            .bind(id)
            .bind(gateway_ref)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
            if let Some((order_id,)) = sent {
                crate::money_event!(
                    &mut *tx,
                    "refund",
                    id,
                    Some(order_id.as_str()),
                    None::<&str>,
                    None::<&str>,
                    Some("done"),
                    "sent",
                    Some(gateway_ref),
                    now
                )
                .await
                .map_err(map)?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn unsent_card_refunds(&self, before: i64, limit: i64) -> Result<Vec<CardRefundRow>, StoreError> {
        let rows: Vec<Row> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, payment_ref, amount_minor, gateway_ref FROM refunds \
             WHERE payment_ref IS NOT NULL AND gateway_ref IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2"
        )
        .bind(before)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(row).collect())
    }
}
