//! Messages: buyers and owners talking directly, live.
pub mod api;
pub mod live;
mod pages;

pub use pages::router;
