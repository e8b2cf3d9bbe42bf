//! The security baseline: CSRF, headers, cookies and rate limits.
use crate::helpers::{PASSWORD, both, location};

both!(forms_without_a_valid_csrf_token_are_refused, |app| {
    // Get the seed cookie first, as a browser would.
    app.get("/signin").await;
    let missing = app
        .client
        .post(app.url("/signin"))
        .form(&[("email", "a@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403);
    assert!(missing.text().await.unwrap().contains("This form has expired"));
    let forged = app
        .client
        .post(app.url("/signin"))
        .form(&[("email", "a@example.com"), ("password", PASSWORD), ("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    // A fresh browser with no cookies at all.
    let bare =
        reqwest::Client::new().post(app.url("/signup")).form(&[("email", "a@example.com")]).send().await.unwrap();
    assert_eq!(bare.status(), 403);
    // With the token, the same request goes through (to a 401: wrong password).
    assert_eq!(app.sign_in("a@example.com", PASSWORD).await.status(), 401);
    // A token from one browser is useless in another.
    let token = app.csrf().await;
    let other = crate::helpers::client();
    other.get(app.url("/signin")).send().await.unwrap();
    let res = other
        .post(app.url("/signin"))
        .form(&[("email", "a@example.com"), ("password", PASSWORD), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
});

both!(security_headers_are_set, |app| {
    for path in ["/", "/signin", "/no-such-page", "/api/v1/me"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "strict-origin-when-cross-origin");
        assert!(h.get("x-request-id").is_some(), "{path} has a request id");
    }
    // No inline scripts in pages.
    let html = app.text("/").await;
    assert!(!html.contains("<script>") && html.contains("<script src="));
});

both!(unknown_pages_get_the_friendly_404, |app| {
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("We could not find that page") && html.contains("<header"));
});

both!(sign_in_is_rate_limited_per_account, |app| {
    app.get("/signin").await;
    for _ in 0..10 {
        assert_eq!(app.sign_in("target@example.com", "wrong-password-000").await.status(), 401);
    }
    let res = app.sign_in("target@example.com", "wrong-password-000").await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    // The API shares the limit.
    let res = app
        .post_json("/api/v1/auth/tokens", serde_json::json!({"email": "Target@example.com", "password": "x"}), None)
        .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some());
    assert_eq!(res.headers().get("content-type").unwrap(), "application/problem+json");
});

/// Stops and restarts its app, so it runs outside `both!` (whose ledger
/// check needs the first app's database open).
async fn secure_cookies_over_https(backend: crate::helpers::Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let storage = app.stop().await;
    let app = crate::helpers::start(storage, |mut c| {
        c.public_url = "https://dove.example".to_string();
        // Dev mode refuses an https public URL.
        c.dev = false;
        c
    })
    .await;
    let res = app.get("/signin").await;
    let seed = crate::helpers::set_cookies(&res).into_iter().find(|c| c.starts_with("dove_csrf=")).unwrap();
    assert!(seed.contains("Secure") && seed.contains("HttpOnly") && seed.contains("SameSite=Lax"), "{seed}");
    let lang = app.get("/lang/sw").await;
    assert_eq!(location(&lang), "/");
    assert!(crate::helpers::set_cookies(&lang)[0].contains("Secure"));
}

crate::helpers::each_backend!(secure_cookies_over_https);
