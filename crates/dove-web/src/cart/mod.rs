//! The cart, grouped by seller; checkout makes one order per seller. Pages
//! and API over `dove_domain::cart`.
pub mod api;
mod pages;

pub use pages::router;
