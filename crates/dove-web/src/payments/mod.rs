//! Paying for orders: the M-Pesa prompt, its callback, and the sandbox's
//! pretend phone at `/dev/payments`.
pub mod api;
pub mod sandbox;
