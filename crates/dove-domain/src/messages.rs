//! Conversations: a buyer and a listing's owner talking directly, with no
//! broker between them. One conversation per buyer and listing; the first
//! message also makes (or touches) the seller's lead for that buyer.
use crate::accounts::User;
use crate::clock::{DAY_MS, MINUTE_MS, now_ms};
use crate::listings::{Kind, ListingError, ListingRepo, PhotoRef};
use crate::mail::{OutgoingMail, Site};
use crate::paging::{Cursor, next_after};
use crate::photos::{PhotoError, PhotoPipeline, PhotoRejection, PhotoStorage, store_variants};
use crate::viewings::ViewingRepo;
use crate::{FieldErrors, StoreError, new_id};
use bytes::Bytes;
use serde::Serialize;
use thiserror::Error;

/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Conversations on one page of the inbox.
pub const INBOX_PAGE: i64 = 50;
/// Messages shown in a conversation, the latest ones.
pub const THREAD_LIMIT: i64 = 500;
/// Photos one message may carry.
pub const MAX_MESSAGE_PHOTOS: usize = 3;
/// Longest report reason, in characters.
pub const MAX_REPORT_CHARS: usize = 1000;

/// A message unread this long means its recipient is not around: they get
/// an email.
pub const DIGEST_AFTER_MS: i64 = 2 * MINUTE_MS;
/// At most one email per conversation and recipient in this long.
pub const DIGEST_EVERY_MS: i64 = 15 * MINUTE_MS;
/// Unread messages older than this are not mailed about any more (the
/// worker was down, say); the inbox still has them.
const DIGEST_HORIZON_MS: i64 = DAY_MS;
/// Digests queued per round.
const DIGEST_BATCH: i64 = 200;

#[derive(Debug, Error)]
pub enum MessageError {
    /// No such conversation, or not one of its two participants: the same
    /// answer either way, so ids can't be probed.
    #[error("conversation not found")]
    NotFound,
    #[error("invalid message")]
    Invalid(FieldErrors),
    #[error("that is your own listing")]
    OwnListing,
    /// The recipient has blocked the sender.
    #[error("you can't message this user")]
    Blocked,
    /// An attached photo was refused; the field error says why.
    #[error("photo refused: {0}")]
    Photo(#[from] PhotoRejection),
    #[error(transparent)]
    PhotoStorage(#[from] PhotoError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ListingError> for MessageError {
    fn from(e: ListingError) -> Self {
        match e {
            ListingError::Store(s) => MessageError::Store(s),
            _ => MessageError::NotFound,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Buyer,
    Seller,
}

impl Side {
    /// Which side `user_id` is on between this buyer and seller, if either.
    pub fn of(user_id: &str, buyer_id: &str, seller_id: &str) -> Option<Side> {
        if user_id == buyer_id {
            Some(Side::Buyer)
        } else if user_id == seller_id {
            Some(Side::Seller)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Buyer => "buyer",
            Side::Seller => "seller",
        }
    }

    /// Reads a stored side; only "seller" is the seller.
    pub fn from_stored(s: &str) -> Side {
        if s == "seller" { Side::Seller } else { Side::Buyer }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Buyer => Side::Seller,
            Side::Seller => Side::Buyer,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub id: String,
    pub listing_id: String,
    pub listing_title: String,
    pub listing_kind: Kind,
    pub listing_photo: Option<PhotoRef>,
    pub buyer_id: String,
    pub buyer_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub created_at: i64,
    pub last_message_at: i64,
    pub last_message: String,
    pub last_sender_id: Option<String>,
    pub buyer_read_at: i64,
    pub seller_read_at: i64,
    pub buyer_archived: bool,
    pub seller_archived: bool,
}

impl Conversation {
    /// Which side `user_id` is on, if either.
    pub fn side(&self, user_id: &str) -> Option<Side> {
        Side::of(user_id, &self.buyer_id, &self.seller_id)
    }

    pub fn other_id(&self, side: Side) -> &str {
        match side {
            Side::Buyer => &self.seller_id,
            Side::Seller => &self.buyer_id,
        }
    }

    pub fn other_name(&self, side: Side) -> &str {
        match side {
            Side::Buyer => &self.seller_name,
            Side::Seller => &self.buyer_name,
        }
    }

    /// Up to when the other side has read.
    pub fn other_read_at(&self, side: Side) -> i64 {
        match side {
            Side::Buyer => self.seller_read_at,
            Side::Seller => self.buyer_read_at,
        }
    }

    pub fn archived_for(&self, side: Side) -> bool {
        match side {
            Side::Buyer => self.buyer_archived,
            Side::Seller => self.seller_archived,
        }
    }

    /// Conversations about houses carry the "never pay before viewing" notice.
    pub fn is_about_property(&self) -> bool {
        self.listing_kind == Kind::Property
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub sender_id: String,
    pub body: String,
    /// Photos sent with the text, through the listing photo pipeline.
    pub photos: Vec<PhotoRef>,
    /// Why the recipient should be careful, when the text asks for money
    /// before a viewing (see [`caution`]).
    pub caution: Option<String>,
    pub created_at: i64,
}

/// A line of the inbox: the conversation and how many messages are unread.
#[derive(Debug, Clone, Serialize)]
pub struct InboxEntry {
    pub conversation: Conversation,
    pub unread: i64,
}

/// A recipient to tell about unread messages in one conversation.
#[derive(Debug, Clone)]
pub struct DueDigest {
    pub conversation_id: String,
    pub side: Side,
    pub email: String,
    pub name: String,
    pub from_name: String,
    pub listing_title: String,
    pub unread: i64,
    pub last_message: String,
}

pub trait MessageRepo: Send + Sync {
    /// Creates the conversation for `(listing, buyer)` if there is none,
    /// adds `first` to it and records the lead, all in one transaction.
    /// Returns the conversation's id.
    fn open_conversation(
        &self,
        conversation_id: &str,
        listing_id: &str,
        buyer_id: &str,
        seller_id: &str,
        first: &Message,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;
    fn conversation(&self, id: &str) -> impl Future<Output = Result<Option<Conversation>, StoreError>> + Send;
    fn conversation_for(
        &self,
        listing_id: &str,
        buyer_id: &str,
    ) -> impl Future<Output = Result<Option<Conversation>, StoreError>> + Send;
    /// Adds a message, moves the conversation's last message and the
    /// sender's read mark, brings it back from either side's archive, and,
    /// for the seller's first reply, records it on the lead.
    fn add_message(&self, message: &Message, sender: Side) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The latest `limit` messages, oldest first.
    fn messages(
        &self,
        conversation_id: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Message>, StoreError>> + Send;
    /// The user's conversations, latest first, from just after `before`
    /// (the last message time and id of the previous page's last one).
    fn inbox(
        &self,
        user_id: &str,
        archived: bool,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<InboxEntry>, StoreError>> + Send;
    /// Unread messages across the user's conversations (the header badge).
    fn unread_total(&self, user_id: &str) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Moves `side`'s read mark forward to `at` (never back); true if it moved.
    fn mark_read(
        &self,
        conversation_id: &str,
        side: Side,
        at: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn set_archived(
        &self,
        conversation_id: &str,
        side: Side,
        at: Option<i64>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn block(&self, blocker_id: &str, blocked_id: &str, at: i64)
    -> impl Future<Output = Result<(), StoreError>> + Send;
    fn unblock(&self, blocker_id: &str, blocked_id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn is_blocked(&self, blocker_id: &str, blocked_id: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Recipients with messages unread since before `unread_before`, newer
    /// than their last digest, and no digest about the conversation since
    /// `mailed_before`; only conversations active since `since`.
    fn due_digests(
        &self,
        since: i64,
        unread_before: i64,
        mailed_before: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<DueDigest>, StoreError>> + Send;
    /// Records the digest and queues its mail in one transaction; false
    /// (and nothing written) if another node sent one first.
    fn queue_digest(
        &self,
        due: &DueDigest,
        mail: &OutgoingMail,
        now: i64,
        mailed_before: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn report(
        &self,
        conversation_id: &str,
        reporter_id: &str,
        reason: &str,
        at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Checks a message's text: trimmed, not empty, at most 2,000 characters.
pub fn check_body(body: &str) -> Result<String, FieldErrors> {
    check_text(body, false)
}

/// As [`check_body`], but a message carrying photos may have no text.
fn check_text(body: &str, has_photos: bool) -> Result<String, FieldErrors> {
    let body = body.trim();
    if body.is_empty() && !has_photos {
        Err(FieldErrors::single("body", "message-empty"))
    } else if body.chars().count() > MAX_MESSAGE_CHARS {
        Err(FieldErrors::single("body", "message-too-long"))
    } else {
        Ok(body.to_string())
    }
}

/// Words that, before anyone has seen a house, usually mean a scam: a
/// deposit, a fee, or instructions to send money.
const MONEY_WORDS: &[&str] = &[
    "deposit",
    "send money",
    "send the money",
    "pay first",
    "pay before",
    "booking fee",
    "viewing fee",
    "reservation fee",
    "paybill",
    "till number",
    "buy goods",
    "account number",
    "mpesa to",
    "m-pesa to",
    "lipa na",
    "tuma pesa",
    "tuma",
    "advance payment",
    "western union",
];

/// Why the recipient should be careful with this text, if they should: it
/// asks for money or gives payment instructions, in a conversation about a
/// property before any viewing.
pub fn caution(body: &str, about_property: bool) -> Option<String> {
    if !about_property {
        return None;
    }
    let lower = body.to_lowercase();
    let hit = MONEY_WORDS.iter().find(|w| {
        lower.match_indices(*w).any(|(i, _)| lower[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
    })?;
    Some(format!("asks for money before a viewing (\u{201c}{hit}\u{201d})"))
}

/// Opens (or resumes) the conversation about `listing_id` and sends the
/// first message in it. Returns the conversation.
pub async fn start<R: MessageRepo + ListingRepo + ViewingRepo>(
    repo: &R,
    buyer: &User,
    listing_id: &str,
    body: &str,
) -> Result<(Conversation, Message), MessageError> {
    let body = check_body(body).map_err(MessageError::Invalid)?;
    let listing = repo.listing(listing_id).await?.ok_or(MessageError::NotFound)?;
    if listing.seller_id == buyer.id {
        return Err(MessageError::OwnListing);
    }
    if let Some(existing) = repo.conversation_for(listing_id, &buyer.id).await? {
        let message = send(repo, buyer, &existing.id, &body, Vec::new()).await?.message;
        return Ok((existing, message));
    }
    if !listing.is_public() {
        return Err(MessageError::NotFound);
    }
    if repo.is_blocked(&listing.seller_id, &buyer.id).await? {
        return Err(MessageError::Blocked);
    }
    let conversation_id = new_id();
    let message = Message {
        id: new_id(),
        conversation_id: conversation_id.clone(),
        sender_id: buyer.id.clone(),
        caution: caution(&body, listing.kind == Kind::Property),
        body,
        photos: Vec::new(),
        created_at: now_ms(),
    };
    // Two first messages racing: the unique index lets one conversation win,
    // and the repository adds the message to whichever exists.
    let id = repo.open_conversation(&conversation_id, listing_id, &buyer.id, &listing.seller_id, &message).await?;
    let conversation = repo.conversation(&id).await?.ok_or(MessageError::NotFound)?;
    let message = Message { conversation_id: id, ..message };
    Ok((conversation, message))
}

/// The buyer's conversation about a listing, if they have started one.
pub async fn existing<R: MessageRepo>(
    repo: &R,
    buyer: &User,
    listing_id: &str,
) -> Result<Option<Conversation>, StoreError> {
    repo.conversation_for(listing_id, &buyer.id).await
}

/// The conversation, if `user` is in it, and which side they are on.
pub async fn open<R: MessageRepo>(repo: &R, user: &User, id: &str) -> Result<(Conversation, Side), MessageError> {
    let c = repo.conversation(id).await?.ok_or(MessageError::NotFound)?;
    let side = c.side(&user.id).ok_or(MessageError::NotFound)?;
    Ok((c, side))
}

/// A sent message, and who should hear of it live.
pub struct Sent {
    pub message: Message,
    pub recipient_id: String,
}

/// Sends a message in a conversation `sender` is part of.
pub async fn send<R: MessageRepo + ViewingRepo>(
    repo: &R,
    sender: &User,
    conversation_id: &str,
    body: &str,
    photos: Vec<PhotoRef>,
) -> Result<Sent, MessageError> {
    let body = check_text(body, !photos.is_empty()).map_err(MessageError::Invalid)?;
    let (c, side) = open(repo, sender, conversation_id).await?;
    if repo.is_blocked(c.other_id(side), &sender.id).await? {
        return Err(MessageError::Blocked);
    }
    let now = now_ms();
    // Once the buyer has seen the house, talk of deposits is expected.
    let before_viewing = c.is_about_property() && !repo.viewing_happened(&c.id, now).await?;
    let message = Message {
        id: new_id(),
        conversation_id: c.id.clone(),
        sender_id: sender.id.clone(),
        caution: caution(&body, before_viewing),
        body,
        photos,
        created_at: now,
    };
    repo.add_message(&message, side).await?;
    Ok(Sent { message, recipient_id: c.other_id(side).to_string() })
}

/// Checks, re-encodes and stores photos for a message, before it is sent:
/// the same pipeline as listing photos, so no upload is ever served as it
/// came. A photo that fails stops the message; nothing is sent.
pub async fn store_photos(
    storage: &dyn PhotoStorage,
    pipeline: &PhotoPipeline,
    files: Vec<Bytes>,
) -> Result<Vec<PhotoRef>, MessageError> {
    if files.len() > MAX_MESSAGE_PHOTOS {
        return Err(MessageError::Invalid(FieldErrors::single("photos", "message-too-many-photos")));
    }
    let mut photos = Vec::with_capacity(files.len());
    for bytes in files {
        let p = pipeline.process(bytes).await?;
        store_variants(storage, &p).await?;
        photos.push(PhotoRef { key: p.key, width: p.width, height: p.height, webp: true });
    }
    Ok(photos)
}

/// A conversation as `user` reads it.
pub struct Thread {
    pub conversation: Conversation,
    pub side: Side,
    pub messages: Vec<Message>,
    /// Reading it moved the read mark: the other side's receipts changed.
    pub newly_read: bool,
}

/// The messages of a conversation, marking them read for `user`.
pub async fn read<R: MessageRepo>(repo: &R, user: &User, id: &str) -> Result<Thread, MessageError> {
    let (conversation, side) = open(repo, user, id).await?;
    let messages = repo.messages(id, THREAD_LIMIT).await?;
    let newly_read = match messages.iter().filter(|m| m.sender_id != user.id).map(|m| m.created_at).max() {
        Some(last) => repo.mark_read(id, side, last).await?,
        None => false,
    };
    Ok(Thread { conversation, side, messages, newly_read })
}

/// One page of the inbox, and where the next one starts if there is more.
pub struct InboxPage {
    pub entries: Vec<InboxEntry>,
    pub next: Option<Cursor>,
}

pub async fn inbox<R: MessageRepo>(
    repo: &R,
    user: &User,
    archived: bool,
    before: Option<&Cursor>,
) -> Result<InboxPage, StoreError> {
    let before = before.map(|c| (c.at, c.id.as_str()));
    let entries = repo.inbox(&user.id, archived, before, INBOX_PAGE).await?;
    let next = next_after(&entries, INBOX_PAGE, |e| (e.conversation.last_message_at, &e.conversation.id));
    Ok(InboxPage { entries, next })
}

pub async fn unread<R: MessageRepo>(repo: &R, user: &User) -> Result<i64, StoreError> {
    repo.unread_total(&user.id).await
}

pub async fn archive<R: MessageRepo>(repo: &R, user: &User, id: &str, archived: bool) -> Result<(), MessageError> {
    let (_, side) = open(repo, user, id).await?;
    repo.set_archived(id, side, archived.then(now_ms)).await?;
    Ok(())
}

/// Blocks (or unblocks) the other person in a conversation: once blocked
/// they can't send `user` anything, in this conversation or a new one.
pub async fn block<R: MessageRepo>(
    repo: &R,
    user: &User,
    conversation_id: &str,
    blocked: bool,
) -> Result<(), MessageError> {
    let (c, side) = open(repo, user, conversation_id).await?;
    let other = c.other_id(side);
    if blocked {
        repo.block(&user.id, other, now_ms()).await?;
    } else {
        repo.unblock(&user.id, other).await?;
    }
    Ok(())
}

/// Whether `user` has blocked the other person in the conversation.
pub async fn has_blocked<R: MessageRepo>(repo: &R, user: &User, c: &Conversation) -> Result<bool, StoreError> {
    match c.side(&user.id) {
        Some(side) => repo.is_blocked(&user.id, c.other_id(side)).await,
        None => Ok(false),
    }
}

/// Stores a report for the admins.
pub async fn report<R: MessageRepo>(
    repo: &R,
    user: &User,
    conversation_id: &str,
    reason: &str,
) -> Result<(), MessageError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(MessageError::Invalid(FieldErrors::single("reason", "report-empty")));
    }
    if reason.chars().count() > MAX_REPORT_CHARS {
        return Err(MessageError::Invalid(FieldErrors::single("reason", "report-too-long")));
    }
    open(repo, user, conversation_id).await?;
    repo.report(conversation_id, &user.id, reason, now_ms()).await?;
    Ok(())
}

/// The email about unread messages in a conversation.
pub fn digest_mail(site: &Site, due: &DueDigest) -> OutgoingMail {
    OutgoingMail::new(&due.email, "mail-unread")
        .text("name", &due.name)
        .text("from", &due.from_name)
        .number("count", due.unread)
        .text("listing", &due.listing_title)
        .text("message", &due.last_message)
        .text("link", site.link(&format!("/inbox/{}", due.conversation_id)))
}

/// Mails everyone who has had messages unread for a while: at most one
/// mail per conversation and recipient every 15 minutes, and only about
/// messages that arrived since the last one. Returns how many were queued.
pub async fn send_digests<R: MessageRepo>(repo: &R, site: &Site, now: i64) -> Result<usize, StoreError> {
    let mailed_before = now - DIGEST_EVERY_MS;
    let due = repo.due_digests(now - DIGEST_HORIZON_MS, now - DIGEST_AFTER_MS, mailed_before, DIGEST_BATCH).await?;
    let mut queued = 0;
    for d in &due {
        if repo.queue_digest(d, &digest_mail(site, d), now, mailed_before).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_trimmed_and_bounded() {
        assert_eq!(check_body("  habari  ").unwrap(), "habari");
        assert_eq!(check_body("   ").unwrap_err().0[0].code, "message-empty");
        assert!(check_body(&"a".repeat(MAX_MESSAGE_CHARS)).is_ok());
        assert_eq!(check_body(&"a".repeat(MAX_MESSAGE_CHARS + 1)).unwrap_err().0[0].code, "message-too-long");
    }

    #[test]
    fn money_requests_about_property_are_flagged() {
        assert!(caution("Send a deposit of 5,000 to paybill 123 to hold it", true).is_some());
        assert!(caution("Tuma pesa kwanza", true).is_some());
        assert!(caution("Can I view it on Saturday?", true).is_none());
        // Products are paid on delivery through the platform; no notice there.
        assert!(caution("Send a deposit", false).is_none());
        // A word inside another word is not a hit.
        assert!(caution("I have a fortuna vase", true).is_none());
    }
}
