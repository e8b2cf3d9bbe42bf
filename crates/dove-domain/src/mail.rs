//! Mail: what the app sends, the transport trait, and the outbox rules.
//!
//! Requests never talk to a mail server. They write an `OutgoingMail` into
//! the outbox table in the same transaction as the change that caused it; a
//! background worker delivers it through a `Mailer`, retrying with backoff. A
//! slow or broken SMTP server therefore neither slows requests nor loses mail.
use crate::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// A mail as the domain writes it: to whom, which message (the stem of its
/// Fluent ids, `{message}-subject` and `{message}-body`) and the values it
/// names. It is put into words when it is sent, in the language its
/// recipient chose, from the same Fluent files as the pages: the domain
/// decides what to say, never in which words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub message: String,
    pub args: BTreeMap<String, MailArg>,
}

/// A value a mail names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MailArg {
    /// A count, so that the words can choose their plural.
    Number(i64),
    /// A name, a title, an amount, a link: shown as it is.
    Text(String),
    /// Another message, put into words with the same values: the step an
    /// order took, say.
    Words { words: String },
}

impl OutgoingMail {
    pub fn new(to: &str, message: &str) -> OutgoingMail {
        OutgoingMail { to: to.to_string(), message: message.to_string(), args: BTreeMap::new() }
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> OutgoingMail {
        self.args.insert(name.to_string(), MailArg::Text(value.into()));
        self
    }

    pub fn number(mut self, name: &str, n: i64) -> OutgoingMail {
        self.args.insert(name.to_string(), MailArg::Number(n));
        self
    }

    pub fn words(mut self, name: &str, message: &str) -> OutgoingMail {
        self.args.insert(name.to_string(), MailArg::Words { words: message.to_string() });
        self
    }
}

/// A mail in words, as a [`Mailer`] sends it (and, for a text message, its
/// number in `to` and its text in `body_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenMail {
    pub to: String,
    pub subject: String,
    pub body_text: String,
}

/// The recipient languages mail is written in, by their codes.
pub const LANGUAGES: &[&str] = &["en", "sw"];

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
    pub content: Queued,
    pub attempts: i64,
}

/// What a queued message holds.
#[derive(Debug, Clone)]
pub enum Queued {
    /// A mail still to be put in words, in `lang`: the language its
    /// recipient's account chose, `en` when no account has the address.
    Letter { mail: OutgoingMail, lang: String },
    /// A mail already in words: one queued by a version that wrote mail in
    /// English when it queued it.
    Written(WrittenMail),
    /// A text message.
    Text(crate::sms::OutgoingSms),
}

impl QueuedMail {
    pub fn channel(&self) -> Channel {
        match self.content {
            Queued::Text(_) => Channel::Sms,
            Queued::Letter { .. } | Queued::Written(_) => Channel::Email,
        }
    }
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
    async fn send(&self, mail: &WrittenMail) -> Result<(), MailError>;
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
    /// Marks a message sent and drops its body: sent mail keeps only its
    /// recipient, subject and status, since bodies carry live links.
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
    pub mail: WrittenMail,
    pub received_at: i64,
}

/// Rung when mail may have been queued, so the outbox delivers it at once
/// rather than at its next poll. Rings are cheap: all the rings between
/// two deliveries make one wake-up.
#[derive(Debug, Default)]
pub struct OutboxBell(tokio::sync::Notify);

impl OutboxBell {
    pub fn ring(&self) {
        self.0.notify_one();
    }

    /// Completes at the next ring, or at once if one came since the last.
    pub async fn rung(&self) {
        self.0.notified().await;
    }
}

/// The local sink's mailbox: the default "mail server" on a laptop, read at
/// `/dev/mail`. It lives in this node's memory, never in the database:
/// messages carry working reset and confirmation links, and a database file
/// or backup must not hand those out. It keeps the newest [`Self::KEEP`]
/// messages and is empty after a restart.
#[derive(Debug, Default)]
pub struct DevMailbox {
    messages: std::sync::Mutex<std::collections::VecDeque<StoredMail>>,
}

impl DevMailbox {
    /// How many messages are kept; older ones are forgotten.
    pub const KEEP: usize = 500;

    /// Keeps a delivered mail (or, for `Channel::Sms`, a text: its number in
    /// `to`, its text in `body_text`).
    pub fn keep(&self, channel: Channel, mail: WrittenMail, now: i64) {
        let mut messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        if messages.len() >= Self::KEEP {
            messages.pop_front();
        }
        messages.push_back(StoredMail { id: crate::new_id(), channel, mail, received_at: now });
    }

    /// The newest messages first.
    pub fn list(&self, limit: usize) -> Vec<StoredMail> {
        let messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        messages.iter().rev().take(limit).cloned().collect()
    }

    pub fn message(&self, id: &str) -> Option<StoredMail> {
        let messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        messages.iter().find(|m| m.id == id).cloned()
    }
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
    fn dev_mailbox_keeps_the_newest() {
        let mailbox = DevMailbox::default();
        for i in 0..DevMailbox::KEEP + 2 {
            let mail = WrittenMail { to: format!("m{i}@example.com"), subject: "s".into(), body_text: "b".into() };
            mailbox.keep(Channel::Email, mail, i as i64);
        }
        let all = mailbox.list(usize::MAX);
        assert_eq!(all.len(), DevMailbox::KEEP);
        assert_eq!(all[0].mail.to, format!("m{}@example.com", DevMailbox::KEEP + 1));
        assert_eq!(mailbox.message(&all[1].id).map(|m| m.received_at), Some(DevMailbox::KEEP as i64));
        assert!(mailbox.message("nope").is_none());
    }

    #[test]
    fn site_links() {
        let site = Site::new("http://127.0.0.1:8080/");
        assert_eq!(site.link("/signin"), "http://127.0.0.1:8080/signin");
    }
}
