//! Leads and their history.
use crate::error::map;
use crate::mail::{Outgoing, Param};
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::leads::{DueTask, Lead, LeadEvent, LeadFilter, LeadRepo, Note, ReplyStats, Stage, Task};
use dove_domain::mail::OutgoingMail;
use dove_domain::sms::{DueLeadAlert, LeadAlertRepo, OutgoingSms};

/// Makes the lead for a buyer and listing, or touches it; binds id,
/// seller, buyer, listing, source, now. The first contact's source stays.
pub(crate) const UPSERT_LEAD: &str = "INSERT INTO leads (id, seller_id, buyer_id, listing_id, source, stage, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, 'new', $6, $6) \
     ON CONFLICT (listing_id, buyer_id) DO UPDATE SET updated_at = excluded.updated_at";

/// Adds an event to the lead of a listing and buyer; binds id, listing,
/// buyer, kind, detail, now.
pub(crate) const INSERT_LEAD_EVENT: &str = "INSERT INTO lead_events (id, lead_id, kind, detail, created_at) \
     SELECT $1, id, $4, $5, $6 FROM leads WHERE listing_id = $2 AND buyer_id = $3";

/// Makes (or touches) the lead of `$buyer` on `$listing` and adds an event
/// to its history, inside the open transaction `$tx`; evaluates to
/// `Result<(), StoreError>`. Every way a buyer makes contact goes through it.
macro_rules! record_lead {
    ($tx:expr, seller: $seller:expr, buyer: $buyer:expr, listing: $listing:expr,
     source: $source:expr, event: $event:expr, detail: $detail:expr, now: $now:expr) => {
        async {
            sqlx::query($crate::leads::UPSERT_LEAD)
                .bind(dove_domain::new_id())
                .bind($seller)
                .bind($buyer)
                .bind($listing)
                .bind($source)
                .bind($now)
                .execute(&mut *$tx)
                .await
                .map_err($crate::error::map)?;
            sqlx::query($crate::leads::INSERT_LEAD_EVENT)
                .bind(dove_domain::new_id())
                .bind($listing)
                .bind($buyer)
                .bind($event)
                .bind($detail)
                .bind($now)
                .execute(&mut *$tx)
                .await
                .map_err($crate::error::map)?;
            Ok::<(), dove_domain::StoreError>(())
        }
    };
}
pub(crate) use record_lead;

/// The board's filters as conditions on `$2` (listing), `$3` (stage), `$4`
/// (source) and `$5` (since). A filter not in use still names its
/// parameter (`$n IS NULL`), so the binds never change, while the filters in
/// use are plain comparisons the planner can take to an index.
fn filter_sql(f: &LeadFilter, t: &str) -> String {
    let on = |set: bool, cond: String, n: u8| if set { cond } else { format!("${n} IS NULL") };
    [
        on(f.listing_id.is_some(), format!("{t}listing_id = $2"), 2),
        on(f.stage.is_some(), format!("{t}stage = $3"), 3),
        on(f.source.is_some(), format!("{t}source = $4"), 4),
        on(f.since.is_some(), format!("{t}created_at >= $5"), 5),
    ]
    .join(" AND ")
}

const LEAD_SELECT: &str = "SELECT d.id, d.seller_id, d.buyer_id, u.name AS buyer_name, d.listing_id, \
       l.title AS listing_title, d.source, d.stage, d.lost_reason, d.created_at, d.updated_at, d.first_reply_at \
     FROM leads d JOIN users u ON u.id = d.buyer_id JOIN listings l ON l.id = d.listing_id";

#[derive(sqlx::FromRow)]
struct LeadRow {
    id: String,
    seller_id: String,
    buyer_id: String,
    buyer_name: String,
    listing_id: String,
    listing_title: String,
    source: String,
    stage: String,
    lost_reason: Option<String>,
    created_at: i64,
    updated_at: i64,
    first_reply_at: Option<i64>,
}

impl From<LeadRow> for Lead {
    fn from(r: LeadRow) -> Self {
        Lead {
            id: r.id,
            seller_id: r.seller_id,
            buyer_id: r.buyer_id,
            buyer_name: r.buyer_name,
            listing_id: r.listing_id,
            listing_title: r.listing_title,
            source: r.source,
            stage: Stage::parse(&r.stage).unwrap_or(Stage::New),
            lost_reason: r.lost_reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
            first_reply_at: r.first_reply_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: String,
    title: String,
    due_at: i64,
    done_at: Option<i64>,
    created_at: i64,
}

impl From<TaskRow> for Task {
    fn from(r: TaskRow) -> Self {
        Task { id: r.id, title: r.title, due_at: r.due_at, done: r.done_at.is_some(), created_at: r.created_at }
    }
}

impl LeadRepo for Db {
    async fn lead(&self, id: &str) -> Result<Option<Lead>, StoreError> {
        let sql = format!("{LEAD_SELECT} WHERE d.id = $1");
        let row: Option<LeadRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Lead::from))
    }

    async fn seller_leads(
        &self,
        seller_id: &str,
        f: &LeadFilter,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> Result<Vec<Lead>, StoreError> {
        // Pages continue from the previous page's last (updated_at, id).
        let sql = format!(
            "{LEAD_SELECT} WHERE d.seller_id = $1 AND {} \
               AND (d.updated_at < $6 OR (d.updated_at = $6 AND d.id < $7)) \
             ORDER BY d.updated_at DESC, d.id DESC LIMIT $8",
            filter_sql(f, "d.")
        );
        let (at, id) = before.unwrap_or((i64::MAX, ""));
        let rows: Vec<LeadRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(seller_id)
            .bind(f.listing_id.as_deref())
            .bind(f.stage.map(Stage::as_str))
            .bind(f.source.as_deref())
            .bind(f.since)
            .bind(at)
            .bind(id)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(Lead::from).collect())
    }

    async fn stage_counts(&self, seller_id: &str, f: &LeadFilter) -> Result<Vec<(Stage, i64)>, StoreError> {
        let all_stages = LeadFilter { stage: None, ..f.clone() };
        let sql = format!(
            "SELECT stage, COUNT(*) FROM leads WHERE seller_id = $1 AND {} GROUP BY stage",
            filter_sql(&all_stages, "")
        );
        let rows: Vec<(String, i64)> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(seller_id)
            .bind(all_stages.listing_id.as_deref())
            .bind(None::<&str>)
            .bind(all_stages.source.as_deref())
            .bind(all_stages.since)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().filter_map(|(s, n)| Stage::parse(&s).map(|s| (s, n))).collect())
    }

    async fn reply_stats(&self, seller_id: &str, goal_ms: i64) -> Result<ReplyStats, StoreError> {
        let (total, answered, in_time): (i64, i64, i64) = on_read!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*), COUNT(first_reply_at), \
               CAST(COALESCE(SUM(CASE WHEN first_reply_at - created_at <= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM leads WHERE seller_id = $1 AND source = 'message'"
        )
        .bind(seller_id)
        .bind(goal_ms)
        .fetch_one(pool)
        .await
        .map_err(map))?;
        // The median: the middle wait, found by sorting only the answered.
        let median: Option<(i64,)> = if answered == 0 {
            None
        } else {
            on_read!(self, |pool| sqlx::query_as(
                "SELECT first_reply_at - created_at AS wait FROM leads \
                 WHERE seller_id = $1 AND source = 'message' AND first_reply_at IS NOT NULL \
                 ORDER BY wait LIMIT 1 OFFSET $2"
            )
            .bind(seller_id)
            .bind(answered / 2)
            .fetch_optional(pool)
            .await
            .map_err(map))?
        };
        Ok(ReplyStats { total, answered, answered_in_time: in_time, median_wait_ms: median.map(|(w,)| w) })
    }

    async fn move_stage(
        &self,
        id: &str,
        from: Stage,
        to: Stage,
        lost_reason: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let moved = sqlx::query(
                "UPDATE leads SET stage = $3, lost_reason = $4, updated_at = $5 WHERE id = $1 AND stage = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(lost_reason)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?
            .rows_affected();
            if moved == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            let detail = match lost_reason {
                Some(r) => format!("{} → {}: {r}", from.as_str(), to.as_str()),
                None => format!("{} → {}", from.as_str(), to.as_str()),
            };
            sqlx::query(
                "INSERT INTO lead_events (id, lead_id, kind, detail, created_at) VALUES ($1, $2, 'stage', $3, $4)",
            )
            .bind(dove_domain::new_id())
            .bind(id)
            .bind(detail)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn lead_events(&self, id: &str) -> Result<Vec<LeadEvent>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT kind, detail, created_at FROM lead_events WHERE lead_id = $1 ORDER BY created_at, id"
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(|(kind, detail, created_at)| LeadEvent { kind, detail, created_at }).collect())
    }

    async fn notes(&self, lead_id: &str) -> Result<Vec<Note>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, body, created_at FROM lead_notes WHERE lead_id = $1 ORDER BY created_at DESC, id DESC"
        )
        .bind(lead_id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(|(id, body, created_at)| Note { id, body, created_at }).collect())
    }

    async fn add_note(&self, lead_id: &str, body: &str, now: i64) -> Result<Note, StoreError> {
        let id = dove_domain::new_id();
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO lead_notes (id, lead_id, body, created_at) VALUES ($1, $2, $3, $4)"
        )
        .bind(&id)
        .bind(lead_id)
        .bind(body)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))?;
        Ok(Note { id, body: body.to_string(), created_at: now })
    }

    async fn tasks(&self, lead_id: &str) -> Result<Vec<Task>, StoreError> {
        let rows: Vec<TaskRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, title, due_at, done_at, created_at FROM lead_tasks WHERE lead_id = $1 ORDER BY due_at, id"
        )
        .bind(lead_id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(Task::from).collect())
    }

    async fn add_task(&self, lead_id: &str, title: &str, due_at: i64, now: i64) -> Result<Task, StoreError> {
        let id = dove_domain::new_id();
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO lead_tasks (id, lead_id, title, due_at, created_at) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(&id)
        .bind(lead_id)
        .bind(title)
        .bind(due_at)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))?;
        Ok(Task { id, title: title.to_string(), due_at, done: false, created_at: now })
    }

    async fn due_tasks(&self, now: i64, limit: i64) -> Result<Vec<DueTask>, StoreError> {
        let rows: Vec<(String, String, String, String, String, String, String)> =
            on_read!(self, |pool| sqlx::query_as(
                "SELECT t.id, t.lead_id, t.title, s.email, s.name, b.name, l.title \
             FROM lead_tasks t JOIN leads d ON d.id = t.lead_id \
             JOIN users s ON s.id = d.seller_id JOIN users b ON b.id = d.buyer_id \
             JOIN listings l ON l.id = d.listing_id \
             WHERE t.done_at IS NULL AND t.reminded_at IS NULL AND t.due_at <= $1 \
             ORDER BY t.due_at LIMIT $2"
            )
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|(task_id, lead_id, title, email, seller_name, buyer_name, listing_title)| DueTask {
                task_id,
                lead_id,
                title,
                email,
                seller_name,
                buyer_name,
                listing_title,
            })
            .collect())
    }

    async fn queue_task_reminder(&self, task_id: &str, mail: &OutgoingMail, now: i64) -> Result<bool, StoreError> {
        self.claim_then_queue(
            "UPDATE lead_tasks SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND done_at IS NULL",
            &[Param::Text(task_id), Param::Int(now)],
            Outgoing::Mail(std::slice::from_ref(mail)),
            now,
        )
        .await
    }

    async fn finish_task(&self, lead_id: &str, task_id: &str, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query(
            "UPDATE lead_tasks SET done_at = COALESCE(done_at, $3) WHERE id = $2 AND lead_id = $1"
        )
        .bind(lead_id)
        .bind(task_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1)
        .map_err(map))
    }

    async fn seller_phone(&self, seller_id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT phone FROM users WHERE id = $1 AND phone_verified_at IS NOT NULL"
        )
        .bind(seller_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.and_then(|(p,)| p).filter(|p| !p.is_empty()))
    }

    async fn record_contact(
        &self,
        seller_id: &str,
        buyer_id: &str,
        listing_id: &str,
        source: &str,
        event: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            crate::record_lead!(tx, seller: seller_id, buyer: buyer_id, listing: listing_id,
                source: source, event: event, detail: "", now: now)
            .await?;
            tx.commit().await.map_err(map)
        })
    }
}

#[derive(sqlx::FromRow)]
struct AlertRow {
    lead_id: String,
    phone: String,
    buyer_name: String,
    listing_title: String,
    source: String,
    lang: String,
}

impl LeadAlertRepo for Db {
    async fn due_lead_alerts(&self, since: i64, limit: i64) -> Result<Vec<DueLeadAlert>, StoreError> {
        let rows: Vec<AlertRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT d.id AS lead_id, s.phone, b.name AS buyer_name, l.title AS listing_title, d.source, s.lang \
             FROM leads d \
             JOIN user_preferences p ON p.user_id = d.seller_id AND p.sms_lead_alerts \
             JOIN users s ON s.id = d.seller_id \
             JOIN users b ON b.id = d.buyer_id \
             JOIN listings l ON l.id = d.listing_id \
             WHERE d.sms_alerted_at IS NULL AND d.created_at > $1 AND s.phone IS NOT NULL AND s.phone <> '' \
               AND s.phone_verified_at IS NOT NULL \
             ORDER BY d.created_at LIMIT $2"
        )
        .bind(since)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| DueLeadAlert {
                lead_id: r.lead_id,
                phone: r.phone,
                buyer_name: r.buyer_name,
                listing_title: r.listing_title,
                source: r.source,
                lang: r.lang,
            })
            .collect())
    }

    async fn queue_lead_alert(&self, lead_id: &str, sms: &OutgoingSms, now: i64) -> Result<bool, StoreError> {
        self.claim_then_queue(
            "UPDATE leads SET sms_alerted_at = $2 WHERE id = $1 AND sms_alerted_at IS NULL",
            &[Param::Text(lead_id), Param::Int(now)],
            Outgoing::Sms(sms),
            now,
        )
        .await
    }
}
