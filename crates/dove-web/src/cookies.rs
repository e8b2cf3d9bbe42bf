//! The three cookies: the session, the anonymous CSRF seed and the language.
//! All are HttpOnly and SameSite=Lax; `Secure` when the site is served over
//! https.
use axum::http::{HeaderMap, HeaderValue, header};

/// The session cookie's name over https. The `__Host-` prefix makes
/// browsers accept it only when Secure, for Path=/ and with no Domain, so
/// neither a sibling subdomain nor a plain-http page can plant or overwrite
/// a session (session fixation through cookie injection).
pub const SESSION_HOST: &str = "__Host-dove_session";
/// The session cookie's name over plain http (local dev and tests): the
/// prefix demands Secure, which a browser refuses to set over http.
pub const SESSION_PLAIN: &str = "dove_session";
pub const CSRF_SEED: &str = "dove_csrf";
pub const LANG: &str = "dove_lang";

/// The session cookie's name for a site served over https (`secure`) or not.
pub fn session(secure: bool) -> &'static str {
    if secure { SESSION_HOST } else { SESSION_PLAIN }
}

/// The value of cookie `name`, if the request carries it.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value. `max_age_secs` of 0 deletes the cookie.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cookie_header() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; dove_session=abc; dove_lang=sw"));
        assert_eq!(get(&h, session(false)), Some("abc"));
        assert_eq!(get(&h, session(true)), None, "over https only the prefixed cookie counts");
        assert_eq!(get(&h, LANG), Some("sw"));
        assert_eq!(get(&h, CSRF_SEED), None);
        let c = set(session(true), "x", 60, true);
        assert_eq!(c.to_str().unwrap(), "__Host-dove_session=x; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
    }
}
