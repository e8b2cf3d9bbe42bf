//! Viewings: a buyer asks to see a house at one of up to three times, and
//! the seller accepts one, proposes others, or declines. The side that did
//! not propose the current times is the one who answers, so a buyer can
//! answer a seller's counter-proposal the same way.
//!
//! Every step also posts a message in the conversation, so it reaches the
//! other side live, counts as unread and is mailed like any message; an
//! accepted viewing mails both sides a calendar link, and a reminder goes
//! out two hours before it.
use crate::accounts::User;
use crate::clock::{DAY_MS, HOUR_MS, MINUTE_MS, now_ms, short_time};
use crate::error::Conflict;
use crate::listings::{Kind, ListingRepo};
use crate::mail::{OutgoingMail, Site};
use crate::messages::{Message, MessageRepo, Side, caution, check_body};
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;
use thiserror::Error;

/// Times one request may propose.
pub const MAX_SLOTS: usize = 3;
/// How long a viewing takes: two slots closer than this overlap.
pub const VIEWING_MS: i64 = HOUR_MS;
/// The reminder goes out this long before the start.
pub const REMIND_BEFORE_MS: i64 = 2 * HOUR_MS;
/// Slots are at most this far ahead.
pub const MAX_AHEAD_MS: i64 = 90 * DAY_MS;
/// Longest optional note sent with a request, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

#[derive(Debug, Error)]
pub enum ViewingError {
    /// No such listing or viewing, or not a participant: the same answer.
    #[error("viewing not found")]
    NotFound,
    #[error("invalid viewing")]
    Invalid(FieldErrors),
    /// The request is the other side's to answer, or it is no longer open.
    #[error("this viewing can't be changed that way now")]
    Conflict(&'static str),
    #[error("you can't message this user")]
    Blocked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Requested,
    Accepted,
    Declined,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Requested => "requested",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn from_stored(s: &str) -> Status {
        match s {
            "accepted" => Status::Accepted,
            "declined" => Status::Declined,
            "cancelled" => Status::Cancelled,
            _ => Status::Requested,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Viewing {
    pub id: String,
    pub conversation_id: String,
    pub listing_id: String,
    pub listing_title: String,
    /// Houses get the "never pay before viewing" warnings.
    #[serde(skip)]
    pub about_property: bool,
    /// Neighbourhood, town: the calendar entry's location.
    pub place: String,
    pub buyer_id: String,
    pub buyer_name: String,
    /// For the confirmation mails; never sent to the other side.
    #[serde(skip)]
    pub buyer_email: String,
    pub seller_id: String,
    pub seller_name: String,
    #[serde(skip)]
    pub seller_email: String,
    pub status: Status,
    pub proposed_by: Side,
    /// The proposed start times, earliest first.
    pub slots: Vec<i64>,
    /// The agreed start, once accepted.
    pub starts_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Whether it took place, as the buyer says, and as the seller says.
    pub buyer_attended: Option<bool>,
    pub seller_attended: Option<bool>,
    /// When both sides had said it took place: a review is possible then.
    pub held_at: Option<i64>,
}

impl Viewing {
    pub fn side(&self, user_id: &str) -> Option<Side> {
        Side::of(user_id, &self.buyer_id, &self.seller_id)
    }

    /// Who answers an open request: the side that did not propose.
    pub fn awaiting(&self) -> Option<Side> {
        (self.status == Status::Requested).then_some(self.proposed_by.other())
    }

    pub fn other_name(&self, side: Side) -> &str {
        match side {
            Side::Buyer => &self.seller_name,
            Side::Seller => &self.buyer_name,
        }
    }

    /// Accepted and already started: from then on, talk of money is normal.
    pub fn happened(&self, now: i64) -> bool {
        self.status == Status::Accepted && self.starts_at.is_some_and(|s| s <= now)
    }

    /// What `side` said about whether it took place.
    pub fn attended_by(&self, side: Side) -> Option<bool> {
        match side {
            Side::Buyer => self.buyer_attended,
            Side::Seller => self.seller_attended,
        }
    }

    /// Once an accepted viewing's time has come, each side says once
    /// whether it took place.
    pub fn can_say_attended(&self, side: Side, now: i64) -> bool {
        self.happened(now) && self.attended_by(side).is_none()
    }

    /// Both sides said it took place: the visitor may review it.
    pub fn was_held(&self) -> bool {
        self.held_at.is_some()
    }

    /// Still ahead: requested, or accepted and not yet over.
    pub fn is_upcoming(&self, now: i64) -> bool {
        match self.status {
            Status::Requested => true,
            Status::Accepted => self.starts_at.is_some_and(|s| s + VIEWING_MS > now),
            _ => false,
        }
    }

    /// The slots as "28 Nov 10:00 · 29 Nov 14:00" (Nairobi time).
    pub fn slots_label(&self) -> String {
        slots_label(&self.slots)
    }

    pub fn starts_label(&self) -> String {
        self.starts_at.map(short_time).unwrap_or_default()
    }
}

fn slots_label(slots: &[i64]) -> String {
    slots.iter().map(short_time).collect::<Vec<_>>().join(" · ")
}

/// A viewing's new state, as one step of the negotiation leaves it.
#[derive(Debug, Clone)]
pub struct Step {
    pub status: Status,
    pub proposed_by: Side,
    pub slots: Vec<i64>,
    pub starts_at: Option<i64>,
    /// The message the step posts in the conversation.
    pub message: Message,
    /// Mail queued with the step (the calendar links on acceptance).
    pub mails: Vec<OutgoingMail>,
}

/// A request to store: who asks whom about what, and when.
#[derive(Debug, Clone)]
pub struct NewViewing<'a> {
    pub id: &'a str,
    /// The conversation to use, or to open with this id if there is none.
    pub conversation_id: &'a str,
    pub listing_id: &'a str,
    pub buyer_id: &'a str,
    pub seller_id: &'a str,
    pub slots: &'a [i64],
}

/// A reminder due for an accepted viewing, with what its mails need.
#[derive(Debug, Clone)]
pub struct DueReminder {
    pub viewing_id: String,
    pub conversation_id: String,
    pub starts_at: i64,
    pub listing_title: String,
    pub place: String,
    /// (email, name) of the buyer, then the seller.
    pub people: [(String, String); 2],
}

pub trait ViewingRepo: Send + Sync {
    /// In one transaction: opens the buyer's conversation about the listing
    /// if there is none, posts `message`, records the lead (source
    /// "viewing") and stores the request. Returns the conversation's id.
    /// A request already open in the conversation is
    /// `StoreError::Conflict(Conflict::ViewingOpen)`.
    fn insert_viewing(
        &self,
        v: &NewViewing<'_>,
        message: &Message,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;
    fn viewing(&self, id: &str) -> impl Future<Output = Result<Option<Viewing>, StoreError>> + Send;
    /// The conversation's latest viewing. One request is open at a time and
    /// none is made while an agreed one is ahead, so it is the one that
    /// matters.
    fn latest_viewing(&self, conversation_id: &str)
    -> impl Future<Output = Result<Option<Viewing>, StoreError>> + Send;
    /// The user's requested viewings and accepted ones starting after
    /// `after`, soonest first.
    fn user_viewings(
        &self,
        user_id: &str,
        after: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Viewing>, StoreError>> + Send;
    /// Applies `step` if the viewing is still as it was at `seen_updated_at`,
    /// with its message and mail, and on acceptance moves the lead to
    /// "viewing", in one transaction. False (nothing written) if another
    /// change came first.
    fn apply_step(
        &self,
        viewing: &Viewing,
        seen_updated_at: i64,
        step: &Step,
        sender: Side,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Whether the seller has another accepted viewing overlapping
    /// `[start, end)`.
    fn seller_busy(
        &self,
        seller_id: &str,
        start: i64,
        end: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Whether an accepted viewing in the conversation has started by `now`.
    fn viewing_happened(
        &self,
        conversation_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Records whether the viewing took place, as `side` says, if that
    /// side has not said yet; when both have said yes, sets `held_at` to
    /// `now`. False (nothing written) if the side had already said.
    fn mark_attended(
        &self,
        viewing_id: &str,
        side: Side,
        took_place: bool,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Accepted viewings starting in `(now, until]` whose reminder has not
    /// gone out.
    fn due_reminders(
        &self,
        now: i64,
        until: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<DueReminder>, StoreError>> + Send;
    /// Marks the reminder sent and queues its mails, in one transaction;
    /// false if another node did first.
    fn queue_reminder(
        &self,
        viewing_id: &str,
        mails: &[OutgoingMail],
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// One side says whether the viewing took place. Both saying yes opens the
/// visitor's review (see `reviews`); a no is kept, and will count as a
/// no-show for the seller's figures.
pub async fn attend<R: ViewingRepo>(
    repo: &R,
    user: &User,
    id: &str,
    took_place: bool,
) -> Result<Viewing, ViewingError> {
    let (v, side) = get(repo, user, id).await?;
    let now = now_ms();
    if !v.happened(now) {
        return Err(ViewingError::Conflict("viewing-not-yet"));
    }
    if !v.can_say_attended(side, now) || !repo.mark_attended(id, side, took_place, now).await? {
        return Err(ViewingError::Conflict("viewing-attended-said"));
    }
    Ok(get(repo, user, id).await?.0)
}

/// Checks proposed start times: one to three, each in the future and within
/// 90 days, no two overlapping. Returns them sorted.
pub fn check_slots(slots: &[i64], now: i64) -> Result<Vec<i64>, FieldErrors> {
    let mut slots = slots.to_vec();
    slots.sort_unstable();
    let code = if slots.is_empty() {
        Some("viewing-slots-required")
    } else if slots.len() > MAX_SLOTS {
        Some("viewing-slots-too-many")
    } else if slots[0] <= now {
        Some("viewing-slot-past")
    } else if slots[slots.len() - 1] > now + MAX_AHEAD_MS {
        Some("viewing-slot-too-far")
    } else if slots.windows(2).any(|w| w[1] - w[0] < VIEWING_MS) {
        Some("viewing-slots-overlap")
    } else {
        None
    };
    match code {
        Some(code) => Err(FieldErrors::single("slots", code)),
        None => Ok(slots),
    }
}

fn check_note(note: &str) -> Result<&str, FieldErrors> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(FieldErrors::single("note", "viewing-note-too-long"));
    }
    Ok(note)
}

/// The message a step posts: a line saying what happened, then the note.
fn message(conversation_id: &str, sender: &User, line: String, note: &str, about_property: bool) -> Message {
    let body = if note.is_empty() { line } else { format!("{line}\n{note}") };
    // The line is ours; only the note is the sender's words.
    let body = check_body(&body).unwrap_or(body);
    Message {
        id: new_id(),
        conversation_id: conversation_id.to_string(),
        sender_id: sender.id.clone(),
        caution: caution(note, about_property),
        body,
        photos: Vec::new(),
        created_at: now_ms(),
    }
}

/// A buyer asks to view a listing at one of `slots`, opening (or resuming)
/// the conversation about it. Returns the conversation's id.
pub async fn request<R: ViewingRepo + MessageRepo + ListingRepo>(
    repo: &R,
    buyer: &User,
    listing_id: &str,
    slots: &[i64],
    note: &str,
) -> Result<(String, Viewing), ViewingError> {
    let now = now_ms();
    let mut errors = FieldErrors::default();
    let slots = check_slots(slots, now).map_err(|e| errors.extend(e)).unwrap_or_default();
    let note = check_note(note).map_err(|e| errors.extend(e)).unwrap_or_default();
    let listing = repo.listing(listing_id).await?.ok_or(ViewingError::NotFound)?;
    if !listing.is_available(now) {
        return Err(ViewingError::NotFound);
    }
    if listing.seller_id == buyer.id {
        errors.add("slots", "viewing-own-listing");
    }
    if !errors.is_empty() {
        return Err(ViewingError::Invalid(errors));
    }
    if repo.is_blocked(&listing.seller_id, &buyer.id).await? {
        return Err(ViewingError::Blocked);
    }
    let existing = repo.conversation_for(listing_id, &buyer.id).await?;
    let conversation_id = existing.as_ref().map(|c| c.id.clone()).unwrap_or_else(new_id);
    if existing.is_some() {
        let latest = repo.latest_viewing(&conversation_id).await?;
        if latest.is_some_and(|v| v.status == Status::Accepted && v.is_upcoming(now)) {
            return Err(ViewingError::Conflict("viewing-already-scheduled"));
        }
    }
    let line = format!("Viewing requested: {}", slots_label(&slots));
    let m = message(&conversation_id, buyer, line, note, listing.kind == Kind::Property);
    let viewing_id = new_id();
    let new = NewViewing {
        id: &viewing_id,
        conversation_id: &conversation_id,
        listing_id,
        buyer_id: &buyer.id,
        seller_id: &listing.seller_id,
        slots: &slots,
    };
    match repo.insert_viewing(&new, &m).await {
        Ok(id) => {
            let v = repo.viewing(&viewing_id).await?.ok_or(ViewingError::NotFound)?;
            Ok((id, v))
        }
        Err(StoreError::Conflict(Conflict::ViewingOpen)) => Err(ViewingError::Conflict("viewing-already-open")),
        Err(e) => Err(e.into()),
    }
}

/// A viewing `user` takes part in, and their side.
pub async fn get<R: ViewingRepo>(repo: &R, user: &User, id: &str) -> Result<(Viewing, Side), ViewingError> {
    let v = repo.viewing(id).await?.ok_or(ViewingError::NotFound)?;
    let side = v.side(&user.id).ok_or(ViewingError::NotFound)?;
    Ok((v, side))
}

/// The user's viewings still to come.
pub async fn upcoming<R: ViewingRepo>(repo: &R, user: &User) -> Result<Vec<Viewing>, StoreError> {
    repo.user_viewings(&user.id, now_ms() - VIEWING_MS, 100).await
}

/// The viewing being arranged in a conversation (the caller checked the user
/// is in it), while it is still ahead.
pub async fn current<R: ViewingRepo>(repo: &R, conversation_id: &str) -> Result<Option<Viewing>, StoreError> {
    Ok(repo.latest_viewing(conversation_id).await?.filter(|v| v.is_upcoming(now_ms())))
}

/// What one side does with a viewing.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Accept one of the proposed times.
    Accept {
        slot: i64,
    },
    /// Propose other times instead.
    Propose {
        slots: Vec<i64>,
        note: String,
    },
    Decline,
    /// Either side calls off a request or an accepted viewing.
    Cancel,
}

/// The mail telling one participant the viewing is on, with its calendar link.
fn confirmation(site: &Site, v: &Viewing, to: (&str, &str), other: &str, starts_at: i64) -> OutgoingMail {
    OutgoingMail::new(to.0, "mail-viewing-confirmed")
        .text("name", to.1)
        .text("listing", &v.listing_title)
        .text("other", other)
        .text("when", short_time(starts_at))
        .text("place", &v.place)
        .text("calendar", site.link(&format!("/viewings/{}.ics", v.id)))
        .text("conversation", site.link(&format!("/inbox/{}", v.conversation_id)))
}

/// Applies one side's answer.
pub async fn answer<R: ViewingRepo + MessageRepo>(
    repo: &R,
    site: &Site,
    user: &User,
    id: &str,
    answer: Answer,
) -> Result<Viewing, ViewingError> {
    let (v, side) = get(repo, user, id).await?;
    let now = now_ms();
    let other = match side {
        Side::Buyer => &v.seller_id,
        Side::Seller => &v.buyer_id,
    };
    if !matches!(answer, Answer::Cancel) && repo.is_blocked(other, &user.id).await? {
        return Err(ViewingError::Blocked);
    }
    let my_turn = v.awaiting() == Some(side);
    let step = match answer {
        Answer::Accept { slot } => {
            if !my_turn {
                return Err(ViewingError::Conflict("viewing-not-your-turn"));
            }
            if !v.slots.contains(&slot) {
                return Err(ViewingError::Invalid(FieldErrors::single("slot", "viewing-slot-unknown")));
            }
            if slot <= now {
                return Err(ViewingError::Invalid(FieldErrors::single("slot", "viewing-slot-past")));
            }
            if repo.seller_busy(&v.seller_id, slot - VIEWING_MS + 1, slot + VIEWING_MS).await? {
                return Err(ViewingError::Invalid(FieldErrors::single("slot", "viewing-slot-taken")));
            }
            let mails = vec![
                confirmation(site, &v, (&v.buyer_email, &v.buyer_name), &v.seller_name, slot),
                confirmation(site, &v, (&v.seller_email, &v.seller_name), &v.buyer_name, slot),
            ];
            Step {
                status: Status::Accepted,
                proposed_by: v.proposed_by,
                slots: v.slots.clone(),
                starts_at: Some(slot),
                message: message(
                    &v.conversation_id,
                    user,
                    format!("Viewing confirmed: {}", short_time(slot)),
                    "",
                    false,
                ),
                mails,
            }
        }
        Answer::Propose { slots, note } => {
            if !my_turn {
                return Err(ViewingError::Conflict("viewing-not-your-turn"));
            }
            let mut errors = FieldErrors::default();
            let slots = check_slots(&slots, now).map_err(|e| errors.extend(e)).unwrap_or_default();
            let note = check_note(&note).map_err(|e| errors.extend(e)).unwrap_or_default();
            if !errors.is_empty() {
                return Err(ViewingError::Invalid(errors));
            }
            let line = format!("Other times proposed: {}", slots_label(&slots));
            Step {
                status: Status::Requested,
                proposed_by: side,
                message: message(&v.conversation_id, user, line, note, v.about_property),
                slots,
                starts_at: None,
                mails: Vec::new(),
            }
        }
        Answer::Decline => {
            if !my_turn {
                return Err(ViewingError::Conflict("viewing-not-your-turn"));
            }
            Step {
                status: Status::Declined,
                proposed_by: v.proposed_by,
                slots: v.slots.clone(),
                starts_at: None,
                message: message(&v.conversation_id, user, "Viewing request declined".into(), "", false),
                mails: Vec::new(),
            }
        }
        Answer::Cancel => {
            if !v.is_upcoming(now) || v.happened(now) {
                return Err(ViewingError::Conflict("viewing-closed"));
            }
            let line = match v.starts_at {
                Some(s) => format!("Viewing on {} cancelled", short_time(s)),
                None => "Viewing request withdrawn".to_string(),
            };
            Step {
                status: Status::Cancelled,
                proposed_by: v.proposed_by,
                slots: v.slots.clone(),
                starts_at: v.starts_at,
                message: message(&v.conversation_id, user, line, "", false),
                mails: Vec::new(),
            }
        }
    };
    if !repo.apply_step(&v, v.updated_at, &step, side).await? {
        return Err(ViewingError::Conflict("viewing-changed"));
    }
    repo.viewing(id).await?.ok_or(ViewingError::NotFound)
}

/// Escapes text for an iCalendar property value (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `20261128T070000Z`.
fn ics_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = crate::clock::civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

/// The accepted viewing as an iCalendar file, with an alarm two hours
/// before; `None` until a time is agreed.
pub fn ics(site: &Site, v: &Viewing, side: Side) -> Option<String> {
    let start = v.starts_at.filter(|_| v.status == Status::Accepted)?;
    let host = site.base_url.split("://").nth(1).unwrap_or("dove.market");
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Dove Market//Viewings//EN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@{host}", v.id),
        format!("DTSTAMP:{}", ics_time(v.updated_at)),
        format!("DTSTART:{}", ics_time(start)),
        format!("DTEND:{}", ics_time(start + VIEWING_MS)),
        format!("SUMMARY:{}", ics_text(&format!("Viewing: {} with {}", v.listing_title, v.other_name(side)))),
        format!("LOCATION:{}", ics_text(&v.place)),
        format!(
            "DESCRIPTION:{}",
            ics_text(&format!(
                "Conversation: {}\nNever pay a deposit or any fee before you have viewed a house in person.",
                site.link(&format!("/inbox/{}", v.conversation_id))
            ))
        ),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        "DESCRIPTION:Viewing in 2 hours".to_string(),
        "TRIGGER:-PT2H".to_string(),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    // Lines end in CRLF and fold at 75 octets (RFC 5545 §3.1).
    let mut out = String::new();
    for line in lines {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    Some(out)
}

/// Mails both sides of every accepted viewing starting within two hours.
/// Returns how many viewings were reminded.
pub async fn send_reminders<R: ViewingRepo>(repo: &R, site: &Site, now: i64) -> Result<usize, StoreError> {
    let mut sent = 0;
    for r in repo.due_reminders(now, now + REMIND_BEFORE_MS, 200).await? {
        let mins = (r.starts_at - now).max(0) / MINUTE_MS;
        let mails: Vec<OutgoingMail> = r
            .people
            .iter()
            .map(|(email, name)| {
                OutgoingMail::new(email, "mail-viewing-reminder")
                    .text("name", name)
                    .text("listing", &r.listing_title)
                    .number("hours", mins / 60)
                    .text("minutes", format!("{:02}", mins % 60))
                    .text("when", short_time(r.starts_at))
                    .text("place", &r.place)
                    .text("conversation", site.link(&format!("/inbox/{}", r.conversation_id)))
            })
            .collect();
        if repo.queue_reminder(&r.viewing_id, &mails, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_478_400_000; // 2026-11-24T00:00:00Z

    #[test]
    fn slots_are_future_bounded_and_apart() {
        let h = HOUR_MS;
        assert_eq!(check_slots(&[NOW + 5 * h, NOW + 2 * h], NOW).unwrap(), vec![NOW + 2 * h, NOW + 5 * h]);
        let code = |s: &[i64]| check_slots(s, NOW).unwrap_err().0[0].code;
        assert_eq!(code(&[]), "viewing-slots-required");
        assert_eq!(code(&[NOW + h, NOW + 3 * h, NOW + 5 * h, NOW + 7 * h]), "viewing-slots-too-many");
        assert_eq!(code(&[NOW - h]), "viewing-slot-past");
        assert_eq!(code(&[NOW + MAX_AHEAD_MS + h]), "viewing-slot-too-far");
        assert_eq!(code(&[NOW + h, NOW + h + 30 * MINUTE_MS]), "viewing-slots-overlap");
        assert_eq!(code(&[NOW + h, NOW + h]), "viewing-slots-overlap");
    }

    fn viewing() -> Viewing {
        Viewing {
            id: "v1".into(),
            conversation_id: "c1".into(),
            listing_id: "l1".into(),
            listing_title: "2BR, Kilimani; near Yaya".into(),
            about_property: true,
            place: "Kilimani, Nairobi".into(),
            buyer_id: "b".into(),
            buyer_name: "Wanjiru".into(),
            buyer_email: "w@example.com".into(),
            seller_id: "s".into(),
            seller_name: "Otieno".into(),
            seller_email: "o@example.com".into(),
            status: Status::Accepted,
            proposed_by: Side::Buyer,
            slots: vec![NOW + 7 * HOUR_MS],
            starts_at: Some(NOW + 7 * HOUR_MS),
            created_at: NOW,
            updated_at: NOW,
            buyer_attended: None,
            seller_attended: None,
            held_at: None,
        }
    }

    #[test]
    fn each_side_says_once_after_the_start_whether_it_took_place() {
        let mut v = viewing();
        assert!(!v.can_say_attended(Side::Buyer, NOW), "not before it starts");
        let later = NOW + 8 * HOUR_MS;
        assert!(v.can_say_attended(Side::Buyer, later));
        v.buyer_attended = Some(true);
        assert!(!v.can_say_attended(Side::Buyer, later), "once");
        assert!(v.can_say_attended(Side::Seller, later));
        v.status = Status::Cancelled;
        assert!(!v.can_say_attended(Side::Seller, later), "only an accepted viewing");
    }

    #[test]
    fn the_side_that_did_not_propose_answers() {
        let mut v = viewing();
        assert_eq!(v.awaiting(), None);
        v.status = Status::Requested;
        assert_eq!(v.awaiting(), Some(Side::Seller));
        v.proposed_by = Side::Seller;
        assert_eq!(v.awaiting(), Some(Side::Buyer));
    }

    #[test]
    fn calendar_files_are_valid_icalendar() {
        let site = Site::new("https://dove.example");
        let ics = ics(&site, &viewing(), Side::Buyer).unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261124T070000Z\r\n"), "{ics}");
        assert!(ics.contains("\r\nDTEND:20261124T080000Z\r\n"));
        assert!(ics.contains("SUMMARY:Viewing: 2BR\\, Kilimani\\; near Yaya with Otieno"));
        assert!(ics.contains("UID:v1@dove.example"));
        assert!(ics.contains("TRIGGER:-PT2H"));
        assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        let mut requested = viewing();
        requested.status = Status::Requested;
        assert!(super::ics(&site, &requested, Side::Buyer).is_none());
    }
}
