//! Offers on property for sale: pages and API over `dove_domain::offers`.
pub mod api;
mod pages;

pub use pages::router;
