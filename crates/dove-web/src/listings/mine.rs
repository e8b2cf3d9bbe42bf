//! The seller's "My listings", and the lifecycle actions behind its buttons.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dove_domain::clock::now_ms;
use dove_domain::listings::{self, Action, ListingError, SellerListing, Status, available_actions};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "listings/mine.html")]
struct MinePage {
    ctx: Ctx,
    rows: Vec<SellerListing>,
    notice: Option<String>,
    alert: Option<String>,
    now: i64,
}

impl MinePage {
    fn actions(&self, row: &SellerListing) -> Vec<(&'static str, String)> {
        available_actions(row.status, row.offer)
            .into_iter()
            .map(|a| (a.as_str(), self.ctx.t(&format!("action-{}", a.as_str()))))
            .collect()
    }

    fn expired(&self, row: &SellerListing) -> bool {
        row.status == Status::Published && row.expires_at.is_some_and(|e| e <= self.now)
    }
}

#[derive(Deserialize)]
struct MineQuery {
    notice: Option<String>,
}

const NOTICES: &[&str] =
    &["publish", "pause", "resume", "mark-sold", "mark-rented", "renew", "archive", "duplicate", "delete"];

async fn render(
    ctx: Ctx,
    state: &AppState,
    notice: Option<String>,
    alert: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let rows = listings::seller_listings(&state.db, &user).await.map_err(|e| PageError::Internal(e.to_string()))?;
    let page = MinePage { ctx, rows, notice, alert, now: now_ms() };
    Ok((status, Html(page.render()?)).into_response())
}

async fn mine(ctx: Ctx, State(state): State<AppState>, Query(q): Query<MineQuery>) -> Result<Response, PageError> {
    ctx.require_user()?;
    let notice = q.notice.filter(|n| NOTICES.contains(&n.as_str())).map(|n| ctx.t(&format!("done-{n}")));
    render(ctx, &state, notice, None, StatusCode::OK).await
}

/// Lifecycle actions, plus duplicate and delete (for drafts).
async fn act(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let result = match action.as_str() {
        "duplicate" => {
            listings::duplicate(&state.db, &user, &id).await.map(|l| format!("/listings/{}/edit/what", l.id))
        }
        "delete" => listings::delete_draft(&state.db, state.photos.as_ref(), &user, &id)
            .await
            .map(|_| "/account/listings?notice=delete".to_string()),
        other => {
            let action = Action::parse(other).ok_or(PageError::NotFound)?;
            listings::act(&state.db, &user, &id, action).await.map(|l| {
                if action == Action::Publish {
                    format!("{}?notice=live", l.url())
                } else {
                    format!("/account/listings?notice={other}")
                }
            })
        }
    };
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(ListingError::NotFound) => Err(PageError::NotFound),
        Err(ListingError::Invalid(_)) => Ok(Redirect::to(&format!("/listings/{id}/edit/preview")).into_response()),
        Err(ListingError::Illegal(t)) => {
            let alert =
                Some(ctx.t_with("err-illegal-transition", "status", &ctx.t(&format!("status-{}", t.from.as_str()))));
            render(ctx, &state, None, alert, StatusCode::CONFLICT).await
        }
        Err(ListingError::NotADraft) => {
            let alert = Some(ctx.t("err-not-a-draft"));
            render(ctx, &state, None, alert, StatusCode::CONFLICT).await
        }
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/account/listings", get(mine)).route("/listings/{id}/action/{action}", post(act))
}
