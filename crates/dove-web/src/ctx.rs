//! The per-request context every page template gets: language, the signed-in
//! user, the CSRF token and helpers for translated text and asset URLs.
use crate::assets;
use crate::cookies;
use crate::csrf::{self, NewSeed};
use crate::errors::PageError;
use crate::i18n::{Lang, translate};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use dove_domain::accounts::{self, User};
use fluent_bundle::FluentArgs;

pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    pub csrf: String,
    /// The session cookie's token, when the request carries a live one.
    pub session_token: Option<String>,
    /// The path and query of this page, for "return here after sign-in".
    pub here: String,
    pub dev_mode: bool,
    /// The signed-in user's saved listings, for the hearts on cards.
    pub saved: Vec<String>,
    /// Unread messages, for the header badge.
    pub unread: i64,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        translate(self.lang, key, None)
    }

    /// The text for `{prefix}-{value}`, such as `status-draft`.
    pub fn t_of(&self, prefix: &str, value: &str) -> String {
        translate(self.lang, &format!("{prefix}-{value}"), None)
    }

    pub fn t_with(&self, key: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.to_string());
        translate(self.lang, key, Some(&args))
    }

    /// Text with a number, so Fluent can choose the plural form.
    pub fn t_count(&self, key: &str, name: &str, n: impl std::borrow::Borrow<i64>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), *n.borrow());
        translate(self.lang, key, Some(&args))
    }

    pub fn asset(&self, name: &str) -> &'static str {
        assets::url(name)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// This page's path, encoded for a `next=` query parameter.
    pub fn here_param(&self) -> String {
        form_urlencoded::byte_serialize(self.here.as_bytes()).collect()
    }

    pub fn is_saved(&self, listing_id: &str) -> bool {
        self.saved.iter().any(|s| s == listing_id)
    }

    /// The signed-in user's id, or "" for a visitor.
    pub fn user_id(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.id.as_str())
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// The user, or a redirect to sign-in that comes back here.
    pub fn require_user(&self) -> Result<&User, PageError> {
        self.user.as_ref().ok_or_else(|| PageError::SignInRequired { next: self.here.clone() })
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, PageError> {
        let lang = Lang::negotiate(
            cookies::get(&parts.headers, cookies::LANG),
            parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
        );
        let secure = state.config.secure_cookies;
        let raw_session = cookies::get(&parts.headers, cookies::session(secure)).map(str::to_string);
        let user = match &raw_session {
            Some(token) => accounts::session_user(&state.db, token, dove_domain::clock::now_ms()).await?,
            None => None,
        };
        let session_token = raw_session.filter(|_| user.is_some());
        let (saved, unread) = match &user {
            Some(u) => (dove_domain::favourites::ids(&state.db, u).await?, state.live.unread(u).await?),
            None => (vec![], 0),
        };
        let bound = csrf::binding(&parts.headers, secure, parts.extensions.get::<NewSeed>()).unwrap_or_default();
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".to_string());
        Ok(Ctx {
            lang,
            user,
            csrf: csrf::token_for(&state.csrf_key, &bound),
            session_token,
            here,
            dev_mode: state.config.dev_mode,
            saved,
            unread,
        })
    }
}
