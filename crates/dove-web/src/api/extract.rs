//! Extractors that answer bad requests with problem+json instead of axum's
//! plain-text rejections.
use crate::errors::{ApiError, problem_response};
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use dove_domain::accounts::{self, User};
use serde::de::DeserializeOwned;

/// A JSON body: 415 without a JSON content type, 400 for broken JSON, 422
/// for JSON of the wrong shape, 413 past the body limit.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                let status = rejection.status();
                let detail = match &rejection {
                    JsonRejection::MissingJsonContentType(_) => "Send the body as application/json.".to_string(),
                    JsonRejection::JsonSyntaxError(_) => "The body is not valid JSON.".to_string(),
                    JsonRejection::JsonDataError(e) => {
                        format!("The JSON does not match the expected shape: {}", e.body_text())
                    }
                    _ => rejection.body_text(),
                };
                Err(problem_response(status, Some(detail), vec![]))
            }
        }
    }
}

/// The user behind a valid bearer token, and the token itself.
pub struct ApiUser {
    pub user: User,
    pub token: String,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let unauthorized = || {
            let mut res = ApiError::Status(axum::http::StatusCode::UNAUTHORIZED, "A valid bearer token is required.")
                .into_response();
            res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            res
        };
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 200)
            .ok_or_else(unauthorized)?;
        match accounts::api_token_user(&state.db, token, dove_domain::clock::now_ms()).await {
            Ok(Some(user)) => Ok(ApiUser { user, token: token.to_string() }),
            Ok(None) => Err(unauthorized()),
            Err(e) => Err(ApiError::from(e).into_response()),
        }
    }
}

/// The user behind a bearer token, if the request carries a valid one;
/// for reads that anyone may make but owners see more of.
pub struct MaybeApiUser(pub Option<User>);

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        if parts.headers.get(header::AUTHORIZATION).is_none() {
            return Ok(MaybeApiUser(None));
        }
        ApiUser::from_request_parts(parts, state).await.map(|a| MaybeApiUser(Some(a.user)))
    }
}
