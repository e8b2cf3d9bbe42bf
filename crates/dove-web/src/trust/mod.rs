//! Trust and safety: reports, the admins' queue and audit log, appeals;
//! pages and API over `dove_domain::trust`.
pub mod api;
mod pages;

pub use pages::router;
