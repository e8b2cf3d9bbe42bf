//! The search feed: listing changes in order, and listings as the index
//! stores them.
use crate::error::map;
use crate::{Db, on_read};
use dove_domain::StoreError;
use dove_domain::listings::fields::amenities_from_stored;
use dove_domain::listings::{PhotoRef, Status};
use dove_domain::search::{SearchDoc, SearchFeed};

#[derive(sqlx::FromRow)]
struct DocRow {
    id: String,
    status: String,
    kind: String,
    offer: String,
    category_slug: Option<String>,
    category_name: Option<String>,
    title: String,
    description: String,
    property_type: Option<String>,
    bedrooms: Option<i64>,
    bathrooms: Option<i64>,
    furnished: Option<bool>,
    amenities: String,
    condition: Option<String>,
    county: Option<String>,
    town: Option<String>,
    neighbourhood: Option<String>,
    lat: Option<f64>,
    lng: Option<f64>,
    show_exact_location: bool,
    price_minor: Option<i64>,
    currency: String,
    published_at: Option<i64>,
    expires_at: Option<i64>,
    photo_key: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    formats: Option<String>,
}

impl Db {
    /// The newest feed position, and every listing that could be live: the
    /// starting point of a full rebuild.
    pub async fn rebuild_start(&self) -> Result<(i64, Vec<String>), StoreError> {
        // Read before the listings, so any change after this point is in
        // the feed after it.
        let (seq,): (i64,) =
            on_read!(self, |pool| sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM listing_changes")
                .fetch_one(pool)
                .await
                .map_err(map))?;
        let ids: Vec<(String,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id FROM listings WHERE status = 'published' AND hidden_at IS NULL"
        )
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok((seq, ids.into_iter().map(|(id,)| id).collect()))
    }
}

impl SearchFeed for Db {
    async fn changes_after(&self, seq: i64, limit: i64) -> Result<Vec<(i64, String, i64)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as(
            "SELECT seq, listing_id, changed_at FROM listing_changes WHERE seq > $1 ORDER BY seq LIMIT $2"
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(map))
    }

    async fn search_docs(&self, ids: &[String]) -> Result<Vec<SearchDoc>, StoreError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let params: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT l.id, CASE WHEN l.hidden_at IS NULL THEN l.status ELSE 'archived' END AS status, l.kind, l.offer, c.slug AS category_slug, c.name AS category_name, l.title, l.description, \
                    l.property_type, l.bedrooms, l.bathrooms, l.furnished, l.amenities, l.condition, l.county, l.town, \
                    l.neighbourhood, l.lat, l.lng, l.show_exact_location, l.price_minor, l.currency, l.published_at, l.expires_at, \
                    p.photo_key, p.width, p.height, p.formats \
             FROM listings l LEFT JOIN categories c ON c.id = l.category_id \
             LEFT JOIN listing_photos p ON p.listing_id = l.id AND p.position = 0 \
             WHERE l.id IN ({})",
            params.join(", ")
        );
        let rows: Vec<DocRow> = on_read!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(pool).await.map_err(map)
        })?;
        Ok(rows
            .into_iter()
            .map(|r| SearchDoc {
                photo: match (r.photo_key, r.width, r.height) {
                    (Some(key), Some(width), Some(height)) => {
                        Some(PhotoRef { key, width, height, webp: r.formats.is_some_and(|f| f.contains("webp")) })
                    }
                    _ => None,
                },
                id: r.id,
                status: Status::from_stored(&r.status),
                kind: r.kind,
                offer: r.offer,
                category_slug: r.category_slug,
                category_name: r.category_name,
                title: r.title,
                description: r.description,
                property_type: r.property_type,
                bedrooms: r.bedrooms,
                bathrooms: r.bathrooms,
                furnished: r.furnished,
                amenities: amenities_from_stored(&r.amenities).iter().map(|a| a.as_str().to_string()).collect(),
                condition: r.condition,
                county: r.county,
                town: r.town,
                neighbourhood: r.neighbourhood,
                lat: r.lat,
                lng: r.lng,
                show_exact_location: r.show_exact_location,
                price_minor: r.price_minor,
                currency: r.currency,
                published_at: r.published_at,
                expires_at: r.expires_at,
            })
            .collect())
    }
}
