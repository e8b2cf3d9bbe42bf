//! The mail outbox. (The local sink's mailbox lives in memory: see
//! `dove_domain::mail::DevMailbox`.)
use crate::error::map;
use crate::{Db, on_write};
use dove_domain::StoreError;
use dove_domain::mail::{Channel, MailArg, OutboxRepo, OutgoingMail, Queued, QueuedMail, WrittenMail};
use dove_domain::sms::OutgoingSms;
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct MailRow {
    id: String,
    channel: String,
    to_addr: String,
    subject: String,
    body_text: String,
    message: Option<String>,
    args: Option<String>,
    /// The recipient's account's language, if an account has the address.
    lang: Option<String>,
    at: i64,
}

impl MailRow {
    /// A mail queued as a message and its values is a letter; a mail queued
    /// in words by an earlier version is written already. A row whose
    /// values no longer read (which nothing writes) is sent as written, so
    /// it still goes rather than blocking the queue.
    fn content(self) -> Queued {
        if Channel::from_stored(&self.channel) == Channel::Sms {
            return Queued::Text(OutgoingSms { to: self.to_addr, text: self.body_text });
        }
        if let (Some(message), Some(args)) = (&self.message, &self.args)
            && let Ok(args) = serde_json::from_str::<BTreeMap<String, MailArg>>(args)
        {
            let mail = OutgoingMail { to: self.to_addr, message: message.clone(), args };
            return Queued::Letter { mail, lang: self.lang.unwrap_or_else(|| "en".to_string()) };
        }
        Queued::Written(WrittenMail { to: self.to_addr, subject: self.subject, body_text: self.body_text })
    }
}

/// The values of a mail, as the outbox keeps them until it is sent.
pub(crate) fn args_json(mail: &OutgoingMail) -> String {
    serde_json::to_string(&mail.args).unwrap_or_else(|_| "{}".to_string())
}

/// Queues a mail; binds id, to, subject, body, now. Every transaction that
/// sends mail uses it (through [`queue_mail!`]), so mail is written with the
/// change that caused it.
pub(crate) const INSERT_OUTBOX: &str = "INSERT INTO mail_outbox (id, to_addr, subject, body_text, message, args, created_at, next_attempt_at) VALUES ($1, $2, '', '', $3, $4, $5, $5)";

/// Executes the outbox insert for `$mail` (an `OutgoingMail`) at `$now` on
/// `$executor`, a pool or an open transaction; yields sqlx's result future.
macro_rules! queue_mail {
    ($executor:expr, $mail:expr, $now:expr) => {
        sqlx::query($crate::mail::INSERT_OUTBOX)
            .bind(dove_domain::new_id())
            .bind(&$mail.to)
            .bind(&$mail.message)
            .bind($crate::mail::args_json(&$mail))
            .bind($now)
            .execute($executor)
    };
}
pub(crate) use queue_mail;

/// Queues an SMS; binds id, to, text, now.
pub(crate) const INSERT_SMS: &str = "INSERT INTO mail_outbox (id, channel, to_addr, subject, body_text, created_at, next_attempt_at) VALUES ($1, 'sms', $2, '', $3, $4, $4)";

/// As [`queue_mail!`], for `$sms` (an `OutgoingSms`).
macro_rules! queue_sms {
    ($executor:expr, $sms:expr, $now:expr) => {
        sqlx::query($crate::mail::INSERT_SMS)
            .bind(dove_domain::new_id())
            .bind(&$sms.to)
            .bind(&$sms.text)
            .bind($now)
            .execute($executor)
    };
}
pub(crate) use queue_sms;

/// A value for a claim's parameters: the claims mix ids and times.
#[derive(Clone, Copy)]
pub(crate) enum Param<'a> {
    Text(&'a str),
    Int(i64),
}

/// What a claimed job sends through the outbox.
pub(crate) enum Outgoing<'a> {
    Mail(&'a [OutgoingMail]),
    Sms(&'a OutgoingSms),
}

impl Db {
    /// Runs `claim`, an UPDATE that marks one job as done (digest, task
    /// reminder, viewing reminder, lead alert) only if it is still to do,
    /// and if it took the row, queues what the job sends, in one
    /// transaction. False, with nothing written, when another worker (on
    /// this node or another) got there first.
    pub(crate) async fn claim_then_queue(
        &self,
        claim: &str,
        params: &[Param<'_>],
        send: Outgoing<'_>,
        now: i64,
    ) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let mut q = sqlx::query(claim);
            for p in params {
                q = match *p {
                    Param::Text(t) => q.bind(t),
                    Param::Int(i) => q.bind(i),
                };
            }
            if q.execute(&mut *tx).await.map_err(map)?.rows_affected() == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            match send {
                Outgoing::Mail(mails) => {
                    for mail in mails {
                        crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
                    }
                }
                Outgoing::Sms(sms) => {
                    crate::queue_sms!(&mut *tx, sms, now).await.map_err(map)?;
                }
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }
}

impl OutboxRepo for Db {
    async fn enqueue_mail(&self, mail: &OutgoingMail, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| { crate::queue_mail!(pool, mail, now).await.map(|_| ()).map_err(map) })
    }

    async fn claim_due_mail(&self, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<QueuedMail>, StoreError> {
        // PostgreSQL: SKIP LOCKED lets concurrent workers take different
        // rows instead of queueing behind each other. SQLite has one writer,
        // so its claims never overlap. The outer lease check guards both.
        let lock = match self {
            Db::Sqlite { .. } => "",
            Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE mail_outbox SET locked_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM mail_outbox \
                          WHERE sent_at IS NULL AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1) \
                          ORDER BY next_attempt_at LIMIT $3 {lock}) \
               AND sent_at IS NULL AND (locked_until IS NULL OR locked_until <= $1) \
             RETURNING id, channel, to_addr, subject, body_text, message, args, attempts AS at, \
                       (SELECT lang FROM users WHERE users.email = mail_outbox.to_addr) AS lang"
        );
        let rows: Vec<MailRow> = on_write!(self, |pool| sqlx::query_as(&sql)
            .bind(now)
            .bind(now + lease_ms)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(|r| QueuedMail { id: r.id.clone(), attempts: r.at, content: r.content() }).collect())
    }

    async fn mark_mail_sent(&self, id: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
            "UPDATE mail_outbox SET sent_at = $2, locked_until = NULL, last_error = NULL, body_text = '', args = NULL WHERE id = $1"
        )
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map)
        })
    }

    async fn mark_mail_failed(
        &self,
        id: &str,
        attempts: i64,
        next_attempt_at: i64,
        error: &str,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
            "UPDATE mail_outbox SET attempts = $2, next_attempt_at = $3, locked_until = NULL, last_error = $4 WHERE id = $1"
        )
        .bind(id)
        .bind(attempts)
        .bind(next_attempt_at)
        .bind(error)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map)
        })
    }
}
