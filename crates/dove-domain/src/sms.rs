//! Text messages: the transport trait, and the new-lead alerts sellers can
//! opt into. Like mail, an SMS is written to the outbox in the transaction
//! that decided to send it, and the outbox worker delivers it.
use crate::StoreError;
use crate::mail::Site;
use async_trait::async_trait;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingSms {
    /// E.164, `+2547…`.
    pub to: String,
    pub text: String,
}

#[derive(Debug, Error)]
pub enum SmsError {
    /// What went wrong, never the number or the text.
    #[error("SMS transport failed: {0}")]
    Transport(String),
}

/// Delivers one SMS. Implementations: an HTTP provider, and a local sink that
/// keeps messages for `/dev/mail`.
#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, sms: &OutgoingSms) -> Result<(), SmsError>;
}

/// Texts any one number gets in a day (Nairobi's calendar day). Numbers
/// are not verified yet (no code is sent and entered back), so anyone can
/// make the site text a number they typed; the cap bounds what that costs
/// and how far it can pester someone.
pub const TEXTS_PER_NUMBER_PER_DAY: i64 = 5;

/// The daily count behind [`TEXTS_PER_NUMBER_PER_DAY`], kept in the
/// database so it holds across nodes and restarts.
pub trait SmsQuotaRepo: Send + Sync {
    /// Counts one more text to `number` on `day` and returns the day's count
    /// including it; atomic, so two nodes never both take the last one.
    fn count_text(&self, number: &str, day: i64) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Marks the queued text `id` dropped: never sent, never retried, its
    /// text gone.
    fn drop_text(&self, id: &str, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A new lead whose seller asked to hear about leads by SMS.
#[derive(Debug, Clone)]
pub struct DueLeadAlert {
    pub lead_id: String,
    pub phone: String,
    pub buyer_name: String,
    pub listing_title: String,
    pub source: String,
}

pub trait LeadAlertRepo: Send + Sync {
    /// Leads created since `since` that have not been alerted, of sellers
    /// who opted in and gave a phone number.
    fn due_lead_alerts(
        &self,
        since: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<DueLeadAlert>, StoreError>> + Send;
    /// Marks the lead alerted and queues the SMS, in one transaction; false
    /// if another node did first.
    fn queue_lead_alert(
        &self,
        lead_id: &str,
        sms: &OutgoingSms,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// Leads older than this are not texted about any more (the worker was down).
const ALERT_HORIZON_MS: i64 = crate::clock::HOUR_MS;

/// An SMS is 160 characters; the alert keeps to one.
fn alert_text(site: &Site, a: &DueLeadAlert) -> String {
    let how = match a.source.as_str() {
        "phone" => "asked for your number",
        "viewing" => "asked to view",
        "favourite" => "saved",
        _ => "messaged you about",
    };
    let link = site.link("/leads");
    let budget = 160usize.saturating_sub(link.len() + 20 + how.len() + 6);
    let name: String = a.buyer_name.chars().take(20).collect();
    let mut title: String = a.listing_title.chars().take(budget.saturating_sub(name.len())).collect();
    if title.chars().count() < a.listing_title.chars().count() {
        title.pop();
        title.push('…');
    }
    format!("Dove: {name} {how} \"{title}\". {link}")
}

/// Texts each opted-in seller about their new leads. Returns how many.
pub async fn send_lead_alerts<R: LeadAlertRepo>(repo: &R, site: &Site, now: i64) -> Result<usize, StoreError> {
    let mut sent = 0;
    for a in repo.due_lead_alerts(now - ALERT_HORIZON_MS, 200).await? {
        let sms = OutgoingSms { to: a.phone.clone(), text: alert_text(site, &a) };
        if repo.queue_lead_alert(&a.lead_id, &sms, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_fit_one_sms() {
        let site = Site::new("https://dove.example");
        let a = DueLeadAlert {
            lead_id: "l".into(),
            phone: "+254700000001".into(),
            buyer_name: "Wanjiru Kamau".into(),
            listing_title: "Spacious 3 bedroom maisonette with servant quarters in Kileleshwa, near the shops".into(),
            source: "viewing".into(),
        };
        let text = alert_text(&site, &a);
        assert!(text.chars().count() <= 160, "{} chars: {text}", text.chars().count());
        assert!(text.starts_with("Dove: Wanjiru Kamau asked to view \"Spacious 3 bedroom"), "{text}");
        assert!(text.ends_with("https://dove.example/leads"));
    }
}
