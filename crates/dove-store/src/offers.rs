//! Offers on property for sale, each change noted on the buyer's lead.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::messages::Side;
use dove_domain::offers::{Offer, OfferRepo};

const OFFER_SELECT: &str = "SELECT o.id, o.listing_id, l.title AS listing_title, o.buyer_id, b.name AS buyer_name, \
       o.seller_id, s.name AS seller_name, o.amount_minor, o.currency, o.status, o.proposed_by, o.created_at, o.updated_at \
     FROM offers o JOIN listings l ON l.id = o.listing_id JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.seller_id";

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: String,
    listing_id: String,
    listing_title: String,
    buyer_id: String,
    buyer_name: String,
    seller_id: String,
    seller_name: String,
    amount_minor: i64,
    currency: String,
    status: String,
    proposed_by: String,
    created_at: i64,
    updated_at: i64,
}

impl From<OfferRow> for Offer {
    fn from(r: OfferRow) -> Self {
        Offer {
            id: r.id,
            listing_id: r.listing_id,
            listing_title: r.listing_title,
            buyer_id: r.buyer_id,
            buyer_name: r.buyer_name,
            seller_id: r.seller_id,
            seller_name: r.seller_name,
            amount_minor: r.amount_minor,
            currency: r.currency,
            status: r.status,
            proposed_by: Side::from_stored(&r.proposed_by),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Moves the buyer's lead on the listing to Negotiating, unless it is
/// closed (won or lost stay so until the seller reopens it).
const TO_NEGOTIATING: &str = "UPDATE leads SET stage = 'negotiating', updated_at = $3 \
     WHERE listing_id = $1 AND buyer_id = $2 AND stage IN ('new', 'contacted', 'viewing')";

impl OfferRepo for Db {
    async fn insert_offer(&self, o: &Offer) -> Result<(), StoreError> {
        let detail = dove_domain::money::format_money(o.amount_minor, &o.currency);
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(
                "INSERT INTO offers (id, listing_id, buyer_id, seller_id, amount_minor, currency, status, proposed_by, \
                   created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', 'buyer', $7, $7)",
            )
            .bind(&o.id)
            .bind(&o.listing_id)
            .bind(&o.buyer_id)
            .bind(&o.seller_id)
            .bind(o.amount_minor)
            .bind(&o.currency)
            .bind(o.created_at)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            // An offer as the first contact is a message naming an amount.
            crate::record_lead!(tx, seller: &o.seller_id, buyer: &o.buyer_id, listing: &o.listing_id,
                source: "message", event: "offer", detail: &detail, now: o.created_at)
            .await?;
            sqlx::query(TO_NEGOTIATING)
                .bind(&o.listing_id)
                .bind(&o.buyer_id)
                .bind(o.created_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn offer(&self, id: &str) -> Result<Option<Offer>, StoreError> {
        let sql = format!("{OFFER_SELECT} WHERE o.id = $1");
        let row: Option<OfferRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(Offer::from))
    }

    async fn offers_of(&self, user_id: &str, limit: i64) -> Result<Vec<Offer>, StoreError> {
        let sql = format!(
            "{OFFER_SELECT} WHERE o.buyer_id = $1 OR o.seller_id = $1 ORDER BY o.updated_at DESC, o.id DESC LIMIT $2"
        );
        let rows: Vec<OfferRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(user_id).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(Offer::from).collect())
    }

    async fn answer_offer(&self, o: &Offer, seen_updated_at: i64, now: i64) -> Result<bool, StoreError> {
        let detail = format!("{} {}", o.status, dove_domain::money::format_money(o.amount_minor, &o.currency));
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let changed = sqlx::query(
                "UPDATE offers SET status = $3, amount_minor = $4, proposed_by = $5, updated_at = $6 \
                 WHERE id = $1 AND updated_at = $2 AND status = 'open'",
            )
            .bind(&o.id)
            .bind(seen_updated_at)
            .bind(&o.status)
            .bind(o.amount_minor)
            .bind(o.proposed_by.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if changed.rows_affected() == 0 {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            sqlx::query(crate::leads::INSERT_LEAD_EVENT)
                .bind(dove_domain::new_id())
                .bind(&o.listing_id)
                .bind(&o.buyer_id)
                .bind("offer")
                .bind(&detail)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }
}
