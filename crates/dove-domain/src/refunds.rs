//! When an order does not end well: the seller (or an admin) gives money
//! back, in full or in part, and never more than escrow holds for it; a
//! buyer disputes a paid order, which stops its automatic release until an
//! admin decides how much goes back and how much to the seller.
//!
//! Each is one move of the order (see [`crate::orders::Move`]): the state,
//! the refund row, its ledger entries, the payout sending the money back
//! and the audit entry are written together or not at all.
use crate::accounts::{Role, User};
use crate::cards::{CardGateway, CardRefund};
use crate::clock::{MINUTE_MS, now_ms};
use crate::ledger::{Posting, escrow_account, release_postings};
use crate::mail::Site;
use crate::orders::{self, DisputeStep, Move, NewRefund, Order, OrderError, OrderRepo, Status, step_mail};
use crate::payments::PaymentsConfig;
use crate::payments::{Method, Payment, PaymentRepo, PaymentStatus};
use crate::payouts::{NewPayout, PayoutRepo, Purpose};
use crate::{FieldErrors, StoreError, new_id};

/// How a refund's money is to go back, once its move is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sending {
    /// The B2C payout with this id.
    Payout(String),
    /// The card refund with this id.
    Card(String),
}

/// A card refund waiting to be (or already) sent.
#[derive(Debug, Clone)]
pub struct CardRefundRow {
    pub id: String,
    pub payment_ref: String,
    pub amount_minor: i64,
    pub gateway_ref: Option<String>,
}

pub trait RefundRepo: Send + Sync {
    fn card_refund(&self, id: &str) -> impl Future<Output = Result<Option<CardRefundRow>, StoreError>> + Send;
    /// Records the gateway's refund id, with an audit entry.
    fn set_refund_ref(
        &self,
        id: &str,
        gateway_ref: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Card refunds written before `before` and never sent.
    fn unsent_card_refunds(
        &self,
        before: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<CardRefundRow>, StoreError>> + Send;
}

/// Sends a refund's money back, once its move is written: by B2C or to the
/// card. A gateway that is off leaves the refund queued, owed and shown as
/// such, until it is configured; one that cannot be reached leaves it for
/// [`send_unsent`] (and the payout worker) to try again.
async fn send<R: RefundRepo + PayoutRepo>(
    repo: &R,
    payments: &PaymentsConfig,
    sending: Option<Sending>,
) -> Result<(), StoreError> {
    match sending {
        None => Ok(()),
        Some(Sending::Payout(id)) => match payments.payouts.as_deref() {
            Some(gateway) => crate::payouts::send_new(repo, gateway, &id, &payments.b2c_result_url).await,
            None => Ok(()),
        },
        Some(Sending::Card(id)) => match (payments.cards.as_deref(), repo.card_refund(&id).await?) {
            (Some(cards), Some(r)) if r.gateway_ref.is_none() => send_card(repo, cards, &r).await,
            _ => Ok(()),
        },
    }
}

/// [`send`], once the refund's move is committed: the refund is owed
/// whatever happens here, so a failure is logged and the workers send it
/// later, rather than failing a request (or a gateway's callback) whose
/// refund is already written, which a retry would then write again.
pub(crate) async fn send_soon<R: RefundRepo + PayoutRepo>(
    repo: &R,
    payments: &PaymentsConfig,
    sending: Option<Sending>,
) {
    if let Err(e) = send(repo, payments, sending).await {
        tracing::warn!(error = %e, "refund written but not sent yet; the workers will send it");
    }
}

async fn send_card<R: RefundRepo>(repo: &R, cards: &dyn CardGateway, r: &CardRefundRow) -> Result<(), StoreError> {
    let req = CardRefund {
        payment_ref: r.payment_ref.clone(),
        amount_minor: r.amount_minor,
        idempotency_key: format!("dove-refund-{}", r.id),
    };
    match cards.refund(&req).await {
        Ok(gateway_ref) => repo.set_refund_ref(&r.id, &gateway_ref, now_ms()).await,
        Err(e) => {
            tracing::warn!(refund_id = %r.id, error = %e, "card refund not sent; will try again");
            Ok(())
        }
    }
}

/// Sends the card refunds never sent (the gateway was down, or the process
/// stopped). The same idempotency key makes a repeat harmless. Returns how
/// many were tried.
pub async fn send_unsent<R: RefundRepo>(repo: &R, cards: &dyn CardGateway, now: i64) -> Result<usize, StoreError> {
    let unsent = repo.unsent_card_refunds(now - MINUTE_MS, 50).await?;
    for r in &unsent {
        send_card(repo, cards, r).await?;
    }
    Ok(unsent.len())
}

/// The refund of `amount` of `order`, paid by `paid` (the payment whose
/// money goes back): its ledger entries (escrow back to the outside world
/// the money came from) and, for M-Pesa, the payout to the paying phone.
pub(crate) fn new_refund(
    order: &Order,
    paid: Option<&Payment>,
    amount: i64,
    reason: &str,
) -> (NewRefund, Vec<Posting>) {
    let method = paid.map_or(Method::Mpesa, |p| p.method);
    let card_ref = paid.and_then(|p| p.receipt.clone());
    let id = new_id();
    let payout = paid.filter(|p| p.method == Method::Mpesa && !p.phone.is_empty()).map(|p| NewPayout {
        id: new_id(),
        user_id: order.buyer_id.clone(),
        purpose: Purpose::Refund,
        order_id: Some(order.id.clone()),
        amount_minor: amount,
        currency: order.currency.clone(),
        phone: p.phone.clone(),
    });
    let postings = vec![
        Posting { account: escrow_account(&order.seller_id), amount_minor: -amount },
        Posting { account: method.ledger_account().to_string(), amount_minor: amount },
    ];
    let payment_ref = (method == Method::Card).then_some(card_ref).flatten();
    let refund =
        NewRefund { id, amount_minor: amount, reason: reason.to_string(), payout, payment_ref, payment_id: None };
    (refund, postings)
}

/// The payment whose money an order holds: its first that succeeded.
async fn paid_by<R: PaymentRepo>(repo: &R, order: &Order) -> Result<Option<Payment>, StoreError> {
    Ok(repo.order_payments(&order.id).await?.into_iter().find(|p| p.status == PaymentStatus::Succeeded))
}

pub(crate) fn sending_of(r: &NewRefund) -> Option<Sending> {
    match (&r.payout, &r.payment_ref) {
        (Some(p), _) => Some(Sending::Payout(p.id.clone())),
        (None, Some(_)) => Some(Sending::Card(r.id.clone())),
        (None, None) => None,
    }
}

/// Checks a refund amount against what escrow holds.
fn check_amount(amount: Result<i64, &'static str>, held: i64) -> Result<i64, FieldErrors> {
    match amount {
        Err(code) => Err(FieldErrors::single("amount", code)),
        Ok(a) if a <= 0 => Err(FieldErrors::single("amount", "price-not-positive")),
        Ok(a) if a > held => Err(FieldErrors::single("amount", "refund-above-paid")),
        Ok(a) => Ok(a),
    }
}

fn check_reason(reason: &str) -> Result<String, FieldErrors> {
    let r = reason.trim();
    match r.chars().count() {
        0..=4 => Err(FieldErrors::single("reason", "reason-short")),
        5..=1000 => Ok(r.to_string()),
        _ => Err(FieldErrors::single("reason", "reason-long")),
    }
}

/// The seller gives back `amount` of a paid order, never more than escrow
/// still holds for it ([`Order::most_refundable_minor`]). Giving back
/// everything refunds the order and frees what it reserved; less keeps it
/// going with less money held.
#[allow(clippy::too_many_arguments)]
pub async fn refund<R: OrderRepo + PaymentRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    seller: &User,
    id: &str,
    amount: Result<i64, &'static str>,
    reason: &str,
    origin: &str,
) -> Result<Order, OrderError> {
    let (order, sending) = write_refund(repo, site, seller, id, amount, reason, origin).await?;
    send_soon(repo, payments, sending).await;
    Ok(order)
}

async fn write_refund<R: OrderRepo + PaymentRepo>(
    repo: &R,
    site: &Site,
    seller: &User,
    id: &str,
    amount: Result<i64, &'static str>,
    reason: &str,
    origin: &str,
) -> Result<(Order, Option<Sending>), OrderError> {
    for _ in 0..orders::MOVE_ATTEMPTS {
        let order = orders::get(repo, seller, id).await?;
        if order.seller_id != seller.id {
            return Err(OrderError::NotFound);
        }
        if !order.can_refund() {
            return Err(OrderError::WrongState(order.status.as_str()));
        }
        let mut errors = FieldErrors::default();
        let amount = check_amount(amount, order.most_refundable_minor()).map_err(|e| errors.extend(e)).unwrap_or(0);
        let reason = check_reason(reason).map_err(|e| errors.extend(e)).unwrap_or_default();
        if !errors.is_empty() {
            return Err(OrderError::Invalid(errors));
        }
        let paid = paid_by(repo, &order).await?;
        let (r, postings) = new_refund(&order, paid.as_ref(), amount, &reason);
        let full = amount == order.held_minor();
        let mail = step_mail(site, &order, (&order.buyer_email, &order.buyer_name), "order-step-refunded")
            .text("amount", crate::money::format_money(amount, &order.currency));
        let sending = sending_of(&r);
        let m = Move {
            release: full,
            refund: Some(r),
            postings,
            memo: "refund: escrow back to the buyer",
            mails: vec![mail],
            ..Move::of(
                &order,
                if full { Status::Refunded } else { order.status },
                Some((&seller.id, origin)),
                now_ms(),
            )?
        };
        if repo.move_order(&m).await? {
            return Ok((orders::get(repo, seller, id).await?, sending));
        }
    }
    Err(orders::changed(repo, id).await)
}

/// The buyer says something is wrong with a paid order: its money stays in
/// escrow until an admin decides.
pub async fn open_dispute<R: OrderRepo>(
    repo: &R,
    site: &Site,
    buyer: &User,
    id: &str,
    reason: &str,
    origin: &str,
) -> Result<Order, OrderError> {
    for _ in 0..orders::MOVE_ATTEMPTS {
        let order = orders::get(repo, buyer, id).await?;
        if order.buyer_id != buyer.id {
            return Err(OrderError::NotFound);
        }
        if !order.can_dispute() {
            return Err(OrderError::WrongState(order.status.as_str()));
        }
        let reason = check_reason(reason).map_err(OrderError::Invalid)?;
        let m = Move {
            dispute: Some(DisputeStep::Open { by: buyer.id.clone(), reason }),
            mails: vec![step_mail(site, &order, (&order.seller_email, &order.seller_name), "order-step-disputed")],
            ..Move::of(&order, Status::Disputed, Some((&buyer.id, origin)), now_ms())?
        };
        if repo.move_order(&m).await? {
            return orders::get(repo, buyer, id).await;
        }
    }
    Err(orders::changed(repo, id).await)
}

/// An admin settles a dispute: `refund` goes back to the buyer (sent at
/// once), the rest of what escrow holds to the seller (less the
/// commission).
#[allow(clippy::too_many_arguments)]
pub async fn resolve_dispute<R: OrderRepo + PaymentRepo + RefundRepo + PayoutRepo>(
    repo: &R,
    site: &Site,
    payments: &PaymentsConfig,
    admin: &User,
    id: &str,
    refund: Result<i64, &'static str>,
    note: &str,
    origin: &str,
) -> Result<Order, OrderError> {
    let (order, sending) =
        write_resolution(repo, site, admin, id, refund, note, payments.commission_bps, origin).await?;
    send_soon(repo, payments, sending).await;
    Ok(order)
}

#[allow(clippy::too_many_arguments)]
async fn write_resolution<R: OrderRepo + PaymentRepo>(
    repo: &R,
    site: &Site,
    admin: &User,
    id: &str,
    refund: Result<i64, &'static str>,
    note: &str,
    commission_bps: i64,
    origin: &str,
) -> Result<(Order, Option<Sending>), OrderError> {
    if admin.role != Role::Admin {
        return Err(OrderError::NotFound);
    }
    let order = repo.order(id).await?.ok_or(OrderError::NotFound)?;
    if order.status != Status::Disputed {
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    let held = order.held_minor();
    let mut errors = FieldErrors::default();
    let amount = match refund {
        Ok(0) => 0,
        other => check_amount(other, held).map_err(|e| errors.extend(e)).unwrap_or(0),
    };
    let note = check_reason(note).map_err(|e| errors.extend(e)).unwrap_or_default();
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    let rest = held - amount;
    let (refund, mut postings): (Option<NewRefund>, Vec<Posting>) = if amount > 0 {
        let paid = paid_by(repo, &order).await?;
        let (r, p) = new_refund(&order, paid.as_ref(), amount, &note);
        (Some(r), p)
    } else {
        (None, Vec::new())
    };
    if rest > 0 {
        postings.extend(release_postings(rest, commission_bps, &order.seller_id));
    }
    let settled = |to: (&str, &str)| {
        step_mail(site, &order, to, "order-step-settled")
            .text("amount", crate::money::format_money(amount, &order.currency))
            .text("rest", crate::money::format_money(rest, &order.currency))
    };
    let sending = refund.as_ref().and_then(sending_of);
    let m = Move {
        release: rest == 0,
        refund,
        dispute: Some(DisputeStep::Resolve { by: admin.id.clone(), resolution: note }),
        postings,
        memo: "dispute settled by an admin",
        mails: vec![
            settled((&order.buyer_email, &order.buyer_name)),
            settled((&order.seller_email, &order.seller_name)),
        ],
        ..Move::of(
            &order,
            if rest == 0 { Status::Refunded } else { Status::Completed },
            Some((&admin.id, origin)),
            now_ms(),
        )?
    };
    // The admin chose amounts from what they saw: a changed order is not
    // settled on a stale reading, but shown to them again.
    if !repo.move_order(&m).await? {
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    Ok((repo.order(id).await?.ok_or(OrderError::NotFound)?, sending))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunds_never_exceed_what_is_held() {
        assert_eq!(check_amount(Ok(500), 500).unwrap(), 500);
        assert_eq!(check_amount(Ok(501), 500).unwrap_err().0[0].code, "refund-above-paid");
        assert_eq!(check_amount(Ok(0), 500).unwrap_err().0[0].code, "price-not-positive");
        assert_eq!(check_amount(Err("price-invalid"), 500).unwrap_err().0[0].code, "price-invalid");
        assert_eq!(check_reason("  no  ").unwrap_err().0[0].code, "reason-short");
    }
}
