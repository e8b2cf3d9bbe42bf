//! The public listing page, `/l/{id}-{slug}`.
use super::facts::{Fact, facts};
use crate::accounts::ClientIp;
use crate::cookies;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use dove_domain::bookings::{self, Rental};
use dove_domain::clock::now_ms;
use dove_domain::listings::{self, APPROXIMATE_RADIUS_M, Kind, Listing, SellerCard, can_manage};
use dove_domain::reviews::{Rating, Review, ReviewRepo};
use dove_domain::tokens::hash_token;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "listings/show.html")]
struct ListingPage {
    ctx: Ctx,
    l: Listing,
    seller: Option<SellerCard>,
    facts: Vec<Fact>,
    notice: Option<String>,
    is_manager: bool,
    available: bool,
    /// The point the map shows (the exact pin only if the seller chose so).
    has_point: bool,
    map_lat: f64,
    map_lng: f64,
    radius_m: i64,
    canonical: String,
    og_image: Option<String>,
    whatsapp: String,
    json_ld: String,
    tiles: String,
    /// How a rental is rented through the platform: by the night or long-term.
    rental: Rental,
    /// The listing's rating ("New" under three reviews) and its latest
    /// public reviews.
    listing_rating: Rating,
    reviews: Vec<Review>,
}

#[derive(Deserialize)]
struct ShowQuery {
    notice: Option<String>,
}

/// The listing id from `{id}-{slug}`: ids are UUIDs, 36 characters.
pub fn id_from_path(id_slug: &str) -> &str {
    id_slug.get(..36).unwrap_or(id_slug)
}

/// schema.org data for search engines: an Offer of a Residence or Product.
/// `<` is escaped so the JSON can never close its script element.
fn json_ld(l: &Listing, url: &str, image: Option<&str>, available: bool) -> String {
    let item = match l.kind {
        Kind::Property => serde_json::json!({
            "@type": if l.fields.property_type.is_some_and(|t| t.is_residential()) { "Residence" } else { "Place" },
            "name": l.fields.title,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": l.fields.town,
                "addressRegion": l.fields.county,
                "addressCountry": "KE"
            }
        }),
        Kind::Product => serde_json::json!({
            "@type": "Product",
            "name": l.fields.title,
            "image": image,
            "itemCondition": match l.fields.condition.map(|c| c.as_str()) {
                Some("new") => "https://schema.org/NewCondition",
                Some("refurbished") => "https://schema.org/RefurbishedCondition",
                _ => "https://schema.org/UsedCondition",
            }
        }),
    };
    let doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Offer",
        "url": url,
        "name": l.fields.title,
        "description": l.fields.description.chars().take(300).collect::<String>(),
        "image": image,
        "price": l.fields.price_minor.map(|p| format!("{}.{:02}", p / 100, p % 100)),
        "priceCurrency": l.currency,
        "businessFunction": if l.is_rent() { "http://purl.org/goodrelations/v1#LeaseOut" } else { "http://purl.org/goodrelations/v1#Sell" },
        "availability": if available { "https://schema.org/InStock" } else { "https://schema.org/SoldOut" },
        "itemOffered": item,
    });
    doc.to_string().replace('<', "\\u003c")
}

async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(id_slug): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let id = id_from_path(&id_slug);
    let l = listings::viewable(&state.db, ctx.user.as_ref(), id).await?;
    let path = l.url();
    if format!("/l/{id_slug}") != path {
        return Ok(Redirect::permanent(&path).into_response());
    }
    let is_manager = ctx.user.as_ref().is_some_and(|u| can_manage(u, &l));
    if !is_manager && l.is_public() {
        // A browser is known by its cookie; a client without cookies (a
        // first visit, a bot) by its address and user agent, so reloads
        // without cookies do not inflate the count.
        let known = cookies::get(&headers, cookies::CSRF_SEED)
            .or_else(|| cookies::get(&headers, cookies::session(state.config.secure_cookies)));
        let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
        let visitor = hash_token(&match known {
            Some(c) => format!("c:{c}"),
            None => format!("a:{ip}:{ua}"),
        });
        state.views.record(&l.id, &visitor[..24]);
    }
    let now = now_ms();
    let seller = listings::seller_card(&state.db, &l.seller_id).await?;
    let canonical = state.site.link(&path);
    let og_image = l.cover().map(|p| state.site.link(&p.url(640, "jpg")));
    let available = l.is_available(now);
    let share = format!("{} – {canonical}", l.fields.title);
    let whatsapp =
        format!("https://wa.me/?text={}", form_urlencoded::byte_serialize(share.as_bytes()).collect::<String>());
    // The "live" notice is for the seller who just published, not for
    // buyers who open a link copied with it.
    let notice = match q.notice.as_deref() {
        Some("live") if is_manager => Some(ctx.t("notice-listing-live")),
        _ => None,
    };
    let rental = bookings::rental_of(&state.db, &l).await?;
    // Most listings have no reviews: only those with some read them.
    let listing_rating = state.db.listing_rating(&l.id, now).await?;
    let reviews = if listing_rating.count > 0 { state.db.listing_reviews(&l.id, now, 10).await? } else { vec![] };
    let page = ListingPage {
        listing_rating,
        reviews,
        rental,
        facts: facts(&ctx, &l),
        json_ld: json_ld(&l, &canonical, og_image.as_deref(), available),
        has_point: l.public_point().is_some(),
        map_lat: l.public_point().map(|p| p.0).unwrap_or_default(),
        map_lng: l.public_point().map(|p| p.1).unwrap_or_default(),
        radius_m: APPROXIMATE_RADIUS_M,
        tiles: state.config.map_tiles.clone(),
        ctx,
        seller,
        notice,
        is_manager,
        available,
        canonical,
        og_image,
        whatsapp,
        l,
    };
    Ok(Html(page.render()?).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/l/{id_slug}", get(show))
}
