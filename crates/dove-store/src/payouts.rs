//! Payouts through M-Pesa B2C and their ledger entries.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::error::Conflict;
use dove_domain::ledger::{Posting, seller_account};
use dove_domain::mail::OutgoingMail;
use dove_domain::payouts::{B2cResult, NewPayout, Payout, PayoutNumber, PayoutRepo, Purpose};

const PAYOUT_COLUMNS: &str = "id, user_id, purpose, order_id, amount_minor, currency, phone, status, gateway_ref, \
     result_desc, receipt, created_at";

#[derive(sqlx::FromRow)]
struct PayoutRow {
    id: String,
    user_id: String,
    purpose: String,
    order_id: Option<String>,
    amount_minor: i64,
    currency: String,
    phone: String,
    status: String,
    gateway_ref: Option<String>,
    result_desc: Option<String>,
    receipt: Option<String>,
    created_at: i64,
}

impl From<PayoutRow> for Payout {
    fn from(r: PayoutRow) -> Self {
        Payout {
            id: r.id,
            user_id: r.user_id,
            purpose: Purpose::from_stored(&r.purpose),
            order_id: r.order_id,
            amount_minor: r.amount_minor,
            currency: r.currency,
            phone: r.phone,
            status: r.status,
            gateway_ref: r.gateway_ref,
            result_desc: r.result_desc,
            receipt: r.receipt,
            created_at: r.created_at,
        }
    }
}

/// One ledger entry of a payout; binds id, txn, account, amount, currency,
/// memo, now.
const INSERT_PAYOUT_ENTRY: &str = "INSERT INTO ledger_entries \
       (id, txn_id, account, amount_minor, currency, memo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Writes `postings` as one ledger transaction on an open transaction.
macro_rules! post {
    ($tx:expr, $postings:expr, $currency:expr, $memo:expr, $now:expr) => {
        async {
            let txn = dove_domain::new_id();
            for p in $postings {
                sqlx::query(INSERT_PAYOUT_ENTRY)
                    .bind(dove_domain::new_id())
                    .bind(&txn)
                    .bind(&p.account)
                    .bind(p.amount_minor)
                    .bind($currency)
                    .bind($memo)
                    .bind($now)
                    .execute(&mut **$tx)
                    .await
                    .map_err(map)?;
                if dove_domain::ledger::is_kept(&p.account) {
                    sqlx::query(crate::money::ADD_TO_BALANCE)
                        .bind(&p.account)
                        .bind(p.amount_minor)
                        .bind($currency)
                        .execute(&mut **$tx)
                        .await
                        .map_err(map)?;
                }
            }
            Ok::<(), StoreError>(())
        }
        .await
    };
}

impl PayoutRepo for Db {
    async fn start_payout(
        &self,
        p: &NewPayout,
        postings: &[Posting],
        mails: &[OutgoingMail],
        origin: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            if p.purpose == Purpose::Seller {
                // Only to the seller's payout number, once its hold is over:
                // checked here too, so a change racing this payout loses.
                let number: Option<(i64,)> = sqlx::query_as(
                    "SELECT usable_from FROM payout_numbers WHERE user_id = $1 AND phone = $2 AND usable_from <= $3",
                )
                .bind(&p.user_id)
                .bind(&p.phone)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map)?;
                if number.is_none() {
                    tx.rollback().await.map_err(map)?;
                    return Err(StoreError::Conflict(Conflict::PayoutNumberHeld));
                }
                // Read inside the transaction that spends it; the one-pending
                // index stops a second withdrawal racing this one.
                let balance: Option<(i64,)> =
                    sqlx::query_as("SELECT balance_minor FROM account_balances WHERE account = $1 AND currency = $2")
                        .bind(seller_account(&p.user_id))
                        .bind(&p.currency)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map)?;
                let balance = balance.map_or(0, |(n,)| n);
                if balance < p.amount_minor {
                    tx.rollback().await.map_err(map)?;
                    return Err(StoreError::Conflict(Conflict::InsufficientBalance));
                }
            }
            crate::insert_payout!(&mut *tx, p, now).await.map_err(map)?;
            post!(&mut tx, postings, &p.currency, "payout to M-Pesa", now)?;
            crate::money_event!(
                &mut *tx,
                "payout",
                &p.id,
                p.order_id.as_deref(),
                Some(p.user_id.as_str()),
                origin,
                None::<&str>,
                "pending",
                None::<&str>,
                now
            )
            .await
            .map_err(map)?;
            for mail in mails {
                crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn mark_payout_sent(&self, id: &str, at: Option<i64>) -> Result<bool, StoreError> {
        let sql = match at {
            Some(_) => "UPDATE payouts SET sent_at = $2 WHERE id = $1 AND status = 'pending' AND sent_at IS NULL",
            None => "UPDATE payouts SET sent_at = $2 WHERE id = $1 AND status = 'pending' AND gateway_ref IS NULL",
        };
        on_write!(self, |pool| sqlx::query(sql)
            .bind(id)
            .bind(at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() > 0)
            .map_err(map))
    }

    async fn unanswered_payouts(&self, before: i64, now: i64, limit: i64) -> Result<Vec<Payout>, StoreError> {
        // Claimed by stamping asked_at, so two nodes do not both ask.
        let sql = format!(
            "UPDATE payouts SET asked_at = $2 WHERE id IN (SELECT id FROM payouts WHERE status = 'pending' \
               AND gateway_ref IS NULL AND sent_at IS NOT NULL AND sent_at < $1 \
               AND (asked_at IS NULL OR asked_at < $1) ORDER BY sent_at LIMIT $3) \
             AND (asked_at IS NULL OR asked_at < $1) RETURNING {PAYOUT_COLUMNS}"
        );
        let rows: Vec<PayoutRow> = on_write!(self, |pool| sqlx::query_as(&sql)
            .bind(before)
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(Payout::from).collect())
    }

    async fn payout_number(&self, user_id: &str) -> Result<Option<PayoutNumber>, StoreError> {
        let row: Option<(Option<String>, i64, Option<String>)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT phone, usable_from, pending_phone FROM payout_numbers WHERE user_id = $1"
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.map(|(phone, usable_from, pending_phone)| PayoutNumber { phone, usable_from, pending_phone }))
    }

    async fn ask_payout_number(
        &self,
        user_id: &str,
        phone: &str,
        token_hash: &str,
        expires_at: i64,
        mail: &OutgoingMail,
        now: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(
                "INSERT INTO payout_numbers (user_id, pending_phone, token_hash, token_expires_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET pending_phone = $2, \
                 token_hash = $3, token_expires_at = $4, updated_at = $5",
            )
            .bind(user_id)
            .bind(phone)
            .bind(token_hash)
            .bind(expires_at)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn confirm_payout_number(
        &self,
        token_hash: &str,
        hold_ms: i64,
        now: i64,
    ) -> Result<Option<PayoutNumber>, StoreError> {
        let row: Option<(Option<String>, i64, Option<String>)> = on_write!(self, |pool| {
            sqlx::query_as(
            "UPDATE payout_numbers SET usable_from = CASE WHEN phone IS NULL THEN $2 ELSE $2 + $3 END, \
               phone = pending_phone, pending_phone = NULL, token_hash = NULL, token_expires_at = NULL, updated_at = $2 \
             WHERE token_hash = $1 AND token_expires_at > $2 AND pending_phone IS NOT NULL \
             RETURNING phone, usable_from, pending_phone"
        )
        .bind(token_hash)
        .bind(now)
        .bind(hold_ms)
        .fetch_optional(pool)
        .await
        .map_err(map)
        })?;
        Ok(row.map(|(phone, usable_from, pending_phone)| PayoutNumber { phone, usable_from, pending_phone }))
    }

    async fn set_payout_ref(&self, id: &str, gateway_ref: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE payouts SET gateway_ref = $2 WHERE id = $1")
            .bind(id)
            .bind(gateway_ref)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn payout(&self, id: &str) -> Result<Option<Payout>, StoreError> {
        let sql = format!("SELECT {PAYOUT_COLUMNS} FROM payouts WHERE id = $1");
        let row: Option<PayoutRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Payout::from))
    }

    async fn payout_by_ref(&self, gateway_ref: &str) -> Result<Option<Payout>, StoreError> {
        let sql = format!("SELECT {PAYOUT_COLUMNS} FROM payouts WHERE gateway_ref = $1");
        let row: Option<PayoutRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(gateway_ref).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Payout::from))
    }

    async fn finish_payout(&self, id: &str, r: &B2cResult, reverse: &[Posting], now: i64) -> Result<bool, StoreError> {
        let to = if r.result_code == 0 { "succeeded" } else { "failed" };
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let done: Option<(String, Option<String>)> = sqlx::query_as(
                "UPDATE payouts SET status = $2, result_code = $3, result_desc = $4, receipt = $5, updated_at = $6 \
                 WHERE id = $1 AND status = 'pending' RETURNING currency, order_id",
            )
            .bind(id)
            .bind(to)
            .bind(r.result_code)
            .bind(&r.result_desc)
            .bind(r.receipt.as_deref())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
            let Some((currency, order_id)) = done else {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            };
            post!(&mut tx, reverse, &currency, "payout failed: money back", now)?;
            let detail = format!("{}: {}", r.result_code, r.result_desc);
            crate::money_event!(
                &mut *tx,
                "payout",
                id,
                order_id.as_deref(),
                None::<&str>,
                None::<&str>,
                Some("pending"),
                to,
                Some(detail.as_str()),
                now
            )
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn payouts_of(&self, user_id: &str, limit: i64) -> Result<Vec<Payout>, StoreError> {
        let sql = format!(
            "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        );
        let rows: Vec<PayoutRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(user_id).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Payout::from).collect())
    }

    async fn unsent_payouts(&self, before: i64, limit: i64) -> Result<Vec<Payout>, StoreError> {
        let sql = format!(
            "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE status = 'pending' AND gateway_ref IS NULL AND sent_at IS NULL \
               AND created_at < $1 ORDER BY created_at LIMIT $2"
        );
        let rows: Vec<PayoutRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(before).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Payout::from).collect())
    }
}
