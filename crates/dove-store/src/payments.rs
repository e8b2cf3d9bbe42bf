//! Payments and the ledger entries settling them.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::cards::GatewayEventRepo;
use dove_domain::ledger::LedgerRepo;
use dove_domain::payments::{Method, Payment, PaymentRepo, PaymentStatus, Prompt, SandboxRepo, Settled, Settlement};

/// One ledger entry; binds id, txn, account, amount, order, payment, memo,
/// now. The currency is the order's.
pub(crate) const INSERT_ENTRY: &str = "INSERT INTO ledger_entries \
       (id, txn_id, account, amount_minor, currency, order_id, payment_id, memo, created_at) \
     SELECT $1, $2, $3, $4, o.currency, $5, $6, $7, $8 FROM orders o WHERE o.id = $5";

const PAYMENT_COLUMNS: &str = "id, order_id, method, phone, amount_minor, currency, status, gateway_ref, \
     result_code, result_desc, receipt, checkout_url, created_at";

#[derive(sqlx::FromRow)]
struct PaymentRow {
    id: String,
    order_id: String,
    method: String,
    phone: Option<String>,
    amount_minor: i64,
    currency: String,
    status: String,
    gateway_ref: Option<String>,
    result_code: Option<i64>,
    result_desc: Option<String>,
    receipt: Option<String>,
    checkout_url: Option<String>,
    created_at: i64,
}

impl From<PaymentRow> for Payment {
    fn from(r: PaymentRow) -> Self {
        Payment {
            id: r.id,
            order_id: r.order_id,
            method: Method::from_stored(&r.method),
            phone: r.phone.unwrap_or_default(),
            amount_minor: r.amount_minor,
            currency: r.currency,
            status: PaymentStatus::from_stored(&r.status),
            gateway_ref: r.gateway_ref,
            result_code: r.result_code,
            result_desc: r.result_desc,
            receipt: r.receipt,
            checkout_url: r.checkout_url,
            created_at: r.created_at,
        }
    }
}

impl PaymentRepo for Db {
    async fn insert_payment(&self, p: &Payment, actor: &str, origin: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(
                "INSERT INTO payments (id, order_id, method, phone, amount_minor, currency, status, created_at, updated_at) \
                 VALUES ($1, $2, $7, NULLIF($3, ''), $4, $5, 'pending', $6, $6)",
            )
            .bind(&p.id)
            .bind(&p.order_id)
            .bind(&p.phone)
            .bind(p.amount_minor)
            .bind(&p.currency)
            .bind(p.created_at)
            .bind(p.method.as_str())
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            crate::money_event!(
                &mut *tx,
                "payment",
                &p.id,
                Some(p.order_id.as_str()),
                Some(actor),
                Some(origin),
                None::<&str>,
                "pending",
                Some(p.method.as_str()),
                p.created_at
            )
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn set_checkout(&self, id: &str, gateway_ref: &str, url: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE payments SET gateway_ref = $2, checkout_url = $3 WHERE id = $1")
            .bind(id)
            .bind(gateway_ref)
            .bind(url)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn record_unknown(
        &self,
        provider: &str,
        gateway_ref: &str,
        origin: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| crate::money_event!(
            pool,
            "payment",
            gateway_ref,
            None::<&str>,
            None::<&str>,
            origin,
            None::<&str>,
            "unknown",
            Some(provider),
            now
        )
        .await
        .map(|_| ())
        .map_err(map))
    }

    async fn set_gateway_ref(&self, id: &str, gateway_ref: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE payments SET gateway_ref = $2 WHERE id = $1")
            .bind(id)
            .bind(gateway_ref)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn payment_by_ref(&self, gateway_ref: &str) -> Result<Option<Payment>, StoreError> {
        let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE gateway_ref = $1");
        let row: Option<PaymentRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(gateway_ref).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Payment::from))
    }

    async fn order_payments(&self, order_id: &str) -> Result<Vec<Payment>, StoreError> {
        let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 ORDER BY created_at, id");
        let rows: Vec<PaymentRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(order_id).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Payment::from).collect())
    }

    async fn stale_payments(&self, before: i64, limit: i64) -> Result<Vec<Payment>, StoreError> {
        let sql = format!(
            "SELECT {PAYMENT_COLUMNS} FROM payments WHERE status = 'pending' AND gateway_ref IS NOT NULL \
               AND created_at < $1 ORDER BY created_at LIMIT $2"
        );
        let rows: Vec<PaymentRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(before).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Payment::from).collect())
    }

    async fn unanswered_pushes(&self, before: i64, limit: i64) -> Result<Vec<Payment>, StoreError> {
        let sql = format!(
            "SELECT {PAYMENT_COLUMNS} FROM payments WHERE status = 'pending' AND gateway_ref IS NULL \
               AND method = 'mpesa' AND created_at < $1 ORDER BY created_at LIMIT $2"
        );
        let rows: Vec<PaymentRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(before).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Payment::from).collect())
    }

    async fn fail_payment(&self, id: &str, code: i64, desc: &str, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let failed: Option<(String,)> = sqlx::query_as(
                "UPDATE payments SET status = 'failed', result_code = $2, result_desc = $3, updated_at = $4 \
                 WHERE id = $1 AND status = 'pending' RETURNING order_id",
            )
            .bind(id)
            .bind(code)
            .bind(desc)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
            let Some((order_id,)) = failed else {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            };
            let detail = format!("{code}: {desc}");
            crate::money_event!(
                &mut *tx,
                "payment",
                id,
                Some(order_id.as_str()),
                None::<&str>,
                None::<&str>,
                Some("pending"),
                "failed",
                Some(detail.as_str()),
                now
            )
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn settle_payment(&self, s: &Settlement<'_>) -> Result<Settled, StoreError> {
        let p = s.payment;
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            // From failed too: a card network's late "paid" means the money
            // did come.
            let (was,): (String,) = sqlx::query_as("SELECT status FROM payments WHERE id = $1")
                .bind(&p.id)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
            let settled = sqlx::query(
                "UPDATE payments SET status = 'succeeded', result_code = 0, receipt = $2, updated_at = $3 \
                 WHERE id = $1 AND status IN ('pending', 'failed')",
            )
            .bind(&p.id)
            .bind(s.receipt)
            .bind(s.now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if settled.rows_affected() == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(Settled::AlreadyDone);
            }
            crate::money_event!(
                &mut *tx,
                "payment",
                &p.id,
                Some(p.order_id.as_str()),
                None::<&str>,
                s.origin,
                Some(was.as_str()),
                "succeeded",
                None::<&str>,
                s.now
            )
            .await
            .map_err(map)?;
            crate::post_for_order!(&mut tx, &s.postings, p.order_id.as_str(), Some(p.id.as_str()), s.memo, s.now)?;
            if let Some(m) = &s.order_move
                && !crate::apply_move!(&mut tx, m)?
            {
                tx.rollback().await.map_err(map)?;
                return Ok(Settled::Raced);
            }
            if let Some((r, back)) = &s.refund {
                crate::insert_refund!(&mut tx, p.order_id.as_str(), r, None::<&str>, s.origin, s.now)?;
                let memo = "payment for an order no longer waiting: straight back";
                crate::post_for_order!(&mut tx, back, p.order_id.as_str(), Some(p.id.as_str()), memo, s.now)?;
            }
            for mail in &s.mails {
                crate::queue_mail!(&mut *tx, mail, s.now).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(Settled::Done)
        })
    }
}

#[derive(sqlx::FromRow)]
struct PromptRow {
    checkout_id: String,
    phone: String,
    amount_minor: i64,
    reference: String,
    callback_url: String,
    status: String,
    created_at: i64,
}

impl From<PromptRow> for Prompt {
    fn from(r: PromptRow) -> Self {
        Prompt {
            checkout_id: r.checkout_id,
            phone: r.phone,
            amount: r.amount_minor / 100,
            reference: r.reference,
            callback_url: r.callback_url,
            status: r.status,
            created_at: r.created_at,
        }
    }
}

const PROMPT_COLUMNS: &str = "checkout_id, phone, amount_minor, reference, callback_url, status, created_at";

impl SandboxRepo for Db {
    async fn insert_prompt(&self, p: &Prompt) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
            "INSERT INTO sandbox_prompts (checkout_id, phone, amount_minor, reference, callback_url, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'waiting', $6)"
        )
        .bind(&p.checkout_id)
        .bind(&p.phone)
        .bind(p.amount * 100)
        .bind(&p.reference)
        .bind(&p.callback_url)
        .bind(p.created_at)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map)
        })
    }

    async fn prompts(&self, limit: i64) -> Result<Vec<Prompt>, StoreError> {
        let sql =
            format!("SELECT {PROMPT_COLUMNS} FROM sandbox_prompts ORDER BY created_at DESC, checkout_id DESC LIMIT $1");
        let rows: Vec<PromptRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Prompt::from).collect())
    }

    async fn prompt(&self, checkout_id: &str) -> Result<Option<Prompt>, StoreError> {
        let sql = format!("SELECT {PROMPT_COLUMNS} FROM sandbox_prompts WHERE checkout_id = $1");
        let row: Option<PromptRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(checkout_id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Prompt::from))
    }

    async fn answer_prompt(&self, checkout_id: &str, status: &str) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query(
            "UPDATE sandbox_prompts SET status = $2 WHERE checkout_id = $1 AND status = 'waiting'"
        )
        .bind(checkout_id)
        .bind(status)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() > 0)
        .map_err(map))
    }
}

impl LedgerRepo for Db {
    async fn balance(&self, account: &str, currency: &str) -> Result<i64, StoreError> {
        if dove_domain::ledger::is_kept(account) {
            let kept: Option<(i64,)> = on_read!(self, |pool| sqlx::query_as(
                "SELECT balance_minor FROM account_balances WHERE account = $1 AND currency = $2"
            )
            .bind(account)
            .bind(currency)
            .fetch_optional(pool)
            .await
            .map_err(map))?;
            return Ok(kept.map_or(0, |(n,)| n));
        }
        let (n,): (i64,) = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account = $1 AND currency = $2"
        )
        .bind(account)
        .bind(currency)
        .fetch_one(pool)
        .await
        .map_err(map)
        })?;
        Ok(n)
    }
}

impl GatewayEventRepo for Db {
    async fn event_seen(&self, provider: &str, event_id: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT received_at FROM gateway_events WHERE provider = $1 AND event_id = $2"
        )
        .bind(provider)
        .bind(event_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.is_some())
    }

    async fn remember_event(&self, provider: &str, event_id: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO gateway_events (provider, event_id, received_at) VALUES ($1, $2, $3) \
             ON CONFLICT (provider, event_id) DO NOTHING"
        )
        .bind(provider)
        .bind(event_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }
}
