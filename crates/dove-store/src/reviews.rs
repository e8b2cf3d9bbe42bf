//! Reviews, their publication and their reminders.
use crate::error::map;
use crate::mail::{Outgoing, Param};
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::listings::Kind;
use dove_domain::mail::OutgoingMail;
use dove_domain::reviews::{
    Category, DueReviewReminder, Occasion, Rating, Review, ReviewRepo, Reviewable, Role, WINDOW_MS,
};
use std::collections::BTreeMap;

const REVIEW_SELECT: &str = "SELECT r.id, r.occasion, r.occasion_id, r.author_id, a.name AS author_name, \
       a.email AS author_email, r.role, r.subject_id, su.name AS subject_name, r.listing_id, \
       l.title AS listing_title, r.score, r.scores, r.body, r.private_note, r.created_at, r.updated_at, \
       r.closes_at, r.published_at, r.reply, r.replied_at, r.hidden_at, r.hidden_reason \
     FROM reviews r JOIN users a ON a.id = r.author_id JOIN users su ON su.id = r.subject_id \
     JOIN listings l ON l.id = r.listing_id";

/// The review `r` is published at `now` (a query parameter such as `$2`,
/// or an integer we produced): every review its occasion expects was
/// written, or its window has closed. The one place this rule is written in
/// SQL; `Review::is_published` is the same rule in Rust.
pub(crate) fn published(now: &str) -> String {
    format!("(r.published_at IS NOT NULL OR r.closes_at <= {now})")
}

/// The review `r` is public at `now`: published, and not hidden.
pub(crate) fn public(now: &str) -> String {
    format!("r.hidden_at IS NULL AND {}", published(now))
}

/// The public reviews of the seller `seller` (a parameter or a column), by
/// their buyers and visitors: what a seller's rating is made of.
pub(crate) fn of_seller(seller: &str, now: &str) -> String {
    format!("r.subject_id = {seller} AND r.role <> 'seller' AND {}", public(now))
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: String,
    occasion: String,
    occasion_id: String,
    author_id: String,
    author_name: String,
    author_email: String,
    role: String,
    subject_id: String,
    subject_name: String,
    listing_id: String,
    listing_title: String,
    score: i64,
    scores: String,
    body: String,
    private_note: String,
    created_at: i64,
    updated_at: i64,
    closes_at: i64,
    published_at: Option<i64>,
    reply: Option<String>,
    replied_at: Option<i64>,
    hidden_at: Option<i64>,
    hidden_reason: Option<String>,
}

impl From<ReviewRow> for Review {
    fn from(r: ReviewRow) -> Self {
        let scores = serde_json::from_str::<BTreeMap<String, i64>>(&r.scores)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| Category::parse(&k).map(|c| (c, v)))
            .collect();
        Review {
            id: r.id,
            occasion: Occasion::parse(&r.occasion).unwrap_or(Occasion::Order),
            occasion_id: r.occasion_id,
            author_id: r.author_id,
            author_name: r.author_name,
            author_email: r.author_email,
            role: Role::from_stored(&r.role),
            subject_id: r.subject_id,
            subject_name: r.subject_name,
            listing_id: r.listing_id,
            listing_title: r.listing_title,
            score: r.score,
            scores,
            body: r.body,
            private_note: r.private_note,
            created_at: r.created_at,
            updated_at: r.updated_at,
            closes_at: r.closes_at,
            published_at: r.published_at,
            reply: r.reply,
            replied_at: r.replied_at,
            hidden_at: r.hidden_at,
            hidden_reason: r.hidden_reason,
        }
    }
}

fn scores_json(scores: &BTreeMap<Category, i64>) -> String {
    let named: BTreeMap<&str, i64> = scores.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    serde_json::to_string(&named).unwrap_or_else(|_| "{}".to_string())
}

#[derive(sqlx::FromRow)]
struct OccasionRow {
    occasion_id: String,
    buyer_id: String,
    buyer_name: String,
    seller_id: String,
    seller_name: String,
    listing_id: String,
    listing_title: String,
    listing_kind: String,
    opened_at: Option<i64>,
}

/// An order and when it completed (its first item names the listing).
const ORDER_OCCASION: &str = "SELECT o.id AS occasion_id, o.buyer_id, b.name AS buyer_name, o.seller_id, \
       s.name AS seller_name, i.listing_id, l.title AS listing_title, l.kind AS listing_kind, \
       CASE WHEN o.status = 'completed' THEN \
         (SELECT MAX(e.created_at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'completed') \
       END AS opened_at \
     FROM orders o JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.seller_id \
     JOIN order_items i ON i.order_id = o.id AND i.position = 0 JOIN listings l ON l.id = i.listing_id \
     WHERE o.id = $1 AND (o.buyer_id = $2 OR o.seller_id = $2)";

/// A viewing and when both sides said it took place. Only the visitor
/// reviews it.
const VIEWING_OCCASION: &str = "SELECT v.id AS occasion_id, c.buyer_id, b.name AS buyer_name, c.seller_id, \
       s.name AS seller_name, c.listing_id, l.title AS listing_title, l.kind AS listing_kind, v.held_at AS opened_at \
     FROM viewings v JOIN conversations c ON c.id = v.conversation_id JOIN users b ON b.id = c.buyer_id \
     JOIN users s ON s.id = c.seller_id JOIN listings l ON l.id = c.listing_id \
     WHERE v.id = $1 AND c.buyer_id = $2";

#[derive(sqlx::FromRow)]
struct DueRow {
    occasion: String,
    occasion_id: String,
    author_id: String,
    author_email: String,
    author_name: String,
    subject_name: String,
    listing_title: String,
    opened_at: i64,
}

/// Parties with no review and no reminder for the day ($3), whose window
/// opened in `($2, $1]`.
const DUE_REMINDERS: &str = "SELECT 'order' AS occasion, o.id AS occasion_id, u.id AS author_id, \
       u.email AS author_email, u.name AS author_name, other.name AS subject_name, l.title AS listing_title, \
       e.created_at AS opened_at \
     FROM order_events e JOIN orders o ON o.id = e.order_id \
     JOIN order_items i ON i.order_id = o.id AND i.position = 0 JOIN listings l ON l.id = i.listing_id \
     JOIN users u ON u.id = o.buyer_id OR u.id = o.seller_id \
     JOIN users other ON other.id = CASE WHEN u.id = o.buyer_id THEN o.seller_id ELSE o.buyer_id END \
     WHERE e.to_status = 'completed' AND o.status = 'completed' AND e.created_at <= $1 AND e.created_at > $2 \
       AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.occasion = 'order' AND r.occasion_id = o.id AND r.author_id = u.id) \
       AND NOT EXISTS (SELECT 1 FROM review_reminders m WHERE m.occasion = 'order' AND m.occasion_id = o.id \
                         AND m.author_id = u.id AND m.day = $3) \
     UNION ALL \
     SELECT 'viewing' AS occasion, v.id AS occasion_id, u.id AS author_id, u.email AS author_email, \
       u.name AS author_name, s.name AS subject_name, l.title AS listing_title, v.held_at AS opened_at \
     FROM viewings v JOIN conversations c ON c.id = v.conversation_id JOIN users u ON u.id = c.buyer_id \
     JOIN users s ON s.id = c.seller_id JOIN listings l ON l.id = c.listing_id \
     WHERE v.held_at IS NOT NULL AND v.held_at <= $1 AND v.held_at > $2 \
       AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.occasion = 'viewing' AND r.occasion_id = v.id AND r.author_id = u.id) \
       AND NOT EXISTS (SELECT 1 FROM review_reminders m WHERE m.occasion = 'viewing' AND m.occasion_id = v.id \
                         AND m.author_id = u.id AND m.day = $3) \
     LIMIT $4";

impl Db {
    async fn reviews_where(&self, clause: &str, text: &str, now: i64, limit: i64) -> Result<Vec<Review>, StoreError> {
        let sql = format!("{REVIEW_SELECT} WHERE {clause} ORDER BY r.created_at DESC, r.id DESC LIMIT $3");
        let rows: Vec<ReviewRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(text)
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(Review::from).collect())
    }

    async fn rating_where(&self, clause: &str, id: &str, now: i64) -> Result<Rating, StoreError> {
        let sql = format!("SELECT COUNT(*), CAST(COALESCE(SUM(r.score), 0) AS BIGINT) FROM reviews r WHERE {clause}");
        let (count, sum): (i64, i64) =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).bind(now).fetch_one(pool).await.map_err(map))?;
        Ok(Rating::from_sum(count, sum))
    }
}

impl ReviewRepo for Db {
    async fn reviewable(
        &self,
        occasion: Occasion,
        occasion_id: &str,
        user_id: &str,
    ) -> Result<Option<Reviewable>, StoreError> {
        let sql = match occasion {
            Occasion::Order => ORDER_OCCASION,
            Occasion::Viewing => VIEWING_OCCASION,
        };
        let row: Option<OccasionRow> = on_read!(self, |pool| sqlx::query_as(sql)
            .bind(occasion_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await
            .map_err(map))?;
        Ok(row.map(|r| {
            let (role, subject_id, subject_name) = match (occasion, r.buyer_id == user_id) {
                (Occasion::Viewing, _) => (Role::Visitor, r.seller_id, r.seller_name),
                (Occasion::Order, true) => (Role::Buyer, r.seller_id, r.seller_name),
                (Occasion::Order, false) => (Role::Seller, r.buyer_id, r.buyer_name),
            };
            Reviewable {
                occasion,
                occasion_id: r.occasion_id,
                role,
                subject_id,
                subject_name,
                listing_id: r.listing_id,
                listing_title: r.listing_title,
                listing_kind: Kind::parse(&r.listing_kind).unwrap_or(Kind::Product),
                opened_at: r.opened_at,
            }
        }))
    }

    async fn insert_review(&self, r: &Review, expected: i64) -> Result<(), StoreError> {
        let scores = scores_json(&r.scores);
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(
                "INSERT INTO reviews (id, occasion, occasion_id, author_id, role, subject_id, listing_id, score, \
                   scores, body, private_note, created_at, updated_at, closes_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)",
            )
            .bind(&r.id)
            .bind(r.occasion.as_str())
            .bind(&r.occasion_id)
            .bind(&r.author_id)
            .bind(r.role.as_str())
            .bind(&r.subject_id)
            .bind(&r.listing_id)
            .bind(r.score)
            .bind(&scores)
            .bind(&r.body)
            .bind(&r.private_note)
            .bind(r.created_at)
            .bind(r.closes_at)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            let (written,): (i64,) = sqlx::query_as(
                "INSERT INTO review_tallies (occasion, occasion_id, written) VALUES ($1, $2, 1) \
                 ON CONFLICT (occasion, occasion_id) DO UPDATE SET written = review_tallies.written + 1 \
                 RETURNING written",
            )
            .bind(r.occasion.as_str())
            .bind(&r.occasion_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
            if written >= expected {
                sqlx::query(
                    "UPDATE reviews SET published_at = $3 \
                     WHERE occasion = $1 AND occasion_id = $2 AND published_at IS NULL",
                )
                .bind(r.occasion.as_str())
                .bind(&r.occasion_id)
                .bind(r.created_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn review(&self, id: &str) -> Result<Option<Review>, StoreError> {
        let sql = format!("{REVIEW_SELECT} WHERE r.id = $1");
        let row: Option<ReviewRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Review::from))
    }

    async fn review_by(
        &self,
        occasion: Occasion,
        occasion_id: &str,
        author_id: &str,
    ) -> Result<Option<Review>, StoreError> {
        let sql = format!("{REVIEW_SELECT} WHERE r.occasion = $1 AND r.occasion_id = $2 AND r.author_id = $3");
        let row: Option<ReviewRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(occasion.as_str())
            .bind(occasion_id)
            .bind(author_id)
            .fetch_optional(pool)
            .await
            .map_err(map))?;
        Ok(row.map(Review::from))
    }

    async fn reviews_of_occasion(&self, occasion: Occasion, occasion_id: &str) -> Result<Vec<Review>, StoreError> {
        let sql = format!("{REVIEW_SELECT} WHERE r.occasion = $1 AND r.occasion_id = $2 ORDER BY r.created_at, r.id");
        let rows: Vec<ReviewRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(occasion.as_str())
            .bind(occasion_id)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(Review::from).collect())
    }

    async fn edit_review(&self, r: &Review, now: i64) -> Result<bool, StoreError> {
        let scores = scores_json(&r.scores);
        let done = on_write!(self, |pool| sqlx::query(
            "UPDATE reviews SET score = $2, scores = $3, body = $4, private_note = $5, updated_at = $6 \
             WHERE id = $1 AND published_at IS NULL AND closes_at > $6"
        )
        .bind(&r.id)
        .bind(r.score)
        .bind(&scores)
        .bind(&r.body)
        .bind(&r.private_note)
        .bind(now)
        .execute(pool)
        .await
        .map(|d| d.rows_affected() == 1)
        .map_err(map))?;
        Ok(done)
    }

    async fn reply_review(&self, id: &str, reply: &str, now: i64) -> Result<bool, StoreError> {
        let done = on_write!(self, |pool| sqlx::query(
            "UPDATE reviews SET reply = $2, replied_at = $3 WHERE id = $1 AND reply IS NULL"
        )
        .bind(id)
        .bind(reply)
        .bind(now)
        .execute(pool)
        .await
        .map(|d| d.rows_affected() == 1)
        .map_err(map))?;
        Ok(done)
    }

    async fn hide_review(
        &self,
        review: &Review,
        admin_id: &str,
        reason: &str,
        mail: &OutgoingMail,
        now: i64,
    ) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let hidden = sqlx::query(
                "UPDATE reviews SET hidden_at = $2, hidden_by = $3, hidden_reason = $4 WHERE id = $1 AND hidden_at IS NULL",
            )
            .bind(&review.id)
            .bind(now)
            .bind(admin_id)
            .bind(reason)
            .execute(&mut *tx)
            .await
            .map_err(map)?
            .rows_affected();
            if hidden == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            // An admin's action like any other: in the audit log.
            sqlx::query(crate::trust::INSERT_ADMIN_ACTION)
                .bind(dove_domain::new_id())
                .bind(admin_id)
                .bind("hide-review")
                .bind("review")
                .bind(&review.id)
                .bind(&review.author_id)
                .bind(None::<String>)
                .bind(reason)
                .bind(None::<i64>)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn listing_reviews(&self, listing_id: &str, now: i64, limit: i64) -> Result<Vec<Review>, StoreError> {
        let clause = format!("r.listing_id = $1 AND r.role <> 'seller' AND {}", public("$2"));
        self.reviews_where(&clause, listing_id, now, limit).await
    }

    async fn seller_reviews(&self, seller_id: &str, now: i64, limit: i64) -> Result<Vec<Review>, StoreError> {
        let clause = of_seller("$1", "$2");
        self.reviews_where(&clause, seller_id, now, limit).await
    }

    async fn listing_rating(&self, listing_id: &str, now: i64) -> Result<Rating, StoreError> {
        let clause = format!("r.listing_id = $1 AND r.role <> 'seller' AND {}", public("$2"));
        self.rating_where(&clause, listing_id, now).await
    }

    async fn seller_rating(&self, seller_id: &str, now: i64) -> Result<Rating, StoreError> {
        let clause = of_seller("$1", "$2");
        self.rating_where(&clause, seller_id, now).await
    }

    async fn recent_reviews(&self, limit: i64) -> Result<Vec<Review>, StoreError> {
        let sql = format!("{REVIEW_SELECT} ORDER BY r.created_at DESC, r.id DESC LIMIT $1");
        let rows: Vec<ReviewRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Review::from).collect())
    }

    async fn due_review_reminders(&self, day: i64, now: i64, limit: i64) -> Result<Vec<DueReviewReminder>, StoreError> {
        let opened_by = now - (day - 1) * dove_domain::clock::DAY_MS;
        let rows: Vec<DueRow> = on_read!(self, |pool| sqlx::query_as(DUE_REMINDERS)
            .bind(opened_by)
            .bind(now - WINDOW_MS)
            .bind(day)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| DueReviewReminder {
                occasion: Occasion::parse(&r.occasion).unwrap_or(Occasion::Order),
                occasion_id: r.occasion_id,
                author_id: r.author_id,
                author_email: r.author_email,
                author_name: r.author_name,
                subject_name: r.subject_name,
                listing_title: r.listing_title,
                closes_at: r.opened_at + WINDOW_MS,
            })
            .collect())
    }

    async fn queue_review_reminder(
        &self,
        due: &DueReviewReminder,
        day: i64,
        mail: &OutgoingMail,
        now: i64,
    ) -> Result<bool, StoreError> {
        self.claim_then_queue(
            "INSERT INTO review_reminders (occasion, occasion_id, author_id, day, sent_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
            &[
                Param::Text(due.occasion.as_str()),
                Param::Text(&due.occasion_id),
                Param::Text(&due.author_id),
                Param::Int(day),
                Param::Int(now),
            ],
            Outgoing::Mail(std::slice::from_ref(mail)),
            now,
        )
        .await
    }
}
