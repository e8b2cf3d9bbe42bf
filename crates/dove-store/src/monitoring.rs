//! The reconciliation check and the risk flags: read-only questions about
//! the ledger, the payments and the orders.
use crate::error::map;
use crate::{Db, on_read};
use dove_domain::StoreError;
use dove_domain::monitoring::{MonitorRepo, OpenDispute, Orphaned, Unbalanced, UnknownPayment};

impl MonitorRepo for Db {
    async fn unbalanced_txns(&self, limit: i64) -> Result<Vec<Unbalanced>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT txn_id, currency, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries \
             GROUP BY txn_id, currency HAVING SUM(amount_minor) <> 0 LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(|(txn_id, currency, sum_minor)| Unbalanced { txn_id, currency, sum_minor }).collect())
    }

    async fn unknown_payments(&self, limit: i64) -> Result<Vec<UnknownPayment>, StoreError> {
        let rows: Vec<(Option<String>, String, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT detail, subject_id, created_at FROM money_events \
             WHERE subject = 'payment' AND to_status = 'unknown' ORDER BY created_at DESC LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|(provider, gateway_ref, at)| UnknownPayment {
                provider: provider.unwrap_or_default(),
                gateway_ref,
                at,
            })
            .collect())
    }

    async fn orphaned_payments(&self, limit: i64) -> Result<Vec<Orphaned>, StoreError> {
        // Money that came for an order no longer waiting for it, or a
        // second payment for one already paid; each is refunded at once
        // (its refund names it), and shows here until that refund is done:
        // a card refund the gateway took, or a payout that succeeded.
        let rows: Vec<(String, String, String)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT p.id, o.id, o.status FROM payments p JOIN orders o ON o.id = p.order_id \
             WHERE p.status = 'succeeded' AND (o.status IN ('pending_payment', 'cancelled', 'expired') \
               OR EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id) \
               OR EXISTS (SELECT 1 FROM payments q WHERE q.order_id = p.order_id AND q.status = 'succeeded' \
                          AND (q.created_at < p.created_at OR (q.created_at = p.created_at AND q.id < p.id)))) \
               AND NOT EXISTS (SELECT 1 FROM refunds r LEFT JOIN payouts po ON po.id = r.payout_id \
                               WHERE r.payment_id = p.id AND (r.gateway_ref IS NOT NULL OR po.status = 'succeeded')) \
             ORDER BY p.created_at DESC LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|(payment_id, order_id, order_status)| Orphaned { payment_id, order_id, order_status })
            .collect())
    }

    async fn owed_accounts(&self, limit: i64) -> Result<Vec<(String, i64)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as(
            "SELECT account, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries WHERE account LIKE 'owed:%' \
             GROUP BY account HAVING SUM(amount_minor) <> 0 LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))
    }

    async fn amount_mismatches(&self, since: i64, limit: i64) -> Result<Vec<(String, i64)>, StoreError> {
        on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT order_id, updated_at FROM payments WHERE status = 'failed' AND result_code = -2 AND updated_at >= $1 \
             ORDER BY updated_at DESC LIMIT $2"
        )
        .bind(since)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map)
        })
    }

    async fn failing_phones(&self, since: i64, min: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as(
            "SELECT phone, CAST(COUNT(*) AS BIGINT), CAST(MAX(updated_at) AS BIGINT) FROM payments \
             WHERE status = 'failed' AND phone IS NOT NULL AND updated_at >= $1 \
             GROUP BY phone HAVING COUNT(*) >= $2 ORDER BY MAX(updated_at) DESC LIMIT 100"
        )
        .bind(since)
        .bind(min)
        .fetch_all(pool)
        .await
        .map_err(map))
    }

    async fn order_bursts(
        &self,
        joined_after: i64,
        since: i64,
        min: i64,
    ) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as(
            "SELECT u.id, u.name, CAST(COUNT(*) AS BIGINT), CAST(MAX(o.created_at) AS BIGINT) \
             FROM orders o JOIN users u ON u.id = o.buyer_id \
             WHERE u.created_at > $1 AND o.created_at >= $2 \
             GROUP BY u.id, u.name HAVING COUNT(*) >= $3 ORDER BY MAX(o.created_at) DESC LIMIT 100"
        )
        .bind(joined_after)
        .bind(since)
        .bind(min)
        .fetch_all(pool)
        .await
        .map_err(map))
    }

    async fn open_disputes(&self, limit: i64) -> Result<Vec<OpenDispute>, StoreError> {
        let rows: Vec<(String, String, i64, String, String, i64, String)> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT d.order_id, d.reason, d.opened_at, b.name, s.name, o.total_minor - o.refunded_minor, o.currency \
             FROM disputes d JOIN orders o ON o.id = d.order_id \
             JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.seller_id \
             WHERE d.resolved_at IS NULL AND o.status = 'disputed' ORDER BY d.opened_at LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map)
        })?;
        Ok(rows
            .into_iter()
            .map(|(order_id, reason, opened_at, buyer_name, seller_name, held_minor, currency)| OpenDispute {
                order_id,
                reason,
                opened_at,
                buyer_name,
                seller_name,
                held_minor,
                currency,
            })
            .collect())
    }
}
