//! Messages: buyers and owners talking directly, live.
pub mod api;
pub mod live;
mod pages;
mod upload;

pub(crate) use pages::render_thread;
pub use pages::{router, upload_router};
