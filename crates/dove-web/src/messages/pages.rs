//! The inbox, a conversation, and "message the seller". Every action is a
//! plain form post; with JavaScript, new messages and receipts also arrive
//! live (see `live`) and the thread refreshes in place.
use super::upload;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::ratelimit::MESSAGES_PER_USER;
use crate::state::AppState;
use crate::viewings::ViewingPanel;
use askama::Template;
use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::FieldErrors;
use dove_domain::accounts::User;
use dove_domain::listings::{self, Listing};
use dove_domain::messages::{self, Conversation, InboxEntry, Message, MessageError, Thread};
use dove_domain::paging::Cursor;
use serde::Deserialize;

/// The text offered as a first message.
fn opener(ctx: &Ctx, listing: &Listing) -> String {
    ctx.t_with("message-opener", "title", &listing.fields.title)
}

#[derive(Template)]
#[template(path = "messages/compose.html")]
struct ComposePage {
    ctx: Ctx,
    listing: Listing,
    form: FormView,
}

#[derive(Deserialize)]
struct ComposeQuery {
    #[serde(default)]
    listing: String,
}

#[derive(Deserialize)]
struct ComposeForm {
    #[serde(default)]
    listing: String,
    #[serde(default)]
    body: String,
}

/// The listing a buyer may write about: public, and not their own.
async fn listing_to_message(state: &AppState, user: &User, id: &str) -> Result<Listing, PageError> {
    let listing = listings::viewable(&state.db, Some(user), id).await?;
    if !listing.is_public() {
        return Err(PageError::NotFound);
    }
    Ok(listing)
}

async fn compose(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<ComposeQuery>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let listing = listing_to_message(&state, &user, &q.listing).await?;
    if listing.seller_id == user.id {
        return Ok(Redirect::to(&listing.url()).into_response());
    }
    if let Some(c) = messages::existing(&state.db, &user, &listing.id).await? {
        return Ok(Redirect::to(&format!("/inbox/{}", c.id)).into_response());
    }
    let form = FormView::default().with("body", &opener(&ctx, &listing));
    Ok(Html(ComposePage { ctx, listing, form }.render()?).into_response())
}

/// A flood of messages from one account gets a wait, per node.
fn flood_check(state: &AppState, user: &User) -> Result<(), std::time::Duration> {
    state.limiter.check(&format!("messages:{}", user.id), MESSAGES_PER_USER)
}

async fn compose_post(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<ComposeForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let listing = listing_to_message(&state, &user, &f.listing).await?;
    let again = |ctx: Ctx, listing: Listing, errors: FieldErrors, status: StatusCode| -> Result<Response, PageError> {
        let form = FormView::default().with("body", &f.body).errors(ctx.lang, &errors);
        Ok((status, Html(ComposePage { ctx, listing, form }.render()?)).into_response())
    };
    if flood_check(&state, &user).is_err() {
        return again(ctx, listing, FieldErrors::single("body", "message-flood"), StatusCode::TOO_MANY_REQUESTS);
    }
    match messages::start(&state.db, &user, &listing.id, &f.body).await {
        Ok((c, _)) => {
            state.live.publish(&[&c.buyer_id, &c.seller_id], &c.id).await;
            Ok(Redirect::to(&format!("/inbox/{}#latest", c.id)).into_response())
        }
        Err(MessageError::Invalid(errors)) => again(ctx, listing, errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(MessageError::OwnListing) => {
            again(ctx, listing, FieldErrors::single("body", "message-own-listing"), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(MessageError::Blocked) => {
            again(ctx, listing, FieldErrors::single("body", "message-blocked"), StatusCode::FORBIDDEN)
        }
        Err(MessageError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "messages/inbox.html")]
struct InboxPage {
    ctx: Ctx,
    entries: Vec<InboxEntry>,
    archived: bool,
    /// The next page's link, when there are older conversations.
    next: Option<String>,
}

#[derive(Deserialize)]
struct InboxQuery {
    #[serde(default)]
    archived: Option<String>,
    #[serde(default)]
    before: Option<String>,
}

async fn inbox(ctx: Ctx, State(state): State<AppState>, Query(q): Query<InboxQuery>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let archived = q.archived.is_some_and(|v| v == "1");
    let before = q.before.as_deref().and_then(Cursor::parse);
    let page = messages::inbox(&state.db, &user, archived, before.as_ref()).await?;
    let next = page.next.map(|c| format!("/inbox?{}before={}", if archived { "archived=1&" } else { "" }, c.encode()));
    Ok(Html(InboxPage { ctx, entries: page.entries, archived, next }.render()?).into_response())
}

/// One message as the thread shows it.
pub struct Line {
    pub m: Message,
    pub mine: bool,
    /// Mine, and the other side has read it.
    pub seen: bool,
}

fn lines(t: &Thread, user_id: &str) -> Vec<Line> {
    let read_at = t.conversation.other_read_at(t.side);
    t.messages
        .iter()
        .map(|m| {
            let mine = m.sender_id == user_id;
            Line { mine, seen: mine && read_at >= m.created_at, m: m.clone() }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "messages/thread.html")]
struct ThreadPage {
    ctx: Ctx,
    c: Conversation,
    other_name: String,
    archived: bool,
    lines: Vec<Line>,
    viewing: Option<ViewingPanel>,
    form: FormView,
    blocked: bool,
    notice: Option<String>,
}

/// The messages, and the viewing being arranged: both change live.
#[derive(Template)]
#[template(path = "messages/lines.html")]
struct LinesFragment {
    ctx: Ctx,
    c: Conversation,
    lines: Vec<Line>,
    viewing: Option<ViewingPanel>,
    form: FormView,
}

#[derive(Deserialize)]
struct ThreadQuery {
    notice: Option<String>,
}

/// Reads the thread for the user, and tells the other side their messages
/// were seen.
async fn read_thread(state: &AppState, user: &User, id: &str) -> Result<(Thread, Vec<Line>), PageError> {
    let t = match messages::read(&state.db, user, id).await {
        Ok(t) => t,
        Err(MessageError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(PageError::NotFound),
    };
    if t.newly_read {
        // The other side's receipts changed, and this user's badge (in
        // their other tabs) went down.
        state.live.publish(&[t.conversation.other_id(t.side), &user.id], id).await;
    }
    let lines = lines(&t, &user.id);
    Ok((t, lines))
}

/// Shows the viewing being arranged, or the next one agreed, with the
/// answers open to this side.
pub(crate) async fn render_thread(
    ctx: Ctx,
    state: &AppState,
    id: &str,
    form: FormView,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let (t, lines) = read_thread(state, &user, id).await?;
    let blocked = messages::has_blocked(&state.db, &user, &t.conversation).await?;
    let viewing = ViewingPanel::current(state, &t).await?;
    let notice = notice.filter(|n| {
        [
            "reported",
            "blocked",
            "unblocked",
            "viewing-requested",
            "viewing-accepted",
            "viewing-declined",
            "viewing-proposed",
            "viewing-cancelled",
        ]
        .contains(&n.as_str())
    });
    let (other_name, archived) = (t.conversation.other_name(t.side).to_string(), t.conversation.archived_for(t.side));
    let page = ThreadPage { ctx, c: t.conversation, other_name, archived, lines, viewing, form, blocked, notice };
    Ok((status, Html(page.render()?)).into_response())
}

async fn thread(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response, PageError> {
    render_thread(ctx, &state, &id, FormView::default(), StatusCode::OK, q.notice).await
}

/// The messages alone, for the live refresh.
async fn thread_lines(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let (t, lines) = read_thread(&state, &user, &id).await?;
    let viewing = ViewingPanel::current(&state, &t).await?;
    let form = FormView::default();
    Ok(Html(LinesFragment { ctx, c: t.conversation, lines, viewing, form }.render()?).into_response())
}

#[derive(Deserialize)]
struct SendForm {
    #[serde(default)]
    body: String,
}

/// Sends a message: url-encoded text, or multipart text with photos.
async fn send(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let multipart = upload::is_multipart(&req);
    // Only participants may send photos here: settled before any of the
    // body is read, as is a free upload slot.
    let mut slot = None;
    if multipart {
        if let Err(e) = messages::open(&state.db, &user, &id).await {
            return match e {
                MessageError::Store(e) => Err(e.into()),
                _ => Err(PageError::NotFound),
            };
        }
        match state.uploads.take() {
            Ok(s) => slot = Some(s),
            Err(e) => {
                let form = FormView::default().errors(ctx.lang, &FieldErrors::single("photos", e.code()));
                let mut res = render_thread(ctx, &state, &id, form, e.status(), None).await?;
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::uploads::RETRY_AFTER_SECS));
                return Ok(res);
            }
        }
    }
    let read = if multipart {
        upload::read(req, &state).await.map_err(|e| (FieldErrors::single("photos", e.code()), e.status()))
    } else {
        match Form::<SendForm>::from_request(req, &state).await {
            Ok(Form(f)) => Ok(upload::Upload { body: f.body, files: Vec::new() }),
            Err(_) => Err((FieldErrors::single("body", "message-empty"), StatusCode::UNPROCESSABLE_ENTITY)),
        }
    };
    let body = read.as_ref().map(|u| u.body.clone()).unwrap_or_default();
    let again = |ctx: Ctx, errors: FieldErrors, status: StatusCode| {
        let form = FormView::default().with("body", &body).errors(ctx.lang, &errors);
        render_thread(ctx, &state, &id, form, status, None)
    };
    let u = match read {
        Ok(u) => u,
        Err((errors, status)) => return again(ctx, errors, status).await,
    };
    if flood_check(&state, &user).is_err() {
        return again(ctx, FieldErrors::single("body", "message-flood"), StatusCode::TOO_MANY_REQUESTS).await;
    }
    // Only participants may store photos here.
    if let Err(e) = messages::open(&state.db, &user, &id).await {
        return match e {
            MessageError::Store(e) => Err(e.into()),
            _ => Err(PageError::NotFound),
        };
    }
    let sent = match upload::store(&state, u.files).await {
        Ok(photos) => messages::send(&state.db, &user, &id, &u.body, photos).await,
        Err(e) => Err(e),
    };
    drop(slot);
    match sent {
        Ok(sent) => {
            state.live.publish(&[&user.id, &sent.recipient_id], &id).await;
            state.response_times.forget(&user.id);
            Ok(Redirect::to(&format!("/inbox/{id}#latest")).into_response())
        }
        Err(MessageError::Invalid(errors)) => again(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(MessageError::Photo(r)) => {
            again(ctx, FieldErrors::single("photos", r.code()), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(MessageError::Blocked) => {
            again(ctx, FieldErrors::single("body", "message-blocked"), StatusCode::FORBIDDEN).await
        }
        Err(MessageError::Store(e)) => Err(e.into()),
        Err(MessageError::PhotoStorage(e)) => Err(PageError::Internal(e.to_string())),
        Err(_) => Err(PageError::NotFound),
    }
}

#[derive(Deserialize)]
struct FlagForm {
    #[serde(default)]
    on: String,
}

async fn archive(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<FlagForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let archived = f.on == "1";
    match messages::archive(&state.db, &user, &id, archived).await {
        Ok(()) if archived => Ok(Redirect::to("/inbox").into_response()),
        Ok(()) => Ok(Redirect::to(&format!("/inbox/{id}")).into_response()),
        Err(MessageError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

async fn block(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<FlagForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let blocked = f.on == "1";
    match messages::block(&state.db, &user, &id, blocked).await {
        Ok(()) => {
            let notice = if blocked { "blocked" } else { "unblocked" };
            Ok(Redirect::to(&format!("/inbox/{id}?notice={notice}")).into_response())
        }
        Err(MessageError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    reason: String,
}

async fn report(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<ReportForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match messages::report(&state.db, &user, &id, &f.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/inbox/{id}?notice=reported")).into_response()),
        Err(MessageError::Invalid(errors)) => {
            let form = FormView::default().with("reason", &f.reason).errors(ctx.lang, &errors);
            render_thread(ctx, &state, &id, form, StatusCode::UNPROCESSABLE_ENTITY, None).await
        }
        Err(MessageError::Store(e)) => Err(e.into()),
        Err(_) => Err(PageError::NotFound),
    }
}

/// Sending with photos: bigger bodies, and the upload timeout.
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/inbox/{id}/send", post(send)).layer(DefaultBodyLimit::max(upload::MESSAGE_BODY_LIMIT))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/messages/new", get(compose).post(compose_post))
        .route("/inbox", get(inbox))
        .route("/inbox/{id}", get(thread).post(send))
        .route("/inbox/{id}/lines", get(thread_lines))
        .route("/inbox/{id}/archive", post(archive))
        .route("/inbox/{id}/block", post(block))
        .route("/inbox/{id}/report", post(report))
        .route("/events", get(super::live::events))
}
