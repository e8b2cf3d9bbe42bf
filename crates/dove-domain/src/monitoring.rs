//! Watching the money: a reconciliation check that the books add up, and
//! risk flags for an admin to look at. Neither changes anything; they read
//! the ledger, the payments and the orders and say what looks wrong.
use crate::StoreError;
use crate::accounts::{Phone, Role, User};
use crate::clock::{DAY_MS, HOUR_MS, now_ms};
use crate::refunds::RefundRepo;
use serde::Serialize;

/// A ledger transaction whose entries do not sum to zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unbalanced {
    pub txn_id: String,
    pub currency: String,
    pub sum_minor: i64,
}

/// A gateway message about a payment we never started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownPayment {
    pub provider: String,
    pub gateway_ref: String,
    pub at: i64,
}

/// A succeeded payment whose order is not paid (it expired or was
/// cancelled before the money came): the money waits in escrow for a
/// refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Orphaned {
    pub payment_id: String,
    pub order_id: String,
    pub order_status: String,
}

/// What the reconciliation check found; all empty when the books add up.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reconciliation {
    pub unbalanced: Vec<Unbalanced>,
    pub unknown_payments: Vec<UnknownPayment>,
    pub orphaned_payments: Vec<Orphaned>,
    /// Accounts the platform owes buyers after a refund's payout failed.
    pub owed: Vec<(String, i64)>,
    /// Card refunds written over a minute ago and not yet accepted by the
    /// card gateway (still being retried).
    pub unsent_card_refunds: Vec<String>,
}

impl Reconciliation {
    pub fn is_clean(&self) -> bool {
        self.unbalanced.is_empty()
            && self.unknown_payments.is_empty()
            && self.orphaned_payments.is_empty()
            && self.owed.is_empty()
            && self.unsent_card_refunds.is_empty()
    }
}

/// Something an admin should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskFlag {
    /// amount-mismatch, repeated-failures or order-burst.
    pub kind: &'static str,
    /// What it is about: an order, a masked phone, an account.
    pub subject: String,
    pub detail: String,
    pub at: i64,
}

/// A dispute waiting for an admin.
#[derive(Debug, Clone, Serialize)]
pub struct OpenDispute {
    pub order_id: String,
    pub reason: String,
    pub opened_at: i64,
    pub buyer_name: String,
    pub seller_name: String,
    pub held_minor: i64,
    pub currency: String,
}

impl OpenDispute {
    pub fn held_label(&self) -> String {
        crate::money::format_money(self.held_minor, &self.currency)
    }
}

/// Failed payments from one phone within a day that make it suspicious.
pub const FAILURES_FLAGGED: i64 = 3;
/// Orders within an hour from an account younger than a week that make a
/// burst.
pub const BURST_ORDERS: i64 = 5;

pub trait MonitorRepo: Send + Sync {
    fn unbalanced_txns(&self, limit: i64) -> impl Future<Output = Result<Vec<Unbalanced>, StoreError>> + Send;
    fn unknown_payments(&self, limit: i64) -> impl Future<Output = Result<Vec<UnknownPayment>, StoreError>> + Send;
    fn orphaned_payments(&self, limit: i64) -> impl Future<Output = Result<Vec<Orphaned>, StoreError>> + Send;
    /// Accounts starting `owed:` with a balance other than zero.
    fn owed_accounts(&self, limit: i64) -> impl Future<Output = Result<Vec<(String, i64)>, StoreError>> + Send;
    /// Payments failed for an amount mismatch since `since`: (order id, at).
    fn amount_mismatches(
        &self,
        since: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<(String, i64)>, StoreError>> + Send;
    /// Phones with at least `min` failed payments since `since`: (phone,
    /// failures, last at).
    fn failing_phones(
        &self,
        since: i64,
        min: i64,
    ) -> impl Future<Output = Result<Vec<(String, i64, i64)>, StoreError>> + Send;
    /// Accounts created after `joined_after` with at least `min` orders
    /// placed since `since`: (user id, name, orders, last at).
    fn order_bursts(
        &self,
        joined_after: i64,
        since: i64,
        min: i64,
    ) -> impl Future<Output = Result<Vec<(String, String, i64, i64)>, StoreError>> + Send;
    fn open_disputes(&self, limit: i64) -> impl Future<Output = Result<Vec<OpenDispute>, StoreError>> + Send;
}

#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// Only admins watch the money.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn admin_only(user: &User) -> Result<(), MonitorError> {
    if user.role == Role::Admin { Ok(()) } else { Err(MonitorError::NotFound) }
}

pub async fn reconcile<R: MonitorRepo + RefundRepo>(repo: &R, admin: &User) -> Result<Reconciliation, MonitorError> {
    admin_only(admin)?;
    let unsent = repo.unsent_card_refunds(now_ms() - crate::clock::MINUTE_MS, 100).await?;
    Ok(Reconciliation {
        unbalanced: repo.unbalanced_txns(100).await?,
        unknown_payments: repo.unknown_payments(100).await?,
        orphaned_payments: repo.orphaned_payments(100).await?,
        owed: repo.owed_accounts(100).await?,
        unsent_card_refunds: unsent.into_iter().map(|r| r.id).collect(),
    })
}

/// The risk flags of the last day (bursts: the last hour), newest first.
pub async fn risk_flags<R: MonitorRepo>(repo: &R, admin: &User) -> Result<Vec<RiskFlag>, MonitorError> {
    admin_only(admin)?;
    let now = now_ms();
    let mut flags = Vec::new();
    for (order_id, at) in repo.amount_mismatches(now - DAY_MS, 100).await? {
        flags.push(RiskFlag {
            kind: "amount-mismatch",
            detail: "paid an amount other than the order's total".into(),
            subject: order_id,
            at,
        });
    }
    for (phone, n, at) in repo.failing_phones(now - DAY_MS, FAILURES_FLAGGED).await? {
        flags.push(RiskFlag {
            kind: "repeated-failures",
            subject: Phone::parse(&phone).map(|p| p.masked()).unwrap_or_else(|_| "unknown phone".into()),
            detail: format!("{n} failed payments in a day"),
            at,
        });
    }
    for (user_id, name, n, at) in repo.order_bursts(now - 7 * DAY_MS, now - HOUR_MS, BURST_ORDERS).await? {
        flags.push(RiskFlag {
            kind: "order-burst",
            subject: format!("{name} ({user_id})"),
            detail: format!("{n} orders in an hour from an account less than a week old"),
            at,
        });
    }
    flags.sort_by_key(|f| std::cmp::Reverse(f.at));
    Ok(flags)
}

pub async fn disputes<R: MonitorRepo>(repo: &R, admin: &User) -> Result<Vec<OpenDispute>, MonitorError> {
    admin_only(admin)?;
    Ok(repo.open_disputes(100).await?)
}
