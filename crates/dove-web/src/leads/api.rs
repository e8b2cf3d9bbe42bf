//! The leads pipeline through the API. A lead belongs to its seller; any
//! other caller gets 404 on every route.
use crate::api::{ApiJson, ApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::FieldErrors;
use dove_domain::leads::{self, Lead, LeadEvent, LeadFilter, Note, ResponseTimes, Stage, Task};
use dove_domain::paging::Cursor;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Board filters, shared by the page, the CSV export and the API.
#[derive(Deserialize, IntoParams, Default)]
pub struct FilterQuery {
    /// Only leads about this listing.
    #[serde(default)]
    pub listing: Option<String>,
    /// new, contacted, viewing, negotiating, won or lost.
    #[serde(default)]
    pub stage: Option<String>,
    /// message, phone, viewing or favourite.
    #[serde(default)]
    pub source: Option<String>,
    /// Only leads first heard from in the last N days.
    #[serde(default)]
    pub days: Option<String>,
    /// The `next` of the previous page, for the page after it.
    #[serde(default)]
    pub before: Option<String>,
}

impl FilterQuery {
    /// The filter, or the fields that are wrong.
    pub fn parse(&self) -> Result<LeadFilter, FieldErrors> {
        let mut e = FieldErrors::default();
        let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let stage = blank(&self.stage).and_then(|s| {
            let parsed = Stage::parse(&s);
            if parsed.is_none() {
                e.add("stage", "stage-unknown");
            }
            parsed
        });
        let source = blank(&self.source);
        if source.as_deref().is_some_and(|s| !["message", "phone", "viewing", "favourite"].contains(&s)) {
            e.add("source", "source-unknown");
        }
        let since = match blank(&self.days).map(|d| d.parse::<i64>()) {
            None => None,
            Some(Ok(d)) if (1..=3650).contains(&d) => {
                Some(dove_domain::clock::now_ms() - d * dove_domain::clock::DAY_MS)
            }
            Some(_) => {
                e.add("days", "days-range");
                None
            }
        };
        if e.is_empty() { Ok(LeadFilter { listing_id: blank(&self.listing), stage, source, since }) } else { Err(e) }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LeadView {
    id: String,
    buyer_name: String,
    listing_id: String,
    listing_title: String,
    /// message, phone, viewing or favourite: how the buyer first got in touch.
    source: String,
    stage: String,
    lost_reason: Option<String>,
    created_at: i64,
    updated_at: i64,
    first_reply_at: Option<i64>,
}

impl From<Lead> for LeadView {
    fn from(l: Lead) -> Self {
        LeadView {
            id: l.id,
            buyer_name: l.buyer_name,
            listing_id: l.listing_id,
            listing_title: l.listing_title,
            source: l.source,
            stage: l.stage.as_str().to_string(),
            lost_reason: l.lost_reason,
            created_at: l.created_at,
            updated_at: l.updated_at,
            first_reply_at: l.first_reply_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Board {
    /// Up to 100 leads; `next` continues the list.
    leads: Vec<LeadView>,
    /// Pass as `before` for the next page; absent on the last one.
    next: Option<String>,
    /// Leads per stage matching the filters (the stage filter aside), over all pages.
    #[schema(value_type = Object)]
    counts: std::collections::BTreeMap<&'static str, i64>,
    /// Median minutes to the first reply, and the share answered within an hour.
    #[schema(value_type = Object)]
    response_times: ResponseTimes,
}

/// The caller's leads (latest activity first) and their response times.
#[utoipa::path(get, path = "/api/v1/leads", tag = "leads", params(FilterQuery), security(("bearer" = [])),
    responses((status = 200, body = Board), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    auth: ApiUser,
    Query(q): Query<FilterQuery>,
) -> Result<Json<Board>, ApiError> {
    let filter = q.parse().map_err(ApiError::InvalidQuery)?;
    let before = crate::api::paging::cursor(q.before.as_deref())?;
    let page = leads::board(&state.db, &auth.user, &filter, before.as_ref()).await?;
    let response_times = state.response_times.get(&state.db, &auth.user).await?;
    Ok(Json(Board {
        next: page.next.as_ref().map(Cursor::encode),
        counts: Stage::ALL.iter().map(|s| (s.as_str(), page.count(*s))).collect(),
        leads: page.leads.into_iter().map(LeadView::from).collect(),
        response_times,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct LeadDetail {
    lead: LeadView,
    #[schema(value_type = Vec<Object>)]
    events: Vec<LeadEvent>,
    #[schema(value_type = Vec<Object>)]
    notes: Vec<Note>,
    #[schema(value_type = Vec<Object>)]
    tasks: Vec<Task>,
}

/// A lead with its history, notes and tasks.
#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "leads", security(("bearer" = [])),
    responses((status = 200, body = LeadDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<LeadDetail>, ApiError> {
    let lead = leads::lead(&state.db, &auth.user, &id).await?;
    Ok(Json(LeadDetail {
        lead: lead.into(),
        events: leads::history(&state.db, &auth.user, &id).await?,
        notes: leads::notes(&state.db, &auth.user, &id).await?,
        tasks: leads::tasks(&state.db, &auth.user, &id).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct StageBody {
    /// new, contacted, viewing, negotiating, won or lost.
    stage: String,
    /// Required for lost.
    #[serde(default)]
    reason: Option<String>,
}

/// Moves a lead. Won and lost are final until the lead is reopened by
/// moving it to contacted; an illegal move is 409.
#[utoipa::path(post, path = "/api/v1/leads/{id}/stage", tag = "leads", request_body = StageBody, security(("bearer" = [])),
    responses((status = 200, body = LeadView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn stage(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StageBody>,
) -> Result<Json<LeadView>, ApiError> {
    let to = Stage::parse(&b.stage).ok_or_else(|| ApiError::Invalid(FieldErrors::single("stage", "stage-unknown")))?;
    Ok(Json(leads::move_to(&state.db, &auth.user, &id, to, b.reason.as_deref()).await?.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    body: String,
}

/// Adds a private note to a lead.
#[utoipa::path(post, path = "/api/v1/leads/{id}/notes", tag = "leads", request_body = NoteBody, security(("bearer" = [])),
    responses((status = 201, body = Object), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_note(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBody>,
) -> Result<(StatusCode, Json<Note>), ApiError> {
    Ok((StatusCode::CREATED, Json(leads::add_note(&state.db, &auth.user, &id, &b.body).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct TaskBody {
    title: String,
    /// Milliseconds since the epoch, UTC; a reminder is mailed then.
    due_at: Option<i64>,
}

/// Adds a follow-up task; its reminder is emailed when it falls due.
#[utoipa::path(post, path = "/api/v1/leads/{id}/tasks", tag = "leads", request_body = TaskBody, security(("bearer" = [])),
    responses((status = 201, body = Object), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_task(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TaskBody>,
) -> Result<(StatusCode, Json<Task>), ApiError> {
    Ok((StatusCode::CREATED, Json(leads::add_task(&state.db, &auth.user, &id, &b.title, b.due_at).await?)))
}

/// Marks a task done.
#[utoipa::path(post, path = "/api/v1/leads/{id}/tasks/{task_id}/done", tag = "leads", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn finish_task(
    State(state): State<AppState>,
    auth: ApiUser,
    Path((id, task_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    leads::finish_task(&state.db, &auth.user, &id, &task_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leads", get(list))
        .route("/leads/{id}", get(read))
        .route("/leads/{id}/stage", post(stage))
        .route("/leads/{id}/notes", post(add_note))
        .route("/leads/{id}/tasks", post(add_task))
        .route("/leads/{id}/tasks/{task_id}/done", post(finish_task))
}
