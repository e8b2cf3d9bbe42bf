//! Reviews in the browser: the form after a completed order or a held
//! viewing, a review's own page (edit until published, the one reply, an
//! admin's hide) and the admin's list. Plain form posts.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::accounts::{Role as AccountRole, User};
use dove_domain::clock::now_ms;
use dove_domain::reviews::{self, Category, Draft, Occasion, Review, ReviewError, ReviewRepo, Reviewable};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The review form, to write or to change one.
#[derive(Template)]
#[template(path = "reviews/form.html")]
struct FormPage {
    ctx: Ctx,
    /// Where the form posts.
    action: String,
    /// The occasion (for a new review) as hidden fields.
    occasion: String,
    occasion_id: String,
    subject_name: String,
    listing_title: String,
    categories: Vec<Category>,
    form: FormView,
    /// A refusal not tied to a field (window closed, already written).
    refusal: Option<String>,
    editing: bool,
}

#[derive(Template)]
#[template(path = "reviews/show.html")]
struct ShowPage {
    ctx: Ctx,
    r: Review,
    published: bool,
    can_edit: bool,
    can_reply: bool,
    is_admin: bool,
    note: Option<String>,
    /// Shown once after saving: a phone number or link was taken out.
    removed: bool,
    form: FormView,
}

#[derive(Template)]
#[template(path = "reviews/admin.html")]
struct AdminPage {
    ctx: Ctx,
    rows: Vec<Review>,
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    occasion: String,
    #[serde(default)]
    id: String,
}

/// The 1–5 fields a review form sends: `score` and `s_{category}`; the
/// text fields by name. A score that is not a number is left out, so the
/// domain names it missing.
#[derive(Deserialize, Default)]
struct DraftForm {
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

impl DraftForm {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    fn draft(&self) -> Draft {
        let scores = self
            .fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("s_")?.to_string(), v.trim().parse().ok()?)))
            .collect();
        Draft {
            score: self.field("score").trim().parse().ok(),
            scores,
            body: self.field("body").to_string(),
            private_note: self.field("private_note").to_string(),
        }
    }

    fn view(&self) -> FormView {
        let pairs: Vec<(String, String)> = self.fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        FormView::default().overlay(&pairs)
    }
}

fn refusal(ctx: &Ctx, code: &str) -> String {
    ctx.t(&format!("err-{code}"))
}

fn occasion_of(raw: &str) -> Result<Occasion, PageError> {
    Occasion::parse(raw).ok_or(PageError::NotFound)
}

fn form_page(
    ctx: Ctx,
    r: &Reviewable,
    action: String,
    form: FormView,
    refusal: Option<String>,
    editing: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = FormPage {
        ctx,
        action,
        occasion: r.occasion.as_str().to_string(),
        occasion_id: r.occasion_id.clone(),
        subject_name: r.subject_name.clone(),
        listing_title: r.listing_title.clone(),
        categories: r.categories().to_vec(),
        form,
        refusal,
        editing,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form for a new review; the caller's own review if written already.
async fn new_form(ctx: Ctx, State(state): State<AppState>, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let s = reviews::standing(&state.db, &user, occasion_of(&q.occasion)?, &q.id).await?;
    if let Some(mine) = &s.mine {
        return Ok(Redirect::to(&format!("/reviews/{}", mine.id)).into_response());
    }
    let (refusal, status) = match s.reviewable.refusal(now_ms()) {
        Some(code) => (Some(refusal(&ctx, code)), StatusCode::CONFLICT),
        None => (None, StatusCode::OK),
    };
    form_page(ctx, &s.reviewable, "/reviews/new".into(), FormView::default(), refusal, false, status)
}

async fn create(ctx: Ctx, State(state): State<AppState>, Form(f): Form<DraftForm>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let occasion = occasion_of(f.field("occasion"))?;
    let id = f.field("occasion_id").to_string();
    match reviews::write(&state.db, &user, occasion, &id, &f.draft()).await {
        Ok((r, removed)) => Ok(saved(&r, removed)),
        Err(e @ (ReviewError::Invalid(_) | ReviewError::Conflict(_))) => {
            let r = reviews::reviewable(&state.db, &user, occasion, &id).await?;
            refuse(ctx, &r, "/reviews/new".into(), &f, e, false)
        }
        Err(e) => Err(e.into()),
    }
}

/// The form again, with the errors by the field or the refusal above it.
fn refuse(
    ctx: Ctx,
    r: &Reviewable,
    action: String,
    f: &DraftForm,
    e: ReviewError,
    editing: bool,
) -> Result<Response, PageError> {
    match e {
        ReviewError::Invalid(errors) => {
            let form = f.view().errors(ctx.lang, &errors);
            form_page(ctx, r, action, form, None, editing, StatusCode::UNPROCESSABLE_ENTITY)
        }
        ReviewError::Conflict(code) => {
            let why = refusal(&ctx, code);
            form_page(ctx, r, action, f.view(), Some(why), editing, StatusCode::CONFLICT)
        }
        other => Err(other.into()),
    }
}

fn saved(r: &Review, removed: bool) -> Response {
    let notice = if removed { "?notice=removed" } else { "" };
    Redirect::to(&format!("/reviews/{}{notice}", r.id)).into_response()
}

#[derive(Deserialize)]
struct ShowQuery {
    notice: Option<String>,
}

fn show_page(ctx: Ctx, r: Review, removed: bool, form: FormView, status: StatusCode) -> Result<Response, PageError> {
    let now = now_ms();
    let me = ctx.user_id().to_string();
    let note = r.note_for(&me, now).map(str::to_string);
    let page = ShowPage {
        published: r.is_published(now),
        can_edit: r.can_edit(&me, now),
        can_reply: r.can_reply(&me, now),
        is_admin: ctx.user.as_ref().is_some_and(|u| u.role == AccountRole::Admin),
        note,
        removed,
        form,
        r,
        ctx,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// A review: public once published; before that its author's alone.
async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let r = reviews::get(&state.db, ctx.user.as_ref(), &id).await?;
    let removed = q.notice.as_deref() == Some("removed");
    show_page(ctx, r, removed, FormView::default(), StatusCode::OK)
}

/// The edit form is the review's own page while it can be changed; this
/// is where it posts.
async fn edit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<DraftForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match reviews::edit(&state.db, &user, &id, &f.draft()).await {
        Ok((r, removed)) => Ok(saved(&r, removed)),
        Err(e @ (ReviewError::Invalid(_) | ReviewError::Conflict(_))) => {
            let current = reviews::get(&state.db, Some(&user), &id).await?;
            let r = reviews::reviewable(&state.db, &user, current.occasion, &current.occasion_id).await?;
            refuse(ctx, &r, format!("/reviews/{id}/edit"), &f, e, true)
        }
        Err(e) => Err(e.into()),
    }
}

/// The edit form, filled in with the review as it stands.
async fn edit_form(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let r = match reviews::get(&state.db, Some(&user), &id).await? {
        r if r.author_id == user.id => r,
        _ => return Err(PageError::NotFound),
    };
    if !r.can_edit(&user.id, now_ms()) {
        return Ok(Redirect::to(&format!("/reviews/{id}")).into_response());
    }
    let occasion = reviews::reviewable(&state.db, &user, r.occasion, &r.occasion_id).await?;
    let mut form = FormView::default()
        .with("score", &r.score.to_string())
        .with("body", &r.body)
        .with("private_note", &r.private_note);
    for (c, n) in &r.scores {
        form = form.with(&format!("s_{}", c.as_str()), &n.to_string());
    }
    form_page(ctx, &occasion, format!("/reviews/{id}/edit"), form, None, true, StatusCode::OK)
}

#[derive(Deserialize)]
struct TextForm {
    #[serde(default)]
    text: String,
}

/// A refusal on the review's own page, beside the form it came from.
async fn show_refused(
    ctx: Ctx,
    state: &AppState,
    user: &User,
    id: &str,
    field: &'static str,
    e: ReviewError,
    typed: &str,
) -> Result<Response, PageError> {
    let (status, errors) = match e {
        ReviewError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        ReviewError::Conflict(code) => (StatusCode::CONFLICT, dove_domain::FieldErrors::single(field, code)),
        other => return Err(other.into()),
    };
    let r = reviews::get(&state.db, Some(user), id).await?;
    let form = FormView::default().with(field, typed).errors(ctx.lang, &errors);
    show_page(ctx, r, false, form, status)
}

async fn reply(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match reviews::reply(&state.db, &user, &id, &f.text).await {
        Ok((r, removed)) => Ok(saved(&r, removed)),
        Err(ReviewError::NotFound) => Err(PageError::NotFound),
        Err(e) => show_refused(ctx, &state, &user, &id, "reply", e, &f.text).await,
    }
}

async fn hide(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match reviews::hide(&state.db, &state.site, &user, &id, &f.text).await {
        Ok(r) => Ok(Redirect::to(&format!("/reviews/{}", r.id)).into_response()),
        Err(ReviewError::NotFound) => Err(PageError::NotFound),
        Err(e) => show_refused(ctx, &state, &user, &id, "reason", e, &f.text).await,
    }
}

/// Admins only: the latest reviews, hidden ones too, each a link to its
/// page, where it can be hidden. To anyone else, 404.
async fn admin_list(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    if user.role != AccountRole::Admin {
        return Err(PageError::NotFound);
    }
    let rows = state.db.recent_reviews(100).await?;
    Ok(Html(AdminPage { ctx, rows }.render()?).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reviews/new", get(new_form).post(create))
        .route("/reviews/{id}", get(show))
        .route("/reviews/{id}/edit", get(edit_form).post(edit))
        .route("/reviews/{id}/reply", post(reply))
        .route("/reviews/{id}/hide", post(hide))
        .route("/admin/reviews", get(admin_list))
}
