//! The one error a repository returns.
//!
//! Policy: repositories report *what* went wrong in storage terms; services
//! turn the cases a user can cause (a unique constraint, a missing row) into
//! their own error enums with field-level meaning. Anything else is a bug or an
//! outage, and the web layer answers it with a logged 500 whose cause is never
//! shown to the user.
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique constraint, named by its index, refused the write. Services
    /// map the name to a field error instead of checking first and racing.
    #[error("unique constraint {0} violated")]
    Conflict(String),
    #[error("row not found")]
    NotFound,
    #[error("storage backend failed: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}
