//! Paying for orders with M-Pesa: the buyer gets a prompt on their phone
//! (an STK push), and the gateway's callback says how it ended. A paid
//! order's money goes into escrow in the ledger, to be released to the
//! seller when the buyer confirms.
//!
//! Daraja callbacks are not signed. So the callback URL carries a secret,
//! an unknown `CheckoutRequestID` changes nothing, the amount must be the
//! order's, and each payment is settled once however often the callback
//! comes.
use crate::accounts::{Phone, User};
use crate::cards::{CardGateway, SandboxCheckout};
use crate::clock::now_ms;
use crate::error::Conflict;
use crate::ledger::{Posting, escrow_postings};
use crate::mail::{OutgoingMail, Site};
use crate::orders::{Move, NewRefund};
use crate::orders::{Order, OrderError, OrderRepo, Status, step_mail};
use crate::payouts::{PayoutGateway, PayoutRepo};
use crate::refunds::RefundRepo;
use crate::{FieldErrors, StoreError, new_id};
use async_trait::async_trait;
use serde::Serialize;
use std::sync::Arc;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PaymentError {
    #[error("not found")]
    NotFound,
    #[error("invalid payment")]
    Invalid(FieldErrors),
    /// The order is not awaiting payment (paid, expired, cancelled…).
    #[error("the order is {0}")]
    WrongState(&'static str),
    /// A prompt for this order is already on the buyer's phone.
    #[error("a payment is already under way")]
    Pending,
    /// The gateway refused or could not be reached; the message is for people.
    #[error("the payment could not start: {0}")]
    Gateway(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<OrderError> for PaymentError {
    fn from(e: OrderError) -> Self {
        match e {
            OrderError::Store(s) => PaymentError::Store(s),
            OrderError::WrongState(s) => PaymentError::WrongState(s),
            OrderError::Invalid(f) | OrderError::Limited(f) => PaymentError::Invalid(f),
            OrderError::NotFound => PaymentError::NotFound,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    Pending,
    Succeeded,
    Failed,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
        }
    }

    pub fn from_stored(s: &str) -> PaymentStatus {
        match s {
            "succeeded" => PaymentStatus::Succeeded,
            "failed" => PaymentStatus::Failed,
            _ => PaymentStatus::Pending,
        }
    }
}

/// How the buyer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Mpesa,
    Card,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Mpesa => "mpesa",
            Method::Card => "card",
        }
    }

    pub fn from_stored(s: &str) -> Method {
        if s == "card" { Method::Card } else { Method::Mpesa }
    }

    /// The ledger's account for the outside world this money comes from.
    pub fn ledger_account(self) -> &'static str {
        match self {
            Method::Mpesa => crate::ledger::MPESA,
            Method::Card => crate::ledger::CARD,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    pub id: String,
    pub order_id: String,
    pub method: Method,
    /// E.164; shown only masked.
    #[serde(skip)]
    pub phone: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: PaymentStatus,
    pub gateway_ref: Option<String>,
    pub result_code: Option<i64>,
    pub result_desc: Option<String>,
    pub receipt: Option<String>,
    /// A card payment's hosted checkout page.
    pub checkout_url: Option<String>,
    pub created_at: i64,
}

impl Payment {
    /// What the buyer is told about a failed prompt, in plain words.
    pub fn failure_reason(&self) -> Option<&'static str> {
        (self.status == PaymentStatus::Failed).then(|| result_message(self.result_code.unwrap_or(-1)))
    }
}

/// M-Pesa's result codes as plain messages.
pub fn result_message(code: i64) -> &'static str {
    match code {
        0 => "paid",
        1 => "insufficient-funds",
        1032 => "cancelled",
        1037 => "phone-unreachable",
        1019 => "expired",
        2001 => "wrong-pin",
        _ => "declined",
    }
}

/// What an STK push asks the gateway for.
#[derive(Debug, Clone)]
pub struct StkPush {
    /// `2547…`, as Daraja takes it.
    pub phone: String,
    /// Whole shillings: M-Pesa takes no cents.
    pub amount: i64,
    /// Shown on the buyer's phone (the order).
    pub reference: String,
    pub description: String,
    pub callback_url: String,
}

/// Why a gateway call did not give what was asked. The two cases must never
/// be confused where money moves: only a refusal proves nothing happened,
/// so only a refusal may put money back or let a request be made again.
/// The messages hold neither the number nor the amount.
#[derive(Debug, Error)]
pub enum GatewayError {
    /// The gateway answered and said no (an error code in its answer, a 4xx
    /// other than an auth or rate problem), or the request never left us
    /// (not configured). Nothing was accepted.
    #[error("{0}")]
    Refused(String),
    /// No clear answer: a timeout, a lost connection, a 5xx, an auth or rate
    /// problem mid-way, a reply we cannot read. The request may have been
    /// accepted; what happened is learnt from the gateway's status query.
    #[error("{0}")]
    Uncertain(String),
}

impl GatewayError {
    /// The message, whichever the case.
    pub fn message(&self) -> &str {
        match self {
            GatewayError::Refused(m) | GatewayError::Uncertain(m) => m,
        }
    }
}

/// Where STK pushes go: Daraja, or the built-in sandbox.
#[async_trait]
pub trait MpesaGateway: Send + Sync {
    /// Sends the prompt; returns the gateway's `CheckoutRequestID`.
    async fn stk_push(&self, push: &StkPush) -> Result<String, GatewayError>;
    /// Asks how a prompt ended, for when its callback never came; `None`
    /// while the buyer has not answered.
    async fn stk_query(&self, checkout_id: &str) -> Result<Option<StkQueryResult>, GatewayError>;
}

/// Reads what M-Pesa posts to this app: STK callbacks, B2C results and
/// transaction status answers (Daraja's format, which the sandbox speaks
/// too). The wire format stays in the adapter. Reading needs no
/// credentials, so it is always there: a callback for a prompt or payout
/// made before the gateway was switched off is still applied, not refused
/// with the buyer's money taken.
pub trait MpesaWire: Send + Sync {
    /// An STK callback; `None` if the body is not one.
    fn read_callback(&self, body: &[u8]) -> Option<StkResult>;
    /// A B2C request's result; `None` if the body is not one.
    fn read_result(&self, body: &[u8]) -> Option<crate::payouts::B2cResult>;
    /// A status query's answer about payout `reference`; `None` if the
    /// body is not one.
    fn read_status(&self, body: &[u8], reference: &str) -> Option<crate::payouts::B2cStatus>;
}

/// The gateways this node pays and pays out through, and how their
/// callbacks are recognised. A gateway that is `None` is off: outside demo
/// and dev mode that is a gateway without credentials, and paying that way
/// is refused before anything is written, with a page or problem that says
/// it is not available.
pub struct PaymentsConfig {
    /// M-Pesa STK prompts: Daraja, or the sandbox in demo and dev mode.
    pub mpesa: Option<Arc<dyn MpesaGateway>>,
    /// The sandbox's pretend phone, in demo and dev mode.
    pub sandbox: Option<Arc<dyn SandboxPhone>>,
    /// Part of the callback URL: Daraja does not sign its callbacks.
    pub callback_secret: String,
    /// Reads M-Pesa's callbacks and results, gateway on or off.
    pub mpesa_wire: Arc<dyn MpesaWire>,
    /// `{base}/api/v1/payments/mpesa/callback/{secret}`.
    pub callback_url: String,
    /// Where payouts and refunds go (M-Pesa B2C); off with M-Pesa.
    pub payouts: Option<Arc<dyn PayoutGateway>>,
    /// `{base}/api/v1/payments/mpesa/b2c/{secret}`.
    pub b2c_result_url: String,
    /// Card checkouts: Stripe, or the sandbox in demo and dev mode. It
    /// also checks the signature of its own webhooks.
    pub cards: Option<Arc<dyn CardGateway>>,
    /// The card sandbox's checkout page, in demo and dev mode.
    pub card_sandbox: Option<Arc<dyn SandboxCheckout>>,
    /// The platform's cut of each completed order, in basis points.
    pub commission_bps: i64,
}

/// What the STK query says: the result code only (no amount or receipt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkQueryResult {
    pub result_code: i64,
    pub result_desc: String,
}

/// How an STK push ended, from the callback's `Body.stkCallback`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkResult {
    pub checkout_id: String,
    pub result_code: i64,
    pub result_desc: String,
    /// Whole shillings, when paid.
    pub amount: Option<i64>,
    pub receipt: Option<String>,
}

pub trait PaymentRepo: Send + Sync {
    /// A pending payment for the order, started by `actor` from `origin`
    /// (recorded in the audit trail); one already pending is
    /// `StoreError::Conflict(Conflict::PaymentPending)`.
    fn insert_payment(
        &self,
        p: &Payment,
        actor: &str,
        origin: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn set_gateway_ref(&self, id: &str, gateway_ref: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// A card payment's session and the page to pay it on.
    fn set_checkout(
        &self,
        id: &str,
        gateway_ref: &str,
        url: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Notes a gateway message about a payment we never started, for the
    /// reconciliation check.
    fn record_unknown(
        &self,
        provider: &str,
        gateway_ref: &str,
        origin: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn payment_by_ref(&self, gateway_ref: &str) -> impl Future<Output = Result<Option<Payment>, StoreError>> + Send;
    fn order_payments(&self, order_id: &str) -> impl Future<Output = Result<Vec<Payment>, StoreError>> + Send;
    /// Pending payments with a gateway reference, started before `before`.
    fn stale_payments(&self, before: i64, limit: i64) -> impl Future<Output = Result<Vec<Payment>, StoreError>> + Send;
    /// Pending M-Pesa payments whose push was never answered (no
    /// `CheckoutRequestID`), started before `before`.
    fn unanswered_pushes(
        &self,
        before: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Payment>, StoreError>> + Send;
    /// Marks a pending payment failed; false if it was no longer pending.
    fn fail_payment(
        &self,
        id: &str,
        code: i64,
        desc: &str,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// In one transaction: the payment succeeds with its receipt (from
    /// pending, or from failed when the money came after all), its
    /// postings go to the ledger, and either the order makes its move
    /// (pending payment to paid) or the whole payment is refunded. See
    /// [`Settled`] for what it reports; nothing is written unless `Done`.
    fn settle_payment(&self, s: &Settlement<'_>) -> impl Future<Output = Result<Settled, StoreError>> + Send;
}

/// The buyer's order, if it still waits for payment at `now`.
pub(crate) async fn payable<R: OrderRepo>(
    repo: &R,
    buyer: &User,
    order_id: &str,
    now: i64,
) -> Result<Order, PaymentError> {
    let order: Order = crate::orders::get(repo, buyer, order_id).await?;
    if order.buyer_id != buyer.id {
        return Err(PaymentError::NotFound);
    }
    if order.status != Status::PendingPayment {
        return Err(PaymentError::WrongState(order.status.as_str()));
    }
    if order.pay_by <= now {
        return Err(PaymentError::WrongState(Status::Expired.as_str()));
    }
    Ok(order)
}

/// Sends the payment prompt for an order to the buyer's phone.
pub async fn pay_with_mpesa<R: PaymentRepo + OrderRepo>(
    repo: &R,
    gateway: &dyn MpesaGateway,
    buyer: &User,
    order_id: &str,
    phone: &str,
    callback_url: &str,
    origin: &str,
) -> Result<Payment, PaymentError> {
    let now = now_ms();
    let order = payable(repo, buyer, order_id, now).await?;
    let phone = Phone::parse(phone)
        .ok()
        .filter(Phone::is_kenyan_mobile)
        .ok_or_else(|| PaymentError::Invalid(FieldErrors::single("phone", "phone-not-mpesa")))?;
    if order.currency != "KES" || order.total_minor % 100 != 0 {
        return Err(PaymentError::Invalid(FieldErrors::single("phone", "mpesa-kes-only")));
    }
    let payment = Payment {
        id: new_id(),
        order_id: order.id.clone(),
        method: Method::Mpesa,
        phone: phone.as_str().to_string(),
        amount_minor: order.total_minor,
        currency: order.currency.clone(),
        status: PaymentStatus::Pending,
        gateway_ref: None,
        result_code: None,
        result_desc: None,
        receipt: None,
        checkout_url: None,
        created_at: now,
    };
    match repo.insert_payment(&payment, &buyer.id, origin).await {
        Ok(()) => {}
        Err(StoreError::Conflict(Conflict::PaymentPending)) => return Err(PaymentError::Pending),
        Err(e) => return Err(e.into()),
    }
    let push = StkPush {
        phone: phone.digits().to_string(),
        amount: order.total_minor / 100,
        reference: format!("DOVE-{}", &order.id[order.id.len().saturating_sub(8)..]).to_uppercase(),
        description: "Dove Market order".to_string(),
        // Names the order, so a callback for a push whose answer we never
        // heard still finds its payment (see `adopt_checkout`).
        callback_url: format!("{callback_url}?order={}", order.id),
    };
    match gateway.stk_push(&push).await {
        Ok(checkout_id) => {
            repo.set_gateway_ref(&payment.id, &checkout_id).await?;
            Ok(Payment { gateway_ref: Some(checkout_id), ..payment })
        }
        Err(GatewayError::Refused(why)) => {
            repo.fail_payment(&payment.id, -1, &why, now_ms()).await?;
            Err(PaymentError::Gateway(why))
        }
        // The prompt may be on the buyer's phone: the payment stays pending
        // (so the order can be neither paid again nor cancelled) until the
        // callback, or the STK query once the callback names the push, says
        // how it ended.
        Err(GatewayError::Uncertain(why)) => {
            tracing::warn!(payment_id = %payment.id, error = %why, "STK push unanswered; the payment stays pending");
            Ok(payment)
        }
    }
}

/// A callback for a push whose answer never reached us (a timeout): the
/// callback URL names the order, so its pending M-Pesa payment with no
/// `CheckoutRequestID` learns it here, before the callback is applied.
pub async fn adopt_checkout<R: PaymentRepo>(repo: &R, order_id: &str, checkout_id: &str) -> Result<(), StoreError> {
    if repo.payment_by_ref(checkout_id).await?.is_some() {
        return Ok(());
    }
    let lost = repo.order_payments(order_id).await?.into_iter().find(|p| {
        // Pending, or given up on for want of any answer: its money may
        // still have come (see `handle_stk_result`).
        let open = p.status == PaymentStatus::Pending
            || (p.status == PaymentStatus::Failed && p.result_code == Some(NO_ANSWER_CODE));
        p.method == Method::Mpesa && open && p.gateway_ref.is_none()
    });
    if let Some(p) = lost {
        repo.set_gateway_ref(&p.id, checkout_id).await?;
    }
    Ok(())
}

/// What a callback did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// The order is paid; the money is in escrow.
    Settled,
    /// Paid, but the order no longer waited for it: the money is on its
    /// way back (see [`settle`]).
    Refunding,
    /// The prompt ended without money (cancelled, wrong PIN…).
    Failed,
    /// Already handled: a repeated callback.
    AlreadyDone,
    /// No payment has that `CheckoutRequestID`: nothing changed.
    Unknown,
    /// Paid, but not the order's amount: nothing settled, flagged.
    AmountMismatch,
}

/// Applies an STK callback, once, and sends back at once the money of a
/// payment whose order no longer waited for it. `origin` is where the
/// callback came from, for the audit trail.
pub async fn handle_stk_result<R: PaymentRepo + OrderRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    r: &StkResult,
    origin: Option<&str>,
) -> Result<CallbackOutcome, StoreError> {
    let Some(p) = repo.payment_by_ref(&r.checkout_id).await? else {
        repo.record_unknown("mpesa", &r.checkout_id, origin, now_ms()).await?;
        return Ok(CallbackOutcome::Unknown);
    };
    // A push we gave up on for want of any answer may still have been paid:
    // its late "paid" settles it (and, its order gone, refunds it) rather
    // than leaving the buyer's money unaccounted for.
    let gave_up = p.status == PaymentStatus::Failed && p.result_code == Some(NO_ANSWER_CODE) && r.result_code == 0;
    if p.status != PaymentStatus::Pending && !gave_up {
        return Ok(CallbackOutcome::AlreadyDone);
    }
    let now = now_ms();
    if r.result_code != 0 {
        return Ok(if repo.fail_payment(&p.id, r.result_code, &r.result_desc, now).await? {
            CallbackOutcome::Failed
        } else {
            CallbackOutcome::AlreadyDone
        });
    }
    if r.amount.map(|a| a * 100) != Some(p.amount_minor) {
        tracing::warn!(payment_id = %p.id, "M-Pesa callback amount differs from the order total; not settled");
        repo.fail_payment(&p.id, -2, "amount mismatch", now).await?;
        return Ok(CallbackOutcome::AmountMismatch);
    }
    let receipt = r.receipt.clone().unwrap_or_default();
    Ok(match settle(repo, site, payments, &p, &receipt, origin, now).await? {
        SettleOutcome::Paid => CallbackOutcome::Settled,
        SettleOutcome::Refunding => CallbackOutcome::Refunding,
        SettleOutcome::AlreadyDone => CallbackOutcome::AlreadyDone,
    })
}

/// How a payment that came in is written, computed from its order as read.
#[derive(Debug, Clone)]
pub struct Settlement<'a> {
    pub payment: &'a Payment,
    pub receipt: &'a str,
    /// The money in: from the gateway's account into escrow for the seller.
    pub postings: Vec<Posting>,
    pub memo: &'a str,
    /// The order waited for it: its move from pending payment to paid.
    pub order_move: Option<Move<'a>>,
    /// The order no longer waited for it (expired, cancelled, or paid by
    /// another payment): the whole payment goes straight back, with these
    /// ledger entries.
    pub refund: Option<(NewRefund, Vec<Posting>)>,
    pub mails: Vec<OutgoingMail>,
    pub origin: Option<&'a str>,
    pub now: i64,
}

/// What writing a [`Settlement`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Written: the order paid, or the money on its way back.
    Done,
    /// The payment had succeeded already: a repeated callback.
    AlreadyDone,
    /// The order moved since it was read: nothing written; read again.
    Raced,
}

/// Settles a payment the gateway says came in, once. If its order still
/// waits for it, the order is paid and both parties are told; if not (it
/// expired or was cancelled before the money came, or another payment paid
/// it), the money is refunded to where it came from at once, and the
/// buyer is told. Either way the money is never stranded in escrow. The
/// refund's payout (or card refund) is sent at once once written, or, if
/// that fails, by the workers that send unsent ones; until it is done the
/// reconciliation lists the payment.
pub async fn settle<R: PaymentRepo + OrderRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    p: &Payment,
    receipt: &str,
    origin: Option<&str>,
    now: i64,
) -> Result<SettleOutcome, StoreError> {
    let paid = Payment { receipt: Some(receipt.to_string()), ..p.clone() };
    for _ in 0..crate::orders::MOVE_ATTEMPTS {
        let Some(order) = repo.order(&p.order_id).await? else { return Ok(SettleOutcome::AlreadyDone) };
        let postings = escrow_postings(p.amount_minor, p.method, &order.seller_id);
        let memo = match p.method {
            Method::Mpesa => "M-Pesa payment into escrow",
            Method::Card => "card payment into escrow",
        };
        // The state machine says whether the order still waits for it.
        let (order_move, refund, mails) = match Move::of(&order, Status::Paid, None, now) {
            Ok(m) => (Some(Move { origin, ..m }), None, paid_mails(site, &order)),
            Err(_) => {
                let was = order.status.as_str().replace('_', " ");
                let reason = format!("payment came after the order was {was}");
                let (mut r, back) = crate::refunds::new_refund(&order, Some(&paid), p.amount_minor, &reason);
                r.payment_id = Some(p.id.clone());
                let mail = step_mail(site, &order, (&order.buyer_email, &order.buyer_name), "order-step-late-payment")
                    .text("amount", crate::money::format_money(p.amount_minor, &p.currency))
                    .words("status", &format!("order-status-{}", order.status.as_str()));
                (None, Some((r, back)), vec![mail])
            }
        };
        let s = Settlement { payment: p, receipt, postings, memo, order_move, refund, mails, origin, now };
        let sending = s.refund.as_ref().and_then(|(r, _)| crate::refunds::sending_of(r));
        match repo.settle_payment(&s).await? {
            Settled::Raced => continue,
            Settled::AlreadyDone => return Ok(SettleOutcome::AlreadyDone),
            Settled::Done if s.order_move.is_some() => return Ok(SettleOutcome::Paid),
            Settled::Done => {
                crate::refunds::send_soon(repo, payments, sending).await;
                return Ok(SettleOutcome::Refunding);
            }
        }
    }
    // The order kept changing under us (it cannot, past paid): the gateway
    // will call again, or the reconciliation shows the payment.
    Ok(SettleOutcome::AlreadyDone)
}

/// What [`settle`] did with money that came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettleOutcome {
    /// The order is paid; the money is in escrow.
    Paid,
    /// The order no longer waited for it: the money is on its way back.
    Refunding,
    /// Settled before: a repeated message.
    AlreadyDone,
}

/// `p` came in after `order` had expired or been cancelled, so [`settle`]
/// sent it straight back.
pub fn refunded_late(order: &Order, p: &Payment) -> bool {
    p.status == PaymentStatus::Succeeded && matches!(order.status, Status::Expired | Status::Cancelled)
}

/// The mails telling both parties the order is paid.
fn paid_mails(site: &Site, o: &Order) -> Vec<OutgoingMail> {
    vec![
        step_mail(site, o, (&o.buyer_email, &o.buyer_name), "order-step-paid-buyer"),
        step_mail(
            site,
            o,
            (&o.seller_email, &o.seller_name),
            if o.kind.is_booking() { "order-step-paid-host" } else { "order-step-paid-seller" },
        ),
    ]
}

/// A callback not come this long after the push: ask the gateway instead.
pub const QUERY_AFTER_MS: i64 = 2 * crate::clock::MINUTE_MS;

/// Asks the gateway about prompts whose callback never came, and applies
/// what it says as the callback would have. Returns how many were settled
/// or failed.
pub async fn query_stale<R: PaymentRepo + OrderRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    now: i64,
) -> Result<usize, StoreError> {
    let Some(gateway) = payments.mpesa.as_deref() else { return Ok(0) };
    let mut done = 0;
    for p in repo.stale_payments(now - QUERY_AFTER_MS, 50).await? {
        let Some(checkout_id) = p.gateway_ref.clone() else { continue };
        match gateway.stk_query(&checkout_id).await {
            Ok(Some(q)) => {
                // The query confirms this very request: its amount is ours.
                let r = StkResult {
                    checkout_id,
                    result_code: q.result_code,
                    result_desc: q.result_desc,
                    amount: (q.result_code == 0).then_some(p.amount_minor / 100),
                    receipt: None,
                };
                if matches!(
                    handle_stk_result(repo, site, payments, &r, None).await?,
                    CallbackOutcome::Settled | CallbackOutcome::Failed | CallbackOutcome::Refunding
                ) {
                    done += 1;
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(payment_id = %p.id, error = %e, "STK query failed; will ask again"),
        }
    }
    // A push whose answer never came, and whose callback (which names the
    // order) never came either, long after any prompt would have died on
    // the phone: nothing can be asked about it, so it ends, and the buyer
    // may pay again.
    for p in repo.unanswered_pushes(now - UNANSWERED_PUSH_MS, 50).await? {
        if repo.fail_payment(&p.id, NO_ANSWER_CODE, "M-Pesa never answered the push", now).await? {
            done += 1;
        }
    }
    Ok(done)
}

/// How long a push with no answer and no callback stays pending: STK
/// prompts die on the phone within about two minutes, and Daraja's
/// callback follows within minutes of that.
pub const UNANSWERED_PUSH_MS: i64 = 30 * crate::clock::MINUTE_MS;

/// The result code of a push that M-Pesa never answered.
pub const NO_ANSWER_CODE: i64 = -3;

/// The payments made for an order, once its reader is known to be a party
/// (see [`crate::orders::get`]).
pub async fn of_order<R: PaymentRepo>(repo: &R, order: &Order) -> Result<Vec<Payment>, StoreError> {
    repo.order_payments(&order.id).await
}

/// A payment prompt as the sandbox gateway's "phone" shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Prompt {
    pub checkout_id: String,
    pub phone: String,
    /// Whole shillings.
    pub amount: i64,
    pub reference: String,
    pub callback_url: String,
    /// waiting, approved, declined or timed_out.
    pub status: String,
    pub created_at: i64,
}

/// How the sandbox's buyer answers a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Approve,
    Decline,
    TimeOut,
}

impl Answer {
    pub fn parse(s: &str) -> Option<Answer> {
        match s {
            "approve" => Some(Answer::Approve),
            "decline" => Some(Answer::Decline),
            "timeout" => Some(Answer::TimeOut),
            _ => None,
        }
    }
}

pub trait SandboxRepo: Send + Sync {
    fn insert_prompt(&self, p: &Prompt) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The newest prompts first.
    fn prompts(&self, limit: i64) -> impl Future<Output = Result<Vec<Prompt>, StoreError>> + Send;
    fn prompt(&self, checkout_id: &str) -> impl Future<Output = Result<Option<Prompt>, StoreError>> + Send;
    /// Answers a waiting prompt; false if it was answered already.
    fn answer_prompt(&self, checkout_id: &str, status: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// The sandbox gateway's phone: answering a prompt makes the gateway call
/// the app's callback over HTTP, as Daraja would.
#[async_trait]
pub trait SandboxPhone: Send + Sync {
    async fn answer(&self, checkout_id: &str, answer: Answer) -> Result<(), GatewayError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_codes_become_plain_reasons() {
        assert_eq!(result_message(1032), "cancelled");
        assert_eq!(result_message(1), "insufficient-funds");
        assert_eq!(result_message(2001), "wrong-pin");
        assert_eq!(result_message(1037), "phone-unreachable");
        assert_eq!(result_message(1019), "expired");
        assert_eq!(result_message(9999), "declined");
    }
}
