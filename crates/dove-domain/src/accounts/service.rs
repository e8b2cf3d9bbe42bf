//! Account services: the one implementation of every account action, called
//! by the pages, the JSON API and the command line alike.
//!
//! Enumeration policy: nothing here tells a caller whether an email is
//! registered. Sign-up always answers "check your email" (the mail itself
//! differs), a reset request always answers the same, and a failed sign-in
//! is one error whether the email or the password was wrong.
use super::{
    AccountRepo, ApiToken, Email, NewUser, Password, PendingToken, PersonName, Phone, Role, Slug, Store, StoreName,
    TokenPurpose, User, hash_password, verify_password,
};
use crate::clock::{DAY_MS, HOUR_MS, MINUTE_MS, now_ms};
use crate::error::Conflict;
use crate::fields::FieldErrors;
use crate::mail::{LANGUAGES, OutgoingMail, Site};
use crate::tokens::{hash_token, random_token};
use crate::{StoreError, new_id};
use thiserror::Error;

/// How long a browser session lasts at most, however much it is used.
pub const SESSION_TTL_MS: i64 = 30 * DAY_MS;
/// A session unused this long ends: a browser left signed in on a shared
/// or lost device stops being a way in.
pub const SESSION_IDLE_MS: i64 = 7 * DAY_MS;
/// How stale a session's (or API token's) "last seen" may get before a
/// request writes it again: one write an hour, not one per request.
pub const TOUCH_EVERY_MS: i64 = HOUR_MS;
/// How long an API token works unless its maker asks for another term.
pub const API_TOKEN_DEFAULT_DAYS: i64 = 90;
/// The longest term an API token may be given.
pub const API_TOKEN_MAX_DAYS: i64 = 365;
/// How long a password reset link works.
pub const RESET_TTL_MS: i64 = 30 * MINUTE_MS;
/// How long an email confirmation link works.
pub const VERIFY_TTL_MS: i64 = 2 * DAY_MS;

/// Everything that can go wrong in the accounts area.
#[derive(Debug, Error)]
pub enum AccountError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("email or password is incorrect")]
    BadCredentials,
    #[error("email address not confirmed yet")]
    Unverified,
    #[error("link expired or already used")]
    BadLink,
    #[error("this account already has a store")]
    AlreadySelling,
    #[error("an account with this email already exists")]
    Exists,
    /// No live API token with that id belongs to the caller.
    #[error("no such token")]
    NoSuchToken,
    /// The right password for an account an admin suspended or banned.
    #[error("this account is suspended")]
    Suspended(crate::trust::Suspension),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new browser session or API token: the secret goes to the client once.
#[derive(Debug, Clone)]
pub struct Grant {
    pub token: String,
    pub user: User,
}

pub struct SignUp<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// Empty means "no phone".
    pub phone: &'a str,
    pub password: &'a str,
    /// The language of the pages signed up on: the account's mail is
    /// written in it (English for any code not in `mail::LANGUAGES`).
    pub lang: &'a str,
}

/// A language code mail is written in: `lang` if it is one, else English.
fn mail_lang(lang: &str) -> String {
    if LANGUAGES.contains(&lang) { lang.to_string() } else { "en".to_string() }
}

/// Remembers the language the person uses the pages in, for their mail:
/// called when they sign in and when they switch language.
pub async fn remember_language<R: AccountRepo>(repo: &R, user: &User, lang: &str) -> Result<(), AccountError> {
    repo.set_lang(&user.id, &mail_lang(lang)).await?;
    Ok(())
}

fn verify_mail(site: &Site, to: &str, name: &str, token: &str) -> OutgoingMail {
    OutgoingMail::new(to, "mail-verify")
        .text("name", name)
        .text("link", site.link(&format!("/account/verify?token={token}")))
}

fn pending(purpose: TokenPurpose, ttl: i64, now: i64, make_mail: impl FnOnce(&str) -> OutgoingMail) -> PendingToken {
    let token = random_token();
    PendingToken { token_hash: hash_token(&token), purpose, expires_at: now + ttl, mail: make_mail(&token) }
}

/// Creates an unconfirmed account and mails a confirmation link. When the
/// email is already registered, the owner gets a mail instead (a fresh link
/// if still unconfirmed), and the caller sees the same success.
pub async fn sign_up<R: AccountRepo>(repo: &R, site: &Site, input: SignUp<'_>) -> Result<(), AccountError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", PersonName::parse(input.name));
    let email = errors.check("email", Email::parse(input.email));
    let phone = if input.phone.trim().is_empty() { None } else { errors.check("phone", Phone::parse(input.phone)) };
    let password = errors.check("password", Password::parse(input.password));
    let (Some(name), Some(email), Some(password)) = (name, email, password) else {
        return Err(AccountError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AccountError::Invalid(errors));
    }
    let now = now_ms();
    let hash = hash_password(&password).await;
    let user = NewUser {
        id: new_id(),
        email: email.as_str().to_string(),
        name: name.as_str().to_string(),
        phone: phone.map(|p| p.as_str().to_string()),
        password_hash: hash,
        role: Role::Buyer,
        email_verified_at: None,
        created_at: now,
        lang: mail_lang(input.lang),
    };
    let link =
        pending(TokenPurpose::VerifyEmail, VERIFY_TTL_MS, now, |t| verify_mail(site, &user.email, &user.name, t));
    match repo.insert_user(&user, Some(&link), now).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(Conflict::EmailTaken)) => notify_existing(repo, site, &user, link, now).await,
        Err(e) => Err(e.into()),
    }
}

/// A sign-up for an email that already has an account. Unconfirmed, the
/// account starts over with this sign-up's name, phone and password (and
/// its earlier links, sessions and tokens end): otherwise whoever
/// registered someone else's address first would own the account its real
/// owner later confirms. Confirmed, the owner gets a notice instead.
async fn notify_existing<R: AccountRepo>(
    repo: &R,
    site: &Site,
    new: &NewUser,
    link: PendingToken,
    now: i64,
) -> Result<(), AccountError> {
    if repo.restart_unconfirmed(new, &link, now).await? {
        return Ok(());
    }
    let Some(existing) = repo.credentials_by_email(&new.email).await? else {
        return Ok(());
    };
    let user = existing.user;
    if user.email_verified {
        let mail = OutgoingMail::new(&user.email, "mail-account-exists")
            .text("name", &user.name)
            .text("signin", site.link("/signin"))
            .text("forgot", site.link("/password/forgot"));
        repo.enqueue_account_mail(&mail, now).await?;
    }
    Ok(())
}

async fn new_session<R: AccountRepo>(repo: &R, user: User, user_agent: Option<&str>) -> Result<Grant, AccountError> {
    let now = now_ms();
    let token = random_token();
    let ua = user_agent.map(|u| u.chars().take(200).collect::<String>());
    repo.insert_session(&hash_token(&token), &user.id, now, now + SESSION_TTL_MS, ua.as_deref()).await?;
    Ok(Grant { token, user })
}

/// Checks email and password. An unconfirmed account gets a fresh link.
async fn check_credentials<R: AccountRepo + crate::trust::TrustRepo>(
    repo: &R,
    site: &Site,
    email: &str,
    password: &str,
) -> Result<User, AccountError> {
    let email = Email::parse(email).map_err(|_| AccountError::BadCredentials);
    let creds = match &email {
        Ok(e) => repo.credentials_by_email(e.as_str()).await?,
        Err(_) => None,
    };
    let (hash, user) = match creds {
        Some(c) => (Some(c.password_hash), Some(c.user)),
        None => (None, None),
    };
    // Always verify, against a dummy hash if need be, so timing reveals nothing.
    let ok = verify_password(hash, password).await;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => return Err(AccountError::BadCredentials),
    };
    if !user.email_verified {
        let now = now_ms();
        let link =
            pending(TokenPurpose::VerifyEmail, VERIFY_TTL_MS, now, |t| verify_mail(site, &user.email, &user.name, t));
        repo.insert_pending_token(&user.id, &link, now).await?;
        return Err(AccountError::Unverified);
    }
    if let Some(s) = repo.suspension(&user.id, now_ms()).await? {
        return Err(AccountError::Suspended(s));
    }
    Ok(user)
}

/// The suspension of the account these credentials open, for its appeal:
/// the password proves who appeals, as a suspended account can't sign in.
/// Right credentials of an account that is not suspended are
/// `BadCredentials` here, so nothing is learnt from the answer.
pub async fn suspension_for<R: AccountRepo + crate::trust::TrustRepo>(
    repo: &R,
    site: &Site,
    email: &str,
    password: &str,
) -> Result<crate::trust::Suspension, AccountError> {
    match check_credentials(repo, site, email, password).await {
        Err(AccountError::Suspended(s)) => Ok(s),
        Err(e) => Err(e),
        Ok(_) => Err(AccountError::BadCredentials),
    }
}

/// Signs in: a new session, with a new id every time (no fixation).
pub async fn sign_in<R: AccountRepo + crate::trust::TrustRepo>(
    repo: &R,
    site: &Site,
    email: &str,
    password: &str,
    user_agent: Option<&str>,
) -> Result<Grant, AccountError> {
    let user = check_credentials(repo, site, email, password).await?;
    new_session(repo, user, user_agent).await
}

/// Confirms an email through its link and signs the person in. Every
/// session and API token the account had before ends.
///
/// The link alone is not enough: whoever follows it also gives the
/// account's password. Otherwise someone who signed up with another
/// person's address after them (setting a password of their own) would
/// have the owner confirm the account the attacker can sign in to. A wrong
/// password leaves the link usable; signing up again sets a new password.
pub async fn verify_email<R: AccountRepo>(
    repo: &R,
    token: &str,
    password: &str,
    user_agent: Option<&str>,
) -> Result<Grant, AccountError> {
    let hash = hash_token(token);
    let owner =
        repo.live_token_owner(&hash, TokenPurpose::VerifyEmail, now_ms()).await?.ok_or(AccountError::BadLink)?;
    let creds = repo.credentials_by_id(&owner).await?.ok_or(AccountError::BadLink)?;
    if !verify_password(Some(creds.password_hash), password).await {
        return Err(AccountError::Invalid(FieldErrors::single("password", "confirm-password-wrong")));
    }
    // Used only now, so a wrong password leaves the link working. The
    // token's hash is unique, so it is still `owner`'s.
    repo.consume_verify_token(&hash, now_ms()).await?.ok_or(AccountError::BadLink)?;
    new_session(repo, creds.user, user_agent).await
}

/// The user behind a session cookie, if the session is live: younger than
/// [`SESSION_TTL_MS`] and used within [`SESSION_IDLE_MS`]. A use is
/// recorded once per [`TOUCH_EVERY_MS`].
pub async fn session_user<R: AccountRepo>(repo: &R, token: &str, now: i64) -> Result<Option<User>, AccountError> {
    let hash = hash_token(token);
    let Some(found) = repo.user_by_session(&hash, now, now - SESSION_IDLE_MS).await? else {
        return Ok(None);
    };
    if now - found.last_seen_at >= TOUCH_EVERY_MS {
        repo.touch_session(&hash, now).await?;
    }
    Ok(Some(found.user))
}

pub async fn sign_out<R: AccountRepo>(repo: &R, session_token: &str) -> Result<(), AccountError> {
    Ok(repo.delete_session(&hash_token(session_token)).await?)
}

/// Ends every session on every device, and every API token.
pub async fn sign_out_everywhere<R: AccountRepo>(repo: &R, user_id: &str) -> Result<(), AccountError> {
    Ok(repo.end_all_sessions(user_id, now_ms()).await?)
}

/// A new API token and when it stops working.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub grant: Grant,
    pub expires_at: i64,
}

/// Issues an API bearer token; only its hash is stored. It works for
/// `days` ([`API_TOKEN_DEFAULT_DAYS`] if not given, at most
/// [`API_TOKEN_MAX_DAYS`]): a token copied off a laptop stops working on its
/// own rather than cashing out a seller years later.
pub async fn issue_api_token<R: AccountRepo + crate::trust::TrustRepo>(
    repo: &R,
    site: &Site,
    email: &str,
    password: &str,
    name: &str,
    days: Option<i64>,
) -> Result<TokenGrant, AccountError> {
    let days = days.unwrap_or(API_TOKEN_DEFAULT_DAYS);
    if !(1..=API_TOKEN_MAX_DAYS).contains(&days) {
        return Err(AccountError::Invalid(FieldErrors::single("expires_in_days", "token-days-range")));
    }
    let user = check_credentials(repo, site, email, password).await?;
    let token = format!("dove_{}", random_token());
    let label: String = name.trim().chars().take(100).collect();
    let now = now_ms();
    let expires_at = now + days * DAY_MS;
    repo.insert_api_token(
        &new_id(),
        &user.id,
        &hash_token(&token),
        if label.is_empty() { "api" } else { &label },
        now,
        expires_at,
    )
    .await?;
    Ok(TokenGrant { grant: Grant { token, user }, expires_at })
}

/// The user behind a bearer token, if it is neither revoked nor expired. A
/// use is recorded once per [`TOUCH_EVERY_MS`].
pub async fn api_token_user<R: AccountRepo>(repo: &R, token: &str, now: i64) -> Result<Option<User>, AccountError> {
    let Some(found) = repo.user_by_api_token(&hash_token(token), now).await? else {
        return Ok(None);
    };
    if found.last_used_at.is_none_or(|t| now - t >= TOUCH_EVERY_MS) {
        repo.touch_api_token(&found.token_id, now).await?;
    }
    Ok(Some(found.user))
}

/// The user's live API tokens, newest first.
pub async fn api_tokens<R: AccountRepo>(repo: &R, user: &User) -> Result<Vec<ApiToken>, AccountError> {
    Ok(repo.list_api_tokens(&user.id, now_ms()).await?)
}

/// Revokes one of the user's own tokens by its id. Another person's token,
/// or one already dead, is `NotFound`: nobody learns which ids exist.
pub async fn revoke_api_token_by_id<R: AccountRepo>(repo: &R, user: &User, token_id: &str) -> Result<(), AccountError> {
    if repo.revoke_api_token_by_id(&user.id, token_id, now_ms()).await? {
        Ok(())
    } else {
        Err(AccountError::NoSuchToken)
    }
}

pub async fn revoke_api_token<R: AccountRepo>(repo: &R, token: &str) -> Result<bool, AccountError> {
    Ok(repo.revoke_api_token(&hash_token(token), now_ms()).await?)
}

/// Changes the password after checking the current one; other sessions end.
pub async fn change_password<R: AccountRepo>(
    repo: &R,
    user_id: &str,
    current: &str,
    new: &str,
    keep_session_token: Option<&str>,
) -> Result<(), AccountError> {
    let creds = repo.credentials_by_id(user_id).await?.ok_or(StoreError::NotFound)?;
    let new = Password::parse(new).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.check::<(), _>("new_password", Err(e));
        AccountError::Invalid(errors)
    })?;
    if !verify_password(Some(creds.password_hash), current).await {
        return Err(AccountError::Invalid(FieldErrors::single("current_password", "password-wrong")));
    }
    let hash = hash_password(&new).await;
    let keep = keep_session_token.map(hash_token);
    repo.change_password(user_id, &hash, keep.as_deref(), now_ms()).await?;
    Ok(())
}

/// Mails a reset link if the email has an account. The answer is the same
/// either way.
pub async fn request_password_reset<R: AccountRepo>(repo: &R, site: &Site, email: &str) -> Result<(), AccountError> {
    let email = Email::parse(email).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.check::<(), _>("email", Err(e));
        AccountError::Invalid(errors)
    })?;
    let Some(creds) = repo.credentials_by_email(email.as_str()).await? else {
        return Ok(());
    };
    let user = creds.user;
    let now = now_ms();
    let link = pending(TokenPurpose::ResetPassword, RESET_TTL_MS, now, |t| {
        OutgoingMail::new(&user.email, "mail-password-reset")
            .text("name", &user.name)
            .text("link", site.link(&format!("/password/reset?token={t}")))
    });
    repo.insert_pending_token(&user.id, &link, now).await?;
    Ok(())
}

/// Whether a reset link can still be used.
pub async fn reset_link_live<R: AccountRepo>(repo: &R, token: &str) -> Result<bool, AccountError> {
    Ok(repo.live_token_owner(&hash_token(token), TokenPurpose::ResetPassword, now_ms()).await?.is_some())
}

/// Sets a new password through a reset link. The link works once; every
/// session and API token of the account ends.
pub async fn reset_password<R: AccountRepo>(repo: &R, token: &str, new: &str) -> Result<(), AccountError> {
    let new = Password::parse(new).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.check::<(), _>("password", Err(e));
        AccountError::Invalid(errors)
    })?;
    let hash = hash_password(&new).await;
    repo.consume_reset_token(&hash_token(token), &hash, now_ms()).await?.map(|_| ()).ok_or(AccountError::BadLink)
}

/// Opens a store: the buyer becomes a seller.
pub async fn start_selling<R: AccountRepo>(
    repo: &R,
    user: &User,
    store_name: &str,
    slug: &str,
) -> Result<Store, AccountError> {
    if user.store.is_some() {
        return Err(AccountError::AlreadySelling);
    }
    let mut errors = FieldErrors::default();
    let name = errors.check("store_name", StoreName::parse(store_name));
    let slug = errors.check("slug", Slug::parse(slug));
    let (Some(name), Some(slug)) = (name, slug) else {
        return Err(AccountError::Invalid(errors));
    };
    let store =
        Store { id: new_id(), name: name.as_str().to_string(), slug: slug.as_str().to_string(), created_at: now_ms() };
    match repo.create_store(&store, &user.id).await {
        Ok(()) => Ok(store),
        Err(StoreError::Conflict(Conflict::StoreSlugTaken)) => {
            Err(AccountError::Invalid(FieldErrors::single("slug", "slug-taken")))
        }
        Err(StoreError::Conflict(Conflict::StoreOwned)) => Err(AccountError::AlreadySelling),
        Err(e) => Err(e.into()),
    }
}

/// Creates a confirmed administrator (from the command line).
pub async fn create_admin<R: AccountRepo>(
    repo: &R,
    email: &str,
    name: &str,
    password: &str,
) -> Result<(), AccountError> {
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(email));
    let name = errors.check("name", PersonName::parse(name));
    let password = errors.check("password", Password::parse(password));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(AccountError::Invalid(errors));
    };
    let now = now_ms();
    let user = NewUser {
        id: new_id(),
        email: email.as_str().to_string(),
        name: name.as_str().to_string(),
        phone: None,
        password_hash: hash_password(&password).await,
        role: Role::Admin,
        email_verified_at: Some(now),
        created_at: now,
        lang: "en".to_string(),
    };
    match repo.insert_user(&user, None, now).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(Conflict::EmailTaken)) => Err(AccountError::Exists),
        Err(e) => Err(e.into()),
    }
}
