//! Errors for pages and for the API, and the middleware that gives every
//! bare error status a proper body.
use crate::cookies;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dove_domain::accounts::AccountError;
use dove_domain::listings::ListingError;
use dove_domain::orders::OrderError;
use dove_domain::{FieldErrors, StoreError};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

/// Which message the friendly error page shows.
#[derive(Clone, Copy)]
struct ErrorKey(&'static str);

/// What can end a page request early.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    Csrf,
    PayloadTooLarge,
    SignInRequired { next: String },
    Internal(String),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        PageError::Internal(e.to_string())
    }
}

impl From<AccountError> for PageError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::NoSuchToken => PageError::NotFound,
            other => PageError::Internal(format!("unhandled account error: {other}")),
        }
    }
}

/// A missing (or someone else's) listing is a 404; a failing store a 500.
impl From<ListingError> for PageError {
    fn from(e: ListingError) -> Self {
        match e {
            ListingError::NotFound => PageError::NotFound,
            other => PageError::Internal(format!("unhandled listing error: {other}")),
        }
    }
}

/// A refusal the handler does not show in its own words (it shows
/// `Invalid` by the field, and most a `WrongState` as the order's page)
/// leaves the reader where there is nothing for them: a 404.
impl From<OrderError> for PageError {
    fn from(e: OrderError) -> Self {
        match e {
            OrderError::Store(s) => s.into(),
            _ => PageError::NotFound,
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::Internal(format!("template: {e}"))
    }
}

fn bare(status: StatusCode, key: &'static str) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(ErrorKey(key));
    res
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::NotFound => bare(StatusCode::NOT_FOUND, "error-not-found"),
            PageError::Csrf => bare(StatusCode::FORBIDDEN, "error-csrf"),
            PageError::PayloadTooLarge => bare(StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            PageError::SignInRequired { next } => {
                let q: String = form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish();
                Redirect::to(&format!("/signin?{q}")).into_response()
            }
            PageError::Internal(cause) => {
                tracing::error!(%cause, "page failed");
                bare(StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
            }
        }
    }
}

/// One invalid field in a problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// The request field, e.g. `email`.
    pub field: String,
    /// A stable code, e.g. `email-malformed`.
    pub code: String,
    /// The English explanation.
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// What can end an API request early; always answered as problem+json.
#[derive(Debug)]
pub enum ApiError {
    Status(StatusCode, &'static str),
    Detail(StatusCode, String),
    Invalid(FieldErrors),
    /// Bad query parameters: 400 rather than 422, as nothing was submitted.
    InvalidQuery(FieldErrors),
    TooManyRequests(Duration),
    /// Refused with this status and detail, with the reasons by the field
    /// (a limit on unpaid orders is 429, a file too large 413).
    Refused(StatusCode, &'static str, FieldErrors),
    /// This node has no room for the request now: 503 with Retry-After.
    Unavailable(Duration),
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Invalid(f) => ApiError::Invalid(f),
            AccountError::BadCredentials => {
                ApiError::Status(StatusCode::UNAUTHORIZED, "Email or password is incorrect.")
            }
            AccountError::Unverified => ApiError::Status(
                StatusCode::FORBIDDEN,
                "Confirm your email address first; we have sent you a new link.",
            ),
            AccountError::BadLink => {
                ApiError::Status(StatusCode::BAD_REQUEST, "This link has expired or has already been used.")
            }
            AccountError::AlreadySelling => ApiError::Status(StatusCode::CONFLICT, "This account already has a store."),
            AccountError::Exists => {
                ApiError::Status(StatusCode::CONFLICT, "An account with this email already exists.")
            }
            AccountError::NoSuchToken => ApiError::Status(StatusCode::NOT_FOUND, "No such token."),
            AccountError::Store(s) => s.into(),
        }
    }
}

pub fn problem_response(status: StatusCode, detail: Option<String>, errors: Vec<ProblemField>) -> Response {
    let body = Problem {
        kind: "about:blank".to_string(),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail,
        errors,
    };
    let mut res = (status, Json(body)).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res
}

/// Field errors as a problem's `errors`, each with its English message.
fn problem_fields(fields: &FieldErrors) -> Vec<ProblemField> {
    fields
        .0
        .iter()
        .map(|f| ProblemField {
            field: f.field.to_string(),
            code: f.code.to_string(),
            message: crate::i18n::translate(Lang::En, &format!("err-{}", f.code), None),
        })
        .collect()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Status(status, detail) => problem_response(status, Some(detail.to_string()), vec![]),
            ApiError::Detail(status, detail) => problem_response(status, Some(detail), vec![]),
            ApiError::InvalidQuery(fields) => {
                let errors = problem_fields(&fields);
                problem_response(StatusCode::BAD_REQUEST, Some("Some parameters are invalid.".to_string()), errors)
            }
            ApiError::Invalid(fields) => {
                let errors = problem_fields(&fields);
                problem_response(StatusCode::UNPROCESSABLE_ENTITY, Some("Some fields are invalid.".to_string()), errors)
            }
            ApiError::Refused(status, detail, fields) => {
                let errors = problem_fields(&fields);
                problem_response(status, Some(detail.to_string()), errors)
            }
            ApiError::Unavailable(wait) => {
                let mut res = problem_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    Some("Busy with other requests of this kind. Try again shortly.".to_string()),
                    vec![],
                );
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
                res
            }
            ApiError::TooManyRequests(wait) => {
                let mut res = problem_response(
                    StatusCode::TOO_MANY_REQUESTS,
                    Some("Too many attempts. Try again later.".to_string()),
                    vec![],
                );
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
                res
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "api request failed");
                problem_response(StatusCode::INTERNAL_SERVER_ERROR, None, vec![])
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: Ctx,
    status: u16,
    message_key: &'static str,
}

fn default_key(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-csrf",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::REQUEST_TIMEOUT => "error-timeout",
        StatusCode::TOO_MANY_REQUESTS => "error-too-many",
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        s if s.is_server_error() => "error-internal",
        _ => "error-bad-request",
    }
}

/// Gives bodies to bare error responses: the friendly page outside `/api`,
/// problem+json inside it. Responses that already have HTML or a problem
/// document pass through untouched.
pub async fn dress_errors(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/") || req.uri().path() == "/api";
    let lang = Lang::negotiate(
        cookies::get(req.headers(), cookies::LANG),
        req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
    );
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let ct = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if ct.starts_with("text/html") || ct.starts_with("application/problem+json") {
        return res;
    }
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let key = res.extensions().get::<ErrorKey>().map(|k| k.0).unwrap_or_else(|| default_key(status));
    let mut dressed = if is_api {
        problem_response(status, None, vec![])
    } else {
        let page = ErrorPage {
            ctx: Ctx {
                lang,
                user: None,
                csrf: String::new(),
                session_token: None,
                here: "/".to_string(),
                dev_mode: false,
                saved: vec![],
                unread: 0,
            },
            status: status.as_u16(),
            message_key: key,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    };
    if let Some(v) = retry_after {
        dressed.headers_mut().insert(header::RETRY_AFTER, v);
    }
    dressed
}

/// The fallback for unknown paths.
pub async fn not_found() -> PageError {
    PageError::NotFound
}

/// A panic in a handler becomes a bare 500, which `dress_errors` renders.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
