//! The ledger: every movement of money is a transaction of entries that
//! sum to zero, never edited. A buyer's payment goes from the M-Pesa side
//! into escrow (held for the seller); a completed order moves it from
//! escrow to the seller's balance, less the platform's commission.
//!
//! Balances are sums of entries. For the accounts of one person (a
//! seller's balance and escrow, what is owed to a buyer) the store also
//! keeps the running sum, written in the same transaction as the entries,
//! so a seller with ten thousand orders reads theirs in one row; the tests
//! check after every run that each equals the sum of its entries. The
//! platform-wide accounts (M-Pesa, card, commission) are summed when asked,
//! so that no single row is written by every payment.
use crate::StoreError;

/// Buyers' money held for a seller until the buyers confirm.
pub fn escrow_account(seller_id: &str) -> String {
    format!("escrow:{seller_id}")
}

/// A person's account (`kind:id`), whose running balance the store keeps.
pub fn is_kept(account: &str) -> bool {
    account.contains(':')
}
/// Money that came in through M-Pesa (the outside world's side).
pub const MPESA: &str = "mpesa";
/// Money that came in by card (Stripe).
pub const CARD: &str = "card";
/// The platform's commission.
pub const PLATFORM: &str = "platform";

/// A seller's balance: what they have earned and not been paid out.
pub fn seller_account(seller_id: &str) -> String {
    format!("seller:{seller_id}")
}

/// One entry of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: String,
    pub amount_minor: i64,
}

/// A payment arriving: from M-Pesa (or the card network) into escrow,
/// held for `seller_id`.
pub fn escrow_postings(amount_minor: i64, method: crate::payments::Method, seller_id: &str) -> Vec<Posting> {
    vec![
        Posting { account: method.ledger_account().to_string(), amount_minor: -amount_minor },
        Posting { account: escrow_account(seller_id), amount_minor },
    ]
}

/// The commission on `amount_minor` at `bps` basis points, rounded down to
/// the shilling's cent.
pub fn commission(amount_minor: i64, bps: i64) -> i64 {
    amount_minor * bps / 10_000
}

/// A completed order: out of escrow, to the seller less the commission.
pub fn release_postings(amount_minor: i64, bps: i64, seller_id: &str) -> Vec<Posting> {
    let fee = commission(amount_minor, bps);
    vec![
        Posting { account: escrow_account(seller_id), amount_minor: -amount_minor },
        Posting { account: seller_account(seller_id), amount_minor: amount_minor - fee },
        Posting { account: PLATFORM.to_string(), amount_minor: fee },
    ]
}

pub trait LedgerRepo: Send + Sync {
    /// The sum of an account's entries in `currency` (for a kept account,
    /// its running balance).
    fn balance(&self, account: &str, currency: &str) -> impl Future<Output = Result<i64, StoreError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transaction_sums_to_zero() {
        assert_eq!(
            escrow_postings(320_000, crate::payments::Method::Mpesa, "s1").iter().map(|p| p.amount_minor).sum::<i64>(),
            0
        );
        let release = release_postings(320_000, 500, "s1");
        assert_eq!(release.iter().map(|p| p.amount_minor).sum::<i64>(), 0);
        assert_eq!(release[1], Posting { account: "seller:s1".into(), amount_minor: 304_000 });
        assert_eq!(commission(333, 500), 16, "rounded down");
    }
}
