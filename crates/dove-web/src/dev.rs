//! Development pages, mounted only in demo/dev mode: the local mail sink's
//! mailbox, so sign-up and reset links can be followed with no mail server.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use dove_domain::mail::StoredMail;

#[derive(Template)]
#[template(path = "dev_mail.html")]
struct MailboxPage {
    ctx: Ctx,
    messages: Vec<StoredMail>,
}

#[derive(Template)]
#[template(path = "dev_mail_message.html")]
struct MessagePage {
    ctx: Ctx,
    message: StoredMail,
}

async fn mailbox(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let messages = state.mailbox.list(200);
    Ok(Html(MailboxPage { ctx, messages }.render()?))
}

async fn message(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, PageError> {
    let message = state.mailbox.message(&id).ok_or(PageError::NotFound)?;
    Ok(Html(MessagePage { ctx, message }.render()?))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/dev/mail", get(mailbox)).route("/dev/mail/{id}", get(message))
}
