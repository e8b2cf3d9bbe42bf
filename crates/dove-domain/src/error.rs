//! The one error a repository returns.
//!
//! Policy: repositories report *what* went wrong in storage terms; services
//! turn the cases a user can cause (a unique constraint, a missing row) into
//! their own error enums with field-level meaning. Anything else is a bug or an
//! outage, and the web layer answers it with a logged 500 whose cause is never
//! shown to the user.
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// Something the write needed was already taken or held. Services map
    /// it to a field error instead of checking first and racing.
    #[error("write refused: {0:?}")]
    Conflict(Conflict),
    #[error("row not found")]
    NotFound,
    #[error("storage backend failed: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What a refused write collided with. Each unique index of the schema is
/// one of these on both backends (`dove-store`'s `error.rs` names them,
/// and a test checks that none is missing); the rest are checks the store
/// makes inside the write's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// `users_email_key`.
    EmailTaken,
    /// `stores_slug_key`.
    StoreSlugTaken,
    /// `stores_owner_key`: the account already has a store.
    StoreOwned,
    /// `categories_slug_key`.
    CategorySlugTaken,
    /// `api_tokens_hash_key`, `payout_numbers.token_hash`: a token's hash
    /// met another (a fault in the token source).
    TokenTaken,
    /// `conversations_listing_buyer_key`.
    ConversationExists,
    /// `leads_listing_buyer_key`.
    LeadExists,
    /// `viewings_one_open`: a request already open in the conversation.
    ViewingOpen,
    /// `offers_one_open`.
    OfferOpen,
    /// `payments_one_pending`: a prompt already on its way for the order.
    PaymentPending,
    /// `payments_gateway_ref_key`, `payouts_gateway_ref_key`: a gateway
    /// reference seen on another row.
    GatewayRefTaken,
    /// `payouts_one_pending`: a withdrawal already under way.
    PayoutPending,
    /// `let_holds.order_id`, or the let's hold taken by another order.
    LetHeld,
    /// Less stock than the order asks for.
    OutOfStock,
    /// A night of the stay already booked.
    NightsTaken,
    /// A move that would take escrow below zero.
    EscrowBelowZero,
    /// A payout to a number not yet usable.
    PayoutNumberHeld,
    /// A payout above the balance.
    InsufficientBalance,
    /// `reviews_one_per_author`: the author already reviewed the occasion.
    ReviewExists,
    /// `trust_cases_one_open`: the thing already has an open case.
    CaseOpen,
    /// `trust_signals_once`: that signal was raised already.
    SignalRaised,
}
