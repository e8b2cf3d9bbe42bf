//! Paying by card through a hosted checkout (Stripe Checkout): the buyer
//! is sent to the gateway's page, and the gateway's webhook says how it
//! ended.
//!
//! The gateway reads and verifies its own webhooks (`CardGateway::
//! read_event`; Stripe's signature check is in the `dove` crate, beside its
//! client), so only an event it vouches for reaches [`handle_event`].
//! Events are applied once each (by event id), and in any order: a payment
//! only ever moves forward, so a late "expired" cannot undo a "completed".
use crate::accounts::User;
use crate::clock::now_ms;
use crate::error::Conflict;
use crate::mail::Site;
use crate::orders::OrderRepo;
use crate::payments::PaymentsConfig;
use crate::payments::{Method, Payment, PaymentError, PaymentRepo, PaymentStatus, payable};
use crate::payouts::PayoutRepo;
use crate::refunds::RefundRepo;
use crate::{StoreError, new_id};
use async_trait::async_trait;
use thiserror::Error;

/// What a Checkout Session is created with.
#[derive(Debug, Clone)]
pub struct SessionRequest {
    pub amount_minor: i64,
    /// Lower case, as Stripe writes it: `kes`.
    pub currency: String,
    pub description: String,
    /// The order id, as `client_reference_id`.
    pub reference: String,
    pub success_url: String,
    pub cancel_url: String,
    /// Sent as the `Idempotency-Key` header: a retried request makes no
    /// second session.
    pub idempotency_key: String,
    /// Unix seconds after which the session can no longer be paid: the
    /// order's pay-by time, or Stripe's shortest allowed lifetime if that
    /// is later (see [`session_expiry`]).
    pub expires_at: i64,
}

/// Stripe refuses an `expires_at` under 30 minutes after the session is
/// made; a minute more allows for clocks and the time the request takes.
pub const SHORTEST_SESSION_MS: i64 = 31 * crate::clock::MINUTE_MS;

/// When a checkout session for an order due by `pay_by` closes, as Unix
/// seconds: at `pay_by`, or as soon after `now` as Stripe allows. The order
/// is not expired while it is open (see [`crate::orders::OPEN_PAYMENT_MS`]),
/// so a late payment does not find its order gone.
pub fn session_expiry(pay_by: i64, now: i64) -> i64 {
    pay_by.max(now + SHORTEST_SESSION_MS).div_euclid(1000)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    pub url: String,
}

/// Money back to a card: part or all of one payment.
#[derive(Debug, Clone)]
pub struct CardRefund {
    /// Stripe's payment intent of the card payment.
    pub payment_ref: String,
    pub amount_minor: i64,
    /// Our refund's id: a retried request makes no second refund.
    pub idempotency_key: String,
}

/// Where card checkouts go: Stripe, or the built-in sandbox.
#[async_trait]
pub trait CardGateway: Send + Sync {
    async fn create_session(&self, req: &SessionRequest) -> Result<CheckoutSession, crate::payments::GatewayError>;
    /// Refunds to the card; returns the gateway's refund id.
    async fn refund(&self, req: &CardRefund) -> Result<String, crate::payments::GatewayError>;
    /// Reads a webhook posted to the app, with its signature header, at
    /// `now_secs`: the event, or why it is refused.
    fn read_event(&self, signature: &str, body: &[u8], now_secs: i64) -> Result<CardEvent, EventRefused>;
}

/// A webhook event about a checkout session, as the gateway vouched for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardEvent {
    /// The gateway's event id: each is applied once.
    pub id: String,
    /// The gateway's name for the event, for the payment's record.
    pub name: String,
    pub kind: CardEventKind,
    /// The checkout session it is about.
    pub session_id: String,
    pub amount_total: Option<i64>,
    /// The card payment, as refunds name it.
    pub payment_intent: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardEventKind {
    /// The money came.
    Paid,
    /// The session ended without money (expired, or a payment failed).
    Failed,
    /// Completed, but the money comes later (a bank transfer); another
    /// event follows.
    AwaitingPayment,
    /// Something the app does not act on.
    Other,
}

/// Why a webhook is refused: a bad or stale signature, or no event.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct EventRefused(pub String);

/// A checkout session as the sandbox's pretend checkout page shows it.
#[derive(Debug, Clone)]
pub struct SandboxSession {
    pub id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
    /// Unset while the buyer has not paid or given up.
    pub outcome: Option<bool>,
}

/// The card sandbox's checkout page: paying (or giving up) makes the
/// sandbox post a signed webhook to the app, as Stripe would.
#[async_trait]
pub trait SandboxCheckout: Send + Sync {
    async fn session(&self, id: &str) -> Option<SandboxSession>;
    /// Finishes the session; returns where to send the buyer back to.
    async fn finish(&self, id: &str, pay: bool) -> Result<String, crate::payments::GatewayError>;
}

/// What an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    Settled,
    /// Paid, but the order no longer waited for it: the money is on its
    /// way back (see [`crate::payments::settle`]).
    Refunding,
    Failed,
    /// Seen before, or about a payment already past this point.
    AlreadyDone,
    /// Not about a session we made.
    Unknown,
    AmountMismatch,
    /// An event type the app does not act on.
    Ignored,
}

pub trait GatewayEventRepo: Send + Sync {
    /// Whether the provider's event was applied already.
    fn event_seen(&self, provider: &str, event_id: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Remembers an applied event (a second record is a no-op).
    fn remember_event(
        &self,
        provider: &str,
        event_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Starts (or resumes) a card payment: the hosted checkout page to send the
/// buyer to.
pub async fn pay_with_card<R: PaymentRepo + OrderRepo>(
    repo: &R,
    gateway: &dyn CardGateway,
    buyer: &User,
    order_id: &str,
    site: &Site,
    origin: &str,
) -> Result<Payment, PaymentError> {
    let now = now_ms();
    let order = payable(repo, buyer, order_id, now).await?;
    let pending = repo.order_payments(&order.id).await?.into_iter().find(|p| p.status == PaymentStatus::Pending);
    let payment = match pending {
        // Back from the checkout page without paying: the same session.
        Some(p) if p.method == Method::Card && p.checkout_url.is_some() => return Ok(p),
        Some(p) if p.method == Method::Card => p,
        Some(_) => return Err(PaymentError::Pending),
        None => {
            let p = Payment {
                id: new_id(),
                order_id: order.id.clone(),
                method: Method::Card,
                phone: String::new(),
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
            match repo.insert_payment(&p, &buyer.id, origin).await {
                Ok(()) => p,
                Err(StoreError::Conflict(Conflict::PaymentPending)) => return Err(PaymentError::Pending),
                Err(e) => return Err(e.into()),
            }
        }
    };
    let back = site.link(&format!("/orders/{}", order.id));
    let req = SessionRequest {
        amount_minor: order.total_minor,
        currency: order.currency.to_lowercase(),
        description: format!("Dove Market order {}", crate::orders::short_ref(&order.id)),
        reference: order.id.clone(),
        success_url: format!("{back}?card=done"),
        cancel_url: back,
        idempotency_key: format!("dove-checkout-{}", payment.id),
        expires_at: session_expiry(order.pay_by, now),
    };
    match gateway.create_session(&req).await {
        Ok(s) => {
            repo.set_checkout(&payment.id, &s.id, &s.url).await?;
            Ok(Payment { gateway_ref: Some(s.id), checkout_url: Some(s.url), ..payment })
        }
        // A session whose creation had no clear answer is failed too: its
        // page's address never reached the buyer, so nobody can pay it.
        Err(e) => {
            repo.fail_payment(&payment.id, -1, e.message(), now_ms()).await?;
            Err(PaymentError::Gateway(e.message().to_string()))
        }
    }
}

/// Applies a verified webhook event, once, and sends back at once the
/// money of a payment whose order no longer waited for it.
pub async fn handle_event<R: PaymentRepo + OrderRepo + GatewayEventRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    event: &CardEvent,
) -> Result<EventOutcome, StoreError> {
    if repo.event_seen("stripe", &event.id).await? {
        return Ok(EventOutcome::AlreadyDone);
    }
    let outcome = apply(repo, site, payments, event).await?;
    repo.remember_event("stripe", &event.id, now_ms()).await?;
    Ok(outcome)
}

async fn apply<R: PaymentRepo + OrderRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    event: &CardEvent,
) -> Result<EventOutcome, StoreError> {
    let paid = match event.kind {
        CardEventKind::Paid => true,
        CardEventKind::Failed => false,
        CardEventKind::AwaitingPayment | CardEventKind::Other => return Ok(EventOutcome::Ignored),
    };
    let Some(p) = repo.payment_by_ref(&event.session_id).await? else {
        repo.record_unknown("stripe", &event.session_id, None, now_ms()).await?;
        return Ok(EventOutcome::Unknown);
    };
    let now = now_ms();
    if !paid {
        return Ok(if repo.fail_payment(&p.id, 1, &event.name, now).await? {
            EventOutcome::Failed
        } else {
            EventOutcome::AlreadyDone
        });
    }
    if p.status == PaymentStatus::Succeeded {
        return Ok(EventOutcome::AlreadyDone);
    }
    if event.amount_total != Some(p.amount_minor) {
        tracing::warn!(payment_id = %p.id, "card payment amount differs from the order total; not settled");
        repo.fail_payment(&p.id, -2, "amount mismatch", now).await?;
        return Ok(EventOutcome::AmountMismatch);
    }
    let receipt = event.payment_intent.clone().unwrap_or_else(|| event.session_id.clone());
    Ok(match crate::payments::settle(repo, site, payments, &p, &receipt, None, now).await? {
        crate::payments::SettleOutcome::Paid => EventOutcome::Settled,
        crate::payments::SettleOutcome::Refunding => EventOutcome::Refunding,
        crate::payments::SettleOutcome::AlreadyDone => EventOutcome::AlreadyDone,
    })
}
