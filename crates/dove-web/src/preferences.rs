//! Sharing and notification choices: whether sellers may see a saved
//! listing as a lead, and whether new leads arrive by SMS. Off until the
//! person turns them on.
use crate::api::{ApiJson, ApiUser};
use crate::ctx::Ctx;
use crate::errors::{ApiError, PageError, Problem};
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use dove_domain::preferences::{self, PreferenceError, Preferences};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Template)]
#[template(path = "accounts/preferences.html")]
struct PreferencesPage {
    ctx: Ctx,
    p: Preferences,
    form: FormView,
    saved: bool,
}

#[derive(Deserialize)]
struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let p = preferences::get(&state.db, &user).await?;
    Ok(Html(PreferencesPage { ctx, p, form: FormView::default(), saved: q.saved.is_some() }.render()?).into_response())
}

/// Checkboxes: present means on.
#[derive(Deserialize)]
struct PreferencesForm {
    #[serde(default)]
    share_favourites: Option<String>,
    #[serde(default)]
    sms_lead_alerts: Option<String>,
}

async fn submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<PreferencesForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let p =
        Preferences { share_favourites: f.share_favourites.is_some(), sms_lead_alerts: f.sms_lead_alerts.is_some() };
    match preferences::set(&state.db, &user, p).await {
        Ok(_) => Ok(Redirect::to("/account/preferences?saved=1").into_response()),
        Err(PreferenceError::Invalid(errors)) => {
            let form = FormView::default().errors(ctx.lang, &errors);
            let page = PreferencesPage { ctx, p, form, saved: false };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(PreferenceError::Store(e)) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/account/preferences", get(page).post(submit))
}

/// The caller's choices.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PreferencesBody {
    /// Let sellers see, as a lead, when you save their listing.
    share_favourites: bool,
    /// Get an SMS for each new lead (needs a phone number on the account).
    sms_lead_alerts: bool,
}

impl From<Preferences> for PreferencesBody {
    fn from(p: Preferences) -> Self {
        PreferencesBody { share_favourites: p.share_favourites, sms_lead_alerts: p.sms_lead_alerts }
    }
}

#[utoipa::path(get, path = "/api/v1/me/preferences", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = PreferencesBody)))]
pub async fn read_api(State(state): State<AppState>, auth: ApiUser) -> Result<Json<PreferencesBody>, ApiError> {
    Ok(Json(preferences::get(&state.db, &auth.user).await?.into()))
}

#[utoipa::path(put, path = "/api/v1/me/preferences", tag = "accounts", request_body = PreferencesBody, security(("bearer" = [])),
    responses((status = 200, body = PreferencesBody),
        (status = 422, description = "SMS alerts without a phone number", body = Problem, content_type = "application/problem+json")))]
pub async fn update_api(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(b): ApiJson<PreferencesBody>,
) -> Result<Json<PreferencesBody>, ApiError> {
    let p = Preferences { share_favourites: b.share_favourites, sms_lead_alerts: b.sms_lead_alerts };
    match preferences::set(&state.db, &auth.user, p).await {
        Ok(p) => Ok(Json(p.into())),
        Err(PreferenceError::Invalid(f)) => Err(ApiError::Invalid(f)),
        Err(PreferenceError::Store(e)) => Err(e.into()),
    }
}

pub fn api_router() -> Router<AppState> {
    Router::new().route("/me/preferences", get(read_api).put(update_api))
}
