//! Saved searches ("Alert me"), their list, and the one-click unsubscribe.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::lang::safe_next;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::alerts::{self, AlertError, Frequency, SavedSearch};
use serde::Deserialize;

#[derive(Deserialize)]
struct AlertForm {
    #[serde(default)]
    query: String,
    #[serde(default)]
    frequency: String,
}

async fn create(ctx: Ctx, State(state): State<AppState>, Form(f): Form<AlertForm>) -> Result<Response, PageError> {
    let back = format!("/search?{}", f.query);
    let Some(user) = &ctx.user else {
        return Err(PageError::SignInRequired { next: safe_next(Some(&back)).to_string() });
    };
    let frequency = Frequency::parse(&f.frequency).unwrap_or(Frequency::Instant);
    let categories = state.categories.get(&state.db).await?;
    match alerts::save(&state.db, user, &alerts::params_of(&f.query), frequency, &categories).await {
        Ok(_) => Ok(Redirect::to("/alerts?notice=saved").into_response()),
        Err(AlertError::Invalid(_)) => Ok(Redirect::to(safe_next(Some(&back))).into_response()),
        Err(AlertError::TooMany) => Ok(Redirect::to("/alerts?notice=too-many").into_response()),
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}

#[derive(Template)]
#[template(path = "search/alerts.html")]
struct AlertsPage {
    ctx: Ctx,
    searches: Vec<SavedSearch>,
    notice: Option<String>,
}

#[derive(Deserialize)]
struct NoticeQuery {
    notice: Option<String>,
}

async fn list(ctx: Ctx, State(state): State<AppState>, Query(q): Query<NoticeQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let searches = alerts::list(&state.db, &user).await.map_err(|e| PageError::Internal(e.to_string()))?;
    let notice = match q.notice.as_deref() {
        Some("saved") => Some(ctx.t("alerts-saved")),
        Some("too-many") => Some(ctx.t("alerts-too-many")),
        Some("deleted") => Some(ctx.t("alerts-deleted")),
        _ => None,
    };
    Ok(Html(AlertsPage { ctx, searches, notice }.render()?).into_response())
}

async fn delete(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match alerts::delete(&state.db, &user, &id).await {
        Ok(()) => Ok(Redirect::to("/alerts?notice=deleted").into_response()),
        Err(AlertError::NotFound) => Err(PageError::NotFound),
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}

#[derive(Template)]
#[template(path = "accounts/notice.html")]
struct NoticePage {
    ctx: Ctx,
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct UnsubscribeQuery {
    #[serde(default)]
    id: String,
    #[serde(default)]
    sig: String,
}

/// One click from the mail, no sign-in: the signature proves the link.
async fn unsubscribe(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<UnsubscribeQuery>,
) -> Result<Response, PageError> {
    match alerts::unsubscribe(&state.db, state.csrf_key.as_ref(), &q.id, &q.sig).await {
        Ok(()) => {
            let page = NoticePage { title: ctx.t("unsubscribed-title"), body: ctx.t("unsubscribed-body"), ctx };
            Ok(Html(page.render()?).into_response())
        }
        Err(AlertError::BadSignature) => {
            let page = NoticePage { title: ctx.t("unsubscribe-bad-title"), body: ctx.t("unsubscribe-bad-body"), ctx };
            Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response())
        }
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/alerts", get(list).post(create))
        .route("/alerts/{id}/delete", post(delete))
        .route("/alerts/unsubscribe", get(unsubscribe))
}
