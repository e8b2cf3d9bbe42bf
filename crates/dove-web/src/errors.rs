//! Errors for pages and for the API, every domain error's mapping to
//! them, and the middleware that gives every bare error status a body.
//!
//! # The policy
//! Every domain error becomes a response here, and only here:
//!
//! | what went wrong | API | page |
//! |---|---|---|
//! | a bad query parameter, a dead link, a bad signature | 400 | the form again, by the field |
//! | no credentials, or wrong ones | 401 | the sign-in page |
//! | a known caller may not do this (unconfirmed, blocked, not a seller) | 403 | the form again, with why |
//! | no such thing, or someone else's: a third party learns nothing | 404 | 404 |
//! | the thing is in a state that refuses the move (`WrongState`, `Illegal`) | 409 | the thing's page, with why |
//! | a body too large, of the wrong type | 413, 415 | 413 |
//! | a submitted field is invalid | 422, with `errors` by the field | the form again, by the field |
//! | a limit (attempts, unpaid orders) | 429 with Retry-After | the form again, with why |
//! | a gateway could not be reached | 502 | the form again, with why |
//! | this node has no room now | 503 with Retry-After | 503 |
//! | the store or anything unforeseen failed | 500, logged with its cause | 500 |
//!
//! A store failure is never a 404: it is logged and answered 500, so that
//! a broken database is seen, not mistaken for a missing listing. A page
//! handler that shows a refusal in its own words matches the variants it
//! shows and hands the rest to `?`, which lands here.
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
use dove_domain::alerts::AlertError;
use dove_domain::leads::LeadError;
use dove_domain::listings::ListingError;
use dove_domain::messages::MessageError;
use dove_domain::monitoring::MonitorError;
use dove_domain::offers::OfferError;
use dove_domain::orders::OrderError;
use dove_domain::payments::PaymentError;
use dove_domain::payouts::PayoutError;
use dove_domain::phone_codes::PhoneCodeError;
use dove_domain::reviews::ReviewError;
use dove_domain::trust::TrustError;
use dove_domain::viewings::ViewingError;
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

impl From<MonitorError> for PageError {
    fn from(e: MonitorError) -> Self {
        match e {
            MonitorError::NotFound => PageError::NotFound,
            MonitorError::Store(s) => s.into(),
        }
    }
}

/// A viewing that is missing or someone else's is a 404; a refusal the
/// handler does not show in its own words is a bug, and a 500 says so.
impl From<ViewingError> for PageError {
    fn from(e: ViewingError) -> Self {
        match e {
            ViewingError::NotFound => PageError::NotFound,
            ViewingError::Store(s) => s.into(),
            other => PageError::Internal(format!("unhandled viewing error: {other}")),
        }
    }
}

/// A review refusal the review pages show is matched there; what reaches
/// `?` is a missing review or occasion, or a failure.
impl From<ReviewError> for PageError {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::NotFound => PageError::NotFound,
            ReviewError::Store(s) => s.into(),
            other => PageError::Internal(format!("unhandled review error: {other}")),
        }
    }
}

/// A refusal the trust pages show is matched there; what reaches `?` is
/// a missing case (or a non-admin), or a failure.
impl From<TrustError> for PageError {
    fn from(e: TrustError) -> Self {
        match e {
            TrustError::NotFound => PageError::NotFound,
            TrustError::Store(s) => s.into(),
            other => PageError::Internal(format!("unhandled trust error: {other}")),
        }
    }
}

/// A payment refusal the pay form shows is matched there (`refusal` in
/// `orders/pages.rs`); what reaches `?` is a missing order or a failure.
impl From<PaymentError> for PageError {
    fn from(e: PaymentError) -> Self {
        match e {
            PaymentError::NotFound => PageError::NotFound,
            PaymentError::Store(s) => s.into(),
            other => PageError::Internal(format!("unhandled payment error: {other}")),
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
            AccountError::Suspended(s) => ApiError::Detail(
                StatusCode::FORBIDDEN,
                match s.until {
                    Some(until) => format!(
                        "This account is suspended until {}: {}",
                        dove_domain::clock::short_date(until),
                        s.reason
                    ),
                    None => format!("This account is banned: {}", s.reason),
                },
            ),
            AccountError::Store(s) => s.into(),
        }
    }
}

impl From<PhoneCodeError> for ApiError {
    fn from(e: PhoneCodeError) -> Self {
        match e {
            PhoneCodeError::Invalid(f) => ApiError::Invalid(f),
            PhoneCodeError::Limited => ApiError::Refused(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many codes sent lately.",
                FieldErrors::single("phone", "code-limited"),
            ),
            PhoneCodeError::Store(s) => s.into(),
        }
    }
}

impl From<TrustError> for ApiError {
    fn from(e: TrustError) -> Self {
        match e {
            TrustError::NotFound => {
                ApiError::Status(StatusCode::NOT_FOUND, "No such thing to report, or no such case.")
            }
            TrustError::Invalid(f) => ApiError::Invalid(f),
            TrustError::Limited => ApiError::TooManyRequests(Duration::from_secs(3600)),
            TrustError::Conflict(code) => conflict(code),
            TrustError::Store(s) => s.into(),
        }
    }
}

impl From<OrderError> for ApiError {
    fn from(e: OrderError) -> Self {
        match e {
            OrderError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such order or listing."),
            OrderError::Invalid(f) => ApiError::Invalid(f),
            OrderError::Limited(f) => {
                ApiError::Refused(StatusCode::TOO_MANY_REQUESTS, "A limit on unpaid orders applies.", f)
            }
            OrderError::WrongState(s) => ApiError::Detail(StatusCode::CONFLICT, format!("The order is {s}.")),
            OrderError::Store(s) => s.into(),
        }
    }
}

/// A 409 whose detail is the refusal's own words (`err-{code}`), as the
/// pages show it: English, as every problem's text in the API.
fn conflict(code: &str) -> ApiError {
    ApiError::Detail(StatusCode::CONFLICT, crate::i18n::translate(Lang::En, &format!("err-{code}"), None))
}

impl From<OfferError> for ApiError {
    fn from(e: OfferError) -> Self {
        match e {
            OfferError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such offer, or no property for sale."),
            OfferError::Invalid(f) => ApiError::Invalid(f),
            OfferError::Conflict(code) => conflict(code),
            OfferError::Store(s) => s.into(),
        }
    }
}

impl From<AlertError> for ApiError {
    fn from(e: AlertError) -> Self {
        match e {
            AlertError::Invalid(f) => ApiError::Invalid(f),
            AlertError::TooMany => {
                ApiError::Status(StatusCode::CONFLICT, "An account keeps at most 20 saved searches.")
            }
            AlertError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "There is no such saved search."),
            AlertError::BadSignature => ApiError::Status(StatusCode::BAD_REQUEST, "The signature is not valid."),
            AlertError::Store(s) => s.into(),
        }
    }
}

impl From<LeadError> for ApiError {
    fn from(e: LeadError) -> Self {
        match e {
            LeadError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such lead."),
            LeadError::Invalid(f) => ApiError::Invalid(f),
            LeadError::IllegalMove { from, to } => ApiError::Detail(
                StatusCode::CONFLICT,
                format!("A lead can't move from {from} to {to}; reopen it (move it to contacted) first."),
            ),
            LeadError::NoPhone => ApiError::Status(StatusCode::CONFLICT, "This seller takes messages only."),
            LeadError::Store(s) => s.into(),
        }
    }
}

impl From<ViewingError> for ApiError {
    fn from(e: ViewingError) -> Self {
        match e {
            ViewingError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such viewing."),
            ViewingError::Invalid(f) => ApiError::Invalid(f),
            ViewingError::Conflict(code) => conflict(code),
            ViewingError::Blocked => {
                ApiError::Status(StatusCode::FORBIDDEN, "This user does not accept your messages.")
            }
            ViewingError::Store(s) => s.into(),
        }
    }
}

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::NotFound => {
                ApiError::Status(StatusCode::NOT_FOUND, "No such review, or nothing of yours to review.")
            }
            ReviewError::Invalid(f) => ApiError::Invalid(f),
            ReviewError::Conflict(code) => conflict(code),
            ReviewError::Store(s) => s.into(),
        }
    }
}

impl From<PayoutError> for ApiError {
    fn from(e: PayoutError) -> Self {
        match e {
            PayoutError::Invalid(f) => ApiError::Invalid(f),
            PayoutError::Pending => ApiError::Status(StatusCode::CONFLICT, "A payout is already under way."),
            PayoutError::Held { until } => ApiError::Detail(
                StatusCode::CONFLICT,
                format!(
                    "Payouts to a new number start 24 hours after you confirm it: from {} (East Africa Time).",
                    dove_domain::clock::short_time(until)
                ),
            ),
            PayoutError::BadLink => {
                ApiError::Status(StatusCode::BAD_REQUEST, "This link has expired or has already been used.")
            }
            PayoutError::Store(s) => s.into(),
        }
    }
}

impl From<MessageError> for ApiError {
    fn from(e: MessageError) -> Self {
        match e {
            MessageError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such conversation."),
            MessageError::Invalid(f) => ApiError::Invalid(f),
            MessageError::OwnListing => ApiError::Invalid(FieldErrors::single("listing_id", "message-own-listing")),
            MessageError::Blocked => {
                ApiError::Status(StatusCode::FORBIDDEN, "This user does not accept your messages.")
            }
            MessageError::Photo(r) => ApiError::Invalid(FieldErrors::single("photos", r.code())),
            MessageError::PhotoStorage(e) => ApiError::Internal(e.to_string()),
            MessageError::Store(s) => s.into(),
        }
    }
}

impl From<PaymentError> for ApiError {
    fn from(e: PaymentError) -> Self {
        match e {
            PaymentError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "No such order."),
            PaymentError::Invalid(f) => ApiError::Invalid(f),
            PaymentError::WrongState(s) => ApiError::Detail(StatusCode::CONFLICT, format!("The order is {s}.")),
            PaymentError::Pending => {
                ApiError::Status(StatusCode::CONFLICT, "A payment prompt for this order is already on its way.")
            }
            PaymentError::Gateway(_) => {
                ApiError::Status(StatusCode::BAD_GATEWAY, "M-Pesa could not be reached. Try again in a moment.")
            }
            PaymentError::Store(s) => s.into(),
        }
    }
}

impl From<ListingError> for ApiError {
    fn from(e: ListingError) -> Self {
        match e {
            ListingError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "There is no such listing."),
            ListingError::NotASeller => {
                ApiError::Status(StatusCode::FORBIDDEN, "Open a store (POST /api/v1/me/store) before listing.")
            }
            ListingError::Invalid(f) => ApiError::Invalid(f),
            ListingError::Illegal(t) => ApiError::Detail(
                StatusCode::CONFLICT,
                format!("Cannot {} a listing that is {}.", t.action.as_str(), t.from.as_str()),
            ),
            ListingError::NotADraft => {
                ApiError::Status(StatusCode::CONFLICT, "Only drafts can be deleted; archive it instead.")
            }
            ListingError::TooManyPhotos => ApiError::Invalid(FieldErrors::single("photos", "photos-too-many")),
            ListingError::Photo(r) => ApiError::Invalid(FieldErrors::single("photos", r.code())),
            ListingError::PhotoStorage(e) => ApiError::Internal(e.to_string()),
            ListingError::Store(e) => e.into(),
        }
    }
}

impl From<MonitorError> for ApiError {
    fn from(e: MonitorError) -> Self {
        match e {
            MonitorError::NotFound => ApiError::Status(StatusCode::NOT_FOUND, "There is no such API route."),
            MonitorError::Store(s) => s.into(),
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
