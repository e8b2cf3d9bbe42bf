//! Listings, their photos, views and categories.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::clock::year_of;
use dove_domain::listings::fields::{amenities_from_stored, amenities_to_stored};
use dove_domain::listings::{
    Action, Category, Condition, Editable, Expiring, Kind, LISTING_TTL_MS, Listing, ListingCard, ListingRepo, NewPhoto,
    Offer, Photo, PhotoRef, PropertyType, SellerCard, SellerListing, Status,
};
use dove_domain::mail::OutgoingMail;

/// The card columns, given the listing as `l` and its cover photo as `p`.
pub(crate) const CARD_COLUMNS: &str = "l.id, l.title, l.price_minor, l.currency, l.offer, l.town, l.neighbourhood, l.published_at, \
     p.photo_key, p.width, p.height, p.formats";
pub(crate) const COVER_JOIN: &str = "LEFT JOIN listing_photos p ON p.listing_id = l.id AND p.position = 0";

#[derive(sqlx::FromRow)]
pub(crate) struct CardRow {
    id: String,
    title: String,
    price_minor: Option<i64>,
    currency: String,
    offer: String,
    town: Option<String>,
    neighbourhood: Option<String>,
    published_at: Option<i64>,
    photo_key: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    formats: Option<String>,
}

/// A cover photo from its `listing_photos` columns (all NULL without one).
pub(crate) fn cover(
    key: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    formats: Option<String>,
) -> Option<PhotoRef> {
    match (key, width, height) {
        (Some(key), Some(width), Some(height)) => {
            Some(PhotoRef { key, width, height, webp: formats.is_some_and(|f| f.contains("webp")) })
        }
        _ => None,
    }
}

impl From<CardRow> for ListingCard {
    fn from(r: CardRow) -> Self {
        let photo = cover(r.photo_key, r.width, r.height, r.formats);
        ListingCard {
            id: r.id,
            title: r.title,
            price_minor: r.price_minor.unwrap_or_default(),
            currency: r.currency,
            offer: r.offer,
            town: r.town.unwrap_or_default(),
            neighbourhood: r.neighbourhood,
            photo,
            published_at: r.published_at.unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: String,
    seller_id: String,
    category_id: Option<String>,
    category_name: Option<String>,
    kind: String,
    offer: String,
    title: String,
    description: String,
    price_minor: Option<i64>,
    currency: String,
    property_type: Option<String>,
    bedrooms: Option<i64>,
    bathrooms: Option<i64>,
    floor_area_m2: Option<i64>,
    furnished: Option<bool>,
    parking: Option<bool>,
    amenities: String,
    deposit_months: Option<i64>,
    service_charge_minor: Option<i64>,
    available_from: Option<String>,
    condition: Option<String>,
    quantity: Option<i64>,
    delivery: bool,
    pickup: bool,
    county: Option<String>,
    town: Option<String>,
    neighbourhood: Option<String>,
    lat: Option<f64>,
    lng: Option<f64>,
    show_exact_location: bool,
    status: String,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    expires_at: Option<i64>,
    view_count: i64,
    hidden_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    id: String,
    position: i64,
    photo_key: String,
    width: i64,
    height: i64,
    formats: String,
}

impl ListingRow {
    fn into_listing(self, photos: Vec<PhotoRow>) -> Listing {
        let kind = Kind::parse(&self.kind).unwrap_or(Kind::Product);
        Listing {
            id: self.id,
            seller_id: self.seller_id,
            kind,
            category_name: self.category_name,
            status: Status::from_stored(&self.status),
            fields: Editable {
                category_id: self.category_id,
                offer: Offer::parse(&self.offer).unwrap_or(Offer::Sale),
                title: self.title,
                description: self.description,
                price_minor: self.price_minor,
                property_type: self.property_type.and_then(|t| PropertyType::parse(&t).ok()),
                bedrooms: self.bedrooms,
                bathrooms: self.bathrooms,
                floor_area_m2: self.floor_area_m2,
                furnished: self.furnished,
                parking: self.parking,
                amenities: amenities_from_stored(&self.amenities),
                deposit_months: self.deposit_months,
                service_charge_minor: self.service_charge_minor,
                available_from: self.available_from,
                condition: self.condition.and_then(|c| Condition::parse(&c).ok()),
                quantity: self.quantity,
                delivery: self.delivery,
                pickup: self.pickup,
                county: self.county,
                town: self.town,
                neighbourhood: self.neighbourhood,
                lat: self.lat,
                lng: self.lng,
                show_exact_location: self.show_exact_location,
            },
            currency: self.currency,
            created_at: self.created_at,
            updated_at: self.updated_at,
            published_at: self.published_at,
            expires_at: self.expires_at,
            view_count: self.view_count,
            hidden: self.hidden_at.is_some(),
            photos: photos
                .into_iter()
                .map(|p| Photo {
                    id: p.id,
                    position: p.position,
                    image: PhotoRef {
                        key: p.photo_key,
                        width: p.width,
                        height: p.height,
                        webp: p.formats.contains("webp"),
                    },
                })
                .collect(),
        }
    }
}

/// The editable columns, in the order `bind_fields` binds them from `$2`.
const FIELD_COLUMNS: [&str; 25] = [
    "category_id",
    "offer",
    "title",
    "description",
    "price_minor",
    "property_type",
    "bedrooms",
    "bathrooms",
    "floor_area_m2",
    "furnished",
    "parking",
    "amenities",
    "deposit_months",
    "service_charge_minor",
    "available_from",
    "condition",
    "quantity",
    "delivery",
    "pickup",
    "county",
    "town",
    "neighbourhood",
    "lat",
    "lng",
    "show_exact_location",
];

macro_rules! bind_fields {
    ($q:expr, $f:expr) => {
        $q.bind(&$f.category_id)
            .bind($f.offer.as_str())
            .bind(&$f.title)
            .bind(&$f.description)
            .bind($f.price_minor)
            .bind($f.property_type.map(|t| t.as_str()))
            .bind($f.bedrooms)
            .bind($f.bathrooms)
            .bind($f.floor_area_m2)
            .bind($f.furnished)
            .bind($f.parking)
            .bind(amenities_to_stored(&$f.amenities))
            .bind($f.deposit_months)
            .bind($f.service_charge_minor)
            .bind(&$f.available_from)
            .bind($f.condition.map(|c| c.as_str()))
            .bind($f.quantity)
            .bind($f.delivery)
            .bind($f.pickup)
            .bind(&$f.county)
            .bind(&$f.town)
            .bind(&$f.neighbourhood)
            .bind($f.lat)
            .bind($f.lng)
            .bind($f.show_exact_location)
    };
}

fn live(now: i64) -> String {
    // `now` is an integer we produced, never user input.
    format!("l.status = 'published' AND l.hidden_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > {now})")
}

#[derive(sqlx::FromRow)]
struct SellerCardRow {
    name: String,
    slug: String,
    created_at: i64,
    phone_verified_at: Option<i64>,
    active: i64,
    reviews: i64,
    score_sum: i64,
}

impl ListingRepo for Db {
    async fn recent_cards(&self, limit: i64, now: i64) -> Result<Vec<ListingCard>, StoreError> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM listings l {COVER_JOIN} WHERE {} ORDER BY l.published_at DESC LIMIT $1",
            live(now)
        );
        let rows: Vec<CardRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(ListingCard::from).collect())
    }

    async fn categories(&self) -> Result<Vec<Category>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: String,
            parent_id: Option<String>,
            slug: String,
            name: String,
            kind: String,
            position: i64,
            retired_at: Option<i64>,
        }
        let rows: Vec<Row> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, parent_id, slug, name, kind, position, retired_at FROM categories ORDER BY position, name"
        )
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| Category {
                id: r.id,
                parent_id: r.parent_id,
                slug: r.slug,
                name: r.name,
                kind: r.kind,
                position: r.position,
                retired: r.retired_at.is_some(),
            })
            .collect())
    }

    async fn insert_listing(
        &self,
        id: &str,
        seller_id: &str,
        kind: Kind,
        fields: &Editable,
        now: i64,
    ) -> Result<(), StoreError> {
        let columns = FIELD_COLUMNS.join(", ");
        let params: Vec<String> = (0..FIELD_COLUMNS.len()).map(|i| format!("${}", i + 2)).collect();
        let n = FIELD_COLUMNS.len() + 2;
        let sql = format!(
            "INSERT INTO listings (id, {columns}, seller_id, kind, status, created_at, updated_at) \
             VALUES ($1, {}, ${n}, ${}, 'draft', ${}, ${})",
            params.join(", "),
            n + 1,
            n + 2,
            n + 2
        );
        on_write!(self, |pool| bind_fields!(sqlx::query(&sql).bind(id), fields)
            .bind(seller_id)
            .bind(kind.as_str())
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn listing(&self, id: &str) -> Result<Option<Listing>, StoreError> {
        let row: Option<ListingRow> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT l.*, c.name AS category_name FROM listings l LEFT JOIN categories c ON c.id = l.category_id WHERE l.id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(map)
        })?;
        let Some(row) = row else { return Ok(None) };
        let photos: Vec<PhotoRow> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT id, position, photo_key, width, height, formats FROM listing_photos WHERE listing_id = $1 ORDER BY position"
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(map)
        })?;
        Ok(Some(row.into_listing(photos)))
    }

    async fn update_fields(&self, id: &str, fields: &Editable, now: i64) -> Result<(), StoreError> {
        let sets: Vec<String> = FIELD_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 2)).collect();
        let sql =
            format!("UPDATE listings SET {}, updated_at = ${} WHERE id = $1", sets.join(", "), FIELD_COLUMNS.len() + 2);
        on_write!(self, |pool| bind_fields!(sqlx::query(&sql).bind(id), fields)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn set_status(
        &self,
        id: &str,
        from: Status,
        to: Status,
        action: Action,
        now: i64,
    ) -> Result<bool, StoreError> {
        let extra = match action {
            Action::Publish => ", published_at = $4, expires_at = $5, expiry_warned_at = NULL",
            Action::Renew => ", expires_at = $5, expiry_warned_at = NULL",
            _ => "",
        };
        let sql = format!("UPDATE listings SET status = $3, updated_at = $4{extra} WHERE id = $1 AND status = $2");
        on_write!(self, |pool| sqlx::query(&sql)
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .bind(now + LISTING_TTL_MS)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map))
    }

    async fn delete_draft(&self, id: &str) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM listings WHERE id = $1 AND status = 'draft'")
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map))
    }

    async fn duplicate(&self, id: &str, new_id: &str, now: i64) -> Result<(), StoreError> {
        let columns = FIELD_COLUMNS.join(", ");
        let copy = format!(
            "INSERT INTO listings (id, seller_id, kind, status, created_at, updated_at, {columns}) \
             SELECT $2, seller_id, kind, 'draft', $3, $3, {columns} FROM listings WHERE id = $1"
        );
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(&copy).bind(id).bind(new_id).bind(now).execute(&mut *tx).await.map_err(map)?;
            let photos: Vec<PhotoRow> = sqlx::query_as(
                "SELECT id, position, photo_key, width, height, formats FROM listing_photos WHERE listing_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(map)?;
            for p in photos {
                sqlx::query(
                    "INSERT INTO listing_photos (id, listing_id, position, photo_key, width, height, formats, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(dove_domain::new_id())
                .bind(new_id)
                .bind(p.position)
                .bind(&p.photo_key)
                .bind(p.width)
                .bind(p.height)
                .bind(&p.formats)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn seller_listings(&self, seller_id: &str) -> Result<Vec<SellerListing>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            card: CardRow,
            status: String,
            view_count: i64,
            photo_count: i64,
            expires_at: Option<i64>,
            updated_at: i64,
        }
        let sql = format!(
            "SELECT {CARD_COLUMNS}, l.status, l.view_count, l.expires_at, l.updated_at, \
                    (SELECT COUNT(*) FROM listing_photos x WHERE x.listing_id = l.id) AS photo_count \
             FROM listings l {COVER_JOIN} WHERE l.seller_id = $1 ORDER BY l.updated_at DESC LIMIT 1000"
        );
        let rows: Vec<Row> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(seller_id).fetch_all(pool).await.map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let offer = Offer::parse(&r.card.offer).unwrap_or(Offer::Sale);
                SellerListing {
                    card: r.card.into(),
                    status: Status::from_stored(&r.status),
                    offer,
                    view_count: r.view_count,
                    photo_count: r.photo_count,
                    expires_at: r.expires_at,
                    updated_at: r.updated_at,
                }
            })
            .collect())
    }

    async fn seller_card(&self, seller_id: &str, now: i64) -> Result<Option<SellerCard>, StoreError> {
        // `now` is an integer we produced, never user input. The rating is
        // one pass over the seller's reviews, joined in.
        let sql = format!(
            "SELECT s.name, s.slug, u.created_at, u.phone_verified_at, \
                    (SELECT COUNT(*) FROM listings l WHERE l.seller_id = u.id AND {}) AS active, \
                    COALESCE(rv.reviews, 0) AS reviews, COALESCE(rv.score_sum, 0) AS score_sum \
             FROM users u JOIN stores s ON s.owner_id = u.id \
             LEFT JOIN (SELECT r.subject_id, COUNT(*) AS reviews, CAST(SUM(r.score) AS BIGINT) AS score_sum \
                        FROM reviews r WHERE {} GROUP BY r.subject_id) rv ON rv.subject_id = u.id \
             WHERE u.id = $1",
            live(now),
            crate::reviews::of_seller("$1", &now.to_string())
        );
        let row: Option<SellerCardRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(seller_id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(|r| SellerCard {
            user_id: seller_id.to_string(),
            store_name: r.name,
            store_slug: r.slug,
            member_since: year_of(r.created_at),
            active_listings: r.active,
            rating: dove_domain::reviews::Rating::from_sum(r.reviews, r.score_sum),
            phone_verified: r.phone_verified_at.is_some(),
        }))
    }

    async fn store_owner(&self, slug: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> =
            on_read!(self, |pool| sqlx::query_as("SELECT owner_id FROM stores WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await
                .map_err(map))?;
        Ok(row.map(|(id,)| id))
    }

    async fn seller_cards(&self, seller_id: &str, now: i64, limit: i64) -> Result<Vec<ListingCard>, StoreError> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM listings l {COVER_JOIN} WHERE l.seller_id = $1 AND {} ORDER BY l.published_at DESC LIMIT $2",
            live(now)
        );
        let rows: Vec<CardRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(seller_id).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(ListingCard::from).collect())
    }

    async fn add_photo(&self, listing_id: &str, photo: &NewPhoto, max: i64, now: i64) -> Result<bool, StoreError> {
        // PostgreSQL: lock the listing row so concurrent uploads count in
        // turn. SQLite has one writer, which serialises them already.
        let lock = match self {
            Db::Sqlite { .. } => None,
            Db::Postgres(_) => Some("SELECT id FROM listings WHERE id = $1 FOR UPDATE"),
        };
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            if let Some(lock) = lock {
                sqlx::query(lock).bind(listing_id).execute(&mut *tx).await.map_err(map)?;
            }
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM listing_photos WHERE listing_id = $1")
                .bind(listing_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
            if n >= max {
                return Ok(false);
            }
            let q = dove_domain::trust::phash_quarters(photo.phash);
            sqlx::query(
                "INSERT INTO listing_photos (id, listing_id, position, photo_key, width, height, formats, created_at, \
                   phash, phash_q0, phash_q1, phash_q2, phash_q3) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(&photo.id)
            .bind(listing_id)
            .bind(n)
            .bind(&photo.key)
            .bind(photo.width)
            .bind(photo.height)
            .bind(if photo.webp { "jpeg,webp" } else { "jpeg" })
            .bind(now)
            .bind(photo.phash as i64)
            .bind(q[0])
            .bind(q[1])
            .bind(q[2])
            .bind(q[3])
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            sqlx::query("UPDATE listings SET updated_at = $2 WHERE id = $1")
                .bind(listing_id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn photo_key_in_use(&self, key: &str) -> Result<bool, StoreError> {
        let (n,): (i64,) = on_read!(self, |pool| sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM listing_photos WHERE photo_key = $1) \
                      + (SELECT COUNT(*) FROM message_photos WHERE photo_key = $1)"
        )
        .bind(key)
        .fetch_one(pool)
        .await
        .map_err(map))?;
        Ok(n > 0)
    }

    async fn delete_photo(&self, listing_id: &str, photo_id: &str) -> Result<Option<String>, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let row: Option<(String, i64)> = sqlx::query_as(
                "DELETE FROM listing_photos WHERE id = $1 AND listing_id = $2 RETURNING photo_key, position",
            )
            .bind(photo_id)
            .bind(listing_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
            if let Some((_, position)) = &row {
                sqlx::query(
                    "UPDATE listing_photos SET position = position - 1 WHERE listing_id = $1 AND position > $2",
                )
                .bind(listing_id)
                .bind(position)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(row.map(|(key, _)| key))
        })
    }

    async fn reorder_photos(&self, listing_id: &str, ids: &[String]) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let current: Vec<(String,)> = sqlx::query_as("SELECT id FROM listing_photos WHERE listing_id = $1")
                .bind(listing_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(map)?;
            let mut have: Vec<&str> = current.iter().map(|(id,)| id.as_str()).collect();
            let mut want: Vec<&str> = ids.iter().map(String::as_str).collect();
            have.sort_unstable();
            want.sort_unstable();
            if have != want {
                return Ok(false);
            }
            for (position, id) in ids.iter().enumerate() {
                sqlx::query("UPDATE listing_photos SET position = $3 WHERE id = $1 AND listing_id = $2")
                    .bind(id)
                    .bind(listing_id)
                    .bind(position as i64)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn record_views(&self, views: &[(String, String)], day: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            for (listing_id, visitor) in views {
                let fresh = sqlx::query(
                    "INSERT INTO listing_views (listing_id, visitor, day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(listing_id)
                .bind(visitor)
                .bind(day)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
                if fresh == 1 {
                    sqlx::query("UPDATE listings SET view_count = view_count + 1 WHERE id = $1")
                        .bind(listing_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                }
            }
            // Yesterday's rows are still needed around midnight; older ones are not.
            sqlx::query("DELETE FROM listing_views WHERE day < $1")
                .bind(day - 1)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn expiring_unwarned(&self, now: i64, within_ms: i64, limit: i64) -> Result<Vec<Expiring>, StoreError> {
        let rows: Vec<(String, String, String, String, i64)> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT l.id, l.title, u.email, u.name, l.expires_at FROM listings l JOIN users u ON u.id = l.seller_id \
             WHERE l.status = 'published' AND l.expiry_warned_at IS NULL AND l.expires_at > $1 AND l.expires_at <= $2 \
             ORDER BY l.expires_at LIMIT $3"
        )
        .bind(now)
        .bind(now + within_ms)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map)
        })?;
        Ok(rows
            .into_iter()
            .map(|(listing_id, title, seller_email, seller_name, expires_at)| Expiring {
                listing_id,
                title,
                seller_email,
                seller_name,
                expires_at,
            })
            .collect())
    }

    async fn warn_expiring(&self, listing_id: &str, mail: &OutgoingMail, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let marked =
                sqlx::query("UPDATE listings SET expiry_warned_at = $2 WHERE id = $1 AND expiry_warned_at IS NULL")
                    .bind(listing_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?
                    .rows_affected();
            if marked == 1 {
                crate::queue_mail!(&mut *tx, mail, now).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(marked == 1)
        })
    }

    async fn add_category(&self, c: &Category) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query(
            "INSERT INTO categories (id, parent_id, slug, name, kind, position) VALUES ($1, $2, $3, $4, $5, $6)"
        )
        .bind(&c.id)
        .bind(&c.parent_id)
        .bind(&c.slug)
        .bind(&c.name)
        .bind(&c.kind)
        .bind(c.position)
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(map))
    }

    async fn rename_category(&self, id: &str, name: &str) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE categories SET name = $2 WHERE id = $1")
            .bind(id)
            .bind(name)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map))
    }

    async fn set_category_retired(&self, id: &str, retired_at: Option<i64>) -> Result<bool, StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE categories SET retired_at = $2 WHERE id = $1")
            .bind(id)
            .bind(retired_at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map))
    }
}
