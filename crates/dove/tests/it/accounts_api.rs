//! Accounts through the JSON API.
use crate::helpers::{PASSWORD, both, token_in};
use serde_json::{Value, json};

async fn problem(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status(), status);
    let ct = res.headers().get("content-type").unwrap().to_str().unwrap().to_string();
    assert_eq!(ct, "application/problem+json");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], status);
    assert!(v["title"].is_string());
    v
}

both!(sign_up_token_me_store_and_revoke, |app| {
    let res = app
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Api User", "email": "api@example.com", "phone": "0712345678", "password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(res.status(), 202);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "check-email");

    // Unconfirmed accounts get no token.
    let res =
        app.post_json("/api/v1/auth/tokens", json!({"email": "api@example.com", "password": PASSWORD}), None).await;
    problem(res, 403).await;

    let body = app.wait_for_mail("api@example.com", "Confirm your email").await;
    let token = token_in(&body, "/account/verify?token=");
    app.post_form("/account/verify", &[("token", &token), ("password", PASSWORD)]).await;

    let bearer = app.api_token("api@example.com", PASSWORD).await;
    assert!(bearer.starts_with("dove_"));
    let stored = crate::helpers::count(
        &app.db,
        &format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{}'", dove_domain::tokens::hash_token(&bearer)),
    )
    .await;
    assert_eq!(stored, 1, "only the hash is stored");
    let raw =
        crate::helpers::count(&app.db, &format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{bearer}'")).await;
    assert_eq!(raw, 0);

    let me: Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(&bearer).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "api@example.com");
    assert_eq!(me["phone"], "+254712345678");
    assert_eq!(me["role"], "buyer");
    assert_eq!(me["email_verified"], true);

    let res = app.post_json("/api/v1/me/store", json!({"name": "Api Shop", "slug": "api-shop"}), Some(&bearer)).await;
    assert_eq!(res.status(), 201);
    let store: Value = res.json().await.unwrap();
    assert_eq!(store["url"], "/s/api-shop");
    let again =
        app.post_json("/api/v1/me/store", json!({"name": "Api Shop 2", "slug": "api-shop-2"}), Some(&bearer)).await;
    problem(again, 409).await;
    let me: Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(&bearer).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["role"], "seller");
    assert_eq!(me["store"]["slug"], "api-shop");

    let res = app.client.delete(app.url("/api/v1/auth/tokens/current")).bearer_auth(&bearer).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(&bearer).send().await.unwrap();
    let p = problem(res, 401).await;
    assert!(p["detail"].as_str().unwrap().contains("bearer token"));
});

both!(garbage_or_missing_bearer_is_401, |app| {
    for auth in [
        None,
        Some("Bearer nonsense"),
        Some("Bearer "),
        Some("Basic Zm9vOmJhcg=="),
        Some(&*format!("Bearer dove_{}", "x".repeat(300))),
    ] {
        let mut req = app.client.get(app.url("/api/v1/me"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.headers().get("www-authenticate").unwrap(), "Bearer");
        problem(res, 401).await;
    }
});

both!(bad_requests_are_problems, |app| {
    // Malformed JSON.
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    problem(res, 400).await;
    // Wrong content type.
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    problem(res, 415).await;
    // Over the body limit (64 KiB).
    let huge = json!({"name": "x".repeat(100_000), "email": "a@b.co", "password": PASSWORD});
    let res = app.client.post(app.url("/api/v1/accounts")).json(&huge).send().await.unwrap();
    problem(res, 413).await;
    // Missing fields.
    let res = app.post_json("/api/v1/accounts", json!({"email": "a@example.com"}), None).await;
    problem(res, 422).await;
    // Invalid fields, each named.
    let res = app.post_json("/api/v1/accounts", json!({"name": "", "email": "nope", "password": "short"}), None).await;
    let p = problem(res, 422).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "email", "password"]);
    assert_eq!(p["errors"][1]["code"], "email-malformed");
    assert_eq!(p["errors"][2]["message"], "Use at least 12 characters.");
    let res = app
        .post_json(
            "/api/v1/accounts",
            json!({"name": "A", "email": "a@example.com", "password": "qwertyuiop123"}),
            None,
        )
        .await;
    assert_eq!(problem(res, 422).await["errors"][0]["code"], "password-common");
    // Unknown route under /api.
    let res = app.get("/api/v1/no-such-thing").await;
    problem(res, 404).await;
    let res = app.get("/api/nowhere").await;
    problem(res, 404).await;
    // Wrong credentials.
    let res =
        app.post_json("/api/v1/auth/tokens", json!({"email": "ghost@example.com", "password": PASSWORD}), None).await;
    problem(res, 401).await;
    assert_eq!(crate::helpers::count(&app.db, "SELECT COUNT(*) FROM users").await, 0);
});

both!(duplicate_api_sign_up_answers_the_same, |app| {
    let body = json!({"name": "Twice", "email": "twice@example.com", "password": PASSWORD});
    let a = app.post_json("/api/v1/accounts", body.clone(), None).await;
    let b = app.post_json("/api/v1/accounts", body, None).await;
    assert_eq!(a.status(), 202);
    assert_eq!(b.status(), 202);
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());
    // The unconfirmed owner gets a fresh link rather than a second account.
    for _ in 0..100 {
        if app.mail_count("twice@example.com").await == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(app.mail_count("twice@example.com").await, 2);
    assert_eq!(crate::helpers::count(&app.db, "SELECT COUNT(*) FROM users").await, 1);
});

both!(openapi_documents_the_routes, |app| {
    let doc: Value = app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["info"]["title"], "Dove Market API");
    for path in
        ["/api/v1/accounts", "/api/v1/auth/tokens", "/api/v1/auth/tokens/current", "/api/v1/me", "/api/v1/me/store"]
    {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let docs = app.get("/api/docs").await;
    assert_eq!(docs.status(), 200);
    let html = docs.text().await.unwrap();
    assert!(html.contains("/static/swagger-ui-bundle.") && !html.contains("https://"), "self-hosted, no CDN");
});
