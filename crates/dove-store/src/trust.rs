//! Trust cases, reports and signals, admin decisions and suspensions.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::mail::OutgoingMail;
use dove_domain::money::format_money;
use dove_domain::trust::{
    Account, AuditEntry, Case, Decision, Effect, Line, PhotoMatch, Priced, Report, Subject, Suspension, TrustRepo,
};
use std::collections::HashMap;

/// What each kind of subject is, in a line, for the queue.
const CASE_SELECT: &str = "SELECT c.id, c.subject_kind, c.subject_id, c.user_id, u.name AS user_name, \
       COALESCE(CASE c.subject_kind \
         WHEN 'listing' THEN (SELECT title FROM listings WHERE id = c.subject_id) \
         WHEN 'message' THEN (SELECT body FROM messages WHERE id = c.subject_id) \
         WHEN 'review' THEN (SELECT body FROM reviews WHERE id = c.subject_id) \
         ELSE u.name END, '') AS summary, \
       c.status, c.opened_at, c.updated_at, c.outcome \
     FROM trust_cases c JOIN users u ON u.id = c.user_id";

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: String,
    subject_kind: String,
    subject_id: String,
    user_id: String,
    user_name: String,
    summary: String,
    status: String,
    opened_at: i64,
    updated_at: i64,
    outcome: Option<String>,
}

impl CaseRow {
    fn into_case(self, reports: Vec<Report>) -> Case {
        Case {
            subject: Subject::parse(&self.subject_kind).unwrap_or(Subject::User),
            summary: self.summary.chars().take(200).collect(),
            open: self.status == "open",
            id: self.id,
            subject_id: self.subject_id,
            user_id: self.user_id,
            user_name: self.user_name,
            opened_at: self.opened_at,
            updated_at: self.updated_at,
            outcome: self.outcome,
            reports,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    case_id: String,
    id: String,
    reporter_name: Option<String>,
    reason: String,
    detail: String,
    created_at: i64,
}

impl Db {
    /// The reports of these cases, oldest first, by case.
    async fn reports_of(&self, case_ids: &[String]) -> Result<HashMap<String, Vec<Report>>, StoreError> {
        if case_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let params: Vec<String> = (1..=case_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT r.case_id, r.id, ru.name AS reporter_name, r.reason, r.detail, r.created_at \
             FROM trust_reports r LEFT JOIN users ru ON ru.id = r.reporter_id \
             WHERE r.case_id IN ({}) ORDER BY r.created_at, r.id",
            params.join(", ")
        );
        let rows: Vec<ReportRow> = on_read!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for id in case_ids {
                q = q.bind(id);
            }
            q.fetch_all(pool).await.map_err(map)
        })?;
        let mut by_case: HashMap<String, Vec<Report>> = HashMap::new();
        for r in rows {
            by_case.entry(r.case_id).or_default().push(Report {
                id: r.id,
                reporter_name: r.reporter_name,
                reason: r.reason,
                detail: r.detail,
                created_at: r.created_at,
            });
        }
        Ok(by_case)
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    name: String,
    email: String,
    phone: Option<String>,
    created_at: i64,
    suspended_at: Option<i64>,
    suspended_until: Option<i64>,
    suspension_reason: Option<String>,
    appealed_at: Option<i64>,
    disputes: i64,
    reports_against: i64,
}

/// Writes one line of the audit log; binds id, admin, action, subject kind,
/// subject id, the user concerned, the case, reason, until, at.
pub(crate) const INSERT_ADMIN_ACTION: &str = "INSERT INTO admin_actions (id, admin_id, action, subject_kind, \
     subject_id, user_id, case_id, reason, until_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Lifts the suspension of the user `$1`.
const LIFT: &str = "UPDATE users SET suspended_at = NULL, suspended_until = NULL, suspension_reason = NULL, \
     appealed_at = NULL WHERE id = $1";

/// Shows again the listings the suspension of the user `$1` hid, and the
/// listing `$2` (an admin's hiding undone), if any.
const UNHIDE: &str = "UPDATE listings SET hidden_at = NULL, hidden_cause = NULL, hidden_reason = NULL \
     WHERE (seller_id = $1 AND hidden_cause = 'suspension') OR id = $2";

#[derive(sqlx::FromRow)]
struct PricedRow {
    id: String,
    seller_id: String,
    offer: String,
    property_type: String,
    bedrooms: Option<i64>,
    town: String,
    price_minor: i64,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: String,
    admin_name: String,
    action: String,
    subject_kind: String,
    subject_id: String,
    user_name: Option<String>,
    reason: String,
    until_at: Option<i64>,
    created_at: i64,
}

impl TrustRepo for Db {
    async fn subject_user(
        &self,
        subject: Subject,
        id: &str,
        viewer: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        // A listing, a review: what the viewer can see at `now` ($3).
        let (sql, at_now) = match subject {
            Subject::Listing => (
                "SELECT seller_id FROM listings WHERE id = $1 AND seller_id <> $2 AND hidden_at IS NULL \
                   AND status IN ('published', 'sold', 'rented') \
                   AND (expires_at IS NULL OR expires_at > $3 OR status <> 'published')"
                    .to_string(),
                true,
            ),
            Subject::User => ("SELECT id FROM users WHERE id = $1 AND id <> $2".to_string(), false),
            Subject::Message => (
                "SELECT m.sender_id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
                 WHERE m.id = $1 AND m.sender_id <> $2 AND (c.buyer_id = $2 OR c.seller_id = $2)"
                    .to_string(),
                false,
            ),
            // A published review; a hidden one only by the party it is about.
            Subject::Review => (
                format!(
                    "SELECT author_id FROM reviews r WHERE r.id = $1 AND r.author_id <> $2 AND {} \
                       AND (r.hidden_at IS NULL OR r.subject_id = $2)",
                    crate::reviews::published("$3")
                ),
                true,
            ),
        };
        let row: Option<(String,)> = on_read!(self, |pool| {
            let q = sqlx::query_as(&sql).bind(id).bind(viewer);
            let q = if at_now { q.bind(now) } else { q };
            q.fetch_optional(pool).await.map_err(map)
        })?;
        Ok(row.map(|(u,)| u))
    }

    async fn reports_since(&self, reporter_id: &str, since: i64) -> Result<i64, StoreError> {
        let (n,): (i64,) = on_read!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*) FROM trust_reports WHERE reporter_id = $1 AND created_at > $2"
        )
        .bind(reporter_id)
        .bind(since)
        .fetch_one(pool)
        .await
        .map_err(map))?;
        Ok(n)
    }

    async fn file(
        &self,
        subject: Subject,
        subject_id: &str,
        user_id: &str,
        reporter_id: Option<&str>,
        reason: &str,
        detail: &str,
        sig_ref: Option<&str>,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            // One open case per thing: a new report joins it.
            let (case_id,): (String,) = sqlx::query_as(
                "INSERT INTO trust_cases (id, subject_kind, subject_id, user_id, status, opened_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'open', $5, $5) \
                 ON CONFLICT (subject_kind, subject_id) WHERE status = 'open' DO UPDATE SET updated_at = $5 \
                 RETURNING id",
            )
            .bind(dove_domain::new_id())
            .bind(subject.as_str())
            .bind(subject_id)
            .bind(user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
            let added = sqlx::query(
                "INSERT INTO trust_reports (id, case_id, reporter_id, reason, detail, ref, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind(dove_domain::new_id())
            .bind(&case_id)
            .bind(reporter_id)
            .bind(reason)
            .bind(detail)
            .bind(sig_ref)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?
            .rows_affected();
            if added == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(None);
            }
            tx.commit().await.map_err(map)?;
            Ok(Some(case_id))
        })
    }

    async fn open_cases(&self, limit: i64) -> Result<Vec<Case>, StoreError> {
        // The page of cases first, then each one's summary: with the
        // summaries in the same SELECT as the ORDER BY, SQLite works out
        // every open case's summary before it sorts and cuts.
        let sql = CASE_SELECT.replace(
            "FROM trust_cases c",
            "FROM (SELECT * FROM trust_cases WHERE status = 'open' ORDER BY updated_at DESC, id LIMIT $1) c",
        ) + " ORDER BY c.updated_at DESC, c.id";
        let rows: Vec<CaseRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(limit).fetch_all(pool).await.map_err(map))?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut reports = self.reports_of(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let rs = reports.remove(&r.id).unwrap_or_default();
                r.into_case(rs)
            })
            .collect())
    }

    async fn case(&self, id: &str) -> Result<Option<Case>, StoreError> {
        let sql = format!("{CASE_SELECT} WHERE c.id = $1");
        let row: Option<CaseRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        let Some(row) = row else { return Ok(None) };
        let reports = self.reports_of(std::slice::from_ref(&row.id)).await?.remove(&row.id).unwrap_or_default();
        Ok(Some(row.into_case(reports)))
    }

    async fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError> {
        let row: Option<AccountRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT u.id, u.name, u.email, u.phone, u.created_at, u.suspended_at, u.suspended_until, \
               u.suspension_reason, u.appealed_at, \
               (SELECT COUNT(*) FROM disputes d JOIN orders o ON o.id = d.order_id \
                 WHERE o.seller_id = u.id OR o.buyer_id = u.id) AS disputes, \
               (SELECT COUNT(*) FROM trust_reports r JOIN trust_cases c ON c.id = r.case_id \
                 WHERE c.user_id = u.id AND r.reporter_id IS NOT NULL) AS reports_against \
             FROM users u WHERE u.id = $1"
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        let Some(a) = row else { return Ok(None) };
        let listings: Vec<(String, String, String, Option<i64>)> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT id, title, status, hidden_at FROM listings WHERE seller_id = $1 ORDER BY created_at DESC LIMIT 10"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(map)
        })?;
        let orders: Vec<(String, String, i64, String, String)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, status, total_minor, currency, seller_id FROM orders \
             WHERE seller_id = $1 OR buyer_id = $1 ORDER BY created_at DESC LIMIT 10"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(Some(Account {
            listings: listings
                .into_iter()
                .map(|(id, title, status, hidden)| (id, title, status, hidden.is_some()))
                .collect(),
            orders: orders
                .into_iter()
                .map(|(id, status, total, currency, seller)| {
                    (id, status, format_money(total, &currency), seller == a.id)
                })
                .collect(),
            id: a.id,
            name: a.name,
            email: a.email,
            phone: a.phone,
            created_at: a.created_at,
            suspended_at: a.suspended_at,
            suspended_until: a.suspended_until,
            suspension_reason: a.suspension_reason,
            appealed_at: a.appealed_at,
            disputes: a.disputes,
            reports_against: a.reports_against,
        }))
    }

    async fn conversation_of_message(&self, message_id: &str, limit: i64) -> Result<Vec<Line>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT su.name, m.body, m.created_at FROM messages m JOIN users su ON su.id = m.sender_id \
             WHERE m.conversation_id = (SELECT conversation_id FROM messages WHERE id = $1) \
             ORDER BY m.created_at DESC, m.id DESC LIMIT $2"
        )
        .bind(message_id)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .rev()
            .map(|(sender_name, body, created_at)| Line { sender_name, body, created_at })
            .collect())
    }

    async fn decide(&self, d: &Decision, mail: Option<&OutgoingMail>) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let closed = sqlx::query(
                "UPDATE trust_cases SET status = 'closed', closed_at = $2, updated_at = $2, outcome = $3 \
                 WHERE id = $1 AND status = 'open'",
            )
            .bind(&d.case_id)
            .bind(d.at)
            .bind(d.action.as_str())
            .execute(&mut *tx)
            .await
            .map_err(map)?
            .rows_affected();
            if closed == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            sqlx::query(INSERT_ADMIN_ACTION)
                .bind(&d.id)
                .bind(&d.admin_id)
                .bind(d.action.as_str())
                .bind(d.subject.as_str())
                .bind(&d.subject_id)
                .bind(&d.user_id)
                .bind(&d.case_id)
                .bind(&d.reason)
                .bind(d.until)
                .bind(d.at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            match &d.effect {
                Effect::None => {}
                Effect::Restore { listing_id } => {
                    sqlx::query(LIFT).bind(&d.user_id).execute(&mut *tx).await.map_err(map)?;
                    sqlx::query(UNHIDE)
                        .bind(&d.user_id)
                        .bind(listing_id.as_deref().unwrap_or(""))
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                }
                Effect::HideListing { listing_id } => {
                    sqlx::query(
                        "UPDATE listings SET hidden_at = $2, hidden_cause = 'admin', hidden_reason = $3 \
                         WHERE id = $1 AND hidden_at IS NULL",
                    )
                    .bind(listing_id)
                    .bind(d.at)
                    .bind(&d.reason)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                }
                Effect::Suspend { until } => {
                    sqlx::query(
                        "UPDATE users SET suspended_at = $2, suspended_until = $3, suspension_reason = $4, \
                           appealed_at = NULL WHERE id = $1",
                    )
                    .bind(&d.user_id)
                    .bind(d.at)
                    .bind(*until)
                    .bind(&d.reason)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                    // Everywhere at once: no session or token outlives it,
                    // and its listings leave search through the feed.
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(&d.user_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                        .bind(&d.user_id)
                        .bind(d.at)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                    sqlx::query(
                        "UPDATE listings SET hidden_at = $2, hidden_cause = 'suspension', hidden_reason = $3 \
                         WHERE seller_id = $1 AND hidden_at IS NULL",
                    )
                    .bind(&d.user_id)
                    .bind(d.at)
                    .bind(&d.reason)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                }
            }
            if let Some(mail) = mail {
                crate::queue_mail!(&mut *tx, mail, d.at).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn suspension(&self, user_id: &str, now: i64) -> Result<Option<Suspension>, StoreError> {
        let row: Option<(Option<String>, Option<i64>, Option<i64>)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT suspension_reason, suspended_until, appealed_at FROM users \
             WHERE id = $1 AND suspended_at IS NOT NULL AND (suspended_until IS NULL OR suspended_until > $2)"
        )
        .bind(user_id)
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(map))?;
        Ok(row.map(|(reason, until, appealed)| Suspension {
            user_id: user_id.to_string(),
            reason: reason.unwrap_or_default(),
            until,
            appealed: appealed.is_some(),
        }))
    }

    async fn record_appeal(&self, user_id: &str, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query(
            "UPDATE users SET appealed_at = $2 WHERE id = $1 AND suspended_at IS NOT NULL AND appealed_at IS NULL"
        )
        .bind(user_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|d| d.rows_affected() == 1)
        .map_err(map))
    }

    async fn lift_ended(&self, now: i64) -> Result<usize, StoreError> {
        let due: Vec<(String,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id FROM users WHERE suspended_until IS NOT NULL AND suspended_until <= $1 LIMIT 100"
        )
        .bind(now)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        let lift_ended = format!("{LIFT} AND suspended_until IS NOT NULL AND suspended_until <= $2");
        let mut lifted = 0;
        for (user_id,) in due {
            let done = on_write!(self, |pool| {
                let mut tx = pool.begin().await.map_err(map)?;
                let n = sqlx::query(&lift_ended)
                    .bind(&user_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?
                    .rows_affected();
                if n == 1 {
                    sqlx::query(UNHIDE).bind(&user_id).bind("").execute(&mut *tx).await.map_err(map)?;
                }
                tx.commit().await.map_err(map)?;
                Ok::<bool, StoreError>(n == 1)
            })?;
            lifted += usize::from(done);
        }
        Ok(lifted)
    }

    async fn photos_like(&self, phash: u64, seller_id: &str, limit: i64) -> Result<Vec<PhotoMatch>, StoreError> {
        let q = dove_domain::trust::phash_quarters(phash);
        let rows: Vec<(String, String, String, String, i64)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT p.id, p.listing_id, l.title, s.name, p.phash FROM listing_photos p \
             JOIN listings l ON l.id = p.listing_id JOIN users s ON s.id = l.seller_id \
             WHERE (p.phash_q0 = $1 OR p.phash_q1 = $2 OR p.phash_q2 = $3 OR p.phash_q3 = $4) \
               AND l.seller_id <> $5 AND p.phash IS NOT NULL LIMIT $6"
        )
        .bind(q[0])
        .bind(q[1])
        .bind(q[2])
        .bind(q[3])
        .bind(seller_id)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|(photo_id, listing_id, listing_title, seller_name, hash)| PhotoMatch {
                photo_id,
                listing_id,
                listing_title,
                seller_name,
                phash: hash as u64,
            })
            .collect())
    }

    async fn priced_since(&self, since: i64, limit: i64) -> Result<Vec<Priced>, StoreError> {
        let rows: Vec<PricedRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, seller_id, offer, property_type, bedrooms, town, price_minor FROM listings \
             WHERE status = 'published' AND hidden_at IS NULL AND kind = 'property' AND updated_at > $1 \
               AND price_minor IS NOT NULL AND property_type IS NOT NULL AND town IS NOT NULL \
             ORDER BY updated_at DESC LIMIT $2"
        )
        .bind(since)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| Priced {
                listing_id: r.id,
                seller_id: r.seller_id,
                offer: r.offer,
                property_type: r.property_type,
                bedrooms: r.bedrooms,
                town: r.town,
                price_minor: r.price_minor,
            })
            .collect())
    }

    async fn comparable_prices(&self, p: &Priced, limit: i64) -> Result<Vec<i64>, StoreError> {
        // A bedroom count, or none (plots, shops): the two are written
        // apart, as SQLite and PostgreSQL spell "equal or both null" apart.
        let bedrooms = if p.bedrooms.is_some() { "bedrooms = $4" } else { "bedrooms IS NULL AND $4 IS NULL" };
        let sql = format!(
            "SELECT price_minor FROM listings WHERE status = 'published' AND hidden_at IS NULL AND town = $1 \
               AND property_type = $2 AND offer = $3 AND {bedrooms} AND id <> $5 AND price_minor IS NOT NULL LIMIT $6"
        );
        let rows: Vec<(i64,)> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(&p.town)
            .bind(&p.property_type)
            .bind(&p.offer)
            .bind(p.bedrooms)
            .bind(&p.listing_id)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(map))?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    async fn disputes_since(
        &self,
        since: i64,
        limit: i64,
    ) -> Result<Vec<(String, String, String, String)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as(
            "SELECT d.order_id, b.name, o.seller_id, d.reason FROM disputes d JOIN orders o ON o.id = d.order_id \
             JOIN users b ON b.id = o.buyer_id WHERE d.opened_at > $1 ORDER BY d.opened_at LIMIT $2"
        )
        .bind(since)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))
    }

    async fn audit(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT a.id, ad.name AS admin_name, a.action, a.subject_kind, a.subject_id, u.name AS user_name, \
               a.reason, a.until_at, a.created_at \
             FROM admin_actions a JOIN users ad ON ad.id = a.admin_id LEFT JOIN users u ON u.id = a.user_id \
             ORDER BY a.created_at DESC, a.id DESC LIMIT $1"
        )
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                admin_name: r.admin_name,
                action: r.action,
                subject_kind: r.subject_kind,
                subject_id: r.subject_id,
                user_name: r.user_name,
                reason: r.reason,
                until_at: r.until_at,
                created_at: r.created_at,
            })
            .collect())
    }
}
