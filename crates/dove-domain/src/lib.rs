//! Dove Market's domain: the types, rules and services every front end shares.
//!
//! This crate knows nothing of HTTP or SQL. Raw input is parsed into newtypes
//! (`Email`, `Phone`, `Password`, …) at the edge, so the rest of the code can
//! only ever hold valid values. Services are plain async functions generic over
//! the repository traits that `dove-store` implements; the HTML pages, the JSON
//! API and the command line all call the same functions.
pub mod accounts;
pub mod alerts;
pub mod bookings;
pub mod cards;
pub mod cart;
pub mod clock;
pub mod error;
pub mod favourites;
pub mod fields;
pub mod holds;
pub mod idempotency;
pub mod leads;
pub mod ledger;
pub mod listings;
pub mod mail;
pub mod messages;
pub mod money;
pub mod monitoring;
pub mod offers;
pub mod orders;
pub mod paging;
pub mod payments;
pub mod payouts;
pub mod phone_codes;
pub mod photos;
pub mod places;
pub mod preferences;
pub mod refunds;
pub mod reviews;
pub mod search;
pub mod sms;
pub mod tokens;
pub mod trust;
pub mod viewings;

pub use error::StoreError;
pub use fields::{FieldError, FieldErrors};

/// A new time-ordered identifier (UUIDv7, as text), so ids sort by creation.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
