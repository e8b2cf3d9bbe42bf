//! Paying by card through Stripe Checkout: the buyer is sent to a hosted
//! checkout page, and Stripe's webhook says how it ended.
//!
//! The webhook is trusted only with a valid `Stripe-Signature`: an
//! HMAC-SHA256 of `{t}.{payload}` under the endpoint's secret, matching any
//! of its `v1` values, with `t` within five minutes of now. Events are
//! applied once each (by event id), and in any order: a payment only ever
//! moves forward, so a late "expired" cannot undo a "completed".
use crate::accounts::User;
use crate::clock::now_ms;
use crate::mail::Site;
use crate::orders::OrderRepo;
use crate::payments::{Method, Payment, PaymentError, PaymentRepo, PaymentStatus, payable};
use crate::{StoreError, new_id};
use async_trait::async_trait;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use thiserror::Error;

/// How old a signed webhook may be.
pub const TOLERANCE_SECS: i64 = 300;

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
}

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

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("no usable Stripe-Signature header")]
    Malformed,
    #[error("the signature's timestamp is outside the tolerance")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn mac(secret: &str, t: &str, payload: &[u8]) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    m.update(t.as_bytes());
    m.update(b".");
    m.update(payload);
    m
}

/// The `Stripe-Signature` header for `payload` at `t` (seconds): what
/// Stripe sends, and what the sandbox gateway signs its webhooks with.
pub fn sign(secret: &str, t: i64, payload: &[u8]) -> String {
    let sig = mac(secret, &t.to_string(), payload).finalize().into_bytes();
    let hex: String = sig.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// Checks a `Stripe-Signature` header against the raw body, at `now_secs`.
pub fn verify(header: &str, payload: &[u8], secret: &str, now_secs: i64) -> Result<(), SignatureError> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v),
            Some(("v1", v)) => v1.push(v),
            _ => {}
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    let at: i64 = t.parse().map_err(|_| SignatureError::Malformed)?;
    if v1.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now_secs - at).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    let matched = v1.iter().filter_map(|v| unhex(v)).any(|sig| mac(secret, t, payload).verify_slice(&sig).is_ok());
    if matched { Ok(()) } else { Err(SignatureError::Mismatch) }
}

/// A webhook event, as far as the app reads it.
#[derive(Debug, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: EventData,
}

#[derive(Debug, Deserialize)]
pub struct EventData {
    pub object: SessionObject,
}

/// A Checkout Session in an event.
#[derive(Debug, Deserialize)]
pub struct SessionObject {
    pub id: String,
    #[serde(default)]
    pub payment_status: Option<String>,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub payment_intent: Option<String>,
}

/// What an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    Settled,
    /// Paid, but the order no longer waited for it: the money goes back
    /// by this card refund (see [`crate::payments::settle`]).
    Refunding(Option<crate::refunds::Sending>),
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
                Err(StoreError::Conflict(_)) => return Err(PaymentError::Pending),
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

/// Applies a verified webhook event, once.
pub async fn handle_event<R: PaymentRepo + OrderRepo + GatewayEventRepo>(
    repo: &R,
    site: &Site,
    event: &Event,
) -> Result<EventOutcome, StoreError> {
    if repo.event_seen("stripe", &event.id).await? {
        return Ok(EventOutcome::AlreadyDone);
    }
    let outcome = apply(repo, site, event).await?;
    repo.remember_event("stripe", &event.id, now_ms()).await?;
    Ok(outcome)
}

async fn apply<R: PaymentRepo + OrderRepo>(repo: &R, site: &Site, event: &Event) -> Result<EventOutcome, StoreError> {
    let s = &event.data.object;
    let paid = match event.kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            s.payment_status.as_deref() == Some("paid")
        }
        "checkout.session.expired" | "checkout.session.async_payment_failed" => false,
        _ => return Ok(EventOutcome::Ignored),
    };
    if event.kind == "checkout.session.completed" && !paid {
        // Paid later (a bank transfer): `async_payment_succeeded` follows.
        return Ok(EventOutcome::Ignored);
    }
    let Some(p) = repo.payment_by_ref(&s.id).await? else {
        repo.record_unknown("stripe", &s.id, None, now_ms()).await?;
        return Ok(EventOutcome::Unknown);
    };
    let now = now_ms();
    if !paid {
        return Ok(if repo.fail_payment(&p.id, 1, &event.kind, now).await? {
            EventOutcome::Failed
        } else {
            EventOutcome::AlreadyDone
        });
    }
    if p.status == PaymentStatus::Succeeded {
        return Ok(EventOutcome::AlreadyDone);
    }
    if s.amount_total != Some(p.amount_minor) {
        tracing::warn!(payment_id = %p.id, "card payment amount differs from the order total; not settled");
        repo.fail_payment(&p.id, -2, "amount mismatch", now).await?;
        return Ok(EventOutcome::AmountMismatch);
    }
    let receipt = s.payment_intent.clone().unwrap_or_else(|| s.id.clone());
    Ok(match crate::payments::settle(repo, site, &p, &receipt, None, now).await? {
        crate::payments::SettleOutcome::Paid => EventOutcome::Settled,
        crate::payments::SettleOutcome::Refunding(s) => EventOutcome::Refunding(s),
        crate::payments::SettleOutcome::AlreadyDone => EventOutcome::AlreadyDone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    #[test]
    fn a_valid_signature_passes() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(SECRET, 1_800_000_000, body);
        assert_eq!(verify(&header, body, SECRET, 1_800_000_100), Ok(()));
        // Stripe may send several v1 values (a rolled secret): any match.
        let two = format!("t=1800000000,v1={},{}", "ab".repeat(32), header.split_once(',').unwrap().1);
        assert_eq!(verify(&two, body, SECRET, 1_800_000_000), Ok(()));
    }

    #[test]
    fn tampering_a_wrong_secret_or_age_fails() {
        let body = br#"{"id":"evt_1","amount_total":500000}"#;
        let header = sign(SECRET, 1_800_000_000, body);
        let mut changed = body.to_vec();
        changed[20] ^= 1;
        assert_eq!(verify(&header, &changed, SECRET, 1_800_000_000), Err(SignatureError::Mismatch));
        assert_eq!(verify(&header, body, "whsec_other", 1_800_000_000), Err(SignatureError::Mismatch));
        assert_eq!(verify(&header, body, SECRET, 1_800_000_301), Err(SignatureError::Stale));
        assert_eq!(verify(&header, body, SECRET, 1_799_999_699), Err(SignatureError::Stale));
        assert_eq!(verify("v1=abcd", body, SECRET, 0), Err(SignatureError::Malformed));
        assert_eq!(verify("t=1800000000,v0=abcd", body, SECRET, 1_800_000_000), Err(SignatureError::Malformed));
    }
}
