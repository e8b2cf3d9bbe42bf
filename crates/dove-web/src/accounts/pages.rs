//! Account pages. Every form posts back to its own URL; on bad input the
//! page is shown again with the values kept and an error beside each field.
use super::ClientIp;
use crate::cookies;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::lang::safe_next;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dove_domain::accounts::{self, AccountError, Email, SESSION_TTL_MS, Slug};
use serde::Deserialize;

/// Notices a redirect may ask a page to show, by key; anything else in the
/// query string is ignored, so links cannot inject text.
const NOTICES: &[&str] = &[
    "password-reset",
    "password-changed",
    "signed-out-everywhere",
    "email-confirmed",
    "store-created",
    "token-revoked",
];

fn notice(ctx: &Ctx, key: Option<&str>) -> Option<String> {
    key.filter(|k| NOTICES.contains(k)).map(|k| ctx.t(&format!("notice-{k}")))
}

fn html(t: impl Template) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}

fn with_status(status: StatusCode, t: impl Template) -> Result<Response, PageError> {
    Ok((status, Html(t.render()?)).into_response())
}

fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = state.config.secure_cookies;
    cookies::set(cookies::session(secure), token, SESSION_TTL_MS / 1000, secure)
}

fn clear_session_cookie(state: &AppState) -> HeaderValue {
    let secure = state.config.secure_cookies;
    cookies::set(cookies::session(secure), "", 0, secure)
}

fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok())
}

fn too_many(ctx: &Ctx, wait: std::time::Duration) -> String {
    ctx.t_with("error-too-many-wait", "minutes", &wait.as_secs().div_ceil(60).to_string())
}

/// Applies several limits; the first that refuses wins.
fn limited(state: &AppState, checks: &[(String, Limit)]) -> Result<(), std::time::Duration> {
    for (key, limit) in checks {
        state.limiter.check(key, *limit)?;
    }
    Ok(())
}

// ---- sign up -------------------------------------------------------------

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignUpPage {
    ctx: Ctx,
    form: FormView,
    alert: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/notice.html")]
struct NoticePage {
    ctx: Ctx,
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct SignUpForm {
    name: String,
    email: String,
    #[serde(default)]
    phone: String,
    password: String,
}

async fn signup_page(ctx: Ctx) -> Result<Response, PageError> {
    if ctx.signed_in() {
        return Ok(Redirect::to("/account").into_response());
    }
    html(SignUpPage { ctx, form: FormView::default(), alert: None })
}

async fn signup_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<SignUpForm>,
) -> Result<Response, PageError> {
    let keep = || FormView::default().with("name", &f.name).with("email", &f.email).with("phone", &f.phone);
    if let Err(wait) = limited(&state, &[(format!("mail-ip:{ip}"), ratelimit::MAIL_PER_IP)]) {
        let alert = Some(too_many(&ctx, wait));
        return with_status(StatusCode::TOO_MANY_REQUESTS, SignUpPage { ctx, form: keep(), alert });
    }
    let input = accounts::SignUp {
        name: &f.name,
        email: &f.email,
        phone: &f.phone,
        password: &f.password,
        lang: ctx.lang.code(),
    };
    match accounts::sign_up(&state.db, &state.site, input).await {
        Ok(()) => {
            let email = f.email.trim().to_lowercase();
            let page = NoticePage {
                title: ctx.t("check-email-title"),
                body: ctx.t_with("check-email-body", "email", &email),
                ctx,
            };
            html(page)
        }
        Err(AccountError::Invalid(errors)) => {
            let form = keep().errors(ctx.lang, &errors);
            with_status(StatusCode::UNPROCESSABLE_ENTITY, SignUpPage { ctx, form, alert: None })
        }
        Err(e) => Err(e.into()),
    }
}

// ---- confirm email -------------------------------------------------------

#[derive(Template)]
#[template(path = "accounts/verify.html")]
struct VerifyPage {
    ctx: Ctx,
    token: String,
    alert: Option<String>,
    form: FormView,
}

#[derive(Deserialize)]
struct VerifyForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// Shows a button rather than confirming on GET: mail scanners open links,
/// and must not be handed a signed-in session.
async fn verify_page(ctx: Ctx, Query(q): Query<TokenQuery>) -> Result<Response, PageError> {
    html(VerifyPage { ctx, token: q.token, alert: None, form: FormView::default() })
}

async fn verify_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<VerifyForm>,
) -> Result<Response, PageError> {
    match accounts::verify_email(&state.db, &f.token, &f.password, user_agent(&headers)).await {
        Ok(grant) => {
            let mut res = Redirect::to("/account?notice=email-confirmed").into_response();
            res.headers_mut().append(header::SET_COOKIE, session_cookie(&state, &grant.token));
            Ok(res)
        }
        Err(AccountError::BadLink) => {
            let alert = Some(ctx.t("error-link-dead"));
            with_status(
                StatusCode::BAD_REQUEST,
                VerifyPage { ctx, token: String::new(), alert, form: FormView::default() },
            )
        }
        Err(AccountError::Invalid(errors)) => {
            let form = FormView::default().errors(ctx.lang, &errors);
            with_status(StatusCode::UNPROCESSABLE_ENTITY, VerifyPage { ctx, token: f.token, alert: None, form })
        }
        Err(e) => Err(e.into()),
    }
}

// ---- sign in / out -------------------------------------------------------

#[derive(Template)]
#[template(path = "accounts/signin.html")]
struct SignInPage {
    ctx: Ctx,
    form: FormView,
    next: String,
    alert: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
struct SignInQuery {
    next: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn signin_page(ctx: Ctx, Query(q): Query<SignInQuery>) -> Result<Response, PageError> {
    let next = safe_next(q.next.as_deref()).to_string();
    if ctx.signed_in() {
        return Ok(Redirect::to(if next == "/" { "/account" } else { &next }).into_response());
    }
    let notice = notice(&ctx, q.notice.as_deref());
    html(SignInPage { ctx, form: FormView::default(), next, alert: None, notice })
}

async fn signin_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Result<Response, PageError> {
    let next = safe_next(Some(&f.next)).to_string();
    let form = FormView::default().with("email", &f.email);
    let account_key = Email::parse(&f.email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| f.email.clone());
    let checks = ratelimit::sign_in_limits(&ip, &account_key);
    if let Err(wait) = limited(&state, &checks) {
        let alert = Some(too_many(&ctx, wait));
        let mut res = with_status(StatusCode::TOO_MANY_REQUESTS, SignInPage { ctx, form, next, alert, notice: None })?;
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return Ok(res);
    }
    match accounts::sign_in(&state.db, &state.site, &f.email, &f.password, user_agent(&headers)).await {
        Ok(grant) => {
            // A fresh session id at every sign-in; the old one, if any, ends.
            if let Some(old) = &ctx.session_token {
                accounts::sign_out(&state.db, old).await?;
            }
            accounts::remember_language(&state.db, &grant.user, ctx.lang.code()).await?;
            let target = if next == "/" { "/account".to_string() } else { next };
            let mut res = Redirect::to(&target).into_response();
            res.headers_mut().append(header::SET_COOKIE, session_cookie(&state, &grant.token));
            Ok(res)
        }
        Err(AccountError::BadCredentials) => {
            let alert = Some(ctx.t("error-bad-credentials"));
            with_status(StatusCode::UNAUTHORIZED, SignInPage { ctx, form, next, alert, notice: None })
        }
        Err(AccountError::Unverified) => {
            let alert = Some(ctx.t("error-unverified"));
            with_status(StatusCode::FORBIDDEN, SignInPage { ctx, form, next, alert, notice: None })
        }
        Err(AccountError::Suspended(s)) => {
            let why = match s.until {
                Some(until) => {
                    let mut args = fluent_bundle::FluentArgs::new();
                    args.set("until", dove_domain::clock::short_date(until));
                    args.set("reason", s.reason.clone());
                    crate::i18n::translate(ctx.lang, "error-suspended", Some(&args))
                }
                None => ctx.t_with("error-banned", "reason", &s.reason),
            };
            let appeal = if s.appealed { ctx.t("trust-appeal-made-note") } else { ctx.t("trust-appeal-invite") };
            let alert = Some(format!("{why} {appeal}"));
            with_status(StatusCode::FORBIDDEN, SignInPage { ctx, form, next, alert, notice: None })
        }
        Err(e) => Err(e.into()),
    }
}

async fn signout(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    if let Some(token) = &ctx.session_token {
        accounts::sign_out(&state.db, token).await?;
        // Open live streams of this session end now, not at their next check.
        state.live.sessions_changed(ctx.user_id()).await;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(header::SET_COOKIE, clear_session_cookie(&state));
    Ok(res)
}

async fn signout_everywhere(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    accounts::sign_out_everywhere(&state.db, &user.id).await?;
    state.live.sessions_changed(&user.id).await;
    let mut res = Redirect::to("/signin?notice=signed-out-everywhere").into_response();
    res.headers_mut().append(header::SET_COOKIE, clear_session_cookie(&state));
    Ok(res)
}

// ---- password reset ------------------------------------------------------

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    ctx: Ctx,
    form: FormView,
    alert: Option<String>,
}

#[derive(Deserialize)]
struct ForgotForm {
    email: String,
}

async fn forgot_page(ctx: Ctx) -> Result<Response, PageError> {
    html(ForgotPage { ctx, form: FormView::default(), alert: None })
}

async fn forgot_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<ForgotForm>,
) -> Result<Response, PageError> {
    let form = FormView::default().with("email", &f.email);
    if let Err(wait) = limited(&state, &[(format!("mail-ip:{ip}"), ratelimit::MAIL_PER_IP)]) {
        let alert = Some(too_many(&ctx, wait));
        return with_status(StatusCode::TOO_MANY_REQUESTS, ForgotPage { ctx, form, alert });
    }
    match accounts::request_password_reset(&state.db, &state.site, &f.email).await {
        Ok(()) => {
            let page = NoticePage { title: ctx.t("forgot-sent-title"), body: ctx.t("forgot-sent-body"), ctx };
            html(page)
        }
        Err(AccountError::Invalid(errors)) => {
            let form = form.errors(ctx.lang, &errors);
            with_status(StatusCode::UNPROCESSABLE_ENTITY, ForgotPage { ctx, form, alert: None })
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    ctx: Ctx,
    form: FormView,
    token: String,
    alert: Option<String>,
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    token: String,
    password: String,
}

async fn reset_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    if accounts::reset_link_live(&state.db, &q.token).await? {
        html(ResetPage { ctx, form: FormView::default(), token: q.token, alert: None })
    } else {
        let alert = Some(ctx.t("error-link-dead"));
        with_status(StatusCode::BAD_REQUEST, ResetPage { ctx, form: FormView::default(), token: String::new(), alert })
    }
}

async fn reset_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<ResetForm>,
) -> Result<Response, PageError> {
    match accounts::reset_password(&state.db, &f.token, &f.password).await {
        Ok(()) => {
            let mut res = Redirect::to("/signin?notice=password-reset").into_response();
            res.headers_mut().append(header::SET_COOKIE, clear_session_cookie(&state));
            Ok(res)
        }
        Err(AccountError::Invalid(errors)) => {
            let form = FormView::default().errors(ctx.lang, &errors);
            with_status(StatusCode::UNPROCESSABLE_ENTITY, ResetPage { ctx, form, token: f.token, alert: None })
        }
        Err(AccountError::BadLink) => {
            let alert = Some(ctx.t("error-link-dead"));
            with_status(
                StatusCode::BAD_REQUEST,
                ResetPage { ctx, form: FormView::default(), token: String::new(), alert },
            )
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the account ---------------------------------------------------------

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    ctx: Ctx,
    notice: Option<String>,
    member_since: i64,
    tokens: Vec<accounts::ApiToken>,
}

#[derive(Deserialize)]
struct NoticeQuery {
    notice: Option<String>,
}

async fn account_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    let member_since = dove_domain::clock::year_of(user.created_at);
    let tokens = accounts::api_tokens(&state.db, user).await?;
    let notice = notice(&ctx, q.notice.as_deref());
    html(AccountPage { ctx, notice, member_since, tokens })
}

/// Revokes one of the signed-in user's API tokens (a lost laptop, a
/// script no longer used). Someone else's token id is a 404.
async fn revoke_token(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    accounts::revoke_api_token_by_id(&state.db, user, &id).await?;
    Ok(Redirect::to("/account?notice=token-revoked").into_response())
}

#[derive(Template)]
#[template(path = "accounts/password.html")]
struct PasswordPage {
    ctx: Ctx,
    form: FormView,
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn password_page(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require_user()?;
    html(PasswordPage { ctx, form: FormView::default() })
}

async fn password_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    match accounts::change_password(
        &state.db,
        &user.id,
        &f.current_password,
        &f.new_password,
        ctx.session_token.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/account?notice=password-changed").into_response()),
        Err(AccountError::Invalid(errors)) => {
            let form = FormView::default().errors(ctx.lang, &errors);
            with_status(StatusCode::UNPROCESSABLE_ENTITY, PasswordPage { ctx, form })
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/store.html")]
struct StorePage {
    ctx: Ctx,
    form: FormView,
}

#[derive(Deserialize)]
struct StoreForm {
    store_name: String,
    slug: String,
}

async fn store_page(ctx: Ctx) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    if user.is_seller() {
        return Ok(Redirect::to("/account").into_response());
    }
    html(StorePage { ctx, form: FormView::default() })
}

async fn store_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<StoreForm>,
) -> Result<Response, PageError> {
    let user = ctx.require_user()?;
    let slug = if f.slug.trim().is_empty() { Slug::suggest(&f.store_name) } else { f.slug.clone() };
    match accounts::start_selling(&state.db, user, &f.store_name, &slug).await {
        Ok(_) | Err(AccountError::AlreadySelling) => Ok(Redirect::to("/account?notice=store-created").into_response()),
        Err(AccountError::Invalid(errors)) => {
            let form =
                FormView::default().with("store_name", &f.store_name).with("slug", &slug).errors(ctx.lang, &errors);
            with_status(StatusCode::UNPROCESSABLE_ENTITY, StorePage { ctx, form })
        }
        Err(e) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_page).post(signup_submit))
        .route("/signin", get(signin_page).post(signin_submit))
        .route("/signout", post(signout))
        .route("/account", get(account_page))
        .route("/account/verify", get(verify_page).post(verify_submit))
        .route("/account/password", get(password_page).post(password_submit))
        .route("/account/sign-out-everywhere", post(signout_everywhere))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/store", get(store_page).post(store_submit))
        .route("/password/forgot", get(forgot_page).post(forgot_submit))
        .route("/password/reset", get(reset_page).post(reset_submit))
}
