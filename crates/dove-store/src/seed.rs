//! Bulk writes for `dove seed`: many rows per statement and one transaction
//! per batch, so 100,000 listings load in seconds rather than minutes.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use sqlx::QueryBuilder;

pub struct SeedUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: &'static str,
    pub created_at: i64,
}

pub struct SeedStore {
    pub id: String,
    pub owner_id: String,
    pub name: String,
    pub slug: String,
    pub created_at: i64,
}

pub struct SeedListing {
    pub id: String,
    pub seller_id: String,
    pub category_id: String,
    pub kind: &'static str,
    pub offer: &'static str,
    pub title: String,
    pub description: String,
    pub price_minor: i64,
    pub property_type: Option<&'static str>,
    pub bedrooms: Option<i64>,
    pub bathrooms: Option<i64>,
    pub condition: Option<&'static str>,
    pub county: &'static str,
    pub town: &'static str,
    pub neighbourhood: Option<&'static str>,
    pub lat: f64,
    pub lng: f64,
    pub floor_area_m2: Option<i64>,
    pub furnished: Option<bool>,
    pub parking: Option<bool>,
    /// Amenity codes, comma-separated.
    pub amenities: String,
    pub deposit_months: Option<i64>,
    pub service_charge_minor: Option<i64>,
    pub available_from: Option<String>,
    pub quantity: Option<i64>,
    pub delivery: bool,
    pub pickup: bool,
    pub created_at: i64,
}

pub struct SeedPhoto {
    pub id: String,
    pub listing_id: String,
    pub position: i64,
    pub photo_key: String,
    pub width: i64,
    pub height: i64,
    /// `jpeg`, or `jpeg,webp`.
    pub formats: &'static str,
    pub created_at: i64,
}

#[derive(Default)]
pub struct SeedBatch {
    pub users: Vec<SeedUser>,
    pub stores: Vec<SeedStore>,
    pub listings: Vec<SeedListing>,
    pub photos: Vec<SeedPhoto>,
}

/// Rows per INSERT: under both backends' limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

impl Db {
    /// The id of every category, by slug.
    pub async fn category_ids(&self) -> Result<Vec<(String, String)>, StoreError> {
        on_read!(self, |pool| sqlx::query_as("SELECT slug, id FROM categories").fetch_all(pool).await.map_err(map))
    }

    /// How many users exist; `serve --demo` seeds only an empty database.
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            on_read!(self, |pool| sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(pool).await.map_err(map))?;
        Ok(n)
    }

    /// Writes one batch in one transaction. Listings are published at their
    /// creation time and expire 60 days later.
    pub async fn insert_seed_batch(&self, batch: &SeedBatch) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            for chunk in batch.users.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO users (id, email, name, phone, phone_verified_at, password_hash, role, email_verified_at, \
                       created_at, updated_at) ",
                );
                // Seeded accounts are the site's own demo and bench data:
                // their phones count as proved.
                q.push_values(chunk, |mut b, u| {
                    b.push_bind(&u.id)
                        .push_bind(&u.email)
                        .push_bind(&u.name)
                        .push_bind(&u.phone)
                        .push_bind(u.phone.as_ref().map(|_| u.created_at))
                        .push_bind(&u.password_hash)
                        .push_bind(u.role)
                        .push_bind(u.created_at)
                        .push_bind(u.created_at)
                        .push_bind(u.created_at);
                });
                q.build().execute(&mut *tx).await.map_err(map)?;
            }
            for chunk in batch.stores.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new("INSERT INTO stores (id, owner_id, name, slug, created_at) ");
                q.push_values(chunk, |mut b, s| {
                    b.push_bind(&s.id)
                        .push_bind(&s.owner_id)
                        .push_bind(&s.name)
                        .push_bind(&s.slug)
                        .push_bind(s.created_at);
                });
                q.build().execute(&mut *tx).await.map_err(map)?;
            }
            for chunk in batch.listings.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO listings (id, seller_id, category_id, kind, offer, title, description, price_minor, currency, \
                     property_type, bedrooms, bathrooms, condition, county, town, neighbourhood, lat, lng, status, \
                     created_at, updated_at, published_at, expires_at, floor_area_m2, furnished, parking, amenities, \
                     deposit_months, service_charge_minor, available_from, quantity, delivery, pickup) ",
                );
                q.push_values(chunk, |mut b, l| {
                    b.push_bind(&l.id)
                        .push_bind(&l.seller_id)
                        .push_bind(&l.category_id)
                        .push_bind(l.kind)
                        .push_bind(l.offer)
                        .push_bind(&l.title)
                        .push_bind(&l.description)
                        .push_bind(l.price_minor)
                        .push_bind(dove_domain::money::KES)
                        .push_bind(l.property_type)
                        .push_bind(l.bedrooms)
                        .push_bind(l.bathrooms)
                        .push_bind(l.condition)
                        .push_bind(l.county)
                        .push_bind(l.town)
                        .push_bind(l.neighbourhood)
                        .push_bind(l.lat)
                        .push_bind(l.lng)
                        .push_bind("published")
                        .push_bind(l.created_at)
                        .push_bind(l.created_at)
                        .push_bind(l.created_at)
                        .push_bind(l.created_at + 60 * dove_domain::clock::DAY_MS)
                        .push_bind(l.floor_area_m2)
                        .push_bind(l.furnished)
                        .push_bind(l.parking)
                        .push_bind(&l.amenities)
                        .push_bind(l.deposit_months)
                        .push_bind(l.service_charge_minor)
                        .push_bind(&l.available_from)
                        .push_bind(l.quantity)
                        .push_bind(l.delivery)
                        .push_bind(l.pickup);
                });
                q.build().execute(&mut *tx).await.map_err(map)?;
            }
            for chunk in batch.photos.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO listing_photos (id, listing_id, position, photo_key, width, height, formats, created_at) ",
                );
                q.push_values(chunk, |mut b, p| {
                    b.push_bind(&p.id)
                        .push_bind(&p.listing_id)
                        .push_bind(p.position)
                        .push_bind(&p.photo_key)
                        .push_bind(p.width)
                        .push_bind(p.height)
                        .push_bind(p.formats)
                        .push_bind(p.created_at);
                });
                q.build().execute(&mut *tx).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)
        })
    }
}
