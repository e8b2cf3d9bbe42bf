//! Reviews through the API. An unpublished review is seen by its author
//! alone: to anyone else, as to a third party on every route, it is a 404.
use crate::api::{ApiJson, ApiUser, MaybeApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::clock::now_ms;
use dove_domain::listings;
use dove_domain::reviews::{self, Draft, Occasion, Rating, Review, ReviewRepo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// What a review is about.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum OccasionKind {
    /// A completed order, stay or let.
    Order,
    /// A viewing both sides said took place.
    Viewing,
}

impl From<OccasionKind> for Occasion {
    fn from(k: OccasionKind) -> Occasion {
        match k {
            OccasionKind::Order => Occasion::Order,
            OccasionKind::Viewing => Occasion::Viewing,
        }
    }
}

/// A review as the caller may see it. Times are UTC milliseconds.
#[derive(Serialize, ToSchema)]
pub struct ReviewView {
    id: String,
    /// `order` or `viewing`.
    occasion: &'static str,
    occasion_id: String,
    author_name: String,
    /// buyer, seller or visitor: the author's part.
    role: &'static str,
    subject_name: String,
    listing_id: String,
    listing_title: String,
    /// 1 to 5.
    score: i64,
    /// Category scores, 1 to 5: accuracy, communication, location and
    /// value for a house; as_described, communication and delivery for a
    /// product; none for a seller's review of a buyer.
    #[schema(value_type = Object)]
    scores: BTreeMap<&'static str, i64>,
    body: String,
    /// The private note, if any: for its author, and for the reviewed party
    /// once published; null otherwise.
    private_note: Option<String>,
    /// Whether it is published: both sides wrote, or the window closed.
    published: bool,
    /// When the review window closes.
    closes_at: i64,
    /// Whether the caller may still change it.
    can_edit: bool,
    /// Whether the caller may post the one public reply.
    can_reply: bool,
    reply: Option<String>,
    created_at: i64,
    updated_at: i64,
    /// Hidden by an admin (the author and the reviewed party still see it).
    hidden: bool,
}

pub(crate) fn view(r: Review, caller: Option<&str>) -> ReviewView {
    let now = now_ms();
    let me = caller.unwrap_or("");
    let private_note = r.note_for(me, now).map(str::to_string);
    ReviewView {
        published: r.is_published(now),
        can_edit: r.can_edit(me, now),
        can_reply: r.can_reply(me, now),
        hidden: r.hidden_at.is_some(),
        occasion: r.occasion.as_str(),
        role: r.role.as_str(),
        scores: r.scores.iter().map(|(c, n)| (c.as_str(), *n)).collect(),
        private_note,
        id: r.id,
        occasion_id: r.occasion_id,
        author_name: r.author_name,
        subject_name: r.subject_name,
        listing_id: r.listing_id,
        listing_title: r.listing_title,
        score: r.score,
        body: r.body,
        closes_at: r.closes_at,
        reply: r.reply,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// A review and whether a phone number or link was taken out of it.
#[derive(Serialize, ToSchema)]
pub struct Written {
    review: ReviewView,
    /// True when a phone number or link was replaced by "[removed]":
    /// reviews can't carry contact details.
    contacts_removed: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct DraftBody {
    /// 1 to 5.
    score: i64,
    /// Every category of the review, 1 to 5 (see `ReviewView.scores`).
    #[serde(default)]
    #[schema(value_type = Object)]
    scores: BTreeMap<String, i64>,
    /// Public text, up to 1,000 characters.
    #[serde(default)]
    #[schema(max_length = 1000)]
    body: String,
    /// For the reviewed party only, up to 1,000 characters.
    #[serde(default)]
    #[schema(max_length = 1000)]
    private_note: String,
}

impl DraftBody {
    fn draft(self) -> Draft {
        Draft { score: Some(self.score), scores: self.scores, body: self.body, private_note: self.private_note }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewReview {
    occasion: OccasionKind,
    /// The order's or the viewing's id.
    occasion_id: String,
    #[serde(flatten)]
    draft: DraftBody,
}

/// Writes the caller's review of a completed order, stay or let they were a
/// party to, or of a viewing they made that both sides said took place.
/// It stays unpublished until the other side writes theirs or the 14-day
/// window closes.
#[utoipa::path(post, path = "/api/v1/reviews", tag = "reviews", request_body = NewReview, security(("bearer" = [])),
    responses((status = 201, body = Written),
        (status = 404, description = "No such order or viewing, or the caller was not its buyer, seller or visitor", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not completed or held yet, the window has closed, or already reviewed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(b): ApiJson<NewReview>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let (r, removed) =
        reviews::write(&state.db, &auth.user, b.occasion.into(), &b.occasion_id, &b.draft.draft()).await?;
    Ok((StatusCode::CREATED, Json(Written { review: view(r, Some(&auth.user.id)), contacts_removed: removed })))
}

#[derive(Deserialize, IntoParams)]
pub struct OccasionQuery {
    /// order or viewing.
    #[param(inline)]
    occasion: OccasionKind,
    /// The order's or the viewing's id.
    id: String,
}

/// Where the caller stands on an occasion's reviews.
#[derive(Serialize, ToSchema)]
pub struct StandingView {
    /// Whether the caller may write a review now.
    can_write: bool,
    /// When the window closes; null until the occasion has happened.
    closes_at: Option<i64>,
    /// The categories the caller's review scores.
    categories: Vec<&'static str>,
    /// The caller's own review, if written.
    mine: Option<ReviewView>,
    /// The other side's review of the caller, once published.
    theirs: Option<ReviewView>,
}

/// The caller's standing on an order's or a viewing's reviews.
#[utoipa::path(get, path = "/api/v1/reviews", tag = "reviews", params(OccasionQuery), security(("bearer" = [])),
    responses((status = 200, body = StandingView),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn standing(
    State(state): State<AppState>,
    auth: ApiUser,
    Query(q): Query<OccasionQuery>,
) -> Result<Json<StandingView>, ApiError> {
    let s = reviews::standing(&state.db, &auth.user, q.occasion.into(), &q.id).await?;
    let me = Some(auth.user.id.as_str());
    Ok(Json(StandingView {
        can_write: s.can_write(now_ms()),
        closes_at: s.reviewable.closes_at(),
        categories: s.reviewable.categories().iter().map(|c| c.as_str()).collect(),
        mine: s.mine.map(|r| view(r, me)),
        theirs: s.theirs.map(|r| view(r, me)),
    }))
}

/// A review: anyone may read a published one; before that, only its author.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "reviews",
    responses((status = 200, body = ReviewView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ReviewView>, ApiError> {
    let r = reviews::get(&state.db, user.as_ref(), &id).await?;
    Ok(Json(view(r, user.as_ref().map(|u| u.id.as_str()))))
}

/// Changes the caller's review until it is published.
#[utoipa::path(put, path = "/api/v1/reviews/{id}", tag = "reviews", request_body = DraftBody, security(("bearer" = [])),
    responses((status = 200, body = Written), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn edit(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DraftBody>,
) -> Result<Json<Written>, ApiError> {
    let (r, removed) = reviews::edit(&state.db, &auth.user, &id, &b.draft()).await?;
    Ok(Json(Written { review: view(r, Some(&auth.user.id)), contacts_removed: removed }))
}

#[derive(Deserialize, ToSchema)]
pub struct ReplyBody {
    /// Up to 1,000 characters.
    #[schema(max_length = 1000)]
    reply: String,
}

/// The reviewed party's one public reply to a published review.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/reply", tag = "reviews", request_body = ReplyBody, security(("bearer" = [])),
    responses((status = 200, body = Written), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published yet, or already replied to", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn reply(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReplyBody>,
) -> Result<Json<Written>, ApiError> {
    let (r, removed) = reviews::reply(&state.db, &auth.user, &id, &b.reply).await?;
    Ok(Json(Written { review: view(r, Some(&auth.user.id)), contacts_removed: removed }))
}

#[derive(Deserialize, ToSchema)]
pub struct HideBody {
    /// Why, in words the author is mailed; kept with the review.
    #[schema(max_length = 1000)]
    reason: String,
}

/// Admins only: hides a review, with a reason that is kept and mailed to
/// its author.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/hide", tag = "reviews", request_body = HideBody, security(("bearer" = [])),
    responses((status = 200, body = ReviewView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already hidden", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn hide(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<HideBody>,
) -> Result<Json<ReviewView>, ApiError> {
    let r = reviews::hide(&state.db, &state.site, &auth.user, &id, &b.reason).await?;
    Ok(Json(view(r, Some(&auth.user.id))))
}

/// A listing's or a seller's rating.
#[derive(Serialize, ToSchema)]
pub struct RatingView {
    count: i64,
    /// The average, e.g. "4.8"; null under 3 reviews for a listing
    /// ("New").
    average: Option<String>,
}

impl RatingView {
    pub(crate) fn of(r: Rating) -> RatingView {
        RatingView { count: r.count, average: (!r.is_new()).then(|| r.average_label()) }
    }
}

/// A listing's public reviews, newest first.
#[derive(Serialize, ToSchema)]
pub struct ListingReviews {
    rating: RatingView,
    reviews: Vec<ReviewView>,
}

/// The public reviews of a live listing (the latest 50) and its rating.
#[utoipa::path(get, path = "/api/v1/listings/{id}/reviews", tag = "reviews",
    responses((status = 200, body = ListingReviews), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn of_listing(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ListingReviews>, ApiError> {
    let l = listings::viewable(&state.db, user.as_ref(), &id).await?;
    let now = now_ms();
    let rating = state.db.listing_rating(&l.id, now).await?;
    let me = user.as_ref().map(|u| u.id.as_str());
    let list = state.db.listing_reviews(&l.id, now, 50).await?.into_iter().map(|r| view(r, me)).collect();
    Ok(Json(ListingReviews { rating: RatingView::of(rating), reviews: list }))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reviews", post(create).get(standing))
        .route("/reviews/{id}", get(read).put(edit))
        .route("/reviews/{id}/reply", post(reply))
        .route("/reviews/{id}/hide", post(hide))
        .route("/listings/{id}/reviews", get(of_listing))
}
