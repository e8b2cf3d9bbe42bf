//! Verifying a phone by SMS code: the page at `/account/phone` and the API
//! under `/api/v1/me/phone`, over `dove_domain::phone_codes`.
use crate::api::{ApiJson, ApiUser};
use crate::ctx::Ctx;
use crate::errors::{ApiError, PageError, Problem};
use crate::form::FormView;
use crate::i18n::{Lang, TextWords};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use dove_domain::FieldErrors;
use dove_domain::phone_codes::{self, PhoneCodeError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Template)]
#[template(path = "accounts/phone.html")]
struct PhonePage {
    ctx: Ctx,
    form: FormView,
    /// A code was sent to this number: the page asks for it.
    sent_to: Option<String>,
    verified: bool,
}

#[derive(Deserialize, Default)]
struct PhoneQuery {
    sent: Option<String>,
    done: Option<String>,
}

async fn page(ctx: Ctx, Query(q): Query<PhoneQuery>) -> Result<Response, PageError> {
    ctx.require_user()?;
    let verified = q.done.is_some();
    Ok(Html(PhonePage { ctx, form: FormView::default(), sent_to: q.sent, verified }.render()?).into_response())
}

fn refused(ctx: Ctx, form: FormView, sent_to: Option<String>, e: PhoneCodeError) -> Result<Response, PageError> {
    let (status, errors) = match e {
        PhoneCodeError::Invalid(f) => (StatusCode::UNPROCESSABLE_ENTITY, f),
        PhoneCodeError::Limited => (StatusCode::TOO_MANY_REQUESTS, FieldErrors::single("phone", "code-limited")),
        PhoneCodeError::Store(s) => return Err(s.into()),
    };
    let form = form.errors(ctx.lang, &errors);
    Ok((status, Html(PhonePage { ctx, form, sent_to, verified: false }.render()?)).into_response())
}

#[derive(Deserialize)]
struct SendForm {
    #[serde(default)]
    phone: String,
}

async fn send(ctx: Ctx, State(state): State<AppState>, Form(f): Form<SendForm>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match phone_codes::send(&state.db, &TextWords, &user, ctx.lang.code(), &f.phone).await {
        Ok(phone) => {
            let to = form_urlencoded::byte_serialize(phone.as_bytes()).collect::<String>();
            Ok(Redirect::to(&format!("/account/phone?sent={to}")).into_response())
        }
        Err(e) => refused(ctx, FormView::default().with("phone", &f.phone), None, e),
    }
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    sent: String,
}

async fn verify(ctx: Ctx, State(state): State<AppState>, Form(f): Form<CodeForm>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    match phone_codes::confirm(&state.db, &user, &f.code).await {
        Ok(_) => Ok(Redirect::to("/account/phone?done=1").into_response()),
        Err(e) => refused(ctx, FormView::default(), Some(f.sent), e),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CodeRequest {
    /// A Kenyan mobile number: 0712 345 678, +254712345678.
    #[schema(example = "0712345678")]
    phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct CodeSent {
    /// The number, in E.164, the code went to.
    phone: String,
    /// How long the code lives, in seconds.
    expires_in: i64,
}

/// Texts a 6-digit code to the number. Three codes an hour per number, six
/// a day per account.
#[utoipa::path(post, path = "/api/v1/me/phone/code", tag = "accounts", request_body = CodeRequest, security(("bearer" = [])),
    responses((status = 202, body = CodeSent),
        (status = 422, description = "Not a Kenyan mobile number", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many codes sent lately", body = Problem, content_type = "application/problem+json")))]
pub async fn send_api(
    State(state): State<AppState>,
    auth: ApiUser,
    headers: HeaderMap,
    ApiJson(b): ApiJson<CodeRequest>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    // The text is in the language the client asks for (Accept-Language).
    let lang = Lang::negotiate(None, headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let phone = phone_codes::send(&state.db, &TextWords, &auth.user, lang.code(), &b.phone).await?;
    Ok((StatusCode::ACCEPTED, Json(CodeSent { phone, expires_in: phone_codes::CODE_TTL_MS / 1000 })))
}

#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    /// The 6 digits texted.
    #[schema(example = "123456")]
    code: String,
}

#[derive(Serialize, ToSchema)]
pub struct Verified {
    /// The account's phone, now verified.
    phone: String,
    verified: bool,
}

/// Checks the code: the right one makes the number the account's phone,
/// verified. A code lives 10 minutes and allows 5 tries.
#[utoipa::path(post, path = "/api/v1/me/phone/verify", tag = "accounts", request_body = CodeBody, security(("bearer" = [])),
    responses((status = 200, body = Verified),
        (status = 422, description = "A wrong, expired or used-up code", body = Problem, content_type = "application/problem+json")))]
pub async fn verify_api(
    State(state): State<AppState>,
    auth: ApiUser,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<Json<Verified>, ApiError> {
    let phone = phone_codes::confirm(&state.db, &auth.user, &b.code).await?;
    Ok(Json(Verified { phone, verified: true }))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/account/phone", get(page).post(send)).route("/account/phone/verify", post(verify))
}

pub fn api_router() -> Router<AppState> {
    Router::new().route("/me/phone/code", post(send_api)).route("/me/phone/verify", post(verify_api))
}
