//! Category admin: add, rename, retire and restore categories, live.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::accounts::Role;
use dove_domain::listings::{self, Category, ListingError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "listings/categories.html")]
struct CategoriesPage {
    ctx: Ctx,
    categories: Vec<Category>,
    form: FormView,
}

fn require_admin(ctx: &Ctx) -> Result<(), PageError> {
    match ctx.require_user()?.role {
        Role::Admin => Ok(()),
        _ => Err(PageError::NotFound),
    }
}

async fn render(ctx: Ctx, state: &AppState, form: FormView, status: StatusCode) -> Result<Response, PageError> {
    let categories = listings::categories(&state.db).await?;
    Ok((status, Html(CategoriesPage { ctx, categories, form }.render()?)).into_response())
}

async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    require_admin(&ctx)?;
    render(ctx, &state, FormView::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct AddForm {
    name: String,
    slug: String,
    kind: String,
    #[serde(default)]
    parent: String,
}

async fn add(ctx: Ctx, State(state): State<AppState>, Form(f): Form<AddForm>) -> Result<Response, PageError> {
    require_admin(&ctx)?;
    let admin = ctx.require_user()?.clone();
    match listings::add_category(&state.db, &admin, &f.name, &f.slug, &f.kind, Some(&f.parent)).await {
        Ok(_) => {
            state.categories.forget();
            Ok(Redirect::to("/admin/categories").into_response())
        }
        Err(ListingError::Invalid(errors)) => {
            let form = FormView::default()
                .with("name", &f.name)
                .with("slug", &f.slug)
                .with("kind", &f.kind)
                .with("parent", &f.parent);
            let form = form.errors(ctx.lang, &errors);
            render(ctx, &state, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}

#[derive(Deserialize)]
struct ChangeForm {
    #[serde(default)]
    name: String,
}

async fn change(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, what)): Path<(String, String)>,
    Form(f): Form<ChangeForm>,
) -> Result<Response, PageError> {
    require_admin(&ctx)?;
    let admin = ctx.require_user()?.clone();
    let result = match what.as_str() {
        "rename" => listings::rename_category(&state.db, &admin, &id, &f.name).await,
        "retire" => listings::retire_category(&state.db, &admin, &id, true).await,
        "restore" => listings::retire_category(&state.db, &admin, &id, false).await,
        _ => return Err(PageError::NotFound),
    };
    match result {
        Ok(()) => {
            state.categories.forget();
            Ok(Redirect::to("/admin/categories").into_response())
        }
        Err(ListingError::NotFound) => Err(PageError::NotFound),
        Err(ListingError::Invalid(errors)) => {
            let form = FormView::default().errors(ctx.lang, &errors);
            render(ctx, &state, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/categories", get(page).post(add)).route("/admin/categories/{id}/{what}", post(change))
}
