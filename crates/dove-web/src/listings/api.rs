//! The listings API: categories, listings, lifecycle actions and photos.
use crate::api::{ApiJson, ApiUser, MaybeApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use crate::uploads::{self, UploadError};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use dove_domain::FieldErrors;
use dove_domain::fields::Coded;
use dove_domain::listings::{self, Action, Kind, Listing, ListingInput, PriceInput, can_manage};
use serde::{Deserialize, Deserializer, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

/// A number or a numeric string, as text for the shared parsers.
/// As [`num_or_text`], for a whole number: a JSON number outside 64-bit
/// integers (or with a fraction) is refused as the schema says (422), even
/// where the field does not apply to the listing and would be ignored.
fn int_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<serde_json::Value> = Option::deserialize(d)?;
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(i) => Ok(Some(i.to_string())),
            None => Err(serde::de::Error::custom("expected a whole number within 64-bit range")),
        },
        Some(other) => Ok(Some(other.to_string())),
    }
}

fn num_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<serde_json::Value> = Option::deserialize(d)?;
    Ok(match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// Fields of a listing. All optional: absent fields are left as they are.
/// Anything else in the body (status, owner, timestamps) is ignored.
#[derive(Deserialize, ToSchema, Default)]
pub struct ListingRequest {
    /// `property` or `product`; only when creating.
    kind: Option<String>,
    /// Product category slug (see /api/v1/categories).
    category: Option<String>,
    /// `rent` or `sale` (properties).
    offer: Option<String>,
    title: Option<String>,
    description: Option<String>,
    /// Price in minor units (cents); per month when for rent.
    price_minor: Option<i64>,
    /// bedsitter, single_room, studio, apartment, bungalow, maisonette,
    /// townhouse, villa, plot, office, shop.
    property_type: Option<String>,
    #[serde(default, deserialize_with = "int_or_text")]
    #[schema(value_type = Option<i64>)]
    bedrooms: Option<String>,
    #[serde(default, deserialize_with = "int_or_text")]
    #[schema(value_type = Option<i64>)]
    bathrooms: Option<String>,
    #[serde(default, deserialize_with = "int_or_text")]
    #[schema(value_type = Option<i64>)]
    floor_area_m2: Option<String>,
    furnished: Option<bool>,
    parking: Option<bool>,
    /// water, security, backup-power, wifi, lift, pool, garden, pets.
    amenities: Option<Vec<String>>,
    #[serde(default, deserialize_with = "int_or_text")]
    #[schema(value_type = Option<i64>)]
    deposit_months: Option<String>,
    service_charge_minor: Option<i64>,
    /// YYYY-MM-DD.
    available_from: Option<String>,
    /// new, used, refurbished (products).
    condition: Option<String>,
    #[serde(default, deserialize_with = "int_or_text")]
    #[schema(value_type = Option<i64>)]
    quantity: Option<String>,
    delivery: Option<bool>,
    pickup: Option<bool>,
    county: Option<String>,
    town: Option<String>,
    neighbourhood: Option<String>,
    #[serde(default, deserialize_with = "num_or_text")]
    #[schema(value_type = Option<f64>)]
    lat: Option<String>,
    #[serde(default, deserialize_with = "num_or_text")]
    #[schema(value_type = Option<f64>)]
    lng: Option<String>,
    show_exact_location: Option<bool>,
}

impl ListingRequest {
    fn input(self) -> ListingInput {
        ListingInput {
            category: self.category,
            offer: self.offer,
            title: self.title,
            description: self.description,
            price: self.price_minor.map(PriceInput::Minor),
            property_type: self.property_type,
            bedrooms: self.bedrooms,
            bathrooms: self.bathrooms,
            floor_area_m2: self.floor_area_m2,
            furnished: self.furnished,
            parking: self.parking,
            amenities: self.amenities,
            deposit_months: self.deposit_months,
            service_charge: self.service_charge_minor.map(PriceInput::Minor),
            available_from: self.available_from,
            condition: self.condition,
            quantity: self.quantity,
            delivery: self.delivery,
            pickup: self.pickup,
            county: self.county,
            town: self.town,
            neighbourhood: self.neighbourhood,
            lat: self.lat,
            lng: self.lng,
            show_exact_location: self.show_exact_location,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PhotoView {
    id: String,
    position: i64,
    width: i64,
    height: i64,
    /// JPEG variants by width.
    jpeg: Vec<String>,
    /// WebP variants by width (empty for older photos).
    webp: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LocationView {
    county: Option<String>,
    town: Option<String>,
    neighbourhood: Option<String>,
    /// The exact pin for the seller, or when they chose to show it;
    /// otherwise a point within about 500 m of it.
    lat: Option<f64>,
    lng: Option<f64>,
    exact: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ListingView {
    id: String,
    url: String,
    kind: String,
    /// draft, published, paused, sold, rented, archived.
    status: String,
    offer: String,
    category: Option<String>,
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
    amenities: Vec<String>,
    deposit_months: Option<i64>,
    service_charge_minor: Option<i64>,
    available_from: Option<String>,
    condition: Option<String>,
    quantity: Option<i64>,
    delivery: bool,
    pickup: bool,
    location: LocationView,
    photos: Vec<PhotoView>,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    expires_at: Option<i64>,
    /// Only for the seller.
    view_count: Option<i64>,
}

fn view(l: Listing, manager: bool) -> ListingView {
    let f = &l.fields;
    let (lat, lng, exact) = if manager {
        (f.lat, f.lng, true)
    } else {
        let p = l.public_point();
        (p.map(|p| p.0), p.map(|p| p.1), f.show_exact_location)
    };
    ListingView {
        url: l.url(),
        kind: l.kind.as_str().to_string(),
        status: l.status.as_str().to_string(),
        offer: f.offer.as_str().to_string(),
        category: l.category_name.clone(),
        title: f.title.clone(),
        description: f.description.clone(),
        price_minor: f.price_minor,
        currency: l.currency.clone(),
        property_type: f.property_type.map(|t| t.as_str().to_string()),
        bedrooms: f.bedrooms,
        bathrooms: f.bathrooms,
        floor_area_m2: f.floor_area_m2,
        furnished: f.furnished,
        parking: f.parking,
        amenities: f.amenities.iter().map(|a| a.as_str().to_string()).collect(),
        deposit_months: f.deposit_months,
        service_charge_minor: f.service_charge_minor,
        available_from: f.available_from.clone(),
        condition: f.condition.map(|c| c.as_str().to_string()),
        quantity: f.quantity,
        delivery: f.delivery,
        pickup: f.pickup,
        location: LocationView {
            county: f.county.clone(),
            town: f.town.clone(),
            neighbourhood: f.neighbourhood.clone(),
            lat,
            lng,
            exact,
        },
        photos: l
            .photos
            .iter()
            .map(|p| PhotoView {
                id: p.id.clone(),
                position: p.position,
                width: p.image.width,
                height: p.image.height,
                jpeg: dove_domain::photos::VARIANT_WIDTHS.iter().map(|w| p.image.url(*w, "jpg")).collect(),
                webp: if p.image.webp {
                    dove_domain::photos::VARIANT_WIDTHS.iter().map(|w| p.image.url(*w, "webp")).collect()
                } else {
                    vec![]
                },
            })
            .collect(),
        created_at: l.created_at,
        updated_at: l.updated_at,
        published_at: l.published_at,
        expires_at: l.expires_at,
        view_count: manager.then_some(l.view_count),
        id: l.id,
    }
}

#[derive(Serialize, ToSchema)]
pub struct CategoryView {
    id: String,
    slug: String,
    name: String,
    /// `property` or `product`.
    kind: String,
    parent: Option<String>,
}

/// The live category tree.
#[utoipa::path(get, path = "/api/v1/categories", tag = "listings", responses((status = 200, body = Vec<CategoryView>)))]
pub async fn categories(State(state): State<AppState>) -> Result<Json<Vec<CategoryView>>, ApiError> {
    let all = listings::categories(&state.db).await?;
    let slug_of =
        |id: &Option<String>| id.as_ref().and_then(|id| all.iter().find(|c| &c.id == id)).map(|c| c.slug.clone());
    Ok(Json(
        all.iter()
            .filter(|c| !c.retired)
            .map(|c| CategoryView {
                id: c.id.clone(),
                slug: c.slug.clone(),
                name: c.name.clone(),
                kind: c.kind.clone(),
                parent: slug_of(&c.parent_id),
            })
            .collect(),
    ))
}

/// Creates a draft listing.
#[utoipa::path(post, path = "/api/v1/listings", tag = "listings", security(("bearer" = [])), request_body = ListingRequest,
    responses(
        (status = 201, body = ListingView),
        (status = 403, description = "No store yet", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(mut req): ApiJson<ListingRequest>,
) -> Result<Response, ApiError> {
    let kind = match req.kind.take() {
        Some(k) => Kind::parse(&k).map_err(|b| ApiError::Invalid(FieldErrors::single("kind", b.code())))?,
        None => return Err(ApiError::Invalid(FieldErrors::single("kind", "required"))),
    };
    let l = listings::create_draft(&state.db, &auth.user, kind, &req.input()).await?;
    Ok((StatusCode::CREATED, Json(view(l, true))).into_response())
}

/// A listing: public ones for anyone, drafts and paused ones for their seller.
#[utoipa::path(get, path = "/api/v1/listings/{id}", tag = "listings", responses((status = 200, body = ListingView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    auth: MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ListingView>, ApiError> {
    let l = listings::viewable(&state.db, auth.0.as_ref(), &id).await?;
    let manager = auth.0.as_ref().is_some_and(|u| can_manage(u, &l));
    Ok(Json(view(l, manager)))
}

/// Changes fields. A published listing must stay complete.
#[utoipa::path(patch, path = "/api/v1/listings/{id}", tag = "listings", security(("bearer" = [])), request_body = ListingRequest,
    responses((status = 200, body = ListingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ListingRequest>,
) -> Result<Json<ListingView>, ApiError> {
    let l = listings::update(&state.db, &auth.user, &id, &req.input()).await?;
    Ok(Json(view(l, true)))
}

/// Deletes a draft. Other listings are archived instead.
#[utoipa::path(delete, path = "/api/v1/listings/{id}", tag = "listings", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    listings::delete_draft(&state.db, state.photos.as_ref(), &auth.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A lifecycle action: publish, pause, resume, mark-sold, mark-rented,
/// renew, archive; or duplicate (answers with the new draft, 201).
#[utoipa::path(post, path = "/api/v1/listings/{id}/{action}", tag = "listings", security(("bearer" = [])),
    params(("action" = String, Path, description = "publish, pause, resume, mark-sold, mark-rented, renew, archive or duplicate")),
    responses((status = 200, body = ListingView), (status = 201, description = "duplicate", body = ListingView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the current status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Incomplete listing", body = Problem, content_type = "application/problem+json")))]
pub async fn action(
    State(state): State<AppState>,
    auth: ApiUser,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    if action == "duplicate" {
        let l = listings::duplicate(&state.db, &auth.user, &id).await?;
        return Ok((StatusCode::CREATED, Json(view(l, true))).into_response());
    }
    let Some(action) = Action::parse(&action) else {
        return Err(ApiError::Status(StatusCode::NOT_FOUND, "There is no such action."));
    };
    let l = listings::act(&state.db, &auth.user, &id, action).await?;
    Ok(Json(view(l, true)).into_response())
}

/// Adds photos (multipart, field `photo`, one or more files). JPEG, PNG or
/// WebP, at most 15 MB and 40 megapixels each, 20 per listing. Someone
/// else's listing, or one with no room left, is refused before the body is
/// read; a node takes a few uploads at once, and answers 503 past that.
#[utoipa::path(post, path = "/api/v1/listings/{id}/photos", tag = "listings", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "One or more `photo` file fields"),
    responses((status = 201, body = Vec<PhotoView>), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A file over 15 MB, or a body over 100 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a photo, too big, too many", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many uploads at once on this node; see Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn add_photos(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let l = listings::manageable(&state.db, &auth.user, &id).await?;
    let room = (listings::MAX_PHOTOS - l.photo_count()).max(0) as usize;
    if room == 0 {
        return Err(ApiError::Invalid(FieldErrors::single("photos", "photos-too-many")));
    }
    let _slot = state.uploads.take().map_err(upload_error)?;
    let files = uploads::spool_files(&mut multipart, &["photo", "photos"], room, "photos-too-many", |_, _| {})
        .await
        .map_err(upload_error)?;
    if files.is_empty() {
        return Err(ApiError::Invalid(FieldErrors::single("photos", "photo-none")));
    }
    super::edit::add_spooled(&state, &auth.user, &id, files).await?;
    let l = listings::manageable(&state.db, &auth.user, &id).await?;
    Ok((StatusCode::CREATED, Json(view(l, true).photos)).into_response())
}

/// An upload refused as it arrived, as a problem document.
pub(crate) fn upload_error(e: UploadError) -> ApiError {
    match e {
        UploadError::Busy => ApiError::Unavailable(Duration::from_secs(uploads::RETRY_AFTER_SECS)),
        UploadError::TooLarge => {
            ApiError::Refused(StatusCode::PAYLOAD_TOO_LARGE, "Too large.", FieldErrors::single("photos", e.code()))
        }
        UploadError::TooMany(code) => ApiError::Invalid(FieldErrors::single("photos", code)),
        UploadError::Malformed => ApiError::Status(StatusCode::BAD_REQUEST, "The multipart body is malformed."),
        UploadError::Spool(e) => ApiError::Internal(e.to_string()),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct PhotoOrder {
    /// Every photo id of the listing, in the new order; the first is the cover.
    ids: Vec<String>,
}

/// Reorders the photos.
#[utoipa::path(put, path = "/api/v1/listings/{id}/photos/order", tag = "listings", security(("bearer" = [])), request_body = PhotoOrder,
    responses((status = 200, body = Vec<PhotoView>), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn order_photos(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PhotoOrder>,
) -> Result<Response, ApiError> {
    listings::reorder_photos(&state.db, &auth.user, &id, &req.ids).await?;
    let l = listings::manageable(&state.db, &auth.user, &id).await?;
    Ok(Json(view(l, true).photos).into_response())
}

/// Removes a photo.
#[utoipa::path(delete, path = "/api/v1/listings/{id}/photos/{photo_id}", tag = "listings", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn delete_photo(
    State(state): State<AppState>,
    auth: ApiUser,
    Path((id, photo)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    listings::delete_photo(&state.db, state.photos.as_ref(), &auth.user, &id, &photo).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct MyListing {
    id: String,
    url: String,
    title: String,
    status: String,
    price_minor: i64,
    view_count: i64,
    photo_count: i64,
}

/// The signed-in seller's listings, every status.
#[utoipa::path(get, path = "/api/v1/me/listings", tag = "listings", security(("bearer" = [])), responses((status = 200, body = Vec<MyListing>)))]
pub async fn mine(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<MyListing>>, ApiError> {
    let rows = listings::seller_listings(&state.db, &auth.user).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| MyListing {
                url: r.card.url(),
                id: r.card.id,
                title: r.card.title,
                status: r.status.as_str().to_string(),
                price_minor: r.card.price_minor,
                view_count: r.view_count,
                photo_count: r.photo_count,
            })
            .collect(),
    ))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/categories", get(categories))
        .route("/listings", post(create))
        .route("/listings/{id}", get(read).patch(update).delete(remove))
        .route("/listings/{id}/{action}", post(action))
        .route("/listings/{id}/photos/order", put(order_photos))
        .route("/listings/{id}/photos/{photo_id}", delete(delete_photo))
        .route("/me/listings", get(mine))
}

pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/listings/{id}/photos", post(add_photos))
        .layer(DefaultBodyLimit::max(super::edit::UPLOAD_BODY_LIMIT))
}
