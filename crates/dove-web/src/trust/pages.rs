//! Trust in the browser: the report form (on a listing, a store, a review),
//! the admins' queue and case pages, the audit log, and a suspended
//! person's appeal. Plain form posts.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::lang::safe_next;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::FieldErrors;
use dove_domain::accounts::{self, AccountError};
use dove_domain::trust::{self, Action, AuditEntry, Case, CaseFile, Subject, TrustError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "trust/reported.html")]
struct ReportedPage {
    ctx: Ctx,
    /// The refusal, if the report was not taken.
    error: Option<String>,
    back: String,
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    detail: String,
    /// The page the form was on, to go back to.
    #[serde(default)]
    back: String,
}

/// Takes a report and says so, or says why not.
async fn report(ctx: Ctx, State(state): State<AppState>, Form(f): Form<ReportForm>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let back = safe_next(Some(&f.back)).to_string();
    let subject = Subject::parse(&f.subject).ok_or(PageError::NotFound)?;
    let (status, error) = match trust::report(&state.db, &user, subject, &f.id, &f.reason, &f.detail).await {
        Ok(()) => (StatusCode::OK, None),
        Err(TrustError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, Some(words(&ctx, &errors))),
        Err(TrustError::Limited) => (StatusCode::TOO_MANY_REQUESTS, Some(ctx.t("err-trust-reports-limited"))),
        Err(TrustError::Conflict(code)) => (StatusCode::CONFLICT, Some(ctx.t(&format!("err-{code}")))),
        Err(e) => return Err(e.into()),
    };
    Ok((status, Html(ReportedPage { ctx, error, back }.render()?)).into_response())
}

fn words(ctx: &Ctx, errors: &FieldErrors) -> String {
    errors.0.iter().map(|e| ctx.t(&format!("err-{}", e.code))).collect::<Vec<_>>().join(" ")
}

#[derive(Template)]
#[template(path = "trust/queue.html")]
struct QueuePage {
    ctx: Ctx,
    cases: Vec<Case>,
}

async fn queue(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let cases = trust::queue(&state.db, &user).await?;
    Ok(Html(QueuePage { ctx, cases }.render()?).into_response())
}

#[derive(Template)]
#[template(path = "trust/case.html")]
struct CasePage {
    ctx: Ctx,
    f: CaseFile,
    form: FormView,
    actions: Vec<&'static str>,
}

async fn case_page(
    ctx: Ctx,
    state: &AppState,
    id: &str,
    form: FormView,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let f = trust::case_file(&state.db, &user, id).await?;
    let actions = Action::NAMES
        .iter()
        .copied()
        .filter(|a| *a != Action::HideListing.as_str() || f.case.can_hide_listing())
        .collect();
    Ok((status, Html(CasePage { ctx, f, form, actions }.render()?)).into_response())
}

async fn case(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    case_page(ctx, &state, &id, FormView::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct DecideForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    days: String,
}

async fn decide(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<DecideForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let days = f.days.trim().parse::<i64>().ok();
    match trust::decide(&state.db, &state.site, &user, &id, &f.action, &f.reason, days).await {
        Ok(case) => {
            if Action::parse(&f.action).is_some_and(Action::ends_sessions) {
                state.live.sessions_changed(&case.user_id).await;
            }
            Ok(Redirect::to("/admin/trust").into_response())
        }
        Err(e @ (TrustError::Invalid(_) | TrustError::Conflict(_))) => {
            let errors = match e {
                TrustError::Invalid(errors) => errors,
                TrustError::Conflict(code) => FieldErrors::single("action", code),
                _ => FieldErrors::default(),
            };
            let form = FormView::default()
                .with("action", &f.action)
                .with("reason", &f.reason)
                .with("days", &f.days)
                .errors(ctx.lang, &errors);
            case_page(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "trust/audit.html")]
struct AuditPage {
    ctx: Ctx,
    entries: Vec<AuditEntry>,
}

async fn audit(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let entries = trust::audit(&state.db, &user).await?;
    Ok(Html(AuditPage { ctx, entries }.render()?).into_response())
}

#[derive(Template)]
#[template(path = "trust/appeal.html")]
struct AppealPage {
    ctx: Ctx,
    form: FormView,
    alert: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
struct AppealForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    appeal: String,
}

async fn appeal_form(ctx: Ctx) -> Result<Response, PageError> {
    Ok(Html(AppealPage { ctx, form: FormView::default(), alert: None, notice: None }.render()?).into_response())
}

/// A suspended person's one appeal: their password proves who they are.
async fn appeal(ctx: Ctx, State(state): State<AppState>, Form(f): Form<AppealForm>) -> Result<Response, PageError> {
    let form = FormView::default().with("email", &f.email).with("appeal", &f.appeal);
    let refuse = |ctx: Ctx, form: FormView, status: StatusCode, alert: String| -> Result<Response, PageError> {
        Ok((status, Html(AppealPage { ctx, form, alert: Some(alert), notice: None }.render()?)).into_response())
    };
    let s = match accounts::suspension_for(&state.db, &state.site, &f.email, &f.password).await {
        Ok(s) => s,
        Err(AccountError::BadCredentials | AccountError::Unverified) => {
            let alert = ctx.t("error-bad-credentials");
            return refuse(ctx, form, StatusCode::UNAUTHORIZED, alert);
        }
        Err(e) => return Err(e.into()),
    };
    match trust::appeal(&state.db, &s, &f.appeal).await {
        Ok(()) => {
            let notice = Some(ctx.t("trust-appeal-sent"));
            Ok(Html(AppealPage { ctx, form: FormView::default(), alert: None, notice }.render()?).into_response())
        }
        Err(TrustError::Invalid(errors)) => {
            let form = form.errors(ctx.lang, &errors);
            let alert = words(&ctx, &errors);
            refuse(ctx, form, StatusCode::UNPROCESSABLE_ENTITY, alert)
        }
        Err(TrustError::Conflict(code)) => {
            let alert = ctx.t(&format!("err-{code}"));
            refuse(ctx, form, StatusCode::CONFLICT, alert)
        }
        Err(e) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/report", post(report))
        .route("/appeal", get(appeal_form).post(appeal))
        .route("/admin/trust", get(queue))
        .route("/admin/trust/{id}", get(case).post(decide))
        .route("/admin/audit", get(audit))
}
