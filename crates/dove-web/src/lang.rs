//! The language switch: a plain link that remembers the choice in a cookie
//! and returns to the page it came from.
use crate::cookies;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n::Lang;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use dove_domain::accounts;
use serde::Deserialize;

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// Only same-origin paths: `/x`, never `//evil.example` or `https://…`.
///
/// Browsers drop tabs and newlines from a `Location` and read `\` as `/`,
/// so `/\t/evil.example` or `/\evil.example` would leave the site; every
/// character must be visible ASCII (no whitespace, no control, nothing a
/// header cannot carry), with no backslash anywhere and no second leading
/// slash.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/') && !n.starts_with("//") && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            n
        }
        _ => "/",
    }
}

/// Switches the pages' language; a signed-in person's mail follows it.
async fn switch(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Result<Response, PageError> {
    let target = safe_next(q.next.as_deref()).to_string();
    let Some(lang) = Lang::parse(&code) else {
        return Ok(Redirect::to(&target).into_response());
    };
    if let Some(user) = &ctx.user {
        accounts::remember_language(&state.db, user, lang.code()).await?;
    }
    let mut res = Redirect::to(&target).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::LANG, lang.code(), 365 * 24 * 3600, state.config.secure_cookies),
    );
    Ok(res)
}

pub fn router() -> Router<AppState> {
    Router::new().route("/lang/{code}", get(switch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/a\\b")), "/");
        assert_eq!(safe_next(Some("/ /evil.example")), "/");
        assert_eq!(safe_next(Some("/\u{3000}/evil.example")), "/");
        assert_eq!(safe_next(Some("/s?q=a%20b&page=2")), "/s?q=a%20b&page=2");
        assert_eq!(safe_next(None), "/");
    }
}
