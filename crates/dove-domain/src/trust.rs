//! Trust and safety: one queue where scams are caught. A user's report and
//! a signal the app raises by itself (a dispute opened on an order, an
//! appeal) land in the same place: one open case per reported thing, with
//! every report and signal as its evidence. An admin acts on a case:
//! dismiss, warn, hide the listing, suspend the account until a date, or
//! ban it. Every action is written to the audit log with who, when, what
//! and why, in the transaction that carries it out, and the person it
//! affects is mailed why. A suspended person may appeal once; the appeal
//! goes back into the queue.
//!
//! A suspension takes effect everywhere at once: in its transaction the
//! account's sessions and API tokens end and its live listings are hidden
//! (which the ordered `listing_changes` feed carries to every node's
//! search), and the order worker leaves money the seller holds in escrow
//! where it is until an admin settles it.
use crate::accounts::{Role, User};
use crate::clock::{DAY_MS, now_ms, short_date};
use crate::mail::{OutgoingMail, Site};
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;
use thiserror::Error;

/// Reports one account may file in an hour.
pub const REPORTS_PER_HOUR: i64 = 10;
/// The longest free text of a report, an appeal or an admin's reason.
pub const MAX_TEXT_CHARS: usize = 1000;
/// The longest suspension an admin sets with an end date; longer is a ban.
pub const MAX_SUSPENSION_DAYS: i64 = 365;

#[derive(Debug, Error)]
pub enum TrustError {
    /// No such thing, or not one the caller may see: the same answer.
    #[error("not found")]
    NotFound,
    #[error("invalid")]
    Invalid(FieldErrors),
    /// Too many reports in the last hour.
    #[error("too many reports")]
    Limited,
    /// The case is closed, or the appeal was made already. The code names it.
    #[error("not possible now")]
    Conflict(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($code),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

coded!(
    /// What a case is about.
    Subject {
        Listing = "listing",
        User = "user",
        Message = "message",
        Review = "review",
    }
);

coded!(
    /// Why a user reports something: the fixed list, then free text.
    Reason {
        /// Asking for money before a viewing, or any scam.
        Scam = "scam",
        /// Already let or sold.
        Unavailable = "unavailable",
        WrongPrice = "wrong-price",
        StolenPhotos = "stolen-photos",
        Offensive = "offensive",
        Duplicate = "duplicate",
    }
);

coded!(
    /// What an admin does about a case.
    Action {
        Dismiss = "dismiss",
        Warn = "warn",
        HideListing = "hide-listing",
        Suspend = "suspend",
        Ban = "ban",
        /// Undoes a suspension or ban and brings back the listings it (or,
        /// on a listing's case, the admin) hid: an appeal upheld.
        Restore = "restore",
    }
);

impl Reason {
    /// The reasons that fit a kind of thing: a seller can't be "already
    /// let", nor a review a "wrong price". Every reason fits a listing.
    pub fn names_for(subject: &str) -> &'static [&'static str] {
        match Subject::parse(subject) {
            Some(Subject::User) => &["scam", "offensive", "duplicate"],
            Some(Subject::Message) | Some(Subject::Review) => &["scam", "offensive"],
            _ => Reason::NAMES,
        }
    }
}

impl Action {
    /// Whether the action ends the account's sessions (a suspension or a
    /// ban), so that open live streams must be told at once.
    pub fn ends_sessions(self) -> bool {
        matches!(self, Action::Suspend | Action::Ban)
    }
}

/// A signal the app raises itself. Its `ref` (the order, the appeal) makes
/// it once only.
pub const SIGNAL_DISPUTE: &str = "signal-dispute";
pub const SIGNAL_APPEAL: &str = "signal-appeal";
pub const SIGNAL_COPIED_PHOTO: &str = "signal-copied-photo";
pub const SIGNAL_LOW_PRICE: &str = "signal-low-price";

/// A house priced under this share of the median of its comparables (in
/// percent) is flagged: a bait price is how fake landlords draw deposits.
pub const LOW_PRICE_PERCENT: i64 = 40;
/// Fewer comparables than this say too little about the area.
pub const MIN_COMPARABLES: usize = 10;

/// A house published lately, with what makes its comparables.
#[derive(Debug, Clone)]
pub struct Priced {
    pub listing_id: String,
    pub seller_id: String,
    pub offer: String,
    pub property_type: String,
    pub bedrooms: Option<i64>,
    pub town: String,
    pub price_minor: i64,
}

/// Two photos whose difference hashes differ in at most this many of 64
/// bits are the same picture: re-encoding and resizing move a few bits,
/// two different photos about half of them.
pub const COPY_BITS: u32 = 8;

/// A hash's four 16-bit quarters, as the store indexes them: a copy within
/// a few bits of a photo shares at least one quarter with it.
pub fn phash_quarters(hash: u64) -> [i64; 4] {
    [0, 1, 2, 3].map(|i| ((hash >> (48 - 16 * i)) & 0xFFFF) as i64)
}

/// A photo of another seller's listing that may be the same picture.
#[derive(Debug, Clone)]
pub struct PhotoMatch {
    pub photo_id: String,
    pub listing_id: String,
    pub listing_title: String,
    pub seller_name: String,
    pub phash: u64,
}

/// A report or a signal, as a case shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: String,
    /// The reporter; `None` for a signal the app raised.
    pub reporter_name: Option<String>,
    /// A `Reason` code, or a signal's.
    pub reason: String,
    pub detail: String,
    pub created_at: i64,
}

/// A case in the queue.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub id: String,
    pub subject: Subject,
    pub subject_id: String,
    /// The account concerned: the listing's seller, the message's sender,
    /// the review's author, or the user reported.
    pub user_id: String,
    pub user_name: String,
    /// What the subject is, in a line: a listing's title, a message's or
    /// review's text, a user's name.
    pub summary: String,
    pub open: bool,
    pub opened_at: i64,
    pub updated_at: i64,
    pub outcome: Option<String>,
    pub reports: Vec<Report>,
}

impl Case {
    /// Whether the admin may hide a listing from this case.
    pub fn can_hide_listing(&self) -> bool {
        self.open && self.subject == Subject::Listing
    }
}

/// An account as a case shows it, with its history.
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub created_at: i64,
    pub suspended_at: Option<i64>,
    pub suspended_until: Option<i64>,
    pub suspension_reason: Option<String>,
    pub appealed_at: Option<i64>,
    /// (id, title, status, hidden) of their latest listings.
    pub listings: Vec<(String, String, String, bool)>,
    /// (id, status, total label, as seller) of their latest orders.
    pub orders: Vec<(String, String, String, bool)>,
    /// How many of their orders were ever disputed.
    pub disputes: i64,
    /// How many reports (by anyone) concern them.
    pub reports_against: i64,
}

impl Account {
    pub fn is_suspended(&self, now: i64) -> bool {
        self.suspended_at.is_some() && self.suspended_until.is_none_or(|u| u > now)
    }
}

/// A message of the reported conversation: shown only when a message of it
/// was reported.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub sender_name: String,
    pub body: String,
    pub created_at: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: String,
    pub admin_name: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub user_name: Option<String>,
    pub reason: String,
    pub until_at: Option<i64>,
    pub created_at: i64,
}

/// A suspension in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    pub user_id: String,
    pub reason: String,
    /// `None` for a ban.
    pub until: Option<i64>,
    pub appealed: bool,
}

/// What an admin's action does besides closing the case and being logged.
#[derive(Debug, Clone)]
pub enum Effect {
    None,
    HideListing {
        listing_id: String,
    },
    /// Suspends `user_id` until `until` (`None`: a ban): sessions and
    /// tokens end, live listings are hidden.
    Suspend {
        until: Option<i64>,
    },
    /// Lifts `user_id`'s suspension and shows again the listings it hid,
    /// and the case's listing if an admin hid it.
    Restore {
        listing_id: Option<String>,
    },
}

/// An admin's action, as the audit log keeps it.
#[derive(Debug, Clone)]
pub struct Decision {
    pub id: String,
    pub admin_id: String,
    pub action: Action,
    pub case_id: String,
    pub subject: Subject,
    pub subject_id: String,
    pub user_id: String,
    pub reason: String,
    pub until: Option<i64>,
    pub effect: Effect,
    pub at: i64,
}

pub trait TrustRepo: Send + Sync {
    /// The account a reportable thing concerns, if it exists and `viewer`
    /// may see it: a live listing (or their own), any user, a message of a
    /// conversation they are in, a public review or one they are party to.
    fn subject_user(
        &self,
        subject: Subject,
        id: &str,
        viewer: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Reports `reporter_id` filed since `since`.
    fn reports_since(&self, reporter_id: &str, since: i64) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Opens the thing's case if none is open and adds the report (or
    /// signal: `reporter_id` `None`, `sig_ref` set, added once), in one
    /// transaction. Returns the case's id, or `None` if the signal had been
    /// raised already.
    #[allow(clippy::too_many_arguments)]
    fn file(
        &self,
        subject: Subject,
        subject_id: &str,
        user_id: &str,
        reporter_id: Option<&str>,
        reason: &str,
        detail: &str,
        sig_ref: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Open cases, the most recently reported first.
    fn open_cases(&self, limit: i64) -> impl Future<Output = Result<Vec<Case>, StoreError>> + Send;
    fn case(&self, id: &str) -> impl Future<Output = Result<Option<Case>, StoreError>> + Send;
    fn account(&self, user_id: &str) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;
    /// The conversation of a reported message, oldest first.
    fn conversation_of_message(
        &self,
        message_id: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Line>, StoreError>> + Send;
    /// Carries out the decision if the case is still open: logs it, applies
    /// its effect, closes the case and queues `mail`, in one transaction.
    /// False (nothing written) if another admin closed it first.
    fn decide(
        &self,
        d: &Decision,
        mail: Option<&OutgoingMail>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The suspension in force on the account at `now`, if any.
    fn suspension(
        &self,
        user_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<Suspension>, StoreError>> + Send;
    /// Records the appeal if the account is suspended and has not appealed
    /// yet; false otherwise.
    fn record_appeal(&self, user_id: &str, now: i64) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Ends suspensions whose end date has passed, bringing back the
    /// listings they hid; returns how many ended.
    fn lift_ended(&self, now: i64) -> impl Future<Output = Result<usize, StoreError>> + Send;
    /// Photos of other sellers' listings sharing a quarter with `phash`.
    fn photos_like(
        &self,
        phash: u64,
        seller_id: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<PhotoMatch>, StoreError>> + Send;
    /// Live houses with a price, type and town, changed since `since`.
    fn priced_since(&self, since: i64, limit: i64) -> impl Future<Output = Result<Vec<Priced>, StoreError>> + Send;
    /// Prices of the live houses like `p` (offer, type, bedrooms, town),
    /// other than `p` itself, at most `limit`.
    fn comparable_prices(&self, p: &Priced, limit: i64) -> impl Future<Output = Result<Vec<i64>, StoreError>> + Send;
    /// Disputes opened since `since`: (order id, buyer, seller, reason).
    fn disputes_since(
        &self,
        since: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<(String, String, String, String)>, StoreError>> + Send;
    /// The audit log, newest first.
    fn audit(&self, limit: i64) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;
}

fn text_ok(field: &'static str, text: &str, required: bool) -> Result<String, FieldErrors> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(FieldErrors::single(field, "trust-text-required"));
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(FieldErrors::single(field, "trust-text-long"));
    }
    Ok(t.to_string())
}

/// A signed-in person reports something they can see. Reports are rate
/// limited per reporter; something that does not exist, or that they may
/// not see, is a 404.
pub async fn report<R: TrustRepo>(
    repo: &R,
    reporter: &User,
    subject: Subject,
    subject_id: &str,
    reason: &str,
    detail: &str,
) -> Result<(), TrustError> {
    let now = now_ms();
    let Some(reason) = Reason::parse(reason) else {
        return Err(TrustError::Invalid(FieldErrors::single("reason", "trust-reason-unknown")));
    };
    let detail = text_ok("detail", detail, false).map_err(TrustError::Invalid)?;
    let user_id = repo.subject_user(subject, subject_id, &reporter.id, now).await?.ok_or(TrustError::NotFound)?;
    if repo.reports_since(&reporter.id, now - crate::clock::HOUR_MS).await? >= REPORTS_PER_HOUR {
        return Err(TrustError::Limited);
    }
    // A report is never a duplicate: only a signal's `ref` makes it once.
    repo.file(subject, subject_id, &user_id, Some(&reporter.id), reason.as_str(), &detail, None, now).await?;
    Ok(())
}

fn require_admin(user: &User) -> Result<(), TrustError> {
    if user.role == Role::Admin { Ok(()) } else { Err(TrustError::NotFound) }
}

/// The open cases, for admins; 404 for anyone else.
pub async fn queue<R: TrustRepo>(repo: &R, admin: &User) -> Result<Vec<Case>, TrustError> {
    require_admin(admin)?;
    Ok(repo.open_cases(100).await?)
}

/// A case with its evidence side by side.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFile {
    pub case: Case,
    pub account: Account,
    /// The conversation, when the case is about one of its messages.
    pub conversation: Vec<Line>,
}

pub async fn case_file<R: TrustRepo>(repo: &R, admin: &User, id: &str) -> Result<CaseFile, TrustError> {
    require_admin(admin)?;
    let case = repo.case(id).await?.ok_or(TrustError::NotFound)?;
    let account = repo.account(&case.user_id).await?.ok_or(TrustError::NotFound)?;
    let conversation = if case.subject == Subject::Message {
        repo.conversation_of_message(&case.subject_id, 50).await?
    } else {
        vec![]
    };
    Ok(CaseFile { case, account, conversation })
}

/// An admin acts on an open case, with a reason (and, to suspend, an end
/// date as days from now). The affected person is mailed why, except for
/// a dismissal, which concerns no one.
pub async fn decide<R: TrustRepo>(
    repo: &R,
    site: &Site,
    admin: &User,
    case_id: &str,
    action: &str,
    reason: &str,
    days: Option<i64>,
) -> Result<Case, TrustError> {
    require_admin(admin)?;
    let case = repo.case(case_id).await?.ok_or(TrustError::NotFound)?;
    let Some(action) = Action::parse(action) else {
        return Err(TrustError::Invalid(FieldErrors::single("action", "trust-action-unknown")));
    };
    if !case.open {
        return Err(TrustError::Conflict("trust-case-closed"));
    }
    let reason = text_ok("reason", reason, action != Action::Dismiss).map_err(TrustError::Invalid)?;
    let now = now_ms();
    let (effect, until) = match action {
        Action::Dismiss | Action::Warn => (Effect::None, None),
        Action::HideListing if case.subject == Subject::Listing => {
            (Effect::HideListing { listing_id: case.subject_id.clone() }, None)
        }
        Action::HideListing => {
            return Err(TrustError::Invalid(FieldErrors::single("action", "trust-not-a-listing")));
        }
        Action::Suspend => match days {
            Some(d) if (1..=MAX_SUSPENSION_DAYS).contains(&d) => {
                let until = now + d * DAY_MS;
                (Effect::Suspend { until: Some(until) }, Some(until))
            }
            _ => return Err(TrustError::Invalid(FieldErrors::single("days", "trust-days-range"))),
        },
        Action::Ban => (Effect::Suspend { until: None }, None),
        Action::Restore => {
            let listing_id = (case.subject == Subject::Listing).then(|| case.subject_id.clone());
            (Effect::Restore { listing_id }, None)
        }
    };
    let account = repo.account(&case.user_id).await?.ok_or(TrustError::NotFound)?;
    let mail = (action != Action::Dismiss).then(|| {
        OutgoingMail::new(&account.email, "mail-trust-action")
            .text("name", &account.name)
            .words("what", &format!("trust-told-{}", action.as_str()))
            .text("summary", &case.summary)
            .text("reason", &reason)
            .text("until", until.map(short_date).unwrap_or_default())
            .text("link", site.link("/signin"))
    });
    let d = Decision {
        id: new_id(),
        admin_id: admin.id.clone(),
        action,
        case_id: case.id.clone(),
        subject: case.subject,
        subject_id: case.subject_id.clone(),
        user_id: case.user_id.clone(),
        reason,
        until,
        effect,
        at: now,
    };
    if !repo.decide(&d, mail.as_ref()).await? {
        return Err(TrustError::Conflict("trust-case-closed"));
    }
    repo.case(case_id).await?.ok_or(TrustError::NotFound)
}

/// The suspension that stops `user` signing in, if one is in force.
pub async fn suspension<R: TrustRepo>(repo: &R, user_id: &str) -> Result<Option<Suspension>, StoreError> {
    repo.suspension(user_id, now_ms()).await
}

/// A suspended person's one appeal: it goes back into the queue as a case
/// about their account.
///
/// The caller has proved who they are with their password (see
/// `accounts::suspension_for`): a suspended account can't sign in.
pub async fn appeal<R: TrustRepo>(repo: &R, s: &Suspension, text: &str) -> Result<(), TrustError> {
    let text = text_ok("appeal", text, true).map_err(TrustError::Invalid)?;
    let now = now_ms();
    if !repo.record_appeal(&s.user_id, now).await? {
        return Err(TrustError::Conflict("trust-appeal-made"));
    }
    let id = &s.user_id;
    repo.file(Subject::User, id, id, None, SIGNAL_APPEAL, &text, Some(&format!("{id}:{now}")), now).await?;
    Ok(())
}

/// How far back each scan looks for houses to price-check: a few rounds of
/// the worker, so that each house is checked a few times at most.
pub const PRICE_HORIZON_MS: i64 = 10 * crate::clock::MINUTE_MS;

/// The periodic step: raises a case for each dispute opened since `since`
/// (once per order) and for each house published or changed in the last
/// [`PRICE_HORIZON_MS`] at a bait price, and ends suspensions whose date
/// has come. Returns how many cases it raised.
pub async fn scan<R: TrustRepo>(repo: &R, since: i64, now: i64) -> Result<usize, StoreError> {
    repo.lift_ended(now).await?;
    let mut raised = check_low_prices(repo, now - PRICE_HORIZON_MS, now).await?;
    for (order_id, buyer, seller, reason) in repo.disputes_since(since, 200).await? {
        let detail = format!("{buyer}: {reason}");
        if repo
            .file(Subject::User, &seller, &seller, None, SIGNAL_DISPUTE, &detail, Some(&order_id), now)
            .await?
            .is_some()
        {
            raised += 1;
        }
    }
    Ok(raised)
}

/// Raises a signal on `listing` for each other seller's photo that is the
/// same picture as `photo`: stolen photos are how fake landlords advertise
/// houses that are not theirs. Returns how many were raised.
pub async fn check_copied_photo<R: TrustRepo>(
    repo: &R,
    listing: &crate::listings::Listing,
    photo: &crate::listings::NewPhoto,
    now: i64,
) -> Result<usize, StoreError> {
    let mut raised = 0;
    for m in repo.photos_like(photo.phash, &listing.seller_id, 20).await? {
        if (m.phash ^ photo.phash).count_ones() > COPY_BITS {
            continue;
        }
        let detail = format!("Same photo as \"{}\" by {} (/l/{})", m.listing_title, m.seller_name, m.listing_id);
        let sig_ref = format!("{}:{}", photo.id, m.photo_id);
        let filed = repo
            .file(
                Subject::Listing,
                &listing.id,
                &listing.seller_id,
                None,
                SIGNAL_COPIED_PHOTO,
                &detail,
                Some(&sig_ref),
                now,
            )
            .await?;
        raised += usize::from(filed.is_some());
    }
    Ok(raised)
}

/// The median of some prices (the lower middle one of an even count).
fn median(mut prices: Vec<i64>) -> Option<i64> {
    prices.sort_unstable();
    prices.get(prices.len().saturating_sub(1) / 2).copied()
}

/// Raises a signal on each house published or changed since `since` priced under
/// [`LOW_PRICE_PERCENT`]% of the median of at least [`MIN_COMPARABLES`]
/// comparables, once per listing and price.
pub async fn check_low_prices<R: TrustRepo>(repo: &R, since: i64, now: i64) -> Result<usize, StoreError> {
    let mut raised = 0;
    for p in repo.priced_since(since, 200).await? {
        let prices = repo.comparable_prices(&p, 500).await?;
        if prices.len() < MIN_COMPARABLES {
            continue;
        }
        let Some(median) = median(prices) else { continue };
        if p.price_minor * 100 >= median * LOW_PRICE_PERCENT {
            continue;
        }
        let detail = format!(
            "{} against a median of {} for {} in {}",
            crate::money::format_money(p.price_minor, "KES"),
            crate::money::format_money(median, "KES"),
            p.property_type,
            p.town
        );
        let sig_ref = format!("{}:{}", p.listing_id, p.price_minor);
        let filed = repo
            .file(Subject::Listing, &p.listing_id, &p.seller_id, None, SIGNAL_LOW_PRICE, &detail, Some(&sig_ref), now)
            .await?;
        raised += usize::from(filed.is_some());
    }
    Ok(raised)
}

/// The audit log, for admins.
pub async fn audit<R: TrustRepo>(repo: &R, admin: &User) -> Result<Vec<AuditEntry>, TrustError> {
    require_admin(admin)?;
    Ok(repo.audit(200).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for n in Reason::NAMES {
            assert_eq!(Reason::parse(n).map(Reason::as_str), Some(*n));
        }
        for n in Action::NAMES {
            assert_eq!(Action::parse(n).map(Action::as_str), Some(*n));
        }
        assert_eq!(Subject::parse("order"), None);
        for subject in Subject::NAMES {
            assert!(Reason::names_for(subject).iter().all(|r| Reason::parse(r).is_some()), "{subject}");
        }
    }

    #[test]
    fn the_median_is_the_middle_price() {
        assert_eq!(median(vec![30, 10, 20]), Some(20));
        assert_eq!(median(vec![40, 10, 30, 20]), Some(20));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn quarters_split_the_hash() {
        assert_eq!(phash_quarters(0x0001_0002_0003_FFFF), [1, 2, 3, 0xFFFF]);
    }

    #[test]
    fn texts_are_checked() {
        assert_eq!(text_ok("reason", "  ", true).unwrap_err().code_for("reason"), Some("trust-text-required"));
        assert_eq!(text_ok("detail", "", false).unwrap(), "");
        assert_eq!(
            text_ok("detail", &"x".repeat(MAX_TEXT_CHARS + 1), false).unwrap_err().code_for("detail"),
            Some("trust-text-long")
        );
    }
}
