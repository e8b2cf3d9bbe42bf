//! Requests a client may safely retry. The first response to a key is kept
//! and replayed for the same key and body; the same key with another body is
//! refused, so a retry can never place a second order by accident.
use crate::StoreError;

/// Keys are forgotten after a day.
pub const KEEP_MS: i64 = crate::clock::DAY_MS;
/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 200;

/// What the store knows of a key when a request arrives with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// First use: the request runs, and its response is kept.
    New,
    /// Answered before: replay this.
    Answered { status: u16, body: String },
    /// Used with a different body.
    OtherRequest,
    /// The first request with this key is still running.
    Running,
}

pub trait IdempotencyRepo: Send + Sync {
    /// Claims `key` for `request_hash`, or says how it was used before.
    fn claim_key(
        &self,
        user_id: &str,
        key: &str,
        request_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Seen, StoreError>> + Send;
    fn keep_response(
        &self,
        user_id: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Lets the key go after a failure, so the client's retry runs again.
    fn release_key(&self, user_id: &str, key: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}
