//! Creating and editing a listing, in steps that each fit a phone screen:
//! what, where, details, photos, price, preview. Every step is a plain form
//! that saves the draft, so a dropped connection loses nothing already sent.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::state::AppState;
use crate::uploads::{self, Spooled, UploadError};
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::FieldErrors;
use dove_domain::listings::{
    self, Amenity, Category, Condition, Kind, Listing, ListingError, ListingInput, PriceInput, PropertyType,
    missing_for_publish,
};
use dove_domain::places::COUNTIES;
use serde::Deserialize;
use std::time::Duration;

pub const STEPS: [&str; 6] = ["what", "where", "details", "photos", "price", "preview"];

/// An option of a select or checkbox group: value and label.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "listings/edit.html")]
struct EditPage {
    ctx: Ctx,
    l: Listing,
    step: &'static str,
    steps: Vec<(&'static str, String)>,
    form: FormView,
    property: bool,
    alert: Option<String>,
    offers: Vec<Choice>,
    property_types: Vec<Choice>,
    categories: Vec<Choice>,
    conditions: Vec<Choice>,
    amenities: Vec<Choice>,
    counties: Vec<&'static str>,
    missing: Vec<Choice>,
}

fn choices<T: Copy>(ctx: &Ctx, all: &[T], value: impl Fn(T) -> &'static str, prefix: &str) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice { value: value(*v).to_string(), label: ctx.t(&format!("{prefix}-{}", value(*v))) })
        .collect()
}

fn price_text(minor: i64) -> String {
    if minor % 100 == 0 { (minor / 100).to_string() } else { format!("{}.{:02}", minor / 100, minor % 100) }
}

/// The form as the stored listing fills it.
fn form_from(l: &Listing, categories: &[Category]) -> FormView {
    let f = &l.fields;
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut form = FormView::default()
        .with("offer", f.offer.as_str())
        .with("property_type", f.property_type.map(|t| t.as_str()).unwrap_or(""))
        .with("title", &f.title)
        .with("description", &f.description)
        .with("condition", f.condition.map(|c| c.as_str()).unwrap_or(""))
        .with("county", f.county.as_deref().unwrap_or(""))
        .with("town", f.town.as_deref().unwrap_or(""))
        .with("neighbourhood", f.neighbourhood.as_deref().unwrap_or(""))
        .with("lat", &f.lat.map(|v| v.to_string()).unwrap_or_default())
        .with("lng", &f.lng.map(|v| v.to_string()).unwrap_or_default())
        .with("bedrooms", &opt(f.bedrooms))
        .with("bathrooms", &opt(f.bathrooms))
        .with("floor_area_m2", &opt(f.floor_area_m2))
        .with("available_from", f.available_from.as_deref().unwrap_or(""))
        .with("quantity", &opt(f.quantity))
        .with("price", &f.price_minor.map(price_text).unwrap_or_default())
        .with("deposit_months", &opt(f.deposit_months))
        .with("service_charge", &f.service_charge_minor.map(price_text).unwrap_or_default());
    if let Some(c) = categories.iter().find(|c| Some(&c.id) == f.category_id.as_ref()) {
        form = form.with("category", &c.slug);
    }
    for (name, on) in [
        ("show_exact_location", f.show_exact_location),
        ("furnished", f.furnished == Some(true)),
        ("parking", f.parking == Some(true)),
        ("delivery", f.delivery),
        ("pickup", f.pickup),
    ] {
        if on {
            form = form.with(name, "on");
        }
    }
    for a in &f.amenities {
        form = form.with("amenities", a.as_str());
    }
    form
}

/// What a step's form sends, as a change to the listing. Checkboxes that
/// are absent mean "unticked", but only for the step that shows them.
fn input_for(step: &str, kind: Kind, pairs: &[(String, String)]) -> ListingInput {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let has = |k: &str| Some(pairs.iter().any(|(n, _)| n == k));
    match (step, kind) {
        ("what", Kind::Property) => ListingInput {
            offer: get("offer"),
            property_type: get("property_type"),
            title: get("title"),
            ..Default::default()
        },
        ("what", Kind::Product) => ListingInput {
            category: get("category"),
            condition: get("condition"),
            title: get("title"),
            ..Default::default()
        },
        ("where", _) => ListingInput {
            county: get("county"),
            town: get("town"),
            neighbourhood: get("neighbourhood"),
            lat: get("lat"),
            lng: get("lng"),
            show_exact_location: has("show_exact_location"),
            ..Default::default()
        },
        ("details", Kind::Property) => ListingInput {
            bedrooms: get("bedrooms"),
            bathrooms: get("bathrooms"),
            floor_area_m2: get("floor_area_m2"),
            furnished: has("furnished"),
            parking: has("parking"),
            amenities: Some(pairs.iter().filter(|(n, _)| n == "amenities").map(|(_, v)| v.clone()).collect()),
            available_from: get("available_from"),
            description: get("description"),
            ..Default::default()
        },
        ("details", Kind::Product) => ListingInput {
            quantity: get("quantity"),
            delivery: has("delivery"),
            pickup: has("pickup"),
            description: get("description"),
            ..Default::default()
        },
        ("price", _) => ListingInput {
            price: get("price").map(PriceInput::Text),
            deposit_months: get("deposit_months"),
            service_charge: get("service_charge").map(PriceInput::Text),
            ..Default::default()
        },
        _ => ListingInput::default(),
    }
}

/// Which step shows a field, to link "still needed" items to their step.
fn step_of(field: &str) -> &'static str {
    match field {
        "title" | "offer" | "property_type" | "category" | "condition" => "what",
        "county" | "town" | "neighbourhood" | "lat" | "lng" => "where",
        "photos" => "photos",
        "price" | "deposit_months" | "service_charge" => "price",
        _ => "details",
    }
}

fn parse_step(step: &str) -> Result<&'static str, PageError> {
    STEPS.iter().find(|s| **s == step).copied().ok_or(PageError::NotFound)
}

async fn page(
    ctx: Ctx,
    state: &AppState,
    l: Listing,
    step: &'static str,
    form: Option<FormView>,
    alert: Option<String>,
    missing: FieldErrors,
) -> Result<EditPage, PageError> {
    let cats = listings::categories(&state.db).await?;
    let form = form.unwrap_or_else(|| form_from(&l, &cats));
    let steps = STEPS.iter().map(|s| (*s, ctx.t(&format!("step-{s}")))).collect();
    let offers = choices(
        &ctx,
        &[dove_domain::listings::Offer::Rent, dove_domain::listings::Offer::Sale],
        |o| o.as_str(),
        "offer",
    );
    let property_types = choices(&ctx, PropertyType::ALL, |t| t.as_str(), "property-type");
    let conditions = choices(&ctx, Condition::ALL, |c| c.as_str(), "condition");
    let amenities = choices(&ctx, Amenity::ALL, |a| a.as_str(), "amenity");
    let categories = cats
        .iter()
        .filter(|c| c.kind == "product" && !c.retired)
        .map(|c| Choice { value: c.slug.clone(), label: c.name.clone() })
        .collect();
    let missing = missing
        .0
        .iter()
        .map(|e| Choice { value: step_of(e.field).to_string(), label: ctx.t(&format!("missing-{}", e.field)) })
        .collect();
    Ok(EditPage {
        property: l.kind == Kind::Property,
        counties: COUNTIES.iter().map(|c| c.name).collect(),
        ctx,
        l,
        step,
        steps,
        form,
        alert,
        offers,
        property_types,
        categories,
        conditions,
        amenities,
        missing,
    })
}

fn listing_error(e: ListingError) -> PageError {
    match e {
        ListingError::NotFound => PageError::NotFound,
        other => PageError::Internal(other.to_string()),
    }
}

async fn edit_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, step)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let step = parse_step(&step)?;
    let l = listings::manageable(&state.db, &user, &id).await.map_err(listing_error)?;
    let missing =
        if step == "preview" { missing_for_publish(l.kind, &l.fields, l.photos.len()) } else { FieldErrors::default() };
    let page = page(ctx, &state, l, step, None, None, missing).await?;
    Ok(Html(page.render()?).into_response())
}

async fn edit_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, step)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let step = parse_step(&step)?;
    let l = listings::manageable(&state.db, &user, &id).await.map_err(listing_error)?;
    let input = input_for(step, l.kind, &pairs);
    match listings::update(&state.db, &user, &id, &input).await {
        Ok(_) => {
            let next =
                STEPS.iter().position(|s| *s == step).map(|i| STEPS[(i + 1).min(STEPS.len() - 1)]).unwrap_or("preview");
            Ok(Redirect::to(&format!("/listings/{id}/edit/{next}")).into_response())
        }
        Err(ListingError::Invalid(errors)) => {
            let cats = listings::categories(&state.db).await?;
            let form = form_from(&l, &cats).overlay(&pairs).errors(ctx.lang, &errors);
            let page = page(ctx, &state, l, step, Some(form), None, FieldErrors::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(listing_error(e)),
    }
}

#[derive(Template)]
#[template(path = "listings/new.html")]
struct NewPage {
    ctx: Ctx,
}

async fn new_page(ctx: Ctx) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    if !user.is_seller() {
        return Ok(Redirect::to("/account/store").into_response());
    }
    Ok(Html(NewPage { ctx }.render()?).into_response())
}

#[derive(Deserialize)]
struct NewForm {
    kind: String,
}

async fn new_submit(ctx: Ctx, State(state): State<AppState>, Form(f): Form<NewForm>) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    let kind = Kind::parse(&f.kind).map_err(|_| PageError::NotFound)?;
    match listings::create_draft(&state.db, user, kind, &ListingInput::default()).await {
        Ok(l) => Ok(Redirect::to(&format!("/listings/{}/edit/what", l.id)).into_response()),
        Err(ListingError::NotASeller) => Ok(Redirect::to("/account/store").into_response()),
        Err(e) => Err(listing_error(e)),
    }
}

/// Photo uploads from the photos step: several files at once. Who may
/// upload, and how many photos still fit, are settled before any of the
/// body is read; the files stream to temporary files under a size cap.
async fn upload(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let l = listings::manageable(&state.db, &user, &id).await.map_err(listing_error)?;
    let room = (listings::MAX_PHOTOS - l.photo_count()).max(0) as usize;
    let spooled = if room == 0 {
        Err(UploadError::TooMany("photos-too-many"))
    } else {
        match state.uploads.take() {
            Err(e) => Err(e),
            Ok(slot) => uploads::spool_files(&mut multipart, &["photos"], room, "photos-too-many", |_, _| {})
                .await
                .map(|f| (slot, f)),
        }
    };
    let (alert, status) = match spooled {
        Ok((_slot, files)) if files.is_empty() => (ctx.t("err-photo-none"), StatusCode::UNPROCESSABLE_ENTITY),
        Ok((_slot, files)) => match add_spooled(&state, &user, &id, files).await {
            Ok(()) => return Ok(Redirect::to(&format!("/listings/{id}/edit/photos")).into_response()),
            Err(ListingError::Photo(r)) => (ctx.t(&format!("err-{}", r.code())), StatusCode::UNPROCESSABLE_ENTITY),
            Err(ListingError::TooManyPhotos) => (ctx.t("err-photos-too-many"), StatusCode::UNPROCESSABLE_ENTITY),
            Err(e) => return Err(listing_error(e)),
        },
        Err(e) => (ctx.t(&format!("err-{}", e.code())), e.status()),
    };
    // Photos that went in before a bad one stay; show the page as it is now.
    let l = listings::manageable(&state.db, &user, &l.id).await.map_err(listing_error)?;
    let page = page(ctx, &state, l, "photos", None, Some(alert), FieldErrors::default()).await?;
    let mut res = (status, Html(page.render()?)).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(uploads::RETRY_AFTER_SECS));
    }
    Ok(res)
}

/// Adds spooled photos one at a time, so only one is in memory at once.
pub(crate) async fn add_spooled(
    state: &AppState,
    user: &dove_domain::accounts::User,
    id: &str,
    files: Vec<Spooled>,
) -> Result<(), ListingError> {
    for f in files {
        let bytes = f.read().await.map_err(|e| ListingError::Store(dove_domain::StoreError::Backend(Box::new(e))))?;
        listings::add_photos(&state.db, state.photos.as_ref(), &state.pipeline, user, id, vec![bytes]).await?;
    }
    Ok(())
}

async fn photo_action(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, photo, action)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let result = match action.as_str() {
        "cover" => listings::move_photo(&state.db, &user, &id, &photo, None).await.map(|_| ()),
        "earlier" => listings::move_photo(&state.db, &user, &id, &photo, Some(-1)).await.map(|_| ()),
        "later" => listings::move_photo(&state.db, &user, &id, &photo, Some(1)).await.map(|_| ()),
        "delete" => listings::delete_photo(&state.db, state.photos.as_ref(), &user, &id, &photo).await,
        _ => return Err(PageError::NotFound),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/listings/{id}/edit/photos")).into_response()),
        Err(ListingError::Invalid(_)) => {
            let l = listings::manageable(&state.db, &user, &id).await.map_err(listing_error)?;
            let alert = Some(ctx.t("err-photos-required"));
            let page = page(ctx, &state, l, "photos", None, alert, FieldErrors::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(listing_error(e)),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sell", get(new_page).post(new_submit))
        .route("/listings/{id}/edit/{step}", get(edit_page).post(edit_submit))
        .route("/listings/{id}/photos/{photo}/{action}", post(photo_action))
}

/// The largest upload request: several phone photos at once.
pub const UPLOAD_BODY_LIMIT: usize = 100 * 1024 * 1024;
/// Slow connections need time to send photos.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(300);

pub fn upload_router() -> Router<AppState> {
    Router::new().route("/listings/{id}/photos", post(upload)).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT))
}
