//! Offers on property for sale: houses are not bought through a checkout,
//! so a buyer names an amount instead. The offer makes them a lead in
//! Negotiating; whichever side did not propose the amount last accepts it,
//! counters with another, or declines; the buyer may withdraw.
use crate::accounts::User;
use crate::clock::now_ms;
use crate::error::Conflict;
use crate::listings::{Kind, ListingRepo, Offer as Deal};
use crate::messages::Side;
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum OfferError {
    /// No such listing or offer, or not a party to it: the same answer.
    #[error("not found")]
    NotFound,
    #[error("invalid offer")]
    Invalid(FieldErrors),
    /// Not this side's turn, or the offer is no longer open.
    #[error("this offer can't be answered that way now")]
    Conflict(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    pub id: String,
    pub listing_id: String,
    pub listing_title: String,
    pub buyer_id: String,
    pub buyer_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub amount_minor: i64,
    pub currency: String,
    /// open, accepted, declined or withdrawn.
    pub status: String,
    pub proposed_by: Side,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Offer {
    pub fn side(&self, user_id: &str) -> Option<Side> {
        Side::of(user_id, &self.buyer_id, &self.seller_id)
    }

    /// Who answers an open offer: the side that did not propose the amount.
    pub fn awaiting(&self) -> Option<Side> {
        (self.status == "open").then_some(self.proposed_by.other())
    }

    pub fn amount_label(&self) -> String {
        crate::money::format_money(self.amount_minor, &self.currency)
    }
}

/// What one side does with an open offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Accept,
    Counter(i64),
    Decline,
    /// The buyer takes their offer back.
    Withdraw,
}

pub trait OfferRepo: Send + Sync {
    /// Stores the offer and records the lead (source "offer" is not a
    /// source: the lead keeps its first one) moved to Negotiating, in one
    /// transaction. An open offer already there is
    /// `StoreError::Conflict(Conflict::OfferOpen)`.
    fn insert_offer(&self, o: &Offer) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn offer(&self, id: &str) -> impl Future<Output = Result<Option<Offer>, StoreError>> + Send;
    /// The user's offers, made or received, latest change first.
    fn offers_of(&self, user_id: &str, limit: i64) -> impl Future<Output = Result<Vec<Offer>, StoreError>> + Send;
    /// Sets the offer's status, amount and proposer if it is still open and
    /// unchanged since `seen_updated_at`, and notes it on the lead. False if
    /// another answer came first.
    fn answer_offer(
        &self,
        o: &Offer,
        seen_updated_at: i64,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// An amount as typed, in whole shillings, into minor units.
pub fn parse_amount(raw: &str) -> Result<i64, FieldErrors> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
    match digits.parse::<i64>() {
        Ok(n) if n > 0 && n <= 100_000_000_000 => Ok(n * 100),
        Ok(_) => Err(FieldErrors::single("amount", "offer-amount-range")),
        Err(_) => Err(FieldErrors::single("amount", "offer-amount-invalid")),
    }
}

/// A buyer offers `amount_minor` for a property for sale.
pub async fn make<R: OfferRepo + ListingRepo>(
    repo: &R,
    buyer: &User,
    listing_id: &str,
    amount_minor: i64,
) -> Result<Offer, OfferError> {
    let now = now_ms();
    let listing = repo.listing(listing_id).await?.ok_or(OfferError::NotFound)?;
    if !listing.is_available(now) || listing.kind != Kind::Property || listing.fields.offer != Deal::Sale {
        return Err(OfferError::NotFound);
    }
    if listing.seller_id == buyer.id {
        return Err(OfferError::Invalid(FieldErrors::single("amount", "offer-own-listing")));
    }
    if amount_minor <= 0 {
        return Err(OfferError::Invalid(FieldErrors::single("amount", "offer-amount-range")));
    }
    let offer = Offer {
        id: new_id(),
        listing_id: listing.id.clone(),
        listing_title: listing.fields.title.clone(),
        buyer_id: buyer.id.clone(),
        buyer_name: buyer.name.clone(),
        seller_id: listing.seller_id.clone(),
        seller_name: String::new(),
        amount_minor,
        currency: listing.currency.clone(),
        status: "open".into(),
        proposed_by: Side::Buyer,
        created_at: now,
        updated_at: now,
    };
    match repo.insert_offer(&offer).await {
        Ok(()) => {}
        Err(StoreError::Conflict(Conflict::OfferOpen)) => return Err(OfferError::Conflict("offer-already-open")),
        Err(e) => return Err(e.into()),
    }
    repo.offer(&offer.id).await?.ok_or(OfferError::NotFound)
}

/// An offer `user` is a party to, and their side.
pub async fn get<R: OfferRepo>(repo: &R, user: &User, id: &str) -> Result<(Offer, Side), OfferError> {
    let o = repo.offer(id).await?.ok_or(OfferError::NotFound)?;
    let side = o.side(&user.id).ok_or(OfferError::NotFound)?;
    Ok((o, side))
}

pub async fn list<R: OfferRepo>(repo: &R, user: &User) -> Result<Vec<Offer>, StoreError> {
    repo.offers_of(&user.id, 100).await
}

/// Applies one side's reply to an open offer.
pub async fn reply<R: OfferRepo>(repo: &R, user: &User, id: &str, reply: Reply) -> Result<Offer, OfferError> {
    let (o, side) = get(repo, user, id).await?;
    if o.status != "open" {
        return Err(OfferError::Conflict("offer-closed"));
    }
    let my_turn = o.awaiting() == Some(side);
    let next = match reply {
        Reply::Withdraw if side == Side::Buyer => Offer { status: "withdrawn".into(), ..o.clone() },
        Reply::Withdraw => return Err(OfferError::Conflict("offer-not-your-turn")),
        _ if !my_turn => return Err(OfferError::Conflict("offer-not-your-turn")),
        Reply::Accept => Offer { status: "accepted".into(), ..o.clone() },
        Reply::Decline => Offer { status: "declined".into(), ..o.clone() },
        Reply::Counter(amount) if amount > 0 => Offer { amount_minor: amount, proposed_by: side, ..o.clone() },
        Reply::Counter(_) => return Err(OfferError::Invalid(FieldErrors::single("amount", "offer-amount-range"))),
    };
    if !repo.answer_offer(&next, o.updated_at, now_ms().max(o.updated_at + 1)).await? {
        return Err(OfferError::Conflict("offer-changed"));
    }
    Ok(get(repo, user, id).await?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_whole_shillings() {
        assert_eq!(parse_amount("12,500,000").unwrap(), 1_250_000_000);
        assert_eq!(parse_amount("0").unwrap_err().0[0].code, "offer-amount-range");
        assert_eq!(parse_amount("12.5m").unwrap_err().0[0].code, "offer-amount-invalid");
    }
}
