//! The `dove` application: configuration, start-up and background workers.
//! `main.rs` only parses the command line; tests build the very same
//! [`Application`] on port 0.
pub mod app;
pub mod cards;
pub mod config;
pub mod mail;
pub mod outbox;
pub mod payments;
pub mod photos;
pub mod search;
pub mod seed;
pub mod sms;
pub mod stripe_webhook;
pub mod telemetry;
pub mod workers;

pub use app::{Application, open_db};
