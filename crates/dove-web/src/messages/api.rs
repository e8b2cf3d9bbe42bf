//! Conversations and messages through the API. Only the two participants
//! see a conversation; to anyone else every route answers 404.
use crate::api::{ApiJson, ApiUser, paging};
use crate::errors::{ApiError, Problem};
use crate::ratelimit::MESSAGES_PER_USER;
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::FieldErrors;
use dove_domain::accounts::User;
use dove_domain::listings::PhotoRef;
use dove_domain::messages::{self, Conversation, Message, Side};
use dove_domain::photos::VARIANT_WIDTHS;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A conversation as one participant sees it.
#[derive(Serialize, ToSchema)]
pub struct ConversationView {
    id: String,
    listing_id: String,
    listing_title: String,
    /// `buyer` or `seller`: which side the caller is on.
    #[schema(value_type = String)]
    role: Side,
    other_party: String,
    last_message: String,
    last_message_at: i64,
    /// Messages from the other party not yet read by the caller.
    unread: i64,
    archived: bool,
    /// Up to when the other party has read (milliseconds, UTC).
    other_read_at: i64,
    /// Conversations about property carry the "never pay before viewing" notice.
    never_pay_before_viewing: bool,
}

fn view(c: &Conversation, side: Side, unread: i64) -> ConversationView {
    ConversationView {
        id: c.id.clone(),
        listing_id: c.listing_id.clone(),
        listing_title: c.listing_title.clone(),
        role: side,
        other_party: c.other_name(side).to_string(),
        last_message: c.last_message.clone(),
        last_message_at: c.last_message_at,
        unread,
        archived: c.archived_for(side),
        other_read_at: c.other_read_at(side),
        never_pay_before_viewing: c.is_about_property(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    id: String,
    sender_id: String,
    mine: bool,
    body: String,
    photos: Vec<MessagePhoto>,
    /// A warning for the recipient: the text asks for money before a viewing.
    caution: Option<String>,
    created_at: i64,
}

/// A photo sent in a message, by variant URL.
#[derive(Serialize, ToSchema)]
pub struct MessagePhoto {
    width: i64,
    height: i64,
    /// JPEG variants, 320, 640 and 1280 px wide.
    jpeg: Vec<String>,
    /// The same in WebP.
    webp: Vec<String>,
}

fn photo_view(p: &PhotoRef) -> MessagePhoto {
    let urls = |ext: &str| VARIANT_WIDTHS.iter().map(|w| p.url(*w, ext)).collect();
    MessagePhoto {
        width: p.width,
        height: p.height,
        jpeg: urls("jpg"),
        webp: if p.webp { urls("webp") } else { Vec::new() },
    }
}

fn message_view(m: Message, user: &User) -> MessageView {
    MessageView {
        mine: m.sender_id == user.id,
        // Only the recipient is warned; the sender knows what they wrote.
        caution: m.caution.filter(|_| m.sender_id != user.id),
        id: m.id,
        sender_id: m.sender_id,
        body: m.body,
        photos: m.photos.iter().map(photo_view).collect(),
        created_at: m.created_at,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// `true` for the archived conversations.
    #[serde(default)]
    archived: bool,
    /// Where the page starts: the `next` cursor of the previous page's
    /// `Link: <…>; rel="next"` header.
    #[serde(default)]
    before: Option<String>,
}

/// The caller's conversations, latest first, 50 at a time; a `Link`
/// header with `rel="next"` points at the next page when there is one.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "messages", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ConversationView>, headers(("link" = String, description = "The next page"))),
        (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    auth: ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let before = paging::cursor(q.before.as_deref())?;
    let page = messages::inbox(&state.db, &auth.user, q.archived, before.as_ref()).await?;
    let list: Vec<ConversationView> = page
        .entries
        .iter()
        .filter_map(|e| e.conversation.side(&auth.user.id).map(|s| view(&e.conversation, s, e.unread)))
        .collect();
    Ok(paging::page(list, &format!("/api/v1/conversations?archived={}", q.archived), page.next))
}

#[derive(Deserialize, ToSchema)]
pub struct StartBody {
    listing_id: String,
    /// Up to 2,000 characters.
    body: String,
}

#[derive(Serialize, ToSchema)]
pub struct Started {
    conversation: ConversationView,
    message: MessageView,
}

fn flood_check(state: &AppState, user: &User) -> Result<(), ApiError> {
    state.limiter.check(&format!("messages:{}", user.id), MESSAGES_PER_USER).map_err(ApiError::TooManyRequests)
}

/// Messages a listing's owner: opens the conversation, or continues the
/// one the caller already has about that listing.
#[utoipa::path(post, path = "/api/v1/conversations", tag = "messages", request_body = StartBody, security(("bearer" = [])),
    responses((status = 201, body = Started),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn start(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(b): ApiJson<StartBody>,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    flood_check(&state, &auth.user)?;
    let (c, m) = messages::start(&state.db, &auth.user, &b.listing_id, &b.body).await?;
    state.live.publish(&[&c.buyer_id, &c.seller_id], &c.id).await;
    let side = c.side(&auth.user.id).unwrap_or(Side::Buyer);
    Ok((StatusCode::CREATED, Json(Started { conversation: view(&c, side, 0), message: message_view(m, &auth.user) })))
}

#[derive(Serialize, ToSchema)]
pub struct ThreadView {
    conversation: ConversationView,
    messages: Vec<MessageView>,
}

/// A conversation and its latest 500 messages; reading marks them read.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "messages", security(("bearer" = [])),
    responses((status = 200, body = ThreadView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ThreadView>, ApiError> {
    let t = messages::read(&state.db, &auth.user, &id).await?;
    if t.newly_read {
        state.live.publish(&[t.conversation.other_id(t.side), &auth.user.id], &id).await;
    }
    Ok(Json(ThreadView {
        conversation: view(&t.conversation, t.side, 0),
        messages: t.messages.into_iter().map(|m| message_view(m, &auth.user)).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct SendBody {
    /// Up to 2,000 characters.
    body: String,
}

/// Sends a message in a conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messages", request_body = SendBody, security(("bearer" = [])),
    responses((status = 201, body = MessageView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn send(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SendBody>,
) -> Result<(StatusCode, Json<MessageView>), ApiError> {
    flood_check(&state, &auth.user)?;
    let sent = messages::send(&state.db, &auth.user, &id, &b.body, Vec::new()).await?;
    state.live.publish(&[&auth.user.id, &sent.recipient_id], &id).await;
    state.response_times.forget(&auth.user.id);
    Ok((StatusCode::CREATED, Json(message_view(sent.message, &auth.user))))
}

/// Sends photos, with optional text: multipart, a `body` text field and one
/// to three `photo` files (JPEG, PNG or WebP, 15 MB each). Photos are
/// re-encoded without their metadata before anyone sees them.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/photos", tag = "messages", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`body` (optional text) and one to three `photo` files"),
    responses((status = 201, body = MessageView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A file over 15 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a photo, too big, too many", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many uploads at once on this node; see Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn send_photos(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    req: Request,
) -> Result<(StatusCode, Json<MessageView>), ApiError> {
    flood_check(&state, &auth.user)?;
    messages::open(&state.db, &auth.user, &id).await?;
    let _slot = state.uploads.take().map_err(crate::listings::api::upload_error)?;
    let u = super::upload::read(req, &state).await.map_err(crate::listings::api::upload_error)?;
    if u.files.is_empty() {
        return Err(ApiError::Invalid(FieldErrors::single("photos", "photo-none")));
    }
    let photos = super::upload::store(&state, u.files).await?;
    let sent = messages::send(&state.db, &auth.user, &id, &u.body, photos).await?;
    state.live.publish(&[&auth.user.id, &sent.recipient_id], &id).await;
    state.response_times.forget(&auth.user.id);
    Ok((StatusCode::CREATED, Json(message_view(sent.message, &auth.user))))
}

#[derive(Deserialize, ToSchema)]
pub struct Flag {
    on: bool,
}

/// Archives (`on: true`) or restores a conversation, for the caller only.
/// A new message brings it back to the inbox.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/archive", tag = "messages", request_body = Flag, security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn archive(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<Flag>,
) -> Result<StatusCode, ApiError> {
    messages::archive(&state.db, &auth.user, &id, f.on).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Blocks (`on: true`) or unblocks the other party: a blocked user can no
/// longer message the caller.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/block", tag = "messages", request_body = Flag, security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn block(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<Flag>,
) -> Result<StatusCode, ApiError> {
    messages::block(&state.db, &auth.user, &id, f.on).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ReportBody {
    /// What is wrong, up to 1,000 characters.
    reason: String,
}

/// Reports a conversation to the admins.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/report", tag = "messages", request_body = ReportBody, security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReportBody>,
) -> Result<StatusCode, ApiError> {
    messages::report(&state.db, &auth.user, &id, &b.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Unread {
    unread: i64,
}

/// Unread messages across the caller's conversations.
#[utoipa::path(get, path = "/api/v1/me/unread", tag = "messages", security(("bearer" = [])), responses((status = 200, body = Unread)))]
pub async fn unread(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Unread>, ApiError> {
    let unread = state.live.unread(&auth.user).await?;
    Ok(Json(Unread { unread }))
}

pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/conversations/{id}/photos", post(send_photos))
        .layer(DefaultBodyLimit::max(super::upload::MESSAGE_BODY_LIMIT))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(list).post(start))
        .route("/conversations/{id}", get(read))
        .route("/conversations/{id}/messages", post(send))
        .route("/conversations/{id}/archive", post(archive))
        .route("/conversations/{id}/block", post(block))
        .route("/conversations/{id}/report", post(report))
        .route("/me/unread", get(unread))
}
