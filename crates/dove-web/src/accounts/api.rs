//! The accounts API: sign up, bearer tokens, the signed-in account and
//! opening a store.
use super::ClientIp;
use crate::api::{ApiJson, ApiUser};
use crate::errors::{ApiError, Problem};
use crate::ratelimit;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use dove_domain::accounts::{self, Email, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct SignUpRequest {
    name: String,
    email: String,
    /// Optional; local Kenyan numbers get +254.
    #[serde(default)]
    phone: Option<String>,
    /// At least 12 characters, and not a common password.
    password: String,
    /// The language the account's mail is written in; English if absent.
    #[serde(default)]
    lang: Option<MailLang>,
}

/// A language Dove writes mail in.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum MailLang {
    En,
    Sw,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// Always `check-email`: the answer never says whether the email was
    /// already registered.
    status: &'static str,
}

/// Creates an account and mails a confirmation link.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = SignUpRequest,
    responses(
        (status = 202, description = "Check your email", body = Accepted),
        (status = 400, description = "Broken JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign_up(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<SignUpRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(&format!("mail-ip:{ip}"), ratelimit::MAIL_PER_IP).map_err(ApiError::TooManyRequests)?;
    let input = accounts::SignUp {
        name: &req.name,
        email: &req.email,
        phone: req.phone.as_deref().unwrap_or(""),
        password: &req.password,
        lang: match req.lang {
            Some(MailLang::Sw) => "sw",
            Some(MailLang::En) | None => "en",
        },
    };
    accounts::sign_up(&state.db, &state.site, input).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { status: "check-email" })).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    email: String,
    password: String,
    /// A label for the token, such as the device name.
    #[serde(default)]
    name: Option<String>,
    /// How many days the token works: 1 to 365, 90 if not given.
    #[serde(default)]
    expires_in_days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct StoreView {
    name: String,
    slug: String,
    url: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    id: String,
    email: String,
    name: String,
    phone: Option<String>,
    /// `buyer`, `seller` or `admin`.
    role: String,
    email_verified: bool,
    /// UTC milliseconds since the epoch.
    created_at: i64,
    store: Option<StoreView>,
}

impl From<User> for Me {
    fn from(u: User) -> Me {
        Me {
            id: u.id,
            email: u.email,
            name: u.name,
            phone: u.phone,
            role: u.role.as_str().to_string(),
            email_verified: u.email_verified,
            created_at: u.created_at,
            store: u.store.map(|s| StoreView { url: format!("/s/{}", s.slug), name: s.name, slug: s.slug }),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`. Shown once; only its hash is stored.
    token: String,
    /// When the token stops working, UTC milliseconds since the epoch.
    expires_at: i64,
    user: Me,
}

/// An API token of the signed-in account. The secret itself is never shown
/// again after it is made.
#[derive(Serialize, ToSchema)]
pub struct TokenView {
    id: String,
    name: String,
    /// UTC milliseconds since the epoch.
    created_at: i64,
    /// When it stops working, UTC milliseconds since the epoch.
    expires_at: i64,
    /// When it was last used, to within an hour; absent if never.
    last_used_at: Option<i64>,
}

impl From<accounts::ApiToken> for TokenView {
    fn from(t: accounts::ApiToken) -> TokenView {
        TokenView {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
        }
    }
}

/// Exchanges email and password for a bearer token. It expires after
/// `expires_in_days` (90 by default, at most 365).
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "accounts", request_body = TokenRequest,
    responses(
        (status = 201, description = "A new token", body = TokenResponse),
        (status = 400, description = "Broken JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Email or password is incorrect", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Email not confirmed yet", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (expires_in_days out of range)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Response, ApiError> {
    let account_key = Email::parse(&req.email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| req.email.clone());
    for (key, limit) in ratelimit::sign_in_limits(&ip, &account_key) {
        state.limiter.check(&key, limit).map_err(ApiError::TooManyRequests)?;
    }
    let grant = accounts::issue_api_token(
        &state.db,
        &state.site,
        &req.email,
        &req.password,
        req.name.as_deref().unwrap_or("api"),
        req.expires_in_days,
    )
    .await?;
    let body = TokenResponse { token: grant.grant.token, expires_at: grant.expires_at, user: grant.grant.user.into() };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The account's live API tokens, newest first (never their secrets).
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "The live tokens", body = [TokenView]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_tokens(State(state): State<AppState>, auth: ApiUser) -> Result<Json<Vec<TokenView>>, ApiError> {
    let tokens = accounts::api_tokens(&state.db, &auth.user).await?;
    Ok(Json(tokens.into_iter().map(TokenView::from).collect()))
}

/// Revokes one of the account's tokens by its id (for a lost device). A
/// token that is not the caller's, or is already dead, is 404.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "The token's id, from the list")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such live token of this account", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_token(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    accounts::revoke_api_token_by_id(&state.db, &auth.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes the token this request is made with.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/current", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_current_token(State(state): State<AppState>, auth: ApiUser) -> Result<StatusCode, ApiError> {
    accounts::revoke_api_token(&state.db, &auth.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = Me),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(auth: ApiUser) -> Json<Me> {
    Json(auth.user.into())
}

#[derive(Deserialize, ToSchema)]
pub struct StartSellingRequest {
    /// The store's display name, 2 to 80 characters.
    name: String,
    /// The storefront's URL name: 3 to 40 of a-z, 0-9 and inner hyphens.
    slug: String,
}

/// Opens a store: the account becomes a seller.
#[utoipa::path(post, path = "/api/v1/me/store", tag = "accounts", security(("bearer" = [])), request_body = StartSellingRequest,
    responses(
        (status = 201, description = "The new store", body = StoreView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already has a store", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the slug is taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn start_selling(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(req): ApiJson<StartSellingRequest>,
) -> Result<Response, ApiError> {
    let store = accounts::start_selling(&state.db, &auth.user, &req.name, &req.slug).await.map_err(|e| match e {
        accounts::AccountError::Invalid(mut f) => {
            // The API names the field `name`, the page `store_name`.
            for err in &mut f.0 {
                if err.field == "store_name" {
                    err.field = "name";
                }
            }
            ApiError::Invalid(f)
        }
        other => other.into(),
    })?;
    let view = StoreView { url: format!("/s/{}", store.slug), name: store.name, slug: store.slug };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", post(sign_up))
        .route("/auth/tokens", post(create_token).get(list_tokens))
        .route("/auth/tokens/current", delete(revoke_current_token))
        .route("/auth/tokens/{id}", delete(revoke_token))
        .route("/me", get(me))
        .route("/me/store", post(start_selling))
}
