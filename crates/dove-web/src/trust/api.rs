//! Reports, and the admins' trust queue, through the API. To anyone but an
//! admin, the queue's routes answer 404.
use crate::api::{ApiJson, ApiUser};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use dove_domain::trust::{self, Action, AuditEntry, Case, Subject};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What is reported.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    Listing,
    User,
    Message,
    Review,
}

impl From<SubjectKind> for Subject {
    fn from(k: SubjectKind) -> Subject {
        match k {
            SubjectKind::Listing => Subject::Listing,
            SubjectKind::User => Subject::User,
            SubjectKind::Message => Subject::Message,
            SubjectKind::Review => Subject::Review,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewReport {
    subject: SubjectKind,
    /// The listing's, user's, message's or review's id.
    id: String,
    /// scam (asking for money before a viewing, or any scam), unavailable
    /// (already let or sold), wrong-price, stolen-photos, offensive or
    /// duplicate.
    #[schema(example = "scam")]
    reason: String,
    /// What happened, up to 1,000 characters.
    #[serde(default)]
    #[schema(max_length = 1000)]
    detail: String,
}

#[derive(Serialize, ToSchema)]
pub struct Received {
    /// Always true: the report is in the admins' queue.
    received: bool,
}

/// Reports something the caller can see: a live listing, a user, a message
/// in one of their conversations, or a review. At most 10 reports an hour.
#[utoipa::path(post, path = "/api/v1/reports", tag = "trust", request_body = NewReport, security(("bearer" = [])),
    responses((status = 202, body = Received),
        (status = 404, description = "No such thing, or not one the caller can see", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Ten reports in the last hour", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(b): ApiJson<NewReport>,
) -> Result<(StatusCode, Json<Received>), ApiError> {
    trust::report(&state.db, &auth.user, b.subject.into(), &b.id, &b.reason, &b.detail).await?;
    Ok((StatusCode::ACCEPTED, Json(Received { received: true })))
}

/// A case and its reports and signals.
#[derive(Serialize, ToSchema)]
pub struct CaseView {
    #[schema(value_type = Object)]
    #[serde(flatten)]
    case: Case,
}

/// Admins only: the open cases, the most recently reported first.
#[utoipa::path(get, path = "/api/v1/admin/trust", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = Vec<CaseView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn queue(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<CaseView>>, ApiError> {
    let cases = trust::queue(&state.db, &auth.user).await?;
    Ok(Json(cases.into_iter().map(|case| CaseView { case }).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct DecideBody {
    /// dismiss, warn, hide-listing (a listing's case), suspend (with
    /// `days`), ban, or restore (lift a suspension and show the listings
    /// again: an appeal upheld).
    #[schema(example = "warn")]
    action: String,
    /// Why, in words the affected person is mailed; kept in the audit log.
    /// Required for all but a dismissal.
    #[serde(default)]
    #[schema(max_length = 1000)]
    reason: String,
    /// For a suspension: how many days, 1 to 365.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 365)]
    days: Option<i64>,
}

/// Admins only: acts on an open case and closes it.
#[utoipa::path(post, path = "/api/v1/admin/trust/{id}", tag = "trust", request_body = DecideBody, security(("bearer" = [])),
    responses((status = 200, body = CaseView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecideBody>,
) -> Result<Json<CaseView>, ApiError> {
    let case = trust::decide(&state.db, &state.site, &auth.user, &id, &b.action, &b.reason, b.days).await?;
    if Action::parse(&b.action).is_some_and(Action::ends_sessions) {
        // Their open live streams end now, not at their next check.
        state.live.sessions_changed(&case.user_id).await;
    }
    Ok(Json(CaseView { case }))
}

#[derive(Serialize, ToSchema)]
pub struct AuditView {
    #[schema(value_type = Object)]
    #[serde(flatten)]
    entry: AuditEntry,
}

/// Admins only: every admin action, newest first: who, when, what, why.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = Vec<AuditView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn audit(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<AuditView>>, ApiError> {
    Ok(Json(trust::audit(&state.db, &auth.user).await?.into_iter().map(|entry| AuditView { entry }).collect()))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", post(create))
        .route("/admin/trust", get(queue))
        .route("/admin/trust/{id}", post(decide))
        .route("/admin/audit", get(audit))
}
