//! When an order does not end well: the seller (or an admin) gives money
//! back, in full or in part, and never more than escrow holds for it; a
//! buyer disputes a paid order, which stops its automatic release until an
//! admin decides how much goes back and how much to the seller.
//!
//! Each is one move of the order (see [`crate::orders::Move`]): the state,
//! the refund row, its ledger entries, the payout sending the money back
//! and the audit entry are written together or not at all.
use crate::accounts::{Role, User};
use crate::clock::now_ms;
use crate::ledger::{ESCROW, Posting, release_postings};
use crate::mail::Site;
use crate::orders::{self, DisputeStep, Move, NewRefund, Order, OrderError, OrderRepo, Status, step_mail};
use crate::payments::{Method, PaymentRepo, PaymentStatus};
use crate::payouts::{NewPayout, Purpose};
use crate::{FieldErrors, StoreError, new_id};

/// The states in which escrow holds the order's money.
fn holds_money(s: Status) -> bool {
    matches!(s, Status::Paid | Status::Fulfilled | Status::Disputed)
}

/// The refund of `amount` of `order`: its ledger entries (escrow back to
/// the outside world the money came from) and, for M-Pesa, the payout to
/// the paying phone.
async fn new_refund<R: PaymentRepo>(
    repo: &R,
    order: &Order,
    amount: i64,
    reason: &str,
) -> Result<(NewRefund, Vec<Posting>), StoreError> {
    let paid = repo.order_payments(&order.id).await?.into_iter().find(|p| p.status == PaymentStatus::Succeeded);
    let method = paid.as_ref().map_or(Method::Mpesa, |p| p.method);
    let id = new_id();
    let payout = paid.filter(|p| p.method == Method::Mpesa && !p.phone.is_empty()).map(|p| NewPayout {
        id: new_id(),
        user_id: order.buyer_id.clone(),
        purpose: Purpose::Refund,
        order_id: Some(order.id.clone()),
        amount_minor: amount,
        currency: order.currency.clone(),
        phone: p.phone,
    });
    let postings = vec![
        Posting { account: ESCROW.to_string(), amount_minor: -amount },
        Posting { account: method.ledger_account().to_string(), amount_minor: amount },
    ];
    Ok((NewRefund { id, amount_minor: amount, reason: reason.to_string(), payout }, postings))
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

/// The seller gives back `amount` of a paid order. Giving back everything
/// refunds the order and frees what it reserved; less keeps it going with
/// less money held.
pub async fn refund<R: OrderRepo + PaymentRepo>(
    repo: &R,
    site: &Site,
    seller: &User,
    id: &str,
    amount: Result<i64, &'static str>,
    reason: &str,
    origin: &str,
) -> Result<(Order, Option<String>), OrderError> {
    let order = orders::get(repo, seller, id).await?;
    if order.seller_id != seller.id {
        return Err(OrderError::NotFound);
    }
    if !holds_money(order.status) || order.status == Status::Disputed {
        // A disputed order is the admin's to settle.
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    let mut errors = FieldErrors::default();
    let amount = check_amount(amount, order.held_minor()).map_err(|e| errors.extend(e)).unwrap_or(0);
    let reason = check_reason(reason).map_err(|e| errors.extend(e)).unwrap_or_default();
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    let (r, postings) = new_refund(repo, &order, amount, &reason).await?;
    let full = amount == order.held_minor();
    let what = format!("was refunded {}", crate::money::format_money(amount, &order.currency));
    let payout_id = r.payout.as_ref().map(|p| p.id.clone());
    let m = Move {
        release: full,
        refund: Some(r),
        postings,
        memo: "refund: escrow back to the buyer",
        mails: vec![step_mail(site, &order, (&order.buyer_email, &order.buyer_name), &what)],
        ..Move::new(
            id,
            order.status,
            if full { Status::Refunded } else { order.status },
            Some((&seller.id, origin)),
            now_ms(),
        )
    };
    if !repo.move_order(&m).await? {
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    Ok((orders::get(repo, seller, id).await?, payout_id))
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
    let order = orders::get(repo, buyer, id).await?;
    if order.buyer_id != buyer.id {
        return Err(OrderError::NotFound);
    }
    if !matches!(order.status, Status::Paid | Status::Fulfilled) {
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    let reason = check_reason(reason).map_err(OrderError::Invalid)?;
    let m = Move {
        dispute: Some(DisputeStep::Open { by: buyer.id.clone(), reason }),
        mails: vec![step_mail(
            site,
            &order,
            (&order.seller_email, &order.seller_name),
            "is disputed by the buyer: an admin will look at it",
        )],
        ..Move::new(id, order.status, Status::Disputed, Some((&buyer.id, origin)), now_ms())
    };
    if !repo.move_order(&m).await? {
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    orders::get(repo, buyer, id).await
}

/// An admin settles a dispute: `refund` goes back to the buyer, the rest of
/// what escrow holds to the seller (less the commission). Returns the
/// order and the payout sending the refund, for the caller to hand over.
#[allow(clippy::too_many_arguments)]
pub async fn resolve_dispute<R: OrderRepo + PaymentRepo>(
    repo: &R,
    site: &Site,
    admin: &User,
    id: &str,
    refund: Result<i64, &'static str>,
    note: &str,
    commission_bps: i64,
    origin: &str,
) -> Result<(Order, Option<String>), OrderError> {
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
        let (r, p) = new_refund(repo, &order, amount, &note).await?;
        (Some(r), p)
    } else {
        (None, Vec::new())
    };
    if rest > 0 {
        postings.extend(release_postings(rest, commission_bps, &order.seller_id));
    }
    let what = format!(
        "dispute was settled: {} back to the buyer, {} to the seller",
        crate::money::format_money(amount, &order.currency),
        crate::money::format_money(rest, &order.currency)
    );
    let payout_id = refund.as_ref().and_then(|r| r.payout.as_ref()).map(|p| p.id.clone());
    let m = Move {
        release: rest == 0,
        refund,
        dispute: Some(DisputeStep::Resolve { by: admin.id.clone(), resolution: note }),
        postings,
        memo: "dispute settled by an admin",
        mails: vec![
            step_mail(site, &order, (&order.buyer_email, &order.buyer_name), &what),
            step_mail(site, &order, (&order.seller_email, &order.seller_name), &what),
        ],
        ..Move::new(
            id,
            Status::Disputed,
            if rest == 0 { Status::Refunded } else { Status::Completed },
            Some((&admin.id, origin)),
            now_ms(),
        )
    };
    if !repo.move_order(&m).await? {
        return Err(OrderError::WrongState(order.status.as_str()));
    }
    Ok((repo.order(id).await?.ok_or(OrderError::NotFound)?, payout_id))
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
