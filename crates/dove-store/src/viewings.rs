//! Viewings: requests, answers, and reminders, each written with the
//! message it posts in the conversation.
use crate::error::map;
use crate::mail::{Outgoing, Param};
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::mail::OutgoingMail;
use dove_domain::messages::{Message, Side};
use dove_domain::viewings::{DueReminder, NewViewing, Status, Step, Viewing, ViewingRepo};

const VIEWING_SELECT: &str = "SELECT v.id, v.conversation_id, c.listing_id, l.title AS listing_title, \
       l.kind AS listing_kind, l.neighbourhood, l.town, \
       c.buyer_id, b.name AS buyer_name, b.email AS buyer_email, \
       c.seller_id, s.name AS seller_name, s.email AS seller_email, \
       v.status, v.proposed_by, v.slot1_at, v.slot2_at, v.slot3_at, v.starts_at, v.created_at, v.updated_at, \
       v.buyer_attended, v.seller_attended, v.held_at \
     FROM viewings v \
     JOIN conversations c ON c.id = v.conversation_id \
     JOIN listings l ON l.id = c.listing_id \
     JOIN users b ON b.id = c.buyer_id \
     JOIN users s ON s.id = c.seller_id";

#[derive(sqlx::FromRow)]
struct ViewingRow {
    id: String,
    conversation_id: String,
    listing_id: String,
    listing_title: String,
    listing_kind: String,
    neighbourhood: Option<String>,
    town: Option<String>,
    buyer_id: String,
    buyer_name: String,
    buyer_email: String,
    seller_id: String,
    seller_name: String,
    seller_email: String,
    status: String,
    proposed_by: String,
    slot1_at: i64,
    slot2_at: Option<i64>,
    slot3_at: Option<i64>,
    starts_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    buyer_attended: Option<bool>,
    seller_attended: Option<bool>,
    held_at: Option<i64>,
}

/// "Kilimani, Nairobi", or whichever part is known.
fn place(neighbourhood: Option<String>, town: Option<String>) -> String {
    [neighbourhood, town].into_iter().flatten().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

impl From<ViewingRow> for Viewing {
    fn from(r: ViewingRow) -> Self {
        let mut slots: Vec<i64> = [Some(r.slot1_at), r.slot2_at, r.slot3_at].into_iter().flatten().collect();
        slots.sort_unstable();
        Viewing {
            id: r.id,
            conversation_id: r.conversation_id,
            listing_id: r.listing_id,
            listing_title: r.listing_title,
            about_property: r.listing_kind == "property",
            place: place(r.neighbourhood, r.town),
            buyer_id: r.buyer_id,
            buyer_name: r.buyer_name,
            buyer_email: r.buyer_email,
            seller_id: r.seller_id,
            seller_name: r.seller_name,
            seller_email: r.seller_email,
            status: Status::from_stored(&r.status),
            proposed_by: Side::from_stored(&r.proposed_by),
            slots,
            starts_at: r.starts_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            buyer_attended: r.buyer_attended,
            seller_attended: r.seller_attended,
            held_at: r.held_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ReminderRow {
    id: String,
    conversation_id: String,
    starts_at: i64,
    listing_title: String,
    neighbourhood: Option<String>,
    town: Option<String>,
    buyer_email: String,
    buyer_name: String,
    seller_email: String,
    seller_name: String,
}

impl ViewingRepo for Db {
    async fn mark_attended(
        &self,
        viewing_id: &str,
        side: Side,
        took_place: bool,
        now: i64,
    ) -> Result<bool, StoreError> {
        // Guarded on this side not having said yet; held_at is set in the
        // same statement when the other side had already said yes.
        let sql = match side {
            Side::Buyer => {
                "UPDATE viewings SET buyer_attended = $2, updated_at = $3, \
                   held_at = CASE WHEN $2 AND seller_attended THEN $3 ELSE held_at END \
                 WHERE id = $1 AND status = 'accepted' AND buyer_attended IS NULL"
            }
            Side::Seller => {
                "UPDATE viewings SET seller_attended = $2, updated_at = $3, \
                   held_at = CASE WHEN $2 AND buyer_attended THEN $3 ELSE held_at END \
                 WHERE id = $1 AND status = 'accepted' AND seller_attended IS NULL"
            }
        };
        let done = on_write!(self, |pool| sqlx::query(sql)
            .bind(viewing_id)
            .bind(took_place)
            .bind(now)
            .execute(pool)
            .await
            .map(|d| d.rows_affected() == 1)
            .map_err(map))?;
        Ok(done)
    }

    async fn insert_viewing(&self, v: &NewViewing<'_>, message: &Message) -> Result<String, StoreError> {
        let now = message.created_at;
        let NewViewing { id: viewing_id, conversation_id, listing_id, buyer_id, seller_id, slots } = *v;
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let id = crate::ensure_conversation!(tx, id: conversation_id, listing: listing_id, buyer: buyer_id,
                seller: seller_id, now: now)
            .await?;
            sqlx::query(
                "INSERT INTO viewings (id, conversation_id, status, proposed_by, slot1_at, slot2_at, slot3_at, \
                   created_at, updated_at) VALUES ($1, $2, 'requested', 'buyer', $3, $4, $5, $6, $6)",
            )
            .bind(viewing_id)
            .bind(&id)
            .bind(slots.first().copied().unwrap_or(now))
            .bind(slots.get(1).copied())
            .bind(slots.get(2).copied())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            crate::write_message!(tx, message, &id, Side::Buyer).await?;
            crate::record_lead!(tx, seller: seller_id, buyer: buyer_id, listing: listing_id,
                source: "viewing", event: "viewing-requested", detail: "", now: now)
            .await?;
            tx.commit().await.map_err(map)?;
            Ok(id)
        })
    }

    async fn viewing(&self, id: &str) -> Result<Option<Viewing>, StoreError> {
        let sql = format!("{VIEWING_SELECT} WHERE v.id = $1");
        let row: Option<ViewingRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Viewing::from))
    }

    async fn latest_viewing(&self, conversation_id: &str) -> Result<Option<Viewing>, StoreError> {
        let sql =
            format!("{VIEWING_SELECT} WHERE v.conversation_id = $1 ORDER BY v.created_at DESC, v.id DESC LIMIT 1");
        let row: Option<ViewingRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(conversation_id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Viewing::from))
    }

    async fn user_viewings(&self, user_id: &str, after: i64, limit: i64) -> Result<Vec<Viewing>, StoreError> {
        let sql = format!(
            "{VIEWING_SELECT} WHERE (c.buyer_id = $1 OR c.seller_id = $1) \
               AND (v.status = 'requested' OR (v.status = 'accepted' AND v.starts_at > $2)) \
             ORDER BY COALESCE(v.starts_at, v.slot1_at) LIMIT $3"
        );
        let rows: Vec<ViewingRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(Viewing::from).collect())
    }

    async fn apply_step(
        &self,
        v: &Viewing,
        seen_updated_at: i64,
        step: &Step,
        sender: Side,
    ) -> Result<bool, StoreError> {
        let now = step.message.created_at;
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            // The status and time it was read at guard against a second
            // answer racing this one: only one of them changes the row.
            let changed = sqlx::query(
                "UPDATE viewings SET status = $3, proposed_by = $4, slot1_at = $5, slot2_at = $6, slot3_at = $7, \
                   starts_at = $8, updated_at = $9 \
                 WHERE id = $1 AND updated_at = $2 AND status = $10",
            )
            .bind(&v.id)
            .bind(seen_updated_at)
            .bind(step.status.as_str())
            .bind(step.proposed_by.as_str())
            .bind(step.slots.first().copied().unwrap_or(now))
            .bind(step.slots.get(1).copied())
            .bind(step.slots.get(2).copied())
            .bind(step.starts_at)
            .bind(now.max(seen_updated_at + 1))
            .bind(v.status.as_str())
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if changed.rows_affected() == 0 {
                return Ok(false);
            }
            crate::write_message!(tx, &step.message, &v.conversation_id, sender).await?;
            let event = match step.status {
                Status::Accepted => "viewing-scheduled",
                Status::Declined => "viewing-declined",
                Status::Cancelled => "viewing-cancelled",
                Status::Requested => "viewing-proposed",
            };
            crate::record_lead!(tx, seller: &v.seller_id, buyer: &v.buyer_id, listing: &v.listing_id,
                source: "viewing", event: event, detail: step.starts_at.map(dove_domain::clock::short_time).unwrap_or_default(), now: now)
            .await?;
            if step.status == Status::Accepted {
                sqlx::query(
                    "UPDATE leads SET stage = 'viewing', updated_at = $3 \
                     WHERE listing_id = $1 AND buyer_id = $2 AND stage IN ('new', 'contacted')",
                )
                .bind(&v.listing_id)
                .bind(&v.buyer_id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            }
            for mail in &step.mails {
                crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn seller_busy(&self, seller_id: &str, start: i64, end: i64) -> Result<bool, StoreError> {
        let row: Option<(Option<i64>,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT v.starts_at FROM viewings v JOIN conversations c ON c.id = v.conversation_id \
             WHERE v.status = 'accepted' AND v.starts_at >= $2 AND v.starts_at < $3 AND c.seller_id = $1 LIMIT 1"
        )
        .bind(seller_id)
        .bind(start)
        .bind(end)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.is_some())
    }

    async fn viewing_happened(&self, conversation_id: &str, now: i64) -> Result<bool, StoreError> {
        let row: Option<(Option<i64>,)> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT starts_at FROM viewings WHERE conversation_id = $1 AND status = 'accepted' AND starts_at <= $2 LIMIT 1"
        )
        .bind(conversation_id)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(map)
        })?;
        Ok(row.is_some())
    }

    async fn due_reminders(&self, now: i64, until: i64, limit: i64) -> Result<Vec<DueReminder>, StoreError> {
        let rows: Vec<ReminderRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT v.id, v.conversation_id, v.starts_at, l.title AS listing_title, l.neighbourhood, l.town, \
               b.email AS buyer_email, b.name AS buyer_name, s.email AS seller_email, s.name AS seller_name \
             FROM viewings v \
             JOIN conversations c ON c.id = v.conversation_id \
             JOIN listings l ON l.id = c.listing_id \
             JOIN users b ON b.id = c.buyer_id \
             JOIN users s ON s.id = c.seller_id \
             WHERE v.status = 'accepted' AND v.starts_at > $1 AND v.starts_at <= $2 AND v.reminded_at IS NULL \
             ORDER BY v.starts_at LIMIT $3"
        )
        .bind(now)
        .bind(until)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| DueReminder {
                viewing_id: r.id,
                conversation_id: r.conversation_id,
                starts_at: r.starts_at,
                listing_title: r.listing_title,
                place: place(r.neighbourhood, r.town),
                people: [(r.buyer_email, r.buyer_name), (r.seller_email, r.seller_name)],
            })
            .collect())
    }

    async fn queue_reminder(&self, viewing_id: &str, mails: &[OutgoingMail], now: i64) -> Result<bool, StoreError> {
        self.claim_then_queue(
            "UPDATE viewings SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND status = 'accepted'",
            &[Param::Text(viewing_id), Param::Int(now)],
            Outgoing::Mail(mails),
            now,
        )
        .await
    }
}
