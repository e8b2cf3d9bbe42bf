//! `/dev/payments`, in demo and dev mode: the sandbox gateway's pretend
//! phone. Each M-Pesa prompt waits here to be approved, declined or left to
//! time out; the answer reaches the app through its real callback.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dove_domain::payments::{Answer, Prompt, SandboxRepo};

#[derive(Template)]
#[template(path = "dev_payments.html")]
struct PhonePage {
    ctx: Ctx,
    prompts: Vec<Prompt>,
    error: Option<String>,
}

async fn phone(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let prompts = state.db.prompts(50).await?;
    Ok(Html(PhonePage { ctx, prompts, error: None }.render()?).into_response())
}

async fn answer(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, answer)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let answer = Answer::parse(&answer).ok_or(PageError::NotFound)?;
    let sandbox = state.payments.sandbox.clone().ok_or(PageError::NotFound)?;
    match sandbox.answer(&id, answer).await {
        Ok(()) => Ok(Redirect::to("/dev/payments").into_response()),
        Err(e) => {
            let prompts = state.db.prompts(50).await?;
            let page = PhonePage { ctx, prompts, error: Some(e.to_string()) };
            Ok((axum::http::StatusCode::CONFLICT, Html(page.render()?)).into_response())
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/dev/payments", get(phone)).route("/dev/payments/{id}/{answer}", post(answer))
}
