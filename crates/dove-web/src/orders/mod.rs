//! Orders: "Buy now" reserves stock until the order is paid or expires.
//! Pages and API call the same functions in `dove_domain::orders`.
pub mod api;
mod pages;

pub(crate) use pages::Refused;
pub use pages::router;
