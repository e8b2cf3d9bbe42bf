//! Conversations, messages, blocks and reports, and the leads that a first
//! message creates.
use crate::error::map;
use crate::mail::{Outgoing, Param};
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::listings::{Kind, PhotoRef};
use dove_domain::mail::OutgoingMail;
use dove_domain::messages::{Conversation, DueDigest, InboxEntry, Message, MessageRepo, Side};

/// A conversation with its listing's title, kind and cover, and both names.
const CONVERSATION_COLUMNS: &str = "c.id, c.listing_id, l.title AS listing_title, l.kind AS listing_kind, \
       p.photo_key, p.width, p.height, p.formats, \
       c.buyer_id, b.name AS buyer_name, c.seller_id, s.name AS seller_name, \
       c.created_at, c.last_message_at, c.last_message, c.last_sender_id, \
       c.buyer_read_at, c.seller_read_at, c.buyer_archived_at, c.seller_archived_at";
const CONVERSATION_FROM: &str = "FROM conversations c \
     JOIN listings l ON l.id = c.listing_id \
     JOIN users b ON b.id = c.buyer_id \
     JOIN users s ON s.id = c.seller_id \
     LEFT JOIN listing_photos p ON p.listing_id = l.id AND p.position = 0";

#[derive(sqlx::FromRow)]
struct ConversationRow {
    id: String,
    listing_id: String,
    listing_title: String,
    listing_kind: String,
    photo_key: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    formats: Option<String>,
    buyer_id: String,
    buyer_name: String,
    seller_id: String,
    seller_name: String,
    created_at: i64,
    last_message_at: i64,
    last_message: String,
    last_sender_id: Option<String>,
    buyer_read_at: i64,
    seller_read_at: i64,
    buyer_archived_at: Option<i64>,
    seller_archived_at: Option<i64>,
}

impl From<ConversationRow> for Conversation {
    fn from(r: ConversationRow) -> Self {
        let listing_photo = crate::listings::cover(r.photo_key, r.width, r.height, r.formats);
        Conversation {
            id: r.id,
            listing_id: r.listing_id,
            listing_title: r.listing_title,
            listing_kind: if r.listing_kind == "property" { Kind::Property } else { Kind::Product },
            listing_photo,
            buyer_id: r.buyer_id,
            buyer_name: r.buyer_name,
            seller_id: r.seller_id,
            seller_name: r.seller_name,
            created_at: r.created_at,
            last_message_at: r.last_message_at,
            last_message: r.last_message,
            last_sender_id: r.last_sender_id,
            buyer_read_at: r.buyer_read_at,
            seller_read_at: r.seller_read_at,
            buyer_archived: r.buyer_archived_at.is_some(),
            seller_archived: r.seller_archived_at.is_some(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    #[sqlx(flatten)]
    conversation: ConversationRow,
    unread: i64,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: String,
    conversation_id: String,
    sender_id: String,
    body: String,
    caution: Option<String>,
    created_at: i64,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Self {
        Message {
            id: r.id,
            conversation_id: r.conversation_id,
            sender_id: r.sender_id,
            body: r.body,
            photos: Vec::new(),
            caution: r.caution,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    message_id: String,
    photo_key: String,
    width: i64,
    height: i64,
    formats: String,
}

/// The preview kept on the conversation for the inbox; a photo with no
/// text shows as "📷 Photo".
pub(crate) fn preview(body: &str, photos: usize) -> String {
    if body.is_empty() && photos > 0 {
        return if photos == 1 { "📷 Photo".to_string() } else { format!("📷 {photos} photos") };
    }
    let line = body.lines().next().unwrap_or("");
    let mut p: String = line.chars().take(140).collect();
    if p.len() < body.len() {
        p.push('…');
    }
    p
}

fn side_column(side: Side, what: &str) -> String {
    match side {
        Side::Buyer => format!("buyer_{what}"),
        Side::Seller => format!("seller_{what}"),
    }
}

pub(crate) const INSERT_MESSAGE: &str =
    "INSERT INTO messages (id, conversation_id, sender_id, body, caution, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// After a message: the conversation's preview, the sender's read mark,
/// and both archives cleared so the conversation comes back to the inbox.
pub(crate) fn touch_sql(sender: Side) -> String {
    let recipient = sender.other();
    format!(
        "UPDATE conversations SET last_message_at = $2, last_message = $3, last_sender_id = $4, \
         {read} = CASE WHEN {read} > $2 THEN {read} ELSE $2 END, \
         {unread} = {unread} + 1, \
         buyer_archived_at = NULL, seller_archived_at = NULL WHERE id = $1",
        read = side_column(sender, "read_at"),
        unread = side_column(recipient, "unread"),
    )
}

#[derive(sqlx::FromRow)]
struct DueRow {
    conversation_id: String,
    email: String,
    name: String,
    from_name: String,
    listing_title: String,
    unread: i64,
    last_message: String,
}

/// The due-digest query for one side: `me` is the recipient, `them` the sender.
fn due_sql(me: &str, them: &str) -> String {
    format!(
        "SELECT c.id AS conversation_id, u.email, u.name, o.name AS from_name, l.title AS listing_title, \
           (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.sender_id = c.{them}_id \
              AND m.created_at > c.{me}_read_at) AS unread, \
           c.last_message \
         FROM conversations c \
         JOIN users u ON u.id = c.{me}_id \
         JOIN users o ON o.id = c.{them}_id \
         JOIN listings l ON l.id = c.listing_id \
         WHERE c.last_message_at > $1 AND c.{me}_mailed_at <= $3 \
           AND c.last_message_at > c.{me}_read_at AND c.last_message_at > c.{me}_mailed_at \
           AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender_id = c.{them}_id \
                         AND m.created_at > c.{me}_read_at AND m.created_at > c.{me}_mailed_at \
                         AND m.created_at <= $2) \
         LIMIT $4"
    )
}

/// Opens the conversation of a buyer about a listing unless it exists, in
/// the open transaction `$tx`; evaluates to `Result<String, StoreError>`
/// with the id of whichever conversation is there now.
macro_rules! ensure_conversation {
    ($tx:expr, id: $id:expr, listing: $listing:expr, buyer: $buyer:expr, seller: $seller:expr, now: $now:expr) => {
        async {
            sqlx::query(
                "INSERT INTO conversations (id, listing_id, buyer_id, seller_id, created_at, last_message_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (listing_id, buyer_id) DO NOTHING",
            )
            .bind($id)
            .bind($listing)
            .bind($buyer)
            .bind($seller)
            .bind($now)
            .execute(&mut *$tx)
            .await
            .map_err($crate::error::map)?;
            let (id,): (String,) =
                sqlx::query_as("SELECT id FROM conversations WHERE listing_id = $1 AND buyer_id = $2")
                    .bind($listing)
                    .bind($buyer)
                    .fetch_one(&mut *$tx)
                    .await
                    .map_err($crate::error::map)?;
            Ok::<String, dove_domain::StoreError>(id)
        }
    };
}
pub(crate) use ensure_conversation;

/// Writes message `$m` (into conversation `$conversation`) from `$sender`'s
/// side inside the open transaction `$tx`: the row, its photos, the
/// conversation's preview and read mark, and for the seller's first reply
/// the lead's reply time. Evaluates to `Result<(), StoreError>`.
macro_rules! write_message {
    ($tx:expr, $m:expr, $conversation:expr, $sender:expr) => {
        async {
            use $crate::error::map;
            let m: &dove_domain::messages::Message = $m;
            let conversation: &str = $conversation;
            sqlx::query($crate::messages::INSERT_MESSAGE)
                .bind(&m.id)
                .bind(conversation)
                .bind(&m.sender_id)
                .bind(&m.body)
                .bind(&m.caution)
                .bind(m.created_at)
                .execute(&mut *$tx)
                .await
                .map_err(map)?;
            for (position, p) in m.photos.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO message_photos (message_id, position, photo_key, width, height, formats) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&m.id)
                .bind(position as i64)
                .bind(&p.key)
                .bind(p.width)
                .bind(p.height)
                .bind(if p.webp { "jpeg,webp" } else { "jpeg" })
                .execute(&mut *$tx)
                .await
                .map_err(map)?;
            }
            sqlx::query(&$crate::messages::touch_sql($sender))
                .bind(conversation)
                .bind(m.created_at)
                .bind($crate::messages::preview(&m.body, m.photos.len()))
                .bind(&m.sender_id)
                .execute(&mut *$tx)
                .await
                .map_err(map)?;
            if $sender == dove_domain::messages::Side::Seller {
                // The seller's first reply: the lead is now contacted, and
                // the time to reply is known.
                let updated = sqlx::query(
                    "UPDATE leads SET first_reply_at = $2, updated_at = $2, \
                     stage = CASE WHEN stage = 'new' THEN 'contacted' ELSE stage END \
                     WHERE first_reply_at IS NULL AND (listing_id, buyer_id) IN \
                       (SELECT listing_id, buyer_id FROM conversations WHERE id = $1)",
                )
                .bind(conversation)
                .bind(m.created_at)
                .execute(&mut *$tx)
                .await
                .map_err(map)?;
                if updated.rows_affected() > 0 {
                    sqlx::query(
                        "INSERT INTO lead_events (id, lead_id, kind, detail, created_at) \
                         SELECT $1, l.id, 'replied', '', $3 FROM leads l \
                         JOIN conversations c ON c.listing_id = l.listing_id AND c.buyer_id = l.buyer_id \
                         WHERE c.id = $2",
                    )
                    .bind(dove_domain::new_id())
                    .bind(conversation)
                    .bind(m.created_at)
                    .execute(&mut *$tx)
                    .await
                    .map_err(map)?;
                }
            }
            Ok::<(), dove_domain::StoreError>(())
        }
    };
}
pub(crate) use write_message;

impl MessageRepo for Db {
    async fn open_conversation(
        &self,
        conversation_id: &str,
        listing_id: &str,
        buyer_id: &str,
        seller_id: &str,
        first: &Message,
    ) -> Result<String, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let id = crate::ensure_conversation!(tx, id: conversation_id, listing: listing_id, buyer: buyer_id,
                seller: seller_id, now: first.created_at)
            .await?;
            crate::write_message!(tx, first, &id, Side::Buyer).await?;
            crate::record_lead!(tx, seller: seller_id, buyer: buyer_id, listing: listing_id,
                source: "message", event: "message", detail: "", now: first.created_at)
            .await?;
            tx.commit().await.map_err(map)?;
            Ok(id)
        })
    }

    async fn conversation(&self, id: &str) -> Result<Option<Conversation>, StoreError> {
        let sql = format!("SELECT {CONVERSATION_COLUMNS} {CONVERSATION_FROM} WHERE c.id = $1");
        let row: Option<ConversationRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Conversation::from))
    }

    async fn conversation_for(&self, listing_id: &str, buyer_id: &str) -> Result<Option<Conversation>, StoreError> {
        let sql =
            format!("SELECT {CONVERSATION_COLUMNS} {CONVERSATION_FROM} WHERE c.listing_id = $1 AND c.buyer_id = $2");
        let row: Option<ConversationRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(listing_id)
            .bind(buyer_id)
            .fetch_optional(pool)
            .await
            .map_err(map))?;
        Ok(row.map(Conversation::from))
    }

    async fn add_message(&self, m: &Message, sender: Side) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            crate::write_message!(tx, m, &m.conversation_id, sender).await?;
            tx.commit().await.map_err(map)
        })
    }

    async fn messages(&self, conversation_id: &str, limit: i64) -> Result<Vec<Message>, StoreError> {
        let rows: Vec<MessageRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, conversation_id, sender_id, body, caution, created_at FROM messages \
             WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        )
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        let mut messages: Vec<Message> = rows.into_iter().rev().map(Message::from).collect();
        let Some(first) = messages.first().map(|m| m.created_at) else {
            return Ok(messages);
        };
        let photos: Vec<PhotoRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT p.message_id, p.photo_key, p.width, p.height, p.formats FROM message_photos p \
             JOIN messages m ON m.id = p.message_id \
             WHERE m.conversation_id = $1 AND m.created_at >= $2 ORDER BY p.message_id, p.position"
        )
        .bind(conversation_id)
        .bind(first)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        for p in photos {
            if let Some(m) = messages.iter_mut().find(|m| m.id == p.message_id) {
                m.photos.push(PhotoRef {
                    key: p.photo_key,
                    width: p.width,
                    height: p.height,
                    webp: p.formats.contains("webp"),
                });
            }
        }
        Ok(messages)
    }

    async fn inbox(
        &self,
        user_id: &str,
        archived: bool,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> Result<Vec<InboxEntry>, StoreError> {
        let archive = if archived { "IS NOT NULL" } else { "IS NULL" };
        // One side at a time, each straight off its (user, time, id) index,
        // then the two merged: an OR across both sides would sort them all.
        let side = |me: &str, alias: &str| {
            format!(
                "SELECT * FROM (SELECT {CONVERSATION_COLUMNS}, c.{me}_unread AS unread {CONVERSATION_FROM} \
                   WHERE c.{me}_id = $1 AND c.{me}_archived_at {archive} \
                     AND (c.last_message_at < $2 OR (c.last_message_at = $2 AND c.id < $3)) \
                   ORDER BY c.last_message_at DESC, c.id DESC LIMIT $4) AS {alias}"
            )
        };
        let sql = format!(
            "{} UNION ALL {} ORDER BY last_message_at DESC, id DESC LIMIT $4",
            side("buyer", "as_buyer"),
            side("seller", "as_seller")
        );
        let (at, id) = before.unwrap_or((i64::MAX, ""));
        let rows: Vec<InboxRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .bind(at)
            .bind(id)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(|r| InboxEntry { conversation: r.conversation.into(), unread: r.unread }).collect())
    }

    async fn unread_total(&self, user_id: &str) -> Result<i64, StoreError> {
        let (n,): (i64,) = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT CAST((SELECT COALESCE(SUM(buyer_unread), 0) FROM conversations WHERE buyer_id = $1 AND buyer_unread > 0) \
                 + (SELECT COALESCE(SUM(seller_unread), 0) FROM conversations WHERE seller_id = $1 AND seller_unread > 0) \
               AS BIGINT)"
        )
        .bind(user_id)
        .fetch_one(pool)
        .await
        .map_err(map)
        })?;
        Ok(n)
    }

    async fn mark_read(&self, conversation_id: &str, side: Side, at: i64) -> Result<bool, StoreError> {
        let (me, them) = match side {
            Side::Buyer => ("buyer", "seller"),
            Side::Seller => ("seller", "buyer"),
        };
        // What is still unread is recounted: a message may have arrived
        // after the ones just read.
        let sql = format!(
            "UPDATE conversations SET {me}_read_at = $2, \
               {me}_unread = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = $1 \
                                AND m.sender_id = conversations.{them}_id AND m.created_at > $2) \
             WHERE id = $1 AND {me}_read_at < $2"
        );
        on_write!(self, |pool| sqlx::query(&sql)
            .bind(conversation_id)
            .bind(at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() > 0)
            .map_err(map))
    }

    async fn set_archived(&self, conversation_id: &str, side: Side, at: Option<i64>) -> Result<(), StoreError> {
        let sql = format!("UPDATE conversations SET {} = $2 WHERE id = $1", side_column(side, "archived_at"));
        on_write!(self, |pool| sqlx::query(&sql)
            .bind(conversation_id)
            .bind(at)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn block(&self, blocker_id: &str, blocked_id: &str, at: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (blocker_id, blocked_id) DO NOTHING"
        )
        .bind(blocker_id)
        .bind(blocked_id)
        .bind(at)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }

    async fn unblock(&self, blocker_id: &str, blocked_id: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
            .bind(blocker_id)
            .bind(blocked_id)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn is_blocked(&self, blocker_id: &str, blocked_id: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT created_at FROM blocks WHERE blocker_id = $1 AND blocked_id = $2"
        )
        .bind(blocker_id)
        .bind(blocked_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.is_some())
    }

    async fn due_digests(
        &self,
        since: i64,
        unread_before: i64,
        mailed_before: i64,
        limit: i64,
    ) -> Result<Vec<DueDigest>, StoreError> {
        let mut out = Vec::new();
        for (side, me, them) in [(Side::Buyer, "buyer", "seller"), (Side::Seller, "seller", "buyer")] {
            let sql = due_sql(me, them);
            let rows: Vec<DueRow> = on_read!(self, |pool| sqlx::query_as(&sql)
                .bind(since)
                .bind(unread_before)
                .bind(mailed_before)
                .bind(limit)
                .fetch_all(pool)
                .await
                .map_err(map))?;
            out.extend(rows.into_iter().map(|r| DueDigest {
                conversation_id: r.conversation_id,
                side,
                email: r.email,
                name: r.name,
                from_name: r.from_name,
                listing_title: r.listing_title,
                unread: r.unread,
                last_message: r.last_message,
            }));
        }
        Ok(out)
    }

    async fn queue_digest(
        &self,
        due: &DueDigest,
        mail: &OutgoingMail,
        now: i64,
        mailed_before: i64,
    ) -> Result<bool, StoreError> {
        let col = side_column(due.side, "mailed_at");
        let claim = format!("UPDATE conversations SET {col} = $2 WHERE id = $1 AND {col} <= $3");
        let params = [Param::Text(&due.conversation_id), Param::Int(now), Param::Int(mailed_before)];
        self.claim_then_queue(&claim, &params, Outgoing::Mail(std::slice::from_ref(mail)), now).await
    }

    async fn report(&self, conversation_id: &str, reporter_id: &str, reason: &str, at: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO conversation_reports (id, conversation_id, reporter_id, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(dove_domain::new_id())
        .bind(conversation_id)
        .bind(reporter_id)
        .bind(reason)
        .bind(at)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_keep_the_first_line_and_mark_a_cut() {
        assert_eq!(preview("Is it available?", 0), "Is it available?");
        assert_eq!(preview("Hello\nsecond line", 1), "Hello…");
        assert_eq!(preview(&"x".repeat(200), 0).chars().count(), 141);
        assert_eq!(preview("", 1), "📷 Photo");
        assert_eq!(preview("", 2), "📷 2 photos");
    }
}
