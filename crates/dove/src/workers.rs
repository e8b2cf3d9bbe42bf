//! The periodic jobs: search alerts (`alerts`), unread-message digests
//! with task, viewing, review and new-lead reminders (`message_digests`), the money
//! clock (`orders`: completion, expiry, payouts, refunds, STK queries),
//! writing counted views (`flush_views`) and warning sellers before their
//! listings expire (`warn_expiring`). Each rings the outbox after its
//! round, for the mail it queued, and runs until `stop` turns true;
//! the final view flush happens after it, so a clean shutdown loses no
//! counted view.
use dove_domain::listings;
use dove_domain::mail::{OutboxBell, Site};
use dove_domain::payments::PaymentsConfig;
use dove_store::Db;
use dove_web::ViewCounter;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often counted views are written.
const VIEW_FLUSH: Duration = Duration::from_secs(5);
/// How often saved searches are run for alerts.
const ALERT_SCAN: Duration = Duration::from_secs(30);

/// Runs saved searches and mails what is due, until `stop`.
pub async fn alerts(
    db: Db,
    search: Arc<dyn dove_domain::search::Searcher>,
    site: Site,
    key: [u8; 32],
    bell: Arc<OutboxBell>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let result = async {
            let categories = listings::categories(&db).await?;
            let found = dove_domain::alerts::find_matches(&db, search.as_ref(), &categories).await?;
            let sent = dove_domain::alerts::send_due(&db, &site, &key).await?;
            Ok::<_, dove_domain::alerts::AlertError>((found, sent))
        }
        .await;
        match result {
            Ok((0, 0)) => {}
            Ok((found, sent)) => tracing::info!(found, sent, "search alerts"),
            Err(e) => tracing::warn!(error = %e, "search alerts failed"),
        }
        bell.ring();
        if !tick(ALERT_SCAN, &mut stop).await {
            return;
        }
    }
}

/// How often unread messages are looked for, to mail their recipients.
const DIGEST_SCAN: Duration = Duration::from_secs(15);

/// Mails recipients who left messages unread (see `messages::send_digests`),
/// sellers whose follow-up tasks fell due, and both sides of a viewing two
/// hours before it; texts opted-in sellers about new leads.
pub async fn message_digests(db: Db, site: Site, bell: Arc<OutboxBell>, mut stop: watch::Receiver<bool>) {
    loop {
        match dove_domain::messages::send_digests(&db, &site, dove_domain::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(mails = n, "message digests queued"),
            Err(e) => tracing::warn!(error = %e, "message digests failed"),
        }
        match dove_domain::leads::send_task_reminders(&db, &site, dove_domain::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(mails = n, "task reminders queued"),
            Err(e) => tracing::warn!(error = %e, "task reminders failed"),
        }
        match dove_domain::viewings::send_reminders(&db, &site, dove_domain::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(viewings = n, "viewing reminders queued"),
            Err(e) => tracing::warn!(error = %e, "viewing reminders failed"),
        }
        let now = dove_domain::clock::now_ms();
        match dove_domain::trust::scan(&db, now - 7 * dove_domain::clock::DAY_MS, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(cases = n, "trust signals raised"),
            Err(e) => tracing::warn!(error = %e, "trust scan failed"),
        }
        match dove_domain::reviews::send_reminders(&db, &site, dove_domain::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(mails = n, "review reminders queued"),
            Err(e) => tracing::warn!(error = %e, "review reminders failed"),
        }
        match dove_domain::sms::send_lead_alerts(&db, &site, &dove_web::TextWords, dove_domain::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sms = n, "new-lead alerts queued"),
            Err(e) => tracing::warn!(error = %e, "new-lead alerts failed"),
        }
        bell.ring();
        if !tick(DIGEST_SCAN, &mut stop).await {
            return;
        }
    }
}

/// How often unpaid orders are checked for having run out of time.
const ORDER_SCAN: Duration = Duration::from_secs(15);

/// Asks M-Pesa about prompts whose callback never came and payouts whose
/// request was never answered, expires unpaid
/// orders whose time ran out (freeing their stock), and completes orders
/// handed over a week ago with no dispute.
pub async fn orders(
    db: Db,
    site: Site,
    payments: Arc<PaymentsConfig>,
    bell: Arc<OutboxBell>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let now = dove_domain::clock::now_ms();
        match dove_domain::orders::complete_overdue(&db, &site, payments.commission_bps, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders = n, "orders and bookings completed by themselves"),
            Err(e) => tracing::warn!(error = %e, "order completion failed"),
        }
        // A gateway that is off leaves its payouts and refunds queued, owed
        // and shown as such, until it is configured.
        if let Some(gateway) = &payments.payouts {
            match dove_domain::payouts::send_unsent(&db, gateway.as_ref(), &payments.b2c_result_url, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(payouts = n, "unsent payouts sent"),
                Err(e) => tracing::warn!(error = %e, "sending payouts failed"),
            }
        }
        if let Some(gateway) = &payments.payouts {
            match dove_domain::payouts::ask_unanswered(&db, gateway.as_ref(), &payments.b2c_result_url, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(payouts = n, "unanswered payouts asked about"),
                Err(e) => tracing::warn!(error = %e, "asking about payouts failed"),
            }
        }
        if let Some(cards) = &payments.cards {
            match dove_domain::refunds::send_unsent(&db, cards.as_ref(), now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(refunds = n, "unsent card refunds tried again"),
                Err(e) => tracing::warn!(error = %e, "sending card refunds failed"),
            }
        }
        match dove_domain::payments::query_stale(&db, &site, &payments, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(payments = n, "payments resolved by STK query"),
            Err(e) => tracing::warn!(error = %e, "STK queries failed"),
        }
        match dove_domain::orders::expire_overdue(&db, &site, dove_domain::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders = n, "unpaid orders expired"),
            Err(e) => tracing::warn!(error = %e, "order expiry failed"),
        }
        bell.ring();
        if !tick(ORDER_SCAN, &mut stop).await {
            return;
        }
    }
}

/// How often expiring listings are looked for.
const EXPIRY_SCAN: Duration = Duration::from_secs(60);

async fn tick(period: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(period) => {}
        _ = stop.changed() => {}
    }
    !*stop.borrow()
}

async fn flush(db: &Db, views: &ViewCounter) {
    let batch = views.drain();
    if let Err(e) = listings::record_views(db, &batch).await {
        tracing::warn!(error = %e, dropped = batch.len(), "could not record views");
    }
}

pub async fn flush_views(db: Db, views: Arc<ViewCounter>, mut stop: watch::Receiver<bool>) {
    while tick(VIEW_FLUSH, &mut stop).await {
        flush(&db, &views).await;
    }
    flush(&db, &views).await;
}

pub async fn warn_expiring(db: Db, site: Site, bell: Arc<OutboxBell>, mut stop: watch::Receiver<bool>) {
    loop {
        match listings::warn_expiring(&db, &site).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sellers = n, "warned sellers of expiring listings"),
            Err(e) => tracing::warn!(error = %e, "expiry scan failed"),
        }
        bell.ring();
        if !tick(EXPIRY_SCAN, &mut stop).await {
            return;
        }
    }
}
