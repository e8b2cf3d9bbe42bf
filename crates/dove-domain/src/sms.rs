//! Text messages: the transport trait, and the new-lead alerts sellers can
//! opt into. Like mail, an SMS is written to the outbox in the transaction
//! that decided to send it, and the outbox worker delivers it.
use crate::StoreError;
use crate::mail::{MailArg, Site};
use async_trait::async_trait;
use std::collections::BTreeMap;
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

/// Puts a text message into words in a language (a code such as `sw`):
/// `dove-web`'s Fluent bundles, the same words as the pages and mail. The
/// domain decides what a text says and fits it to one SMS; it never holds
/// the wording itself.
pub trait TextWriter: Send + Sync {
    fn write(&self, lang: &str, message: &str, args: &BTreeMap<String, MailArg>) -> String;
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
    /// The seller's language, `en` or `sw`.
    pub lang: String,
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

/// One SMS is 160 characters (GSM-7); a longer text is sent, and paid for,
/// as several.
pub const SMS_CHARS: usize = 160;

/// The alert, in the seller's language, kept to one SMS: a long listing
/// title is cut (with "…") by as much as the text is over.
fn alert_text(site: &Site, words: &dyn TextWriter, a: &DueLeadAlert) -> String {
    let how = match a.source.as_str() {
        "phone" => "sms-lead-phone",
        "viewing" => "sms-lead-viewing",
        "favourite" => "sms-lead-favourite",
        _ => "sms-lead-message",
    };
    let name: String = a.buyer_name.chars().take(20).collect();
    let write = |title: String| {
        let args = BTreeMap::from([
            ("name".to_string(), MailArg::Text(name.clone())),
            ("how".to_string(), MailArg::Words { words: how.to_string() }),
            ("title".to_string(), MailArg::Text(title)),
            ("link".to_string(), MailArg::Text(site.link("/leads"))),
        ]);
        words.write(&a.lang, "sms-lead-alert", &args)
    };
    let full = write(a.listing_title.clone());
    let over = full.chars().count().saturating_sub(SMS_CHARS);
    if over == 0 {
        return full;
    }
    let keep = a.listing_title.chars().count().saturating_sub(over + 1);
    let mut title: String = a.listing_title.chars().take(keep).collect();
    title.push('…');
    write(title)
}

/// Texts each opted-in seller about their new leads. Returns how many.
pub async fn send_lead_alerts<R: LeadAlertRepo>(
    repo: &R,
    site: &Site,
    words: &dyn TextWriter,
    now: i64,
) -> Result<usize, StoreError> {
    let mut sent = 0;
    for a in repo.due_lead_alerts(now - ALERT_HORIZON_MS, 200).await? {
        let sms = OutgoingSms { to: a.phone.clone(), text: alert_text(site, words, &a) };
        if repo.queue_lead_alert(&a.lead_id, &sms, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of a fixed shape, so the fitting can be checked here; the real
    /// words are checked against the Fluent files in `dove-web`.
    struct Plain;
    impl TextWriter for Plain {
        fn write(&self, lang: &str, message: &str, args: &BTreeMap<String, MailArg>) -> String {
            let arg = |n: &str| match &args[n] {
                MailArg::Text(t) => t.clone(),
                MailArg::Words { words } => words.clone(),
                MailArg::Number(n) => n.to_string(),
            };
            format!("{lang} {message}: {} {} \"{}\". {}", arg("name"), arg("how"), arg("title"), arg("link"))
        }
    }

    fn alert(title: &str) -> DueLeadAlert {
        DueLeadAlert {
            lead_id: "l".into(),
            phone: "+254700000001".into(),
            buyer_name: "Wanjiru Kamau of the long name family".into(),
            listing_title: title.into(),
            source: "viewing".into(),
            lang: "sw".into(),
        }
    }

    #[test]
    fn a_long_title_is_cut_to_fit_one_sms_exactly() {
        let site = Site::new("https://dove.example");
        let title = "Spacious 3 bedroom maisonette with servant quarters in Kileleshwa, near the shops and the school and the road";
        let text = alert_text(&site, &Plain, &alert(title));
        assert_eq!(text.chars().count(), SMS_CHARS, "{text}");
        assert!(
            text.starts_with("sw sms-lead-alert: Wanjiru Kamau of the sms-lead-viewing \"Spacious 3 bedroom"),
            "the name is cut to 20 characters, the words are the seller's: {text}"
        );
        assert!(text.ends_with("…\". https://dove.example/leads"), "{text}");
    }

    #[test]
    fn a_short_title_is_kept_whole() {
        let site = Site::new("https://dove.example");
        let text = alert_text(&site, &Plain, &alert("Bedsitter, Umoja"));
        assert!(text.contains("\"Bedsitter, Umoja\""), "{text}");
    }
}
