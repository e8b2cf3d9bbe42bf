//! Short stays and long-term lets: the availability calendar, the host's
//! settings and blocked dates, booking and reserving; pages and API over
//! `dove_domain::bookings`.
pub mod api;
mod pages;

pub use pages::router;
