//! `dove seed`: realistic Kenyan demo data, the same for the same seed.
//!
//! Content (people, places, titles, prices, photos) comes from a seeded RNG,
//! so `--seed 7` always makes the same marketplace. Timestamps are relative
//! to today, so the listings are always fresh.
mod images;
mod vocab;

use dove_domain::accounts::{Password, hash_password};
use dove_domain::bookings::{BookingRepo, StaySettings};
use dove_domain::clock::{DAY_MS, now_ms};
use dove_domain::photos::{PhotoPipeline, PhotoStorage};
use dove_domain::places::COUNTIES;
use dove_store::Db;
use dove_store::seed::{SeedBatch, SeedListing, SeedPhoto, SeedStore, SeedUser};
use images::DemoPhoto;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use vocab::{
    FIRST_NAMES, LAST_NAMES, PRODUCT_DESCRIPTION_LINES, PRODUCT_KINDS, PROPERTY_DESCRIPTION_LINES, PROPERTY_KINDS,
    STORE_SUFFIXES,
};

/// How many listings `serve --demo` makes.
pub const DEMO_LISTINGS: usize = 60;
/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "karibu-dove-demo";
const BATCH_LISTINGS: usize = 5_000;

pub struct SeedReport {
    pub listings: usize,
    pub sellers: usize,
    pub buyers: usize,
    pub photos: usize,
}

/// The demo logins, printed after seeding.
pub fn print_logins() {
    println!("Demo logins (password for all: {DEMO_PASSWORD}):");
    println!("  admin   admin@demo.dove.ke");
    println!("  seller  seller@demo.dove.ke   (store: /s/demo-homes)");
    println!("  buyer   buyer@demo.dove.ke");
}

/// A time-ordered id whose random part comes from the seeded RNG.
fn seeded_id(rng: &mut StdRng, at_ms: i64) -> String {
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    uuid::Builder::from_unix_timestamp_millis(at_ms as u64, &random).into_uuid().to_string()
}

fn person_name(rng: &mut StdRng) -> String {
    format!("{} {}", FIRST_NAMES.choose(rng).unwrap_or(&"Amani"), LAST_NAMES.choose(rng).unwrap_or(&"Wanjiru"))
}

fn round_to(v: i64, step: i64) -> i64 {
    ((v + step / 2) / step).max(1) * step
}

struct Seller {
    id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Store(#[from] dove_domain::StoreError),
    #[error(transparent)]
    Photo(#[from] images::DemoPhotoError),
    #[error("the category {0} is missing; run the migrations")]
    MissingCategory(&'static str),
}

/// Seeds `listings` listings with their sellers, buyers and photos.
pub async fn run(db: &Db, photos: &dyn PhotoStorage, listings: usize, seed: u64) -> Result<SeedReport, SeedError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let now = now_ms();
    let password_hash =
        hash_password(&Password::parse(DEMO_PASSWORD).expect("the demo password meets the policy")).await;
    let categories: HashMap<String, String> = db.category_ids().await?.into_iter().collect();
    let category = |slug: &'static str| categories.get(slug).cloned().ok_or(SeedError::MissingCategory(slug));

    // Photos: a small pool of each kind, shared by many listings.
    let pool = (listings / 4).clamp(2, 24);
    let mut house_photos: Vec<DemoPhoto> = Vec::with_capacity(pool);
    let mut product_photos: Vec<DemoPhoto> = Vec::with_capacity(pool);
    let pipeline =
        PhotoPipeline::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2), Default::default());
    for _ in 0..pool {
        house_photos.push(images::store(photos, &pipeline, &images::draw_house(&mut rng)).await?);
        product_photos.push(images::store(photos, &pipeline, &images::draw_product(&mut rng)).await?);
    }

    // People: the three demo logins, then sellers and buyers.
    let mut batch = SeedBatch::default();
    let seller_count = (listings / 20).max(3);
    let buyer_count = (listings / 10).max(3);
    let mut sellers: Vec<Seller> = Vec::with_capacity(seller_count);
    let joined = |rng: &mut StdRng| now - rng.gen_range(60..900) * DAY_MS;
    for (email, name, role) in [
        ("admin@demo.dove.ke", "Demo Admin", "admin"),
        ("seller@demo.dove.ke", "Wanjiku Kamau", "seller"),
        ("buyer@demo.dove.ke", "Otieno Odhiambo", "buyer"),
    ] {
        let at = joined(&mut rng);
        let id = seeded_id(&mut rng, at);
        if role == "seller" {
            batch.stores.push(SeedStore {
                id: seeded_id(&mut rng, at),
                owner_id: id.clone(),
                name: "Demo Homes".into(),
                slug: "demo-homes".into(),
                created_at: at,
            });
            sellers.push(Seller { id: id.clone() });
        }
        batch.users.push(SeedUser {
            id,
            email: email.into(),
            name: name.into(),
            phone: Some("+254700000001".into()),
            password_hash: password_hash.clone(),
            role,
            created_at: at,
        });
    }
    for i in 1..seller_count {
        let at = joined(&mut rng);
        let id = seeded_id(&mut rng, at);
        let name = person_name(&mut rng);
        let surname = name.split(' ').nth(1).unwrap_or("Store").to_string();
        let suffix = STORE_SUFFIXES.choose(&mut rng).unwrap_or(&"Homes");
        let store_name = format!("{surname} {suffix}");
        let slug = format!("{}-{i}", dove_domain::accounts::Slug::suggest(&store_name));
        batch.stores.push(SeedStore {
            id: seeded_id(&mut rng, at),
            owner_id: id.clone(),
            name: store_name,
            slug,
            created_at: at,
        });
        let phone = format!("+2547{:08}", rng.gen_range(0..100_000_000u32));
        batch.users.push(SeedUser {
            id: id.clone(),
            email: format!("seller{i}@demo.dove.ke"),
            name,
            phone: Some(phone),
            password_hash: password_hash.clone(),
            role: "seller",
            created_at: at,
        });
        sellers.push(Seller { id });
    }
    for i in 1..buyer_count {
        let at = joined(&mut rng);
        let id = seeded_id(&mut rng, at);
        batch.users.push(SeedUser {
            id,
            email: format!("buyer{i}@demo.dove.ke"),
            name: person_name(&mut rng),
            phone: None,
            password_hash: password_hash.clone(),
            role: "buyer",
            created_at: at,
        });
    }
    let (buyers_made, sellers_made) = (buyer_count, seller_count);

    let mut photo_rows = 0usize;
    // Two of the demo seller's homes to rent are let by the night, so the
    // calendar and short-stay booking can be tried at once.
    let mut stays: Vec<(String, i64)> = Vec::new();
    for i in 0..listings {
        // Newest first in creation order is not needed; spread over 50 days.
        let created_at = now - rng.gen_range(0..50 * DAY_MS);
        let id = seeded_id(&mut rng, created_at);
        let seller = &sellers[if i < 12 { 0 } else { rng.gen_range(0..sellers.len()) }];
        let county = COUNTIES.choose(&mut rng).expect("places are bundled");
        let town = county.towns.choose(&mut rng).expect("every county has towns");
        let hood = town.neighbourhoods.choose(&mut rng);
        let (place, lat, lng) = match hood {
            Some(n) => (n.name, n.lat, n.lng),
            None => (town.name, town.lat, town.lng),
        };
        let lat = lat + rng.gen_range(-0.004..0.004);
        let lng = lng + rng.gen_range(-0.004..0.004);
        let is_property = rng.gen_bool(0.6);
        let listing = if is_property {
            let kind = PROPERTY_KINDS.choose(&mut rng).expect("vocabulary is bundled");
            let can_rent = kind.rent_kes.1 > 0;
            let can_sell = kind.sale_kes.1 > 0;
            let rent = can_rent && (!can_sell || rng.gen_bool(0.75));
            let bedrooms = rng.gen_range(kind.bedrooms.0..=kind.bedrooms.1);
            let title = kind
                .titles
                .choose(&mut rng)
                .unwrap_or(&"House in {place}")
                .replace("{bedrooms}", &bedrooms.to_string())
                .replace("{place}", place);
            let price = if rent {
                round_to(rng.gen_range(kind.rent_kes.0..=kind.rent_kes.1), 500)
            } else {
                round_to(rng.gen_range(kind.sale_kes.0..=kind.sale_kes.1), 50_000)
            };
            let cat = match kind.property_type {
                "plot" => "land-plots",
                "office" | "shop" => "commercial",
                _ if rent => "houses-rent",
                _ => "houses-sale",
            };
            let residential =
                kind.bedrooms.1 > 0 || matches!(kind.property_type, "bedsitter" | "single_room" | "studio");
            let amenities: Vec<&str> = ["water", "security", "backup-power", "wifi", "lift", "pool", "garden", "pets"]
                .into_iter()
                .filter(|_| rng.gen_bool(0.35))
                .collect();
            let area = match kind.property_type {
                "bedsitter" | "single_room" => rng.gen_range(12..30),
                "studio" => rng.gen_range(25..45),
                "plot" => rng.gen_range(450..4050),
                _ => 30 + bedrooms * rng.gen_range(25..45),
            };
            let available_in_days = rng.gen_range(0..45);
            SeedListing {
                floor_area_m2: Some(area),
                furnished: residential.then(|| rng.gen_bool(0.25)),
                parking: residential.then(|| rng.gen_bool(0.6)),
                amenities: if residential { amenities.join(",") } else { String::new() },
                deposit_months: rent.then(|| rng.gen_range(1..=3)),
                service_charge_minor: (rent && kind.property_type != "single_room")
                    .then(|| round_to(rng.gen_range(1_000..8_000), 500) * 100),
                available_from: Some(civil_date(now + available_in_days * DAY_MS)),
                quantity: None,
                delivery: false,
                pickup: false,
                id: id.clone(),
                seller_id: seller.id.clone(),
                category_id: category(cat)?,
                kind: "property",
                offer: if rent { "rent" } else { "sale" },
                title,
                description: description(&mut rng, PROPERTY_DESCRIPTION_LINES),
                price_minor: price * 100,
                property_type: Some(kind.property_type),
                bedrooms: residential.then_some(bedrooms),
                bathrooms: residential.then(|| rng.gen_range(1..=bedrooms.max(1))),
                condition: None,
                county: county.name,
                town: town.name,
                neighbourhood: hood.map(|n| n.name),
                lat,
                lng,
                created_at,
            }
        } else {
            let kind = PRODUCT_KINDS.choose(&mut rng).expect("vocabulary is bundled");
            let title = kind.titles.choose(&mut rng).unwrap_or(&"Item").replace("{place}", place);
            let price = round_to(rng.gen_range(kind.price_kes.0..=kind.price_kes.1), 100);
            SeedListing {
                floor_area_m2: None,
                furnished: None,
                parking: None,
                amenities: String::new(),
                deposit_months: None,
                service_charge_minor: None,
                available_from: None,
                quantity: Some(rng.gen_range(1..=20)),
                delivery: rng.gen_bool(0.6),
                pickup: true,
                id: id.clone(),
                seller_id: seller.id.clone(),
                category_id: category(kind.category)?,
                kind: "product",
                offer: "sale",
                title,
                description: description(&mut rng, PRODUCT_DESCRIPTION_LINES),
                price_minor: price * 100,
                property_type: None,
                bedrooms: None,
                bathrooms: None,
                condition: Some(*["new", "used", "refurbished"].choose(&mut rng).unwrap_or(&"used")),
                county: county.name,
                town: town.name,
                neighbourhood: hood.map(|n| n.name),
                lat,
                lng,
                created_at,
            }
        };
        let pool = if is_property { &house_photos } else { &product_photos };
        for position in 0..rng.gen_range(1..=3i64) {
            let p = pool.choose(&mut rng).expect("the pool is never empty");
            batch.photos.push(SeedPhoto {
                id: seeded_id(&mut rng, created_at),
                listing_id: id.clone(),
                position,
                photo_key: p.key.clone(),
                width: i64::from(images::WIDTH),
                height: i64::from(images::HEIGHT),
                formats: "jpeg,webp",
                created_at,
            });
            photo_rows += 1;
        }
        if i < 12 && listing.offer == "rent" && listing.bedrooms.is_some() && stays.len() < 2 {
            stays.push((listing.id.clone(), listing.price_minor));
        }
        batch.listings.push(listing);
        if batch.listings.len() >= BATCH_LISTINGS {
            db.insert_seed_batch(&batch).await?;
            batch = SeedBatch::default();
        }
    }
    db.insert_seed_batch(&batch).await?;
    for (n, (id, monthly)) in stays.iter().enumerate() {
        // About a twentieth of the month's rent a night, in round hundreds.
        let nightly = round_to((monthly / 100 / 20).max(1_500), 100) * 100;
        let s = StaySettings { nightly_price_minor: nightly, min_nights: if n == 0 { 2 } else { 1 } };
        db.save_stay_settings(id, &s, now).await?;
    }
    let _ = photo_rows;
    Ok(SeedReport { listings, sellers: sellers_made, buyers: buyers_made, photos: pool * 2 })
}

/// `YYYY-MM-DD` for a UTC millisecond timestamp.
fn civil_date(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn description(rng: &mut StdRng, lines: &[&str]) -> String {
    let n = rng.gen_range(3..=5);
    lines.choose_multiple(rng, n).copied().collect::<Vec<_>>().join("\n")
}
