//! Leads: every buyer and listing pair a seller hears from, whichever way
//! they made contact. A first message makes one (see `messages`); so does
//! revealing the seller's phone number to call or WhatsApp them.
use crate::accounts::User;
use crate::clock::{HOUR_MS, now_ms};
use crate::listings::{ListingError, ListingRepo};
use crate::paging::{Cursor, next_after};
use crate::{FieldErrors, StoreError};
use serde::Serialize;
use thiserror::Error;

/// Longest note or task title, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
pub const MAX_TASK_CHARS: usize = 200;
/// Leads on one page of the board (the CSV export has them all).
pub const BOARD_PAGE: i64 = 100;

#[derive(Debug, Error)]
pub enum LeadError {
    /// No such listing or lead, or not this seller's: the same answer.
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("a lead can't move from {from} to {to}")]
    IllegalMove { from: &'static str, to: &'static str },
    /// The seller gave no phone number: only messages reach them.
    #[error("the seller has no phone number")]
    NoPhone,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ListingError> for LeadError {
    fn from(e: ListingError) -> Self {
        match e {
            ListingError::Store(s) => LeadError::Store(s),
            _ => LeadError::NotFound,
        }
    }
}

/// Where a lead is in the seller's pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    New,
    Contacted,
    Viewing,
    Negotiating,
    Won,
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 6] =
        [Stage::New, Stage::Contacted, Stage::Viewing, Stage::Negotiating, Stage::Won, Stage::Lost];

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Contacted => "contacted",
            Stage::Viewing => "viewing",
            Stage::Negotiating => "negotiating",
            Stage::Won => "won",
            Stage::Lost => "lost",
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Won | Stage::Lost)
    }

    /// Open leads move freely between open stages and can be closed; a
    /// closed lead must be reopened (to Contacted) before anything else.
    pub fn can_move_to(self, to: Stage) -> bool {
        if self == to {
            return false;
        }
        !self.is_closed() || to == Stage::Contacted
    }
}

/// A lead as the seller's board shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    pub id: String,
    pub seller_id: String,
    pub buyer_id: String,
    pub buyer_name: String,
    pub listing_id: String,
    pub listing_title: String,
    pub source: String,
    pub stage: Stage,
    pub lost_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_reply_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeadEvent {
    pub kind: String,
    pub detail: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub id: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub due_at: i64,
    pub done: bool,
    pub created_at: i64,
}

/// Which leads the board shows.
#[derive(Debug, Clone, Default)]
pub struct LeadFilter {
    pub listing_id: Option<String>,
    pub stage: Option<Stage>,
    pub source: Option<String>,
    /// Leads first heard from at or after this time.
    pub since: Option<i64>,
}

/// How fast the seller answers, shown to them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ResponseTimes {
    /// Median time from a lead's first contact to the first reply, in
    /// minutes; `None` before any reply.
    pub median_minutes: Option<i64>,
    /// Share of message leads answered within an hour, 0–100.
    pub within_hour_percent: Option<i64>,
    pub answered: i64,
    pub total: i64,
}

/// What the store counts about a seller's message leads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplyStats {
    pub total: i64,
    pub answered: i64,
    /// Answered within [`REPLY_GOAL_MS`] of the first contact.
    pub answered_in_time: i64,
    /// The median wait for the first reply, in milliseconds.
    pub median_wait_ms: Option<i64>,
}

/// The reply time the board holds sellers to.
pub const REPLY_GOAL_MS: i64 = HOUR_MS;

pub fn response_times(s: ReplyStats) -> ResponseTimes {
    ResponseTimes {
        median_minutes: s.median_wait_ms.map(|w| w.max(0) / 60_000),
        within_hour_percent: (s.total > 0).then(|| s.answered_in_time * 100 / s.total),
        answered: s.answered,
        total: s.total,
    }
}

/// How the buyer wants to reach the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Call,
    WhatsApp,
}

impl Channel {
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "call" => Some(Channel::Call),
            "whatsapp" => Some(Channel::WhatsApp),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::WhatsApp => "whatsapp",
        }
    }
}

/// The seller's number, and links that dial it or open WhatsApp with a
/// message naming the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    pub phone: String,
    pub tel_url: String,
    pub whatsapp_url: String,
}

/// A follow-up task that fell due, with what its reminder mail needs.
#[derive(Debug, Clone)]
pub struct DueTask {
    pub task_id: String,
    pub lead_id: String,
    pub title: String,
    pub email: String,
    pub seller_name: String,
    pub buyer_name: String,
    pub listing_title: String,
}

pub trait LeadRepo: Send + Sync {
    /// The phone number of a listing's seller, if they gave one.
    fn seller_phone(&self, seller_id: &str) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Makes (or touches) the lead for this buyer and listing, and adds an
    /// event to its history, in one transaction.
    fn lead(&self, id: &str) -> impl Future<Output = Result<Option<Lead>, StoreError>> + Send;
    /// The seller's leads, latest activity first, from just after `before`.
    fn seller_leads(
        &self,
        seller_id: &str,
        filter: &LeadFilter,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Lead>, StoreError>> + Send;
    /// How many leads match the filter in each stage (the stage filter aside).
    fn stage_counts(
        &self,
        seller_id: &str,
        filter: &LeadFilter,
    ) -> impl Future<Output = Result<Vec<(Stage, i64)>, StoreError>> + Send;
    /// Counts over the seller's message leads, `goal_ms` being the reply
    /// time that counts as answered in time.
    fn reply_stats(&self, seller_id: &str, goal_ms: i64)
    -> impl Future<Output = Result<ReplyStats, StoreError>> + Send;
    /// Moves the lead from `from` to `to` and records it; false if the lead
    /// was no longer at `from` (another change won).
    fn move_stage(
        &self,
        id: &str,
        from: Stage,
        to: Stage,
        lost_reason: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn lead_events(&self, id: &str) -> impl Future<Output = Result<Vec<LeadEvent>, StoreError>> + Send;
    fn notes(&self, lead_id: &str) -> impl Future<Output = Result<Vec<Note>, StoreError>> + Send;
    fn add_note(&self, lead_id: &str, body: &str, now: i64) -> impl Future<Output = Result<Note, StoreError>> + Send;
    fn tasks(&self, lead_id: &str) -> impl Future<Output = Result<Vec<Task>, StoreError>> + Send;
    fn add_task(
        &self,
        lead_id: &str,
        title: &str,
        due_at: i64,
        now: i64,
    ) -> impl Future<Output = Result<Task, StoreError>> + Send;
    /// Marks a task of this lead done; false if there is no such task.
    fn finish_task(
        &self,
        lead_id: &str,
        task_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Open tasks due by `now` whose reminder has not gone out.
    fn due_tasks(&self, now: i64, limit: i64) -> impl Future<Output = Result<Vec<DueTask>, StoreError>> + Send;
    /// Marks the reminder sent and queues its mail, in one transaction;
    /// false if another node did first.
    fn queue_task_reminder(
        &self,
        task_id: &str,
        mail: &crate::mail::OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn record_contact(
        &self,
        seller_id: &str,
        buyer_id: &str,
        listing_id: &str,
        source: &str,
        event: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The wa.me link for `phone` (E.164) with a first message naming the listing.
pub fn whatsapp_url(phone: &str, listing_title: &str, listing_url: &str) -> String {
    let text = format!("Hello, I saw \"{listing_title}\" on Dove Market: {listing_url}. Is it still available?");
    format!("https://wa.me/{}?text={}", phone.trim_start_matches('+'), percent_encode(&text))
}

/// Shows a signed-in buyer the seller's phone number, if the seller proved
/// it with a code (an unproved number is never shown), and records the
/// reveal as a lead event. Sellers see their own number without a lead.
pub async fn reveal_phone<R: LeadRepo + ListingRepo>(
    repo: &R,
    buyer: &User,
    listing_id: &str,
    channel: Channel,
    listing_url: &str,
) -> Result<Reveal, LeadError> {
    let listing = repo.listing(listing_id).await?.ok_or(LeadError::NotFound)?;
    if !listing.is_public() {
        return Err(LeadError::NotFound);
    }
    let phone = repo.seller_phone(&listing.seller_id).await?.ok_or(LeadError::NoPhone)?;
    if listing.seller_id != buyer.id {
        repo.record_contact(&listing.seller_id, &buyer.id, &listing.id, "phone", channel.as_str(), now_ms()).await?;
    }
    Ok(Reveal {
        tel_url: format!("tel:{phone}"),
        whatsapp_url: whatsapp_url(&phone, &listing.fields.title, listing_url),
        phone,
    })
}

/// A lead of `seller`'s, or `NotFound` for anyone else's.
pub async fn lead<R: LeadRepo>(repo: &R, seller: &User, id: &str) -> Result<Lead, LeadError> {
    let lead = repo.lead(id).await?.ok_or(LeadError::NotFound)?;
    if lead.seller_id != seller.id {
        return Err(LeadError::NotFound);
    }
    Ok(lead)
}

/// One page of the board: its leads, where the next page starts, and how
/// many leads each stage holds in all.
pub struct BoardPage {
    pub leads: Vec<Lead>,
    pub next: Option<Cursor>,
    pub counts: Vec<(Stage, i64)>,
}

impl BoardPage {
    pub fn count(&self, stage: Stage) -> i64 {
        self.counts.iter().find(|(s, _)| *s == stage).map_or(0, |(_, n)| *n)
    }
}

pub async fn board<R: LeadRepo>(
    repo: &R,
    seller: &User,
    filter: &LeadFilter,
    before: Option<&Cursor>,
) -> Result<BoardPage, StoreError> {
    let after = before.map(|c| (c.at, c.id.as_str()));
    let leads = repo.seller_leads(&seller.id, filter, after, BOARD_PAGE).await?;
    let next = next_after(&leads, BOARD_PAGE, |l| (l.updated_at, &l.id));
    // A first page that holds every lead counts them itself.
    let counts = if before.is_none() && next.is_none() && filter.stage.is_none() {
        Stage::ALL
            .iter()
            .map(|s| (*s, leads.iter().filter(|l| l.stage == *s).count() as i64))
            .filter(|(_, n)| *n > 0)
            .collect()
    } else {
        repo.stage_counts(&seller.id, filter).await?
    };
    Ok(BoardPage { leads, next, counts })
}

/// Every lead matching the filter, for the CSV export.
pub async fn export<R: LeadRepo>(repo: &R, seller: &User, filter: &LeadFilter) -> Result<Vec<Lead>, StoreError> {
    repo.seller_leads(&seller.id, filter, None, i64::MAX).await
}

pub async fn response<R: LeadRepo>(repo: &R, seller: &User) -> Result<ResponseTimes, StoreError> {
    Ok(response_times(repo.reply_stats(&seller.id, REPLY_GOAL_MS).await?))
}

/// Moves a lead to `to`. Lost needs a reason; Won and Lost are final until
/// the lead is reopened (moved back to Contacted).
pub async fn move_to<R: LeadRepo>(
    repo: &R,
    seller: &User,
    id: &str,
    to: Stage,
    reason: Option<&str>,
) -> Result<Lead, LeadError> {
    let current = lead(repo, seller, id).await?;
    if !current.stage.can_move_to(to) {
        return Err(LeadError::IllegalMove { from: current.stage.as_str(), to: to.as_str() });
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if to == Stage::Lost && reason.is_none() {
        return Err(LeadError::Invalid(FieldErrors::single("reason", "lost-reason-required")));
    }
    if reason.is_some_and(|r| r.chars().count() > MAX_TASK_CHARS) {
        return Err(LeadError::Invalid(FieldErrors::single("reason", "lost-reason-too-long")));
    }
    if !repo.move_stage(id, current.stage, to, reason.filter(|_| to == Stage::Lost), now_ms()).await? {
        // Someone moved it meanwhile: judge the move against the new stage.
        return Err(LeadError::IllegalMove { from: current.stage.as_str(), to: to.as_str() });
    }
    lead(repo, seller, id).await
}

pub async fn history<R: LeadRepo>(repo: &R, seller: &User, id: &str) -> Result<Vec<LeadEvent>, LeadError> {
    lead(repo, seller, id).await?;
    Ok(repo.lead_events(id).await?)
}

pub async fn notes<R: LeadRepo>(repo: &R, seller: &User, id: &str) -> Result<Vec<Note>, LeadError> {
    lead(repo, seller, id).await?;
    Ok(repo.notes(id).await?)
}

pub async fn add_note<R: LeadRepo>(repo: &R, seller: &User, id: &str, body: &str) -> Result<Note, LeadError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(LeadError::Invalid(FieldErrors::single("body", "note-empty")));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(LeadError::Invalid(FieldErrors::single("body", "note-too-long")));
    }
    lead(repo, seller, id).await?;
    Ok(repo.add_note(id, body, now_ms()).await?)
}

pub async fn tasks<R: LeadRepo>(repo: &R, seller: &User, id: &str) -> Result<Vec<Task>, LeadError> {
    lead(repo, seller, id).await?;
    Ok(repo.tasks(id).await?)
}

/// Adds a follow-up task; its reminder is mailed when it falls due.
pub async fn add_task<R: LeadRepo>(
    repo: &R,
    seller: &User,
    id: &str,
    title: &str,
    due_at: Option<i64>,
) -> Result<Task, LeadError> {
    let title = title.trim();
    let mut errors = FieldErrors::default();
    if title.is_empty() {
        errors.add("title", "task-empty");
    } else if title.chars().count() > MAX_TASK_CHARS {
        errors.add("title", "task-too-long");
    }
    let now = now_ms();
    match due_at {
        None => errors.add("due_at", "task-due-required"),
        Some(d) if d < now - HOUR_MS => errors.add("due_at", "task-due-past"),
        Some(_) => {}
    }
    if !errors.is_empty() {
        return Err(LeadError::Invalid(errors));
    }
    lead(repo, seller, id).await?;
    Ok(repo.add_task(id, title, due_at.unwrap_or(now), now).await?)
}

pub async fn finish_task<R: LeadRepo>(repo: &R, seller: &User, id: &str, task_id: &str) -> Result<(), LeadError> {
    lead(repo, seller, id).await?;
    if repo.finish_task(id, task_id, now_ms()).await? { Ok(()) } else { Err(LeadError::NotFound) }
}

/// Mails each seller the follow-up tasks that fell due. Returns how many.
pub async fn send_task_reminders<R: LeadRepo>(
    repo: &R,
    site: &crate::mail::Site,
    now: i64,
) -> Result<usize, StoreError> {
    let mut sent = 0;
    for t in repo.due_tasks(now, 200).await? {
        let mail = crate::mail::OutgoingMail::new(&t.email, "mail-task-due")
            .text("name", &t.seller_name)
            .text("task", &t.title)
            .text("buyer", &t.buyer_name)
            .text("listing", &t.listing_title)
            .text("link", site.link(&format!("/leads/{}", t.lead_id)));
        if repo.queue_task_reminder(&t.task_id, &mail, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_links_carry_a_message_naming_the_listing() {
        let url = whatsapp_url("+254712345678", "2BR in Kilimani", "https://dove.ke/l/x");
        assert!(
            url.starts_with("https://wa.me/254712345678?text=Hello%2C%20I%20saw%20%222BR%20in%20Kilimani%22"),
            "{url}"
        );
        assert!(!url.contains(' '));
    }

    #[test]
    fn closed_leads_must_be_reopened_first() {
        assert!(Stage::New.can_move_to(Stage::Negotiating));
        assert!(Stage::Negotiating.can_move_to(Stage::New));
        assert!(Stage::Viewing.can_move_to(Stage::Lost));
        assert!(!Stage::Lost.can_move_to(Stage::Won));
        assert!(!Stage::Won.can_move_to(Stage::Lost));
        assert!(Stage::Lost.can_move_to(Stage::Contacted));
        assert!(!Stage::New.can_move_to(Stage::New));
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn response_times_are_a_median_in_minutes_and_a_share_answered_in_time() {
        let stats =
            ReplyStats { total: 4, answered: 3, answered_in_time: 2, median_wait_ms: Some(30 * 60_000 + 59_000) };
        let r = response_times(stats);
        assert_eq!(r.median_minutes, Some(30));
        assert_eq!(r.within_hour_percent, Some(50));
        assert_eq!((r.answered, r.total), (3, 4));
        let none = response_times(ReplyStats::default());
        assert_eq!((none.median_minutes, none.within_hour_percent), (None, None));
    }

    #[test]
    fn channels_round_trip() {
        for c in [Channel::Call, Channel::WhatsApp] {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse("sms"), None);
    }
}
