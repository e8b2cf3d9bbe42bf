//! CSRF protection for every form.
//!
//! The token is an HMAC of something only the visitor's browser holds: the
//! session cookie when signed in, otherwise a random `dove_csrf` seed cookie
//! given on the first visit. Both cookies are HttpOnly, so a cross-site page
//! can neither read them nor compute the token; binding to the session also
//! defeats cookie injection once signed in. The guard checks every unsafe
//! request outside `/api` (the API authenticates with bearer tokens, which a
//! browser never attaches on its own).
//!
//! The token comes in a form field or the `X-CSRF-Token` header, never in
//! the URL, where it would end up in logs, history and `Referer` headers.
//! A multipart form (photos) carries it as its first field, before any
//! file, so the guard reads only the start of the body to find it.
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

/// How much of a multipart body is read to find its first field.
const MULTIPART_PEEK: usize = 8 * 1024;

/// The boundary of a `multipart/form-data` content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The `csrf` field's value, if it is the first part of a multipart body
/// that starts with `head`.
fn submitted_in_multipart(head: &[u8], boundary: &str) -> Option<String> {
    // The head may end inside a multi-byte character of a later part.
    let valid = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let opening = format!("--{boundary}\r\n");
    let start = valid.find(&opening)? + opening.len();
    let (headers, rest) = valid[start..].split_once("\r\n\r\n")?;
    let names_csrf = headers.split("\r\n").any(|h| {
        let Some((name, value)) = h.split_once(':') else { return false };
        name.trim().eq_ignore_ascii_case("content-disposition")
            && value.split(';').any(|p| p.trim() == "name=\"csrf\"")
            && !value.contains("filename")
    });
    let end = rest.find(&format!("\r\n--{boundary}"))?;
    names_csrf.then(|| rest[..end].to_string())
}

/// Reads up to [`MULTIPART_PEEK`] bytes of the body for the token, then
/// puts them back in front of the rest, which is left unread.
async fn peek_multipart(req: Request, boundary: &str) -> (Request, Option<String>) {
    use futures::StreamExt;
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut head = Vec::new();
    let mut failed = None;
    while head.len() < MULTIPART_PEEK {
        match stream.next().await {
            Some(Ok(chunk)) => {
                head.extend_from_slice(&chunk);
                if submitted_in_multipart(&head, boundary).is_some() {
                    break;
                }
            }
            Some(Err(e)) => {
                failed = Some(e);
                break;
            }
            None => break,
        }
    }
    let token = submitted_in_multipart(&head, boundary);
    let first = futures::stream::iter(std::iter::once(Ok(bytes::Bytes::from(head))).chain(failed.map(Err)));
    (Request::from_parts(parts, Body::from_stream(first.chain(stream))), token)
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
        let mut submitted = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
        let content_type =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        if submitted.is_none()
            && let Some(boundary) = multipart_boundary(&content_type)
        {
            (req, submitted) = peek_multipart(req, &boundary).await;
        }
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
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8";
        assert_eq!(submitted_in_multipart(body, "XyZ"), Some("tok".to_string()));
        assert_eq!(submitted_in_multipart(&body[..40], "XyZ"), None, "cut before the field ends");
        let file_first =
            b"--XyZ\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"csrf\"\r\n\r\nx\r\n--XyZ";
        assert_eq!(submitted_in_multipart(file_first, "XyZ"), None, "only a csrf field counts");
        assert_eq!(multipart_boundary("multipart/form-data; boundary=\"XyZ\""), Some("XyZ".to_string()));
        assert_eq!(multipart_boundary("text/plain; boundary=XyZ"), None);
    }
}
