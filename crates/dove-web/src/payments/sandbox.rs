//! `/dev/payments`, in demo and dev mode: the sandbox gateway's pretend
//! phone. Each M-Pesa prompt waits here to be approved, declined or left to
//! time out; the answer reaches the app through its real callback. And
//! `/dev/card/{id}`, the card sandbox's checkout page: paying there makes
//! the sandbox post a signed webhook, as Stripe would.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dove_domain::cards::SandboxSession;
use dove_domain::money::format_money;
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

#[derive(Template)]
#[template(path = "dev_card.html")]
struct CardPage {
    ctx: Ctx,
    s: SandboxSession,
    amount: String,
    error: Option<String>,
}

async fn card(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let sandbox = state.payments.card_sandbox.clone().ok_or(PageError::NotFound)?;
    let s = sandbox.session(&id).await.ok_or(PageError::NotFound)?;
    let amount = format_money(s.amount_minor, &s.currency);
    Ok(Html(CardPage { ctx, s, amount, error: None }.render()?).into_response())
}

/// Pays (or gives up): the webhook goes out, then back to the order.
async fn finish_card(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, outcome)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let pay = match outcome.as_str() {
        "pay" => true,
        "cancel" => false,
        _ => return Err(PageError::NotFound),
    };
    let sandbox = state.payments.card_sandbox.clone().ok_or(PageError::NotFound)?;
    match sandbox.finish(&id, pay).await {
        Ok(back) => Ok(Redirect::to(&back).into_response()),
        Err(e) => {
            let s = sandbox.session(&id).await.ok_or(PageError::NotFound)?;
            let amount = format_money(s.amount_minor, &s.currency);
            let page = CardPage { ctx, s, amount, error: Some(e.to_string()) };
            Ok((axum::http::StatusCode::CONFLICT, Html(page.render()?)).into_response())
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dev/payments", get(phone))
        .route("/dev/payments/{id}/{answer}", post(answer))
        .route("/dev/card/{id}", get(card))
        .route("/dev/card/{id}/{outcome}", post(finish_card))
}
