//! Saved searches and alerts: "tell me when something new matches".
//!
//! A worker runs every saved search against the index for listings
//! published since it last looked, and records each match once (the table's
//! key is the saved search and the listing). Mail goes out instantly or as a
//! daily digest; the rows are marked mailed in the same transaction that
//! queues the mail, so a listing appears in at most one mail per search.
use crate::accounts::User;
use crate::clock::{DAY_MS, MINUTE_MS, now_ms};
use crate::listings::{Category, slugify};
use crate::mail::{OutgoingMail, Site};
use crate::money::format_money;
use crate::search::{SearchParams, SearchQuery, Searcher, Sort};
use crate::{FieldErrors, StoreError, new_id};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use thiserror::Error;

/// Saved searches one account may keep.
pub const MAX_SAVED_SEARCHES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Instant,
    Daily,
}

impl Frequency {
    pub fn parse(s: &str) -> Option<Frequency> {
        match s {
            "instant" => Some(Frequency::Instant),
            "daily" => Some(Frequency::Daily),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Instant => "instant",
            Frequency::Daily => "daily",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSearch {
    pub id: String,
    pub user_id: String,
    /// The search as a URL query string (`q=…&offer=rent`).
    pub query: String,
    pub label: String,
    pub frequency: Frequency,
    pub created_at: i64,
    pub checked_at: i64,
    pub digest_at: i64,
}

/// A match waiting to be mailed, with what the mail shows.
#[derive(Debug, Clone)]
pub struct PendingAlert {
    pub listing_id: String,
    pub title: String,
    pub price_minor: i64,
    pub currency: String,
    pub town: String,
}

pub trait AlertRepo: Send + Sync {
    fn insert_saved_search(&self, s: &SavedSearch) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn saved_searches_of(&self, user_id: &str) -> impl Future<Output = Result<Vec<SavedSearch>, StoreError>> + Send;
    fn saved_search(&self, id: &str) -> impl Future<Output = Result<Option<SavedSearch>, StoreError>> + Send;
    fn delete_saved_search(&self, id: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Every saved search, oldest check first.
    fn saved_searches_to_check(&self, limit: i64) -> impl Future<Output = Result<Vec<SavedSearch>, StoreError>> + Send;
    /// Records matches (each once) and when the search was checked.
    fn record_matches(
        &self,
        id: &str,
        listing_ids: &[String],
        checked_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn pending_alerts(
        &self,
        id: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<PendingAlert>, StoreError>> + Send;
    /// Marks these matches mailed and queues `mail`, in one transaction,
    /// only if none was mailed already; returns whether it did.
    fn mark_mailed(
        &self,
        id: &str,
        listing_ids: &[String],
        mail: &OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The owner's email and name.
    fn alert_recipient(
        &self,
        user_id: &str,
    ) -> impl Future<Output = Result<Option<(String, String)>, StoreError>> + Send;
}

#[derive(Debug, Error)]
pub enum AlertError {
    #[error("invalid saved search")]
    Invalid(FieldErrors),
    #[error("too many saved searches")]
    TooMany,
    #[error("no such saved search")]
    NotFound,
    #[error("the unsubscribe link is not valid")]
    BadSignature,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A short name for a search, for the list and the mail subject.
fn label(q: &SearchQuery) -> String {
    let mut parts = Vec::new();
    if !q.text.is_empty() {
        parts.push(format!("\"{}\"", q.text));
    }
    if let Some(o) = q.offer {
        parts.push(if o.as_str() == "rent" { "to rent".to_string() } else { "for sale".to_string() });
    }
    if let Some(c) = &q.category {
        parts.push(c.replace('-', " "));
    }
    if let Some(b) = q.bedrooms_min {
        parts.push(format!("{b}+ bedrooms"));
    }
    if let Some(max) = q.price_max {
        parts.push(format!("up to {}", format_money(max, "KES")));
    }
    if let Some(c) = q.county.as_ref().or(q.town.as_ref()) {
        parts.push(format!("in {c}"));
    }
    if parts.is_empty() { "All new listings".to_string() } else { parts.join(", ") }
}

/// The query string of a search, with only what a saved search keeps.
fn canonical(p: &SearchParams) -> String {
    p.saved_part().to_query()
}

/// Parses a stored query string back into parameters.
pub fn params_of(query: &str) -> SearchParams {
    SearchParams::from_query(query)
}

/// Saves a search for alerts.
pub async fn save<R: AlertRepo>(
    repo: &R,
    user: &User,
    params: &SearchParams,
    frequency: Frequency,
    categories: &[Category],
) -> Result<SavedSearch, AlertError> {
    let q = SearchQuery::parse(params, categories).map_err(AlertError::Invalid)?;
    if repo.saved_searches_of(&user.id).await?.len() >= MAX_SAVED_SEARCHES {
        return Err(AlertError::TooMany);
    }
    let now = now_ms();
    let s = SavedSearch {
        id: new_id(),
        user_id: user.id.clone(),
        query: canonical(params),
        label: label(&q),
        frequency,
        created_at: now,
        checked_at: now,
        digest_at: now,
    };
    repo.insert_saved_search(&s).await?;
    Ok(s)
}

pub async fn list<R: AlertRepo>(repo: &R, user: &User) -> Result<Vec<SavedSearch>, AlertError> {
    Ok(repo.saved_searches_of(&user.id).await?)
}

/// Deletes a user's own saved search.
pub async fn delete<R: AlertRepo>(repo: &R, user: &User, id: &str) -> Result<(), AlertError> {
    match repo.saved_search(id).await? {
        Some(s) if s.user_id == user.id => {
            repo.delete_saved_search(id).await?;
            Ok(())
        }
        _ => Err(AlertError::NotFound),
    }
}

fn mac(key: &[u8], id: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(b"dove-unsubscribe:");
    m.update(id.as_bytes());
    m
}

/// The signature in an unsubscribe link.
pub fn unsubscribe_signature(key: &[u8], id: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(key, id).finalize().into_bytes())
}

/// Unsubscribes through a mailed link, without signing in.
pub async fn unsubscribe<R: AlertRepo>(repo: &R, key: &[u8], id: &str, signature: &str) -> Result<(), AlertError> {
    let sig = URL_SAFE_NO_PAD.decode(signature).map_err(|_| AlertError::BadSignature)?;
    mac(key, id).verify_slice(&sig).map_err(|_| AlertError::BadSignature)?;
    repo.delete_saved_search(id).await?;
    Ok(())
}

/// How far back each check looks, past the last one: covers listings that
/// were published just before a check but indexed just after it.
const OVERLAP_MS: i64 = 2 * MINUTE_MS;

/// Finds new matches for every saved search. Returns how many were new.
pub async fn find_matches<R: AlertRepo>(
    repo: &R,
    searcher: &dyn Searcher,
    categories: &[Category],
) -> Result<usize, AlertError> {
    let now = now_ms();
    let mut found = 0;
    for s in repo.saved_searches_to_check(1000).await? {
        let Ok(mut q) = SearchQuery::parse(&params_of(&s.query), categories) else {
            continue;
        };
        // Never before the search was saved; otherwise since the last look.
        q.published_after = Some((s.checked_at - OVERLAP_MS).max(s.created_at));
        q.sort = Sort::Newest;
        q.page = 1;
        let ids: Vec<String> = match searcher.search(&q, now) {
            Ok(r) => r.hits.into_iter().map(|h| h.card.id).collect(),
            Err(e) => {
                tracing::warn!(error = %e, "alert search failed");
                continue;
            }
        };
        found += ids.len();
        repo.record_matches(&s.id, &ids, now).await?;
    }
    Ok(found)
}

/// Mails what is due: instant searches now, daily ones once a day.
/// Returns how many mails were queued.
pub async fn send_due<R: AlertRepo>(repo: &R, site: &Site, key: &[u8]) -> Result<usize, AlertError> {
    let now = now_ms();
    let mut sent = 0;
    for s in repo.saved_searches_to_check(1000).await? {
        if s.frequency == Frequency::Daily && s.digest_at > now - DAY_MS {
            continue;
        }
        let pending = repo.pending_alerts(&s.id, 20).await?;
        if pending.is_empty() {
            continue;
        }
        let Some((email, name)) = repo.alert_recipient(&s.user_id).await? else {
            continue;
        };
        // One line and its link for each match: names, prices and places,
        // the same in any language.
        let matches: String = pending
            .iter()
            .map(|p| {
                format!(
                    "- {} · {} · {}\n  {}\n",
                    p.title,
                    format_money(p.price_minor, &p.currency),
                    p.town,
                    site.link(&format!("/l/{}-{}", p.listing_id, slugify(&p.title)))
                )
            })
            .collect();
        let mail = OutgoingMail::new(&email, "mail-search-alert")
            .text("name", name)
            .text("search", &s.label)
            .number("count", pending.len() as i64)
            .text("first", &pending[0].title)
            .text("matches", matches)
            .text("results", site.link(&format!("/search?{}", s.query)))
            .text(
                "stop",
                site.link(&format!("/alerts/unsubscribe?id={}&sig={}", s.id, unsubscribe_signature(key, &s.id))),
            );
        let ids: Vec<String> = pending.iter().map(|p| p.listing_id.clone()).collect();
        if repo.mark_mailed(&s.id, &ids, &mail, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_queries_round_trip() {
        let p = params_of("q=2+bedroom&offer=rent&page=3&sort=newest&amenity=water&amenity=pool");
        let c = canonical(&p);
        assert_eq!(c, "q=2+bedroom&offer=rent&amenity=water&amenity=pool");
        assert_eq!(params_of(&c).amenity, vec!["water", "pool"]);
    }

    #[test]
    fn signatures_verify_only_for_their_id() {
        let key = [7u8; 32];
        let sig = unsubscribe_signature(&key, "a");
        assert!(mac(&key, "a").verify_slice(&URL_SAFE_NO_PAD.decode(&sig).unwrap()).is_ok());
        assert!(mac(&key, "b").verify_slice(&URL_SAFE_NO_PAD.decode(&sig).unwrap()).is_err());
    }
}
