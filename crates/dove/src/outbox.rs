//! The outbox worker: delivers queued mail and SMS, retrying failures with
//! backoff.
//! Several workers (one per node) can run at once; leases keep them apart.
use dove_domain::clock::Day;
use dove_domain::clock::now_ms;
use dove_domain::mail::{Mailer, OutboxBell, OutboxRepo, Queued, retry_delay_ms};
use dove_domain::sms::{SmsQuotaRepo, SmsSender, TEXTS_PER_NUMBER_PER_DAY};
use dove_store::Db;
use dove_web::Metrics;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::sync::watch;

/// How long a claimed message is reserved for this worker.
const LEASE_MS: i64 = 60_000;
const BATCH: i64 = 20;

/// Sends every message that is due now; returns how many were handled.
pub async fn deliver_due(
    db: &Db,
    mailer: &dyn Mailer,
    sms: &dyn SmsSender,
    metrics: &Metrics,
) -> Result<usize, dove_domain::StoreError> {
    let batch = db.claim_due_mail(now_ms(), LEASE_MS, BATCH).await?;
    for queued in &batch {
        let sent = match &queued.content {
            Queued::Letter { mail, lang } => {
                mailer.send(&dove_web::write_mail(lang, mail)).await.map_err(|e| e.to_string())
            }
            Queued::Written(w) => mailer.send(w).await.map_err(|e| e.to_string()),
            Queued::Text(text) => {
                // A text counts against its number's day on its first
                // attempt (attempts is raised by the claim); retries of a
                // text already counted do not count again.
                if queued.attempts == 1
                    && db.count_text(&text.to, Day::today(now_ms()).0).await? > TEXTS_PER_NUMBER_PER_DAY
                {
                    // The log names the message, never the number.
                    tracing::warn!(mail_id = %queued.id, cap = TEXTS_PER_NUMBER_PER_DAY, "text dropped: its number has had its texts for today");
                    db.drop_text(&queued.id, now_ms()).await?;
                    continue;
                }
                sms.send(text).await.map_err(|e| e.to_string())
            }
        };
        match sent {
            Ok(()) => {
                db.mark_mail_sent(&queued.id, now_ms()).await?;
                metrics.mail_sent.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                // The error names the transport problem, never the message body.
                tracing::warn!(mail_id = %queued.id, channel = queued.channel().as_str(), attempts = queued.attempts, error = %e, "delivery failed; will retry");
                let next = now_ms() + retry_delay_ms(queued.attempts);
                db.mark_mail_failed(&queued.id, queued.attempts, next, &e).await?;
                metrics.mail_failed.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    Ok(batch.len())
}

/// How often the outbox looks without being rung: for retries falling
/// due, and mail queued by another node.
const POLL: Duration = Duration::from_secs(2);

/// Runs until `stop` turns true: at each ring of `bell`, and every [`POLL`].
pub async fn run(
    db: Db,
    mailer: Arc<dyn Mailer>,
    sms: Arc<dyn SmsSender>,
    metrics: Arc<Metrics>,
    bell: Arc<OutboxBell>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match deliver_due(&db, mailer.as_ref(), sms.as_ref(), &metrics).await {
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "outbox worker could not read the outbox"),
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = bell.rung() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}
