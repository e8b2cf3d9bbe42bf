//! Mail: what the app sends, the transport trait, and the outbox rules.
//!
//! Requests never talk to a mail server. They write an `OutgoingMail` into
//! the outbox table in the same transaction as the change that caused it; a
//! background worker delivers it through a `Mailer`, retrying with backoff. A
//! slow or broken SMTP server therefore neither slows requests nor loses mail.
use crate::StoreError;
use async_trait::async_trait;
use thiserror::Error;

/// Where links in mail point: the site's public base URL, without a
/// trailing slash (`https://dove.example`).
#[derive(Debug, Clone)]
pub struct Site {
    pub base_url: String,
}

impl Site {
    pub fn new(base_url: &str) -> Site {
        Site { base_url: base_url.trim_end_matches('/').to_string() }
    }

    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url, path_and_query)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body_text: String,
}

/// How an outbox entry travels. An SMS keeps its number in `to` and its
/// text in `body_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub fn from_stored(s: &str) -> Channel {
        if s == "sms" { Channel::Sms } else { Channel::Email }
    }
}

/// A mail or SMS waiting in the outbox, as the worker claims it.
#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub id: String,
    pub channel: Channel,
    pub mail: OutgoingMail,
    pub attempts: i64,
}

#[derive(Debug, Error)]
pub enum MailError {
    #[error("mail transport failed: {0}")]
    Transport(String),
}

/// Delivers one message. Implementations: SMTP, and a local sink that keeps
/// messages for `/dev/mail`.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}

/// The outbox's storage.
pub trait OutboxRepo: Send + Sync {
    fn enqueue_mail(&self, mail: &OutgoingMail, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Leases up to `limit` due messages until `now + lease_ms`, so that two
    /// workers (on one node or several) never send the same message at once.
    fn claim_due_mail(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<QueuedMail>, StoreError>> + Send;
    fn mark_mail_sent(&self, id: &str, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn mark_mail_failed(
        &self,
        id: &str,
        attempts: i64,
        next_attempt_at: i64,
        error: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A message kept by the local sink, for `/dev/mail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMail {
    pub id: String,
    pub channel: Channel,
    pub mail: OutgoingMail,
    pub received_at: i64,
}

/// The local sink's storage: the default "mail server" on a laptop.
pub trait MailboxRepo: Send + Sync {
    fn keep_mail(&self, mail: &OutgoingMail, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn keep_sms(&self, sms: &crate::sms::OutgoingSms, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The newest messages first.
    fn list_mailbox(&self, limit: i64) -> impl Future<Output = Result<Vec<StoredMail>, StoreError>> + Send;
    fn mailbox_message(&self, id: &str) -> impl Future<Output = Result<Option<StoredMail>, StoreError>> + Send;
}

/// How long to wait before attempt `attempts + 1`: 15 s doubling to at most
/// an hour. Mail is never dropped; an operator sees the error on the row.
pub fn retry_delay_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 8) as u32;
    (15_000i64 * 2i64.pow(exp)).min(crate::clock::HOUR_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(retry_delay_ms(0), 15_000);
        assert_eq!(retry_delay_ms(1), 30_000);
        assert_eq!(retry_delay_ms(3), 120_000);
        assert_eq!(retry_delay_ms(50), crate::clock::HOUR_MS);
    }

    #[test]
    fn site_links() {
        let site = Site::new("http://127.0.0.1:8080/");
        assert_eq!(site.link("/signin"), "http://127.0.0.1:8080/signin");
    }
}
