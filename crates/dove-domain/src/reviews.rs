//! Reviews that can't be faked: only the parties of something that really
//! happened write one. The buyer and the seller of a completed order, stay
//! or let review each other; after a viewing both sides say took place, the
//! visitor reviews the owner and the listing. Whatever the API is sent,
//! there is no review without one of these occasions.
//!
//! Double-blind, as Airbnb does it: a review window of [`WINDOW_MS`] opens
//! with the occasion. Neither side sees the other's review until every
//! review the occasion expects is written (then all are published together,
//! in the transaction that writes the last) or the window closes (then what
//! was written is public, which every read checks against its own now, so
//! no worker has to run for it). A review can be edited until it is
//! published, never after; the reviewed party may post one public reply.
use crate::accounts::{Role as AccountRole, User};
use crate::clock::{DAY_MS, now_ms};
use crate::error::Conflict;
use crate::listings::Kind;
use crate::mail::{OutgoingMail, Site};
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;
use std::collections::BTreeMap;
use thiserror::Error;

/// How long the parties have to write their reviews.
pub const WINDOW_MS: i64 = 14 * DAY_MS;
/// The longest public text, in characters.
pub const MAX_BODY_CHARS: usize = 1000;
/// The longest private note, and the longest reply, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;
/// A listing with fewer reviews than this says "New" instead of an average:
/// one or two scores say little.
pub const MIN_FOR_AVERAGE: i64 = 3;
/// Reminders go out on these days of the window (day 1 is its first day).
pub const REMIND_ON_DAYS: [i64; 2] = [1, 10];

#[derive(Debug, Error)]
pub enum ReviewError {
    /// No such occasion or review, or not a party to it: the same answer.
    #[error("not found")]
    NotFound,
    #[error("invalid review")]
    Invalid(FieldErrors),
    /// Not reviewable now: not yet completed, window closed, already
    /// written, already published, already replied to. The code names it.
    #[error("this review can't be written or changed now")]
    Conflict(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a review is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Occasion {
    /// A completed order, stay or let.
    Order,
    /// A viewing both sides say took place.
    Viewing,
}

impl Occasion {
    pub const NAMES: [&'static str; 2] = ["order", "viewing"];

    pub fn as_str(self) -> &'static str {
        match self {
            Occasion::Order => "order",
            Occasion::Viewing => "viewing",
        }
    }

    pub fn parse(s: &str) -> Option<Occasion> {
        match s {
            "order" => Some(Occasion::Order),
            "viewing" => Some(Occasion::Viewing),
            _ => None,
        }
    }
}

/// The author's part in the occasion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The buyer, guest or tenant: reviews the seller and the listing.
    Buyer,
    /// The seller, host or landlord: reviews the buyer.
    Seller,
    /// The visitor of a viewing: reviews the owner and the listing.
    Visitor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Seller => "seller",
            Role::Visitor => "visitor",
        }
    }

    pub fn from_stored(s: &str) -> Role {
        match s {
            "seller" => Role::Seller,
            "visitor" => Role::Visitor,
            _ => Role::Buyer,
        }
    }

    /// Whether the review is of the seller and the listing (shown on the
    /// listing and the store), rather than of a buyer.
    pub fn reviews_listing(self) -> bool {
        self != Role::Seller
    }
}

/// A category score's name. Houses: accuracy, communication, location,
/// value. Products: as described, communication, delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Accuracy,
    Communication,
    Location,
    Value,
    AsDescribed,
    Delivery,
}

impl Category {
    pub const NAMES: [&'static str; 6] = ["accuracy", "communication", "location", "value", "as_described", "delivery"];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Accuracy => "accuracy",
            Category::Communication => "communication",
            Category::Location => "location",
            Category::Value => "value",
            Category::AsDescribed => "as_described",
            Category::Delivery => "delivery",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::NAMES.iter().position(|n| *n == s).map(|i| Category::all()[i])
    }

    fn all() -> [Category; 6] {
        [
            Category::Accuracy,
            Category::Communication,
            Category::Location,
            Category::Value,
            Category::AsDescribed,
            Category::Delivery,
        ]
    }

    /// The categories a review by `role` of a listing of `kind` scores.
    pub fn for_review(kind: Kind, role: Role) -> &'static [Category] {
        match (role.reviews_listing(), kind) {
            (false, _) => &[],
            (true, Kind::Property) => {
                &[Category::Accuracy, Category::Communication, Category::Location, Category::Value]
            }
            (true, Kind::Product) => &[Category::AsDescribed, Category::Communication, Category::Delivery],
        }
    }
}

/// Something the user may review, as the store found it: an occasion they
/// were a party to, with when its window opened.
#[derive(Debug, Clone)]
pub struct Reviewable {
    pub occasion: Occasion,
    pub occasion_id: String,
    pub role: Role,
    pub subject_id: String,
    pub subject_name: String,
    pub listing_id: String,
    pub listing_title: String,
    pub listing_kind: Kind,
    /// When the order completed, or when the viewing was confirmed by both.
    /// `None` while the occasion has not happened yet.
    pub opened_at: Option<i64>,
}

impl Reviewable {
    pub fn closes_at(&self) -> Option<i64> {
        self.opened_at.map(|t| t + WINDOW_MS)
    }

    /// How many reviews the occasion gets: both parties of an order, the
    /// visitor alone after a viewing.
    pub fn expected(&self) -> i64 {
        match self.occasion {
            Occasion::Order => 2,
            Occasion::Viewing => 1,
        }
    }

    pub fn categories(&self) -> &'static [Category] {
        Category::for_review(self.listing_kind, self.role)
    }

    /// Why no review can be written at `now`, if none can: the occasion
    /// has not happened yet, or its window has closed.
    pub fn refusal(&self, now: i64) -> Option<&'static str> {
        match self.closes_at() {
            None => Some("review-not-yet"),
            Some(c) if now >= c => Some("review-window-closed"),
            Some(_) => None,
        }
    }
}

/// A review as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub id: String,
    pub occasion: Occasion,
    pub occasion_id: String,
    pub author_id: String,
    pub author_name: String,
    /// For the mail if an admin hides it; never shown.
    #[serde(skip)]
    pub author_email: String,
    pub role: Role,
    pub subject_id: String,
    pub subject_name: String,
    pub listing_id: String,
    pub listing_title: String,
    pub score: i64,
    pub scores: BTreeMap<Category, i64>,
    pub body: String,
    #[serde(skip)]
    pub private_note: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closes_at: i64,
    pub published_at: Option<i64>,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    pub hidden_at: Option<i64>,
    #[serde(skip)]
    pub hidden_reason: Option<String>,
}

impl Review {
    /// Published: every expected review was written, or the window closed.
    pub fn is_published(&self, now: i64) -> bool {
        self.published_at.is_some() || now >= self.closes_at
    }

    /// When it became (or becomes) public.
    pub fn public_from(&self) -> i64 {
        self.published_at.unwrap_or(self.closes_at)
    }

    /// What anyone may read: published and not hidden by an admin.
    pub fn is_public(&self, now: i64) -> bool {
        self.is_published(now) && self.hidden_at.is_none()
    }

    /// The author may change it until it is published.
    pub fn can_edit(&self, user_id: &str, now: i64) -> bool {
        self.author_id == user_id && !self.is_published(now)
    }

    /// The reviewed party may reply once, in public, to a public review.
    pub fn can_reply(&self, user_id: &str, now: i64) -> bool {
        self.subject_id == user_id && self.is_public(now) && self.reply.is_none()
    }

    /// Who may see it: anyone once public; before that the author alone
    /// (the other side waits: double-blind); the reviewed party also
    /// sees a hidden one, with its private note.
    pub fn visible_to(&self, user: Option<&User>, now: i64) -> bool {
        let id = user.map(|u| u.id.as_str());
        self.is_public(now)
            || id == Some(self.author_id.as_str())
            || (id == Some(self.subject_id.as_str()) && self.is_published(now))
            || user.is_some_and(|u| u.role == AccountRole::Admin)
    }

    /// The private note, if there is one, for its author, and for the
    /// reviewed party once published; for no one else.
    pub fn note_for(&self, user_id: &str, now: i64) -> Option<&str> {
        let reader = self.author_id == user_id || (self.subject_id == user_id && self.is_published(now));
        (reader && !self.private_note.is_empty()).then_some(self.private_note.as_str())
    }
}

/// An average score and how many reviews make it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub count: i64,
    /// Tenths of a star: 48 is 4.8. Zero with no reviews.
    pub average_tenths: i64,
}

impl Rating {
    pub fn from_sum(count: i64, sum: i64) -> Rating {
        let average_tenths = if count == 0 { 0 } else { (sum * 10 + count / 2) / count };
        Rating { count, average_tenths }
    }

    /// "4.8"
    pub fn average_label(&self) -> String {
        format!("{}.{}", self.average_tenths / 10, self.average_tenths % 10)
    }

    /// A listing shows its average only from [`MIN_FOR_AVERAGE`] reviews.
    pub fn is_new(&self) -> bool {
        self.count < MIN_FOR_AVERAGE
    }
}

/// What the author typed.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub score: Option<i64>,
    pub scores: BTreeMap<String, i64>,
    pub body: String,
    pub private_note: String,
}

/// A checked draft, with phone numbers and links taken out of its text.
#[derive(Debug, Clone)]
pub struct Checked {
    pub score: i64,
    pub scores: BTreeMap<Category, i64>,
    pub body: String,
    pub private_note: String,
    /// Whether a phone number or link was taken out, so the author is told.
    pub removed_contacts: bool,
}

fn score_ok(n: i64) -> bool {
    (1..=5).contains(&n)
}

/// Checks a draft for the categories the review scores.
pub fn check(draft: &Draft, categories: &[Category]) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let score = match draft.score {
        Some(n) if score_ok(n) => n,
        Some(_) => {
            errors.add("score", "review-score-range");
            0
        }
        None => {
            errors.add("score", "review-score-missing");
            0
        }
    };
    let mut scores = BTreeMap::new();
    for (name, n) in &draft.scores {
        match Category::parse(name).filter(|c| categories.contains(c)) {
            Some(c) if score_ok(*n) => {
                scores.insert(c, *n);
            }
            Some(_) => errors.add("scores", "review-category-range"),
            None => errors.add("scores", "review-category-unknown"),
        }
    }
    if categories.iter().any(|c| !scores.contains_key(c)) && errors.code_for("scores").is_none() {
        errors.add("scores", "review-category-missing");
    }
    if draft.body.trim().chars().count() > MAX_BODY_CHARS {
        errors.add("body", "review-body-long");
    }
    if draft.private_note.trim().chars().count() > MAX_NOTE_CHARS {
        errors.add("private_note", "review-note-long");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (body, a) = strip_contacts(draft.body.trim());
    let (private_note, b) = strip_contacts(draft.private_note.trim());
    Ok(Checked { score, scores, body, private_note, removed_contacts: a || b })
}

/// What stands in for a phone number or link taken out of a review.
pub const REMOVED: &str = "[removed]";

/// Takes phone numbers and links out of a text: a review is public, and
/// one that carries a number or a link is how a scammer moves a buyer off
/// the platform. Returns the text and whether anything was taken out.
///
/// A phone number is a run of 9 or more digits, allowing spaces, dots,
/// dashes and brackets between them and a leading `+`; a link is a word
/// with `://`, one starting `www.`, or a word that ends in a dot and a
/// common top-level domain.
pub fn strip_contacts(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut removed = false;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if is_link(word) {
            out.push_str(REMOVED);
            removed = true;
        } else {
            out.push_str(word);
        }
    }
    let (text, phones) = strip_phones(&out);
    (text, removed || phones)
}

fn is_link(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '/').to_ascii_lowercase();
    if w.contains("://") || w.starts_with("www.") {
        return true;
    }
    const TLDS: [&str; 10] = [".com", ".ke", ".net", ".org", ".io", ".me", ".ly", ".co", ".app", ".link"];
    let host = w.split('/').next().unwrap_or("");
    host.contains('.') && TLDS.iter().any(|t| host.ends_with(t)) && host.len() > 3
}

fn strip_phones(text: &str) -> (String, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut removed = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            // The run: digits and the separators between them.
            let mut end = i;
            let mut digits = 0;
            let mut j = i;
            while j < chars.len() {
                let c = chars[j];
                if c.is_ascii_digit() {
                    digits += 1;
                    end = j + 1;
                } else if !(matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && j == i)) {
                    break;
                }
                j += 1;
            }
            if digits >= 9 {
                out.push_str(REMOVED);
                removed = true;
            } else {
                out.extend(&chars[i..end.max(i + 1)]);
            }
            i = end.max(i + 1);
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (out, removed)
}

pub trait ReviewRepo: Send + Sync {
    /// The occasion as `user_id` was a party to it; `None` if there is no
    /// such occasion or they were not a party.
    fn reviewable(
        &self,
        occasion: Occasion,
        occasion_id: &str,
        user_id: &str,
    ) -> impl Future<Output = Result<Option<Reviewable>, StoreError>> + Send;
    /// Stores the review and, if it is the last one the occasion expects,
    /// publishes all of the occasion's reviews at `review.created_at`, in
    /// one transaction. A second review by the author is
    /// `Conflict::ReviewExists`.
    fn insert_review(&self, review: &Review, expected: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn review(&self, id: &str) -> impl Future<Output = Result<Option<Review>, StoreError>> + Send;
    /// The author's review of the occasion, if written.
    fn review_by(
        &self,
        occasion: Occasion,
        occasion_id: &str,
        author_id: &str,
    ) -> impl Future<Output = Result<Option<Review>, StoreError>> + Send;
    /// Every review of the occasion.
    fn reviews_of_occasion(
        &self,
        occasion: Occasion,
        occasion_id: &str,
    ) -> impl Future<Output = Result<Vec<Review>, StoreError>> + Send;
    /// Changes the text and scores if the review is still unpublished at
    /// `now`; false if it was published first.
    fn edit_review(&self, review: &Review, now: i64) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Sets the reply if there is none yet; false if one came first.
    fn reply_review(&self, id: &str, reply: &str, now: i64) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Hides the review with the admin's reason, writes the audit log's
    /// line and queues the author's mail, in one transaction; false if it
    /// was hidden already.
    fn hide_review(
        &self,
        review: &Review,
        admin_id: &str,
        reason: &str,
        mail: &OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Public reviews of the listing (by buyers and visitors), newest first.
    fn listing_reviews(
        &self,
        listing_id: &str,
        now: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Review>, StoreError>> + Send;
    /// Public reviews of the seller (by buyers and visitors, of any of
    /// their listings), newest first.
    fn seller_reviews(
        &self,
        seller_id: &str,
        now: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Review>, StoreError>> + Send;
    /// The listing's rating from its public reviews.
    fn listing_rating(&self, listing_id: &str, now: i64) -> impl Future<Output = Result<Rating, StoreError>> + Send;
    /// The seller's rating from public reviews by buyers and visitors.
    fn seller_rating(&self, seller_id: &str, now: i64) -> impl Future<Output = Result<Rating, StoreError>> + Send;
    /// Recent reviews for the admin's list, newest first, hidden ones too.
    fn recent_reviews(&self, limit: i64) -> impl Future<Output = Result<Vec<Review>, StoreError>> + Send;
    /// Parties with no review yet whose window opened at least `day - 1`
    /// days before `now` and is still open, and who have not had the
    /// reminder for `day`.
    fn due_review_reminders(
        &self,
        day: i64,
        now: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<DueReviewReminder>, StoreError>> + Send;
    /// Records the reminder and queues its mail, in one transaction; false
    /// if another node did first.
    fn queue_review_reminder(
        &self,
        due: &DueReviewReminder,
        day: i64,
        mail: &OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// A party who has yet to write their review.
#[derive(Debug, Clone)]
pub struct DueReviewReminder {
    pub occasion: Occasion,
    pub occasion_id: String,
    pub author_id: String,
    pub author_email: String,
    pub author_name: String,
    pub subject_name: String,
    pub listing_title: String,
    pub closes_at: i64,
}

/// The occasion, for a party to it; 404 for anyone else.
pub async fn reviewable<R: ReviewRepo>(
    repo: &R,
    user: &User,
    occasion: Occasion,
    occasion_id: &str,
) -> Result<Reviewable, ReviewError> {
    repo.reviewable(occasion, occasion_id, &user.id).await?.ok_or(ReviewError::NotFound)
}

/// What a party may do about an occasion's reviews now.
#[derive(Debug, Clone)]
pub struct Standing {
    pub reviewable: Reviewable,
    /// The caller's own review, if written.
    pub mine: Option<Review>,
    /// The other party's review, once published (never before).
    pub theirs: Option<Review>,
}

impl Standing {
    /// A review can be written: the occasion happened, the window is open
    /// and the caller has not written one.
    pub fn can_write(&self, now: i64) -> bool {
        self.mine.is_none() && self.reviewable.refusal(now).is_none()
    }
}

/// The caller's standing on an occasion's reviews: theirs and, once
/// published, the other side's.
pub async fn standing<R: ReviewRepo>(
    repo: &R,
    user: &User,
    occasion: Occasion,
    occasion_id: &str,
) -> Result<Standing, ReviewError> {
    let reviewable = reviewable(repo, user, occasion, occasion_id).await?;
    let now = now_ms();
    let mut mine = None;
    let mut theirs = None;
    for r in repo.reviews_of_occasion(occasion, occasion_id).await? {
        if r.author_id == user.id {
            mine = Some(r);
        } else if r.subject_id == user.id && r.is_published(now) {
            theirs = Some(r);
        }
    }
    Ok(Standing { reviewable, mine, theirs })
}

/// Writes the caller's review of the occasion. Returns it, and whether a
/// phone number or link was taken out of its text.
pub async fn write<R: ReviewRepo>(
    repo: &R,
    user: &User,
    occasion: Occasion,
    occasion_id: &str,
    draft: &Draft,
) -> Result<(Review, bool), ReviewError> {
    let r = reviewable(repo, user, occasion, occasion_id).await?;
    let now = now_ms();
    if let Some(code) = r.refusal(now) {
        return Err(ReviewError::Conflict(code));
    }
    let closes_at = r.closes_at().unwrap_or(now);
    let c = check(draft, r.categories()).map_err(ReviewError::Invalid)?;
    let review = Review {
        id: new_id(),
        occasion,
        occasion_id: occasion_id.to_string(),
        author_id: user.id.clone(),
        author_name: user.name.clone(),
        author_email: user.email.clone(),
        role: r.role,
        subject_id: r.subject_id.clone(),
        subject_name: r.subject_name.clone(),
        listing_id: r.listing_id.clone(),
        listing_title: r.listing_title.clone(),
        score: c.score,
        scores: c.scores,
        body: c.body,
        private_note: c.private_note,
        created_at: now,
        updated_at: now,
        closes_at,
        published_at: None,
        reply: None,
        replied_at: None,
        hidden_at: None,
        hidden_reason: None,
    };
    match repo.insert_review(&review, r.expected()).await {
        Ok(()) => {}
        Err(StoreError::Conflict(Conflict::ReviewExists)) => return Err(ReviewError::Conflict("review-exists")),
        Err(e) => return Err(e.into()),
    }
    let stored = repo.review(&review.id).await?.ok_or(ReviewError::NotFound)?;
    Ok((stored, c.removed_contacts))
}

/// A review the caller may see; 404 otherwise (a third party learns
/// nothing of an unpublished one).
pub async fn get<R: ReviewRepo>(repo: &R, user: Option<&User>, id: &str) -> Result<Review, ReviewError> {
    match repo.review(id).await? {
        Some(r) if r.visible_to(user, now_ms()) => Ok(r),
        _ => Err(ReviewError::NotFound),
    }
}

/// Changes the author's unpublished review.
pub async fn edit<R: ReviewRepo>(
    repo: &R,
    user: &User,
    id: &str,
    draft: &Draft,
) -> Result<(Review, bool), ReviewError> {
    let r = match repo.review(id).await? {
        Some(r) if r.author_id == user.id => r,
        _ => return Err(ReviewError::NotFound),
    };
    let now = now_ms();
    if !r.can_edit(&user.id, now) {
        return Err(ReviewError::Conflict("review-published"));
    }
    let kind = repo
        .reviewable(r.occasion, &r.occasion_id, &user.id)
        .await?
        .map(|o| o.listing_kind)
        .ok_or(ReviewError::NotFound)?;
    let c = check(draft, Category::for_review(kind, r.role)).map_err(ReviewError::Invalid)?;
    let changed =
        Review { score: c.score, scores: c.scores, body: c.body, private_note: c.private_note, updated_at: now, ..r };
    if !repo.edit_review(&changed, now).await? {
        return Err(ReviewError::Conflict("review-published"));
    }
    let stored = repo.review(id).await?.ok_or(ReviewError::NotFound)?;
    Ok((stored, c.removed_contacts))
}

/// The reviewed party's one public reply. Anyone else gets 404.
pub async fn reply<R: ReviewRepo>(repo: &R, user: &User, id: &str, text: &str) -> Result<(Review, bool), ReviewError> {
    let r = match repo.review(id).await? {
        Some(r) if r.subject_id == user.id => r,
        _ => return Err(ReviewError::NotFound),
    };
    let now = now_ms();
    if r.reply.is_some() {
        return Err(ReviewError::Conflict("review-replied"));
    }
    if !r.can_reply(&user.id, now) {
        return Err(ReviewError::Conflict("review-not-published"));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(ReviewError::Invalid(FieldErrors::single("reply", "review-reply-empty")));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(ReviewError::Invalid(FieldErrors::single("reply", "review-reply-long")));
    }
    let (text, removed) = strip_contacts(text);
    if !repo.reply_review(id, &text, now).await? {
        return Err(ReviewError::Conflict("review-replied"));
    }
    Ok((repo.review(id).await?.ok_or(ReviewError::NotFound)?, removed))
}

/// An admin hides a review, with a reason that is kept; its author is
/// mailed why. Anyone else gets 404.
pub async fn hide<R: ReviewRepo>(
    repo: &R,
    site: &Site,
    admin: &User,
    id: &str,
    reason: &str,
) -> Result<Review, ReviewError> {
    if admin.role != AccountRole::Admin {
        return Err(ReviewError::NotFound);
    }
    let r = repo.review(id).await?.ok_or(ReviewError::NotFound)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReviewError::Invalid(FieldErrors::single("reason", "review-hide-reason")));
    }
    if reason.chars().count() > MAX_NOTE_CHARS {
        return Err(ReviewError::Invalid(FieldErrors::single("reason", "review-hide-reason-long")));
    }
    let mail = OutgoingMail::new(&r.author_email, "mail-review-hidden")
        .text("name", &r.author_name)
        .text("title", &r.listing_title)
        .text("reason", reason)
        .text("link", site.link(&format!("/reviews/{}", r.id)));
    if !repo.hide_review(&r, &admin.id, reason, &mail, now_ms()).await? {
        return Err(ReviewError::Conflict("review-hidden"));
    }
    repo.review(id).await?.ok_or(ReviewError::NotFound)
}

/// Mails each party who has not written their review on the first and the
/// tenth day of the window. Returns how many reminders were queued.
pub async fn send_reminders<R: ReviewRepo>(repo: &R, site: &Site, now: i64) -> Result<usize, StoreError> {
    let mut sent = 0;
    for day in REMIND_ON_DAYS {
        for due in repo.due_review_reminders(day, now, 200).await? {
            let days_left = ((due.closes_at - now) + DAY_MS - 1) / DAY_MS;
            let mail = OutgoingMail::new(&due.author_email, "mail-review-reminder")
                .text("name", &due.author_name)
                .text("other", &due.subject_name)
                .text("title", &due.listing_title)
                .number("days", days_left.max(1))
                .text(
                    "link",
                    site.link(&format!("/reviews/new?occasion={}&id={}", due.occasion.as_str(), due.occasion_id)),
                );
            if repo.queue_review_reminder(&due, day, &mail, now).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_and_links_are_taken_out() {
        let (t, r) = strip_contacts("Call me on 0712 345 678 or +254-712-345-678, see www.cheap.example.com");
        assert_eq!(t, "Call me on [removed] or [removed], see [removed]");
        assert!(r);
        let (t, r) = strip_contacts("Visit https://evil.example/x or evil.co.ke/pay now");
        assert_eq!(t, "Visit [removed] or [removed] now");
        assert!(r);
        let (t, r) = strip_contacts("3 bedrooms, KES 45,000 a month, 2.5 km from town. Great host!");
        assert_eq!(t, "3 bedrooms, KES 45,000 a month, 2.5 km from town. Great host!");
        assert!(!r, "prices and short numbers stay");
    }

    #[test]
    fn a_draft_needs_its_scores() {
        let house = Category::for_review(Kind::Property, Role::Visitor);
        let mut d = Draft { score: Some(5), body: "Exactly as the photos.".into(), ..Draft::default() };
        assert_eq!(check(&d, house).unwrap_err().code_for("scores"), Some("review-category-missing"));
        for c in house {
            d.scores.insert(c.as_str().into(), 4);
        }
        let c = check(&d, house).unwrap();
        assert_eq!(c.scores.len(), 4);
        d.scores.insert("delivery".into(), 4);
        assert_eq!(check(&d, house).unwrap_err().code_for("scores"), Some("review-category-unknown"));
        let d = Draft { score: Some(6), ..Draft::default() };
        assert_eq!(check(&d, &[]).unwrap_err().code_for("score"), Some("review-score-range"));
        let d = Draft { score: Some(3), body: "x".repeat(MAX_BODY_CHARS + 1), ..Draft::default() };
        assert_eq!(check(&d, &[]).unwrap_err().code_for("body"), Some("review-body-long"));
        assert!(Category::for_review(Kind::Product, Role::Seller).is_empty(), "a buyer is scored overall only");
    }

    #[test]
    fn ratings_round_to_a_tenth() {
        let r = Rating::from_sum(3, 14);
        assert_eq!(r.average_label(), "4.7");
        assert!(!r.is_new());
        assert!(Rating::from_sum(2, 10).is_new());
        assert_eq!(Rating::default().average_label(), "0.0");
    }
}
