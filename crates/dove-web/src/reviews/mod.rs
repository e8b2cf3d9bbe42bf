//! Reviews: pages and API over `dove_domain::reviews`.
pub mod api;
mod pages;

pub use pages::router;
