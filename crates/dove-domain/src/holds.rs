//! Limits on what one buyer may hold without paying.
//!
//! An unpaid order takes stock, nights or a let off the market until it is
//! paid or [`PAY_WITHIN_MS`](crate::orders::PAY_WITHIN_MS) pass. Without
//! limits anyone could keep a product sold out, or a home "reserved", by
//! ordering again and again without paying. So before any order is placed
//! (buy now, the cart, a stay, a let), the buyer's own orders are counted:
//! how many are open, on which listings, how many were placed lately, and
//! how many ended unpaid. Paid orders never count, so a buyer who pays is
//! never slowed down.
//!
//! The counts are read before the write, not inside it: two orders placed
//! at the same instant can each pass. That lets a buyer exceed a cap by the
//! few requests they have in flight, which is harmless; what matters is that
//! holding cannot go on without end.
use crate::clock::{DAY_MS, HOUR_MS};
use crate::orders::OrderError;
use crate::{FieldErrors, StoreError};
use thiserror::Error;

/// Unpaid orders one buyer may have open at once, across all listings.
pub const MAX_OPEN: i64 = 5;
/// Unpaid orders one buyer may have open on any one listing.
pub const MAX_OPEN_PER_LISTING: i64 = 1;
/// Orders placed in the last hour and not paid (still open, cancelled
/// before payment, or expired) past which placing more waits: this is what
/// stops "order, cancel just before it expires, order again".
pub const MAX_UNPAID_PLACED_PER_HOUR: i64 = 10;
/// Unpaid orders expiring in one day that start a cooldown. Cancelling is
/// not counted here: a buyer who cancels frees the stock at once, and the
/// hourly allowance above bounds it.
pub const UNPAID_ENDS_BEFORE_COOLDOWN: i64 = 3;
/// The window those ends are counted in.
pub const UNPAID_ENDS_WINDOW_MS: i64 = DAY_MS;
/// How long after the last of them the buyer may not place orders.
pub const COOLDOWN_MS: i64 = 6 * HOUR_MS;

/// What the store counts for one buyer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HoldCounts {
    /// Orders still pending payment.
    pub open: i64,
    /// The most open orders the buyer has on any one of the listings
    /// about to be ordered.
    pub open_on_listing: i64,
    /// Orders placed since the hour began that are not paid.
    pub unpaid_placed_last_hour: i64,
    /// Unpaid orders that expired in the window.
    pub unpaid_ends: i64,
    /// When the last of those ended.
    pub last_unpaid_end: Option<i64>,
}

pub trait HoldRepo: Send + Sync {
    /// Counts `buyer_id`'s holds as of `now`; `listing_ids` are the
    /// listings about to be ordered.
    fn hold_counts(
        &self,
        buyer_id: &str,
        listing_ids: &[&str],
        now: i64,
    ) -> impl Future<Output = Result<HoldCounts, StoreError>> + Send;
}

/// Why a new hold is refused. Each has its own message by the field.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum HoldError {
    #[error("too many unpaid orders open")]
    TooManyOpen,
    #[error("an unpaid order for this listing is already open")]
    OpenOnListing,
    #[error("too many orders placed in the last hour")]
    TooFast,
    /// Until `until` (UTC ms).
    #[error("orders paused after several went unpaid")]
    Cooldown { until: i64 },
}

impl HoldError {
    pub fn code(&self) -> &'static str {
        match self {
            HoldError::TooManyOpen => "hold-too-many-open",
            HoldError::OpenOnListing => "hold-open-on-listing",
            HoldError::TooFast => "hold-too-fast",
            HoldError::Cooldown { .. } => "hold-cooldown",
        }
    }
}

/// The rule, on counts already read: `new_orders` is how many orders are
/// about to be placed (the cart places one per shop).
pub fn judge(c: &HoldCounts, new_orders: i64, now: i64) -> Result<(), HoldError> {
    if let Some(last) = c.last_unpaid_end
        && c.unpaid_ends >= UNPAID_ENDS_BEFORE_COOLDOWN
        && now < last + COOLDOWN_MS
    {
        return Err(HoldError::Cooldown { until: last + COOLDOWN_MS });
    }
    if c.unpaid_placed_last_hour + new_orders > MAX_UNPAID_PLACED_PER_HOUR {
        return Err(HoldError::TooFast);
    }
    if c.open_on_listing >= MAX_OPEN_PER_LISTING {
        return Err(HoldError::OpenOnListing);
    }
    if c.open + new_orders > MAX_OPEN {
        return Err(HoldError::TooManyOpen);
    }
    Ok(())
}

/// Checks that `buyer_id` may place `new_orders` orders taking
/// `listing_ids`; a refusal is [`OrderError::Limited`] on `field`, the
/// field of the form the buyer sent.
pub async fn check<R: HoldRepo>(
    repo: &R,
    buyer_id: &str,
    listing_ids: &[&str],
    new_orders: usize,
    field: &'static str,
    now: i64,
) -> Result<(), OrderError> {
    let counts = repo.hold_counts(buyer_id, listing_ids, now).await?;
    judge(&counts, new_orders as i64, now).map_err(|e| OrderError::Limited(FieldErrors::single(field, e.code())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_has_its_turn() {
        let now = 10 * DAY_MS;
        let ok = HoldCounts::default();
        assert_eq!(judge(&ok, 1, now), Ok(()));
        let open = HoldCounts { open: MAX_OPEN, ..Default::default() };
        assert_eq!(judge(&open, 1, now), Err(HoldError::TooManyOpen));
        let cart = HoldCounts { open: MAX_OPEN - 2, ..Default::default() };
        assert_eq!(judge(&cart, 3, now), Err(HoldError::TooManyOpen));
        let on = HoldCounts { open: 1, open_on_listing: 1, ..Default::default() };
        assert_eq!(judge(&on, 1, now), Err(HoldError::OpenOnListing));
        let fast = HoldCounts { unpaid_placed_last_hour: MAX_UNPAID_PLACED_PER_HOUR, ..Default::default() };
        assert_eq!(judge(&fast, 1, now), Err(HoldError::TooFast));
        let last = now - HOUR_MS;
        let cool = HoldCounts { unpaid_ends: 3, last_unpaid_end: Some(last), ..Default::default() };
        assert_eq!(judge(&cool, 1, now), Err(HoldError::Cooldown { until: last + COOLDOWN_MS }));
        assert_eq!(judge(&cool, 1, last + COOLDOWN_MS), Ok(()));
        let two = HoldCounts { unpaid_ends: 2, last_unpaid_end: Some(last), ..Default::default() };
        assert_eq!(judge(&two, 1, now), Ok(()));
    }
}
