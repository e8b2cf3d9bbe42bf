//! CSRF protection for every form.
//!
//! The token is an HMAC of something only the visitor's browser holds: the
//! session cookie when signed in, otherwise a random `dove_csrf` seed cookie
//! given on the first visit. Both cookies are HttpOnly, so a cross-site page
//! can neither read them nor compute the token; binding to the session also
//! defeats cookie injection once signed in. The guard checks every unsafe
//! request outside `/api` (the API authenticates with bearer tokens, which a
//! browser never attaches on its own).
use crate::cookies;
use crate::errors::PageError;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// A seed minted for this request because the browser had none yet.
#[derive(Clone)]
pub struct NewSeed(pub String);

/// The token a form must carry, for the given binding value.
pub fn token_for(key: &[u8; 32], binding: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"dove-csrf:");
    mac.update(binding.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// What the token is bound to for this request; `secure` says which
/// session cookie name the site uses (see [`cookies::session`]).
pub fn binding(req_headers: &axum::http::HeaderMap, secure: bool, new_seed: Option<&NewSeed>) -> Option<String> {
    cookies::get(req_headers, cookies::session(secure))
        .or_else(|| cookies::get(req_headers, cookies::CSRF_SEED))
        .map(str::to_string)
        .or_else(|| new_seed.map(|s| s.0.clone()))
}

fn submitted_in_form(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned())
}

fn submitted_in_query(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes()).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned())
}

pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let is_api = req.uri().path().starts_with("/api/");
    let has_seed = cookies::get(req.headers(), cookies::CSRF_SEED).is_some();

    if unsafe_method && !is_api {
        let Some(bound) = binding(req.headers(), state.config.secure_cookies, None) else {
            return PageError::Csrf.into_response();
        };
        let expected = token_for(&state.csrf_key, &bound);
        let mut submitted = req
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| submitted_in_query(req.uri().query()));
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if submitted.is_none() && is_form {
            let (parts, body) = req.into_parts();
            let bytes = match to_bytes(body, state.config.body_limit_bytes).await {
                Ok(b) => b,
                Err(_) => return PageError::PayloadTooLarge.into_response(),
            };
            submitted = submitted_in_form(&bytes);
            req = Request::from_parts(parts, Body::from(bytes));
        }
        let ok = submitted.is_some_and(|s| bool::from(s.as_bytes().ct_eq(expected.as_bytes())));
        if !ok {
            return PageError::Csrf.into_response();
        }
    }

    let seed = (!has_seed && !is_api).then(|| NewSeed(dove_domain::tokens::random_token()));
    if let Some(s) = &seed {
        req.extensions_mut().insert(s.clone());
    }
    let mut res = next.run(req).await;
    if let Some(s) = seed {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookies::set(cookies::CSRF_SEED, &s.0, 365 * 24 * 3600, state.config.secure_cookies),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_key_and_binding() {
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        assert_eq!(token_for(&k1, "a"), token_for(&k1, "a"));
        assert_ne!(token_for(&k1, "a"), token_for(&k1, "b"));
        assert_ne!(token_for(&k1, "a"), token_for(&k2, "a"));
        assert_eq!(submitted_in_form(b"x=1&csrf=abc%2Bd"), Some("abc+d".to_string()));
        assert_eq!(submitted_in_query(Some("csrf=q")), Some("q".to_string()));
    }
}
