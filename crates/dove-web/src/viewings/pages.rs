//! Viewings in the browser: the request form on a listing, the answers
//! inside the conversation, the calendar file and the list of upcoming
//! viewings. Every action is a plain form post.
use super::{ViewingPanel, answer_error};
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::messages::render_thread;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dove_domain::FieldErrors;
use dove_domain::clock::{local_input, now_ms, parse_local_input};
use dove_domain::listings::{self, Listing};
use dove_domain::viewings::{self, Answer, MAX_AHEAD_MS, Viewing, ViewingError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "viewings/request.html")]
struct RequestPage {
    ctx: Ctx,
    listing: Listing,
    form: FormView,
    /// The earliest and latest times the inputs offer.
    min: String,
    max: String,
}

#[derive(Deserialize, Default)]
struct SlotsForm {
    #[serde(default)]
    slot1: String,
    #[serde(default)]
    slot2: String,
    #[serde(default)]
    slot3: String,
    #[serde(default)]
    note: String,
}

impl SlotsForm {
    /// The filled-in times; one that is not a time is a field error.
    fn slots(&self) -> Result<Vec<i64>, FieldErrors> {
        let mut slots = Vec::new();
        for s in [&self.slot1, &self.slot2, &self.slot3] {
            if s.trim().is_empty() {
                continue;
            }
            slots.push(parse_local_input(s).ok_or_else(|| FieldErrors::single("slots", "viewing-slot-invalid"))?);
        }
        Ok(slots)
    }

    fn view(&self) -> FormView {
        FormView::default()
            .with("slot1", &self.slot1)
            .with("slot2", &self.slot2)
            .with("slot3", &self.slot3)
            .with("note", &self.note)
    }
}

fn request_page(ctx: Ctx, listing: Listing, form: FormView, status: StatusCode) -> Result<Response, PageError> {
    let now = now_ms();
    let (min, max) = (local_input(now), local_input(now + MAX_AHEAD_MS));
    Ok((status, Html(RequestPage { ctx, listing, form, min, max }.render()?)).into_response())
}

/// The listing a buyer may ask to view: live, and not their own.
async fn listing_to_view(ctx: &Ctx, state: &AppState, id: &str) -> Result<Listing, PageError> {
    let listing = listings::viewable(&state.db, ctx.user.as_ref(), id).await?;
    if !listing.is_available(now_ms()) {
        return Err(PageError::NotFound);
    }
    if ctx.user.is_none() {
        return Err(PageError::SignInRequired { next: format!("/l/{}/viewing", listing.id) });
    }
    Ok(listing)
}

async fn request_form(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let listing = listing_to_view(&ctx, &state, &id).await?;
    if ctx.user.as_ref().is_some_and(|u| u.id == listing.seller_id) {
        return Ok(Redirect::to(&listing.url()).into_response());
    }
    request_page(ctx, listing, FormView::default(), StatusCode::OK)
}

async fn request_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<SlotsForm>,
) -> Result<Response, PageError> {
    let listing = listing_to_view(&ctx, &state, &id).await?;
    let user = ctx.require_user()?.clone();
    let again = |ctx: Ctx, listing: Listing, errors: FieldErrors, status: StatusCode| {
        let form = f.view().errors(ctx.lang, &errors);
        request_page(ctx, listing, form, status)
    };
    let slots = match f.slots() {
        Ok(s) => s,
        Err(e) => return again(ctx, listing, e, StatusCode::UNPROCESSABLE_ENTITY),
    };
    match viewings::request(&state.db, &user, &listing.id, &slots, &f.note).await {
        Ok((conversation_id, v)) => {
            state.live.publish(&[&v.buyer_id, &v.seller_id], &conversation_id).await;
            Ok(Redirect::to(&format!("/inbox/{conversation_id}?notice=viewing-requested#viewing")).into_response())
        }
        Err(ViewingError::Invalid(e)) => again(ctx, listing, e, StatusCode::UNPROCESSABLE_ENTITY),
        Err(ViewingError::Conflict(code)) => {
            again(ctx, listing, FieldErrors::single("slots", code), StatusCode::CONFLICT)
        }
        Err(ViewingError::Blocked) => {
            again(ctx, listing, FieldErrors::single("slots", "message-blocked"), StatusCode::FORBIDDEN)
        }
        Err(ViewingError::NotFound) => Err(PageError::NotFound),
        Err(ViewingError::Store(e)) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct AcceptForm {
    #[serde(default)]
    slot: String,
}

/// One answer from the thread page; errors show beside the viewing there.
async fn answer(ctx: Ctx, state: &AppState, id: &str, a: Answer, form: FormView) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let notice = match &a {
        Answer::Accept { .. } => "viewing-accepted",
        Answer::Propose { .. } => "viewing-proposed",
        Answer::Decline => "viewing-declined",
        Answer::Cancel => "viewing-cancelled",
    };
    match viewings::answer(&state.db, &state.site, &user, id, a).await {
        Ok(v) => {
            state.live.publish(&[&v.buyer_id, &v.seller_id], &v.conversation_id).await;
            state.response_times.forget(&user.id);
            Ok(Redirect::to(&format!("/inbox/{}?notice={notice}#viewing", v.conversation_id)).into_response())
        }
        Err(ViewingError::Store(e)) => Err(e.into()),
        Err(ViewingError::NotFound) => Err(PageError::NotFound),
        Err(e) => {
            let (v, _) = viewings::get(&state.db, &user, id).await?;
            let (status, errors) = answer_error(&e);
            let form = form.errors(ctx.lang, &errors);
            render_thread(ctx, state, &v.conversation_id, form, status, None).await
        }
    }
}

async fn accept(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<AcceptForm>,
) -> Result<Response, PageError> {
    let Ok(slot) = f.slot.parse::<i64>() else {
        let form = FormView::default().errors(ctx.lang, &FieldErrors::single("slot", "viewing-slot-unknown"));
        return answer_with_errors(ctx, &state, &id, form).await;
    };
    answer(ctx, &state, &id, Answer::Accept { slot }, FormView::default()).await
}

/// Re-renders the conversation of viewing `id` with `form`'s errors.
async fn answer_with_errors(ctx: Ctx, state: &AppState, id: &str, form: FormView) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let (v, _) = viewings::get(&state.db, &user, id).await?;
    render_thread(ctx, state, &v.conversation_id, form, StatusCode::UNPROCESSABLE_ENTITY, None).await
}

async fn propose(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<SlotsForm>,
) -> Result<Response, PageError> {
    match f.slots() {
        Ok(slots) => answer(ctx, &state, &id, Answer::Propose { slots, note: f.note.clone() }, f.view()).await,
        Err(e) => {
            let form = f.view().errors(ctx.lang, &e);
            answer_with_errors(ctx, &state, &id, form).await
        }
    }
}

#[derive(Deserialize)]
struct AttendedForm {
    #[serde(default)]
    took_place: String,
}

/// "Did the viewing take place?", answered once by each side from its start.
async fn attended(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<AttendedForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match viewings::attend(&state.db, &user, &id, f.took_place == "yes").await {
        Ok(v) => {
            state.live.publish(&[&v.buyer_id, &v.seller_id], &v.conversation_id).await;
            Ok(Redirect::to(&format!("/inbox/{}#viewing", v.conversation_id)).into_response())
        }
        Err(ViewingError::Store(e)) => Err(e.into()),
        Err(ViewingError::NotFound) => Err(PageError::NotFound),
        Err(e) => {
            let (status, errors) = answer_error(&e);
            let (v, _) = viewings::get(&state.db, &user, &id).await?;
            let form = FormView::default().errors(ctx.lang, &errors);
            render_thread(ctx, &state, &v.conversation_id, form, status, None).await
        }
    }
}

async fn decline(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    answer(ctx, &state, &id, Answer::Decline, FormView::default()).await
}

async fn cancel(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    answer(ctx, &state, &id, Answer::Cancel, FormView::default()).await
}

/// `/viewings/{id}.ics`: the agreed viewing for the caller's calendar.
async fn calendar(ctx: Ctx, State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let id = file.strip_suffix(".ics").ok_or(PageError::NotFound)?;
    let (v, side) = viewings::get(&state.db, &user, id).await?;
    let body = viewings::ics(&state.site, &v, side).ok_or(PageError::NotFound)?;
    Ok(super::ics_response(&v.id, body))
}

#[derive(Template)]
#[template(path = "viewings/list.html")]
struct ListPage {
    ctx: Ctx,
    panels: Vec<ViewingPanel>,
}

/// The caller's viewings to come, both as buyer and as seller.
async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let list: Vec<Viewing> = viewings::upcoming(&state.db, &user).await?;
    let panels = list.into_iter().filter_map(|v| ViewingPanel::new(v, &user.id)).collect();
    Ok(Html(ListPage { ctx, panels }.render()?).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/l/{id}/viewing", get(request_form).post(request_submit))
        .route("/viewings", get(list))
        .route("/viewings/{file}", get(calendar))
        .route("/viewings/{id}/accept", post(accept))
        .route("/viewings/{id}/propose", post(propose))
        .route("/viewings/{id}/decline", post(decline))
        .route("/viewings/{id}/cancel", post(cancel))
        .route("/viewings/{id}/attended", post(attended))
}
