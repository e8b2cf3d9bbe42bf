//! The seller's leads board (`/leads`): a kanban on wide screens, a list on
//! phones. Stages change with a plain select and button, or by dragging a
//! card with JavaScript. Each lead has a page with its history, notes and
//! follow-up tasks; `/leads.csv` exports the filtered board.
use super::api::FilterQuery;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::FieldErrors;
use dove_domain::leads::{self, Lead, LeadError, LeadEvent, Note, ResponseTimes, Stage, Task};
use dove_domain::paging::Cursor;
use serde::Deserialize;

pub struct Column {
    pub stage: &'static str,
    pub label: String,
    /// Leads in this stage over all pages.
    pub count: i64,
    pub leads: Vec<Lead>,
}

#[derive(Template)]
#[template(path = "leads/board.html")]
struct BoardPage {
    ctx: Ctx,
    columns: Vec<Column>,
    total: i64,
    times: ResponseTimes,
    form: FormView,
    /// Each stage and its name, translated once for every card's select.
    stages: Vec<(&'static str, String)>,
    /// The filters as a query string, for the CSV link and the next page.
    query: String,
    /// The next page's link, when there are more leads.
    next: Option<String>,
}

fn form_of(q: &FilterQuery) -> FormView {
    let mut f = FormView::default();
    for (k, v) in [("listing", &q.listing), ("stage", &q.stage), ("source", &q.source), ("days", &q.days)] {
        if let Some(v) = v {
            f = f.with(k, v);
        }
    }
    f
}

async fn board(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<FilterQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let (filter, form, status) = match q.parse() {
        Ok(f) => (f, form_of(&q), StatusCode::OK),
        Err(e) => (Default::default(), form_of(&q).errors(ctx.lang, &e), StatusCode::BAD_REQUEST),
    };
    let before = q.before.as_deref().and_then(Cursor::parse);
    let mut board = leads::board(&state.db, &user, &filter, before.as_ref()).await?;
    let times = state.response_times.get(&state.db, &user).await?;
    let total = board.counts.iter().map(|(_, n)| n).sum();
    let stages: Vec<(&'static str, String)> =
        Stage::ALL.iter().map(|s| (s.as_str(), ctx.t_of("stage", s.as_str()))).collect();
    let columns = Stage::ALL
        .iter()
        .zip(&stages)
        .map(|(s, (_, label))| Column {
            stage: s.as_str(),
            label: label.clone(),
            count: board.count(*s),
            leads: board.leads.extract_if(.., |l| l.stage == *s).collect(),
        })
        .collect();
    // The filters without the page position, for the CSV and the next page.
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).filter(|(k, _)| k != "before"))
        .finish();
    let next = board.next.map(|c| {
        let sep = if query.is_empty() { "" } else { "&" };
        format!("/leads?{query}{sep}before={}", c.encode())
    });
    let page = BoardPage { ctx, columns, total, times, form, stages, query, next };
    Ok((status, Html(page.render()?)).into_response())
}

/// One CSV field: quoted, and defused so a spreadsheet never runs it as a
/// formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn export(ctx: Ctx, State(state): State<AppState>, Query(q): Query<FilterQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let Ok(filter) = q.parse() else {
        return Ok(StatusCode::BAD_REQUEST.into_response());
    };
    let all = leads::export(&state.db, &user, &filter).await?;
    let mut out = String::from(
        "lead_id,buyer,listing,source,stage,lost_reason,first_contact_utc_ms,first_reply_utc_ms,updated_utc_ms\r\n",
    );
    for l in all {
        let row = [
            csv_field(&l.id),
            csv_field(&l.buyer_name),
            csv_field(&l.listing_title),
            csv_field(&l.source),
            csv_field(l.stage.as_str()),
            csv_field(l.lost_reason.as_deref().unwrap_or("")),
            l.created_at.to_string(),
            l.first_reply_at.map(|t| t.to_string()).unwrap_or_default(),
            l.updated_at.to_string(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"dove-leads.csv\""),
        ],
        out,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "leads/lead.html")]
struct LeadPage {
    ctx: Ctx,
    lead: Lead,
    events: Vec<LeadEvent>,
    notes: Vec<Note>,
    tasks: Vec<Task>,
    stages: Vec<&'static str>,
    form: FormView,
}

async fn render_lead(
    ctx: Ctx,
    state: &AppState,
    id: &str,
    form: FormView,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let lead = match leads::lead(&state.db, &user, id).await {
        Ok(l) => l,
        Err(LeadError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(PageError::NotFound),
    };
    let page = LeadPage {
        events: leads::history(&state.db, &user, id).await.map_err(page_error)?,
        notes: leads::notes(&state.db, &user, id).await.map_err(page_error)?,
        tasks: leads::tasks(&state.db, &user, id).await.map_err(page_error)?,
        stages: Stage::ALL.iter().map(|s| s.as_str()).collect(),
        ctx,
        lead,
        form,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn page_error(e: LeadError) -> PageError {
    match e {
        LeadError::Store(s) => s.into(),
        _ => PageError::NotFound,
    }
}

async fn lead_page(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    render_lead(ctx, &state, &id, FormView::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct StageForm {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    reason: String,
    /// Where to go after: the board or the lead's page.
    #[serde(default)]
    back: String,
}

async fn move_stage(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<StageForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let again = |ctx: Ctx, errors: FieldErrors, status: StatusCode| {
        let form = FormView::default().with("stage", &f.stage).with("reason", &f.reason).errors(ctx.lang, &errors);
        render_lead(ctx, &state, &id, form, status)
    };
    let Some(to) = Stage::parse(&f.stage) else {
        return again(ctx, FieldErrors::single("stage", "stage-unknown"), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match leads::move_to(&state.db, &user, &id, to, Some(&f.reason)).await {
        Ok(_) if f.back == "board" => Ok(Redirect::to("/leads").into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/leads/{id}")).into_response()),
        Err(LeadError::Invalid(e)) => again(ctx, e, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(LeadError::IllegalMove { .. }) => {
            again(ctx, FieldErrors::single("stage", "stage-reopen-first"), StatusCode::CONFLICT).await
        }
        Err(e) => Err(page_error(e)),
    }
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    body: String,
}

async fn add_note(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match leads::add_note(&state.db, &user, &id, &f.body).await {
        Ok(_) => Ok(Redirect::to(&format!("/leads/{id}#notes")).into_response()),
        Err(LeadError::Invalid(e)) => {
            let form = FormView::default().with("body", &f.body).errors(ctx.lang, &e);
            render_lead(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(page_error(e)),
    }
}

#[derive(Deserialize)]
struct TaskForm {
    #[serde(default)]
    title: String,
    /// `YYYY-MM-DDTHH:MM` from a datetime-local input, in Nairobi time.
    #[serde(default)]
    due: String,
}

async fn add_task(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<TaskForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let due = if f.due.trim().is_empty() { None } else { dove_domain::clock::parse_local_input(&f.due) };
    if due.is_none() && !f.due.trim().is_empty() {
        let form = FormView::default().with("title", &f.title).with("due", &f.due);
        let form = form.errors(ctx.lang, &FieldErrors::single("due_at", "task-due-required"));
        return render_lead(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match leads::add_task(&state.db, &user, &id, &f.title, due).await {
        Ok(_) => Ok(Redirect::to(&format!("/leads/{id}#tasks")).into_response()),
        Err(LeadError::Invalid(e)) => {
            let form = FormView::default().with("title", &f.title).with("due", &f.due).errors(ctx.lang, &e);
            render_lead(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(page_error(e)),
    }
}

async fn finish_task(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, task_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    leads::finish_task(&state.db, &user, &id, &task_id).await.map_err(page_error)?;
    Ok(Redirect::to(&format!("/leads/{id}#tasks")).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leads", get(board))
        .route("/leads.csv", get(export))
        .route("/leads/{id}", get(lead_page))
        .route("/leads/{id}/stage", post(move_stage))
        .route("/leads/{id}/notes", post(add_note))
        .route("/leads/{id}/tasks", post(add_task))
        .route("/leads/{id}/tasks/{task_id}/done", post(finish_task))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_nairobi_times() {
        // 2026-11-24 03:00 in Nairobi is midnight UTC.
        assert_eq!(dove_domain::clock::parse_local_input("2026-11-24T03:00"), Some(1_795_478_400_000));
        assert_eq!(dove_domain::clock::parse_local_input("2026-13-01T00:00"), None);
        assert_eq!(dove_domain::clock::parse_local_input("tomorrow"), None);
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("Wanjiru \"Wa\" K"), "\"Wanjiru \"\"Wa\"\" K\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
