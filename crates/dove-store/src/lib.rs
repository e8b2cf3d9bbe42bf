//! All of Dove Market's SQL, for SQLite and PostgreSQL.
//!
//! Every statement is written once, in the dialect both backends share:
//! `$1` parameters, `RETURNING`, `ON CONFLICT`, integer money and
//! millisecond times. [`on_read!`] and [`on_write!`] expand one body for each
//! pool type, so the Rust around a statement (its binds, the types it
//! decodes) compiles against both drivers. The SQL text itself is checked
//! only when it runs: that is why every storage test runs on both
//! backends. Where the
//! backends truly differ (error text, `VACUUM INTO`), the two versions sit
//! side by side in the same function.
//!
//! SQLite runs the way PocketBase runs it: `busy_timeout` first, then WAL
//! and foreign keys; one writer connection, so writers queue in the pool
//! instead of failing with `SQLITE_BUSY`, and a pool of read-only readers.
mod accounts;
mod alerts;
mod bookings;
mod cart;
mod catalogue;
mod connect;
mod error;
mod events;
mod favourites;
mod holds;
mod idempotency;
mod leads;
mod listings;
mod mail;
mod messages;
mod money;
mod monitoring;
mod offers;
mod orders;
mod payments;
mod payouts;
mod phone_codes;
mod preferences;
mod refunds;
mod reviews;
mod search;
pub mod seed;
mod settings;
mod sms;
pub mod testing;
mod trust;
mod viewings;

pub use connect::{Backend, Db};
pub use events::EventListener;

/// Runs `$body` with `$pool` bound to the pool that serves reads.
macro_rules! on_read {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { readers: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_read;

/// Runs `$body` with `$pool` bound to the pool that takes writes.
macro_rules! on_write {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { writer: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_write;

// The transaction macros, crate-wide: every statement stays in this crate.
// Tests and benchmarks that must reach past the domain use [`testing`].
pub(crate) use leads::record_lead;
pub(crate) use mail::{queue_mail, queue_sms};
pub(crate) use messages::{ensure_conversation, write_message};
pub(crate) use money::{insert_payout, money_event, post_for_order, reserve};
pub(crate) use orders::{apply_move, insert_refund};
