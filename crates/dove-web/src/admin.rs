//! `/admin/money`, for admins only: the reconciliation check, the risk
//! flags and the open disputes, each settled here. To anyone else the page
//! and its API answer 404.
use crate::accounts::ClientIp;
use crate::api::{ApiJson, ApiUser};
use crate::ctx::Ctx;
use crate::errors::{ApiError, PageError, Problem};
use crate::orders::api::{OrderView, view};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use dove_domain::accounts::User;
use dove_domain::listings::fields::parse_kes;
use dove_domain::monitoring::{self, OpenDispute, Reconciliation, RiskFlag};
use dove_domain::orders::OrderError;
use dove_domain::refunds;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Template)]
#[template(path = "admin_money.html")]
struct MoneyPage {
    ctx: Ctx,
    rec: Reconciliation,
    flags: Vec<RiskFlag>,
    disputes: Vec<OpenDispute>,
    error: Option<(String, String)>,
}

async fn render(
    ctx: Ctx,
    state: &AppState,
    admin: &User,
    error: Option<(String, String)>,
) -> Result<Response, PageError> {
    let rec = monitoring::reconcile(&state.db, admin).await?;
    let flags = monitoring::risk_flags(&state.db, admin).await?;
    let disputes = monitoring::disputes(&state.db, admin).await?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(MoneyPage { ctx, rec, flags, disputes, error }.render()?)).into_response())
}

async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    render(ctx, &state, &user, None).await
}

#[derive(Deserialize)]
struct ResolveForm {
    #[serde(default)]
    refund: String,
    #[serde(default)]
    note: String,
}

async fn resolve(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(f): Form<ResolveForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let refund = if f.refund.trim().is_empty() { Ok(0) } else { parse_kes(&f.refund, true).map_err(|b| b.0) };
    match refunds::resolve_dispute(&state.db, &state.site, &state.payments, &user, &id, refund, &f.note, &ip).await {
        Ok(_) => Ok(Redirect::to("/admin/money").into_response()),
        Err(OrderError::Invalid(errors)) => {
            let why = errors.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" ");
            render(ctx, &state, &user, Some((id, why))).await
        }
        Err(OrderError::WrongState(_)) => Ok(Redirect::to("/admin/money").into_response()),
        Err(e) => Err(e.into()),
    }
}

/// What the money looks like: the reconciliation check (all lists empty
/// when the books add up), risk flags and open disputes.
#[derive(Serialize, ToSchema)]
pub struct MonitorView {
    #[schema(value_type = Object)]
    reconciliation: Reconciliation,
    clean: bool,
    #[schema(value_type = Vec<Object>)]
    flags: Vec<RiskFlag>,
    #[schema(value_type = Vec<Object>)]
    disputes: Vec<OpenDispute>,
}

/// Admins only: reconciliation, risk flags and open disputes.
#[utoipa::path(get, path = "/api/v1/admin/money", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = MonitorView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(State(state): State<AppState>, auth: ApiUser) -> Result<Json<MonitorView>, ApiError> {
    let reconciliation = monitoring::reconcile(&state.db, &auth.user).await?;
    Ok(Json(MonitorView {
        clean: reconciliation.is_clean(),
        reconciliation,
        flags: monitoring::risk_flags(&state.db, &auth.user).await?,
        disputes: monitoring::disputes(&state.db, &auth.user).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ResolveBody {
    /// KES minor units back to the buyer (0 to all of it); the rest goes
    /// to the seller, less the commission.
    refund_minor: i64,
    /// The decision, in 5 to 1,000 characters; both parties read it.
    note: String,
}

/// Admins only: settles a dispute.
#[utoipa::path(post, path = "/api/v1/admin/orders/{id}/resolve", tag = "admin", request_body = ResolveBody, security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not disputed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn resolve_api(
    State(state): State<AppState>,
    auth: ApiUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ResolveBody>,
) -> Result<Json<OrderView>, ApiError> {
    let order = refunds::resolve_dispute(
        &state.db,
        &state.site,
        &state.payments,
        &auth.user,
        &id,
        Ok(b.refund_minor),
        &b.note,
        &ip,
    )
    .await?;
    Ok(Json(view(order, &auth.user.id)))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/money", get(page)).route("/admin/orders/{id}/resolve", post(resolve))
}

pub fn api_router() -> Router<AppState> {
    Router::new().route("/admin/money", get(read)).route("/admin/orders/{id}/resolve", post(resolve_api))
}
