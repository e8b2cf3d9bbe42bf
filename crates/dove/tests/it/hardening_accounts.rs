//! Issue 12, accounts: each test performs the attack and checks it fails.
//! An account taken before its owner signs up, redirects off the site, live
//! links left in the database, sessions that never end and API tokens that
//! never expire.
use crate::helpers::{
    Backend, PASSWORD, TestApp, Visitor, both, client, count, each_backend, exec, extract_csrf, location, set_cookies,
    start, text_value, token_in,
};
use dove_domain::accounts::AccountRepo;
use dove_domain::clock::{DAY_MS, HOUR_MS, MINUTE_MS, now_ms};
use dove_domain::tokens::hash_token;
use serde_json::{Value, json};
use std::time::Duration;

const ATTACKER_PASSWORD: &str = "attacker-knows-this-1";

/// Signs up through the page, as `visitor`, without confirming.
async fn sign_up(visitor: &Visitor, name: &str, email: &str, password: &str) {
    let res =
        visitor.post_form("/signup", &[("name", name), ("email", email), ("phone", ""), ("password", password)]).await;
    assert_eq!(res.status(), 200);
}

/// The newest confirmation link mailed to `email` other than `not`.
async fn new_confirm_token(app: &TestApp, email: &str, not: &[&str]) -> String {
    for _ in 0..100 {
        let links: Vec<String> = app
            .mailbox
            .list(100)
            .into_iter()
            .filter(|m| m.mail.to == email && m.mail.subject.contains("Confirm your email"))
            .map(|m| token_in(&m.mail.body_text, "/account/verify?token="))
            .collect();
        if let Some(t) = links.into_iter().find(|t| !not.contains(&t.as_str())) {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no new confirmation link for {email}");
}

/// A session and an API token made for `email`'s account straight in the
/// store, as whoever held the account before its owner confirmed it might
/// have them. Returns (session token, API token).
async fn plant_credentials(app: &TestApp, email: &str) -> (String, String) {
    let user_id = text_value(&app.db, &format!("SELECT id FROM users WHERE email = '{email}'")).await;
    let (session, api) = (dove_domain::tokens::random_token(), format!("dove_{}", dove_domain::tokens::random_token()));
    let now = now_ms();
    app.db.insert_session(&hash_token(&session), &user_id, now, now + DAY_MS, None).await.unwrap();
    let id = dove_domain::new_id();
    app.db.insert_api_token(&id, &user_id, &hash_token(&api), "planted", now, now + DAY_MS).await.unwrap();
    (session, api)
}

/// Whether a browser holding `session` is signed in.
async fn session_works(app: &TestApp, session: &str) -> bool {
    let res = bare_client()
        .get(app.url("/account"))
        .header("cookie", format!("dove_session={session}"))
        .send()
        .await
        .unwrap();
    res.status() == 200
}

async fn bearer_works(app: &TestApp, token: &str) -> bool {
    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap();
    res.status() == 200
}

// ---- 1. an account taken before its owner signs up ----------------------

both!(a_sign_up_for_an_unconfirmed_email_starts_the_account_over, |app| {
    let email = "victim@example.com";
    // The attacker registers the victim's address with a password they know.
    let attacker = TestApp::with_client(&app, client());
    sign_up(&attacker, "Mallory", email, ATTACKER_PASSWORD).await;
    let attacker_link = new_confirm_token(&app, email, &[]).await;
    let (planted_session, planted_token) = plant_credentials(&app, email).await;

    // The real owner signs up with their own password and confirms.
    let victim = TestApp::with_client(&app, client());
    sign_up(&victim, "Wanjiru", email, PASSWORD).await;
    let victim_link = new_confirm_token(&app, email, &[&attacker_link]).await;
    let res = victim.post_form("/account/verify", &[("token", &victim_link), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/account?notice=email-confirmed");
    assert!(victim.text("/account").await.contains("Wanjiru"), "the account carries the owner's name");

    // The attacker's password, link, session and token are worth nothing.
    let res = attacker.sign_in(email, ATTACKER_PASSWORD).await;
    assert_eq!(res.status(), 401, "the attacker's password no longer signs in");
    let res =
        attacker.post_form("/account/verify", &[("token", &attacker_link), ("password", ATTACKER_PASSWORD)]).await;
    assert_eq!(res.status(), 400, "the attacker's link died with the new sign-up");
    assert!(!session_works(&app, &planted_session).await);
    assert!(!bearer_works(&app, &planted_token).await);
    let res = app.post_json("/api/v1/auth/tokens", json!({"email": email, "password": ATTACKER_PASSWORD}), None).await;
    assert_eq!(res.status(), 401);
    // The owner's password works, and there is still one account.
    let res = TestApp::with_client(&app, client()).sign_in(email, PASSWORD).await;
    assert_eq!(res.status(), 303);
    assert_eq!(count(&app.db, &format!("SELECT COUNT(*) FROM users WHERE email = '{email}'")).await, 1);
});

both!(an_attacker_signing_up_after_the_owner_cannot_have_them_confirm_it, |app| {
    let email = "second@example.com";
    // The owner signs up first; the attacker then signs up with the same
    // address and a password of their own, so the newest link in the
    // owner's inbox is the one the attacker's sign-up sent.
    let owner = TestApp::with_client(&app, client());
    sign_up(&owner, "Akinyi", email, PASSWORD).await;
    let owner_link = new_confirm_token(&app, email, &[]).await;
    let attacker = TestApp::with_client(&app, client());
    sign_up(&attacker, "Mallory", email, ATTACKER_PASSWORD).await;
    let newest = new_confirm_token(&app, email, &[&owner_link]).await;
    // The owner follows it with their own password: refused, by the field,
    // and the account stays unconfirmed, so the attacker's password opens
    // nothing.
    let res = owner.post_form("/account/verify", &[("token", &newest), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("not the password this account was made with"));
    assert_eq!(
        count(&app.db, &format!("SELECT COUNT(*) FROM users WHERE email = '{email}' AND email_verified_at IS NULL"))
            .await,
        1
    );
    let res = attacker.sign_in(email, ATTACKER_PASSWORD).await;
    assert_ne!(res.status(), 303, "an unconfirmed account does not sign in");
    // That sign-in mailed a fresh link, which the next sign-up ends: wait
    // for it, so that it is not taken for the owner's new one.
    let resent = new_confirm_token(&app, email, &[&owner_link, &newest]).await;
    // Signing up again (as the page says) takes the account back.
    sign_up(&owner, "Akinyi", email, PASSWORD).await;
    let mine = new_confirm_token(&app, email, &[&owner_link, &newest, &resent]).await;
    let res = owner.post_form("/account/verify", &[("token", &mine), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(attacker.sign_in(email, ATTACKER_PASSWORD).await.status(), 401);
});

both!(confirming_an_email_ends_every_other_session_and_token, |app| {
    let email = "confirmer@example.com";
    sign_up(&app.web, "Otieno", email, PASSWORD).await;
    let link = new_confirm_token(&app, email, &[]).await;
    // Whatever was opened on the account before its address was proved.
    let (planted_session, planted_token) = plant_credentials(&app, email).await;
    assert!(session_works(&app, &planted_session).await, "a planted session works until the confirmation");
    assert!(bearer_works(&app, &planted_token).await);

    let res = app.post_form("/account/verify", &[("token", &link), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 303);
    assert!(!session_works(&app, &planted_session).await, "confirming ended the other session");
    assert!(!bearer_works(&app, &planted_token).await, "confirming revoked the API token");
    assert_eq!(app.get("/account").await.status(), 200, "the confirming browser is signed in");
});

// ---- 2. open redirects ---------------------------------------------------

const EVIL: [&str; 5] =
    ["/\t/evil.example", "/\\evil.example", "//evil.example", "https://evil.example", "/\n/evil.example"];

fn next_param(next: &str) -> String {
    form_urlencoded::byte_serialize(next.as_bytes()).collect()
}

/// Where a redirect's Location leads, as a browser reads it: tabs and
/// newlines dropped, backslashes as slashes. Off-site is what this catches.
fn stays_on_site(location: &str) -> bool {
    let read: String = location.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let read = read.replace('\\', "/");
    read.starts_with('/') && !read.starts_with("//")
}

both!(next_never_leads_off_the_site, |app| {
    app.sign_up_confirmed("Njeri", "njeri@example.com").await;
    let visitor = TestApp::with_client(&app, client());
    for evil in EVIL {
        let q = next_param(evil);
        // The language switch.
        let res = app.get(&format!("/lang/en?next={q}")).await;
        assert_eq!(res.status(), 303, "{evil:?}");
        assert_eq!(location(&res), "/", "/lang with next={evil:?}");
        // Sign-in, signed in already (it redirects at once) and by the form.
        let res = app.get(&format!("/signin?next={q}")).await;
        assert!(stays_on_site(&location(&res)), "GET /signin next={evil:?} went to {:?}", location(&res));
        assert_eq!(location(&res), "/account");
        let res = visitor
            .post_form("/signin", &[("email", "njeri@example.com"), ("password", PASSWORD), ("next", evil)])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/account", "POST /signin next={evil:?}");
        // A favourites redirect, signed in and signed out.
        let res = app.post_form("/favourites/0190a0a0-0000-7000-8000-000000000000/remove", &[("next", evil)]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/", "favourites next={evil:?}");
        let stranger = TestApp::with_client(&app, client());
        let res =
            stranger.post_form("/favourites/0190a0a0-0000-7000-8000-000000000000/remove", &[("next", evil)]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/signin?next=%2F", "signed-out favourites next={evil:?}");
    }
    // A real path on the site still comes back.
    let res = app.get("/lang/sw?next=%2Fs%3Fq%3Dflat").await;
    assert_eq!(location(&res), "/s?q=flat");
    let res = app.post_form("/favourites/0190a0a0-0000-7000-8000-000000000000/remove", &[("next", "/saved")]).await;
    assert_eq!(location(&res), "/saved");
});

// ---- 3. live links stored in plain text ---------------------------------

/// Every row of every table, as text, that contains `needle`.
async fn rows_containing(app: &TestApp, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let db = &app.db;
    let schema = db.schema().await.unwrap();
    assert!(schema.contains_key("mail_outbox"), "the scan sees the outbox");
    for (table, t) in &schema {
        for column in t.columns.keys() {
            let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%{needle}%'");
            if count(db, &sql).await > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

both!(sent_mail_leaves_no_live_link_in_the_database, |app| {
    app.sign_up_confirmed("Baraka", "baraka@example.com").await;
    let res = app.post_form("/password/forgot", &[("email", "baraka@example.com")]).await;
    assert_eq!(res.status(), 200);
    let body = app.wait_for_mail("baraka@example.com", "Reset your password").await;
    let token = token_in(&body, "/password/reset?token=");
    // The worker marks it sent just after handing it over.
    for _ in 0..100 {
        if count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL").await, 0);
    assert_eq!(rows_containing(&app, &token).await, Vec::<String>::new(), "the reset token is nowhere in the database");
    // Nor in the SQLite file's free space: deleted bytes are zeroed.
    if let dove_store::Db::Sqlite { .. } = &app.db {
        exec(&app.db, "PRAGMA wal_checkpoint(TRUNCATE)").await;
        let dir = app.storage.data_dir();
        for file in ["dove.sqlite3", "dove.sqlite3-wal"] {
            let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
            let found = bytes.windows(token.len()).any(|w| w == token.as_bytes());
            assert!(!found, "the reset token is in {file}");
        }
    }
    // What was sent is still on record (to whom, which message, when),
    // without its values or body.
    let kept = count(
        &app.db,
        "SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'baraka@example.com' \
         AND message = 'mail-password-reset' AND sent_at IS NOT NULL AND body_text = '' AND args IS NULL",
    )
    .await;
    assert_eq!(kept, 1);
    // The link itself still works: it lives in the mail, not the database.
    assert_eq!(app.get(&format!("/password/reset?token={token}")).await.status(), 200);
    // The confirm link of the sign-up is gone from the database as well.
    let confirm = app.mailbox.list(100).into_iter().find(|m| m.mail.subject.contains("Confirm")).unwrap();
    let confirm = token_in(&confirm.mail.body_text, "/account/verify?token=");
    assert_eq!(rows_containing(&app, &confirm).await, Vec::<String>::new());
});

// ---- 4. sessions ---------------------------------------------------------

both!(a_session_left_unused_for_a_week_ends, |app| {
    app.sign_up_confirmed("Amani", "amani@example.com").await;
    assert_eq!(app.get("/account").await.status(), 200);
    let seen = "SELECT last_seen_at FROM sessions";
    // Time moves on the app's clock. Used within the hour: no write.
    let before = count(&app.db, seen).await;
    app.clock.advance(10 * MINUTE_MS);
    assert_eq!(app.get("/account").await.status(), 200);
    assert_eq!(count(&app.db, seen).await, before, "a session used within the hour is not written again");
    // Over an hour since: touched.
    app.clock.advance(2 * HOUR_MS);
    assert_eq!(app.get("/account").await.status(), 200);
    assert!(count(&app.db, seen).await > app.clock.now_ms() - MINUTE_MS, "touched");
    // Six days idle still works; eight do not.
    app.clock.advance(6 * DAY_MS);
    assert_eq!(app.get("/account").await.status(), 200);
    app.clock.advance(8 * DAY_MS);
    let res = app.get("/account").await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/signin"), "an idle session is signed out");

    // However busy, a session ends 30 days after sign-in.
    let res = app.sign_in("amani@example.com", PASSWORD).await;
    assert_eq!(res.status(), 303);
    for _ in 0..4 {
        app.clock.advance(6 * DAY_MS);
        assert_eq!(app.get("/account").await.status(), 200, "used every six days, it lives on");
    }
    app.clock.advance(6 * DAY_MS + MINUTE_MS);
    assert_eq!(app.get("/account").await.status(), 303, "thirty days after sign-in it ends");
});

/// A plain client: no cookie jar (the site's cookies are Secure, which a
/// client would not send over the loopback's plain http), no redirects.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn cookie_value(res: &reqwest::Response, name: &str) -> Option<String> {
    set_cookies(res)
        .into_iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_string()))
}

async fn https_site_uses_the_host_prefix_and_hsts(backend: Backend) {
    let storage = crate::helpers::Storage::new(backend).await;
    let app = start(storage, |mut c| {
        c.public_url = "https://dove.example".to_string();
        c.dev = false;
        c.demo = false;
        c
    })
    .await;
    dove_domain::accounts::create_admin(&app.db, "secure@example.com", "Secure Admin", PASSWORD).await.unwrap();
    let browser = bare_client();
    let page = browser.get(app.url("/signin")).send().await.unwrap();
    assert_eq!(
        page.headers().get("strict-transport-security").and_then(|v| v.to_str().ok()),
        Some("max-age=31536000"),
        "HSTS on an https site"
    );
    let seed = cookie_value(&page, "dove_csrf").expect("a CSRF seed");
    let csrf = extract_csrf(&page.text().await.unwrap()).unwrap();
    let res = browser
        .post(app.url("/signin"))
        .header("cookie", format!("dove_csrf={seed}"))
        .form(&[("email", "secure@example.com"), ("password", PASSWORD), ("next", ""), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let raw = set_cookies(&res).into_iter().find(|c| c.starts_with("__Host-dove_session=")).expect("a __Host- cookie");
    assert!(raw.contains("; Secure") && raw.contains("Path=/") && !raw.contains("Domain"), "{raw}");
    let session = cookie_value(&res, "__Host-dove_session").unwrap();
    let account = |cookie: String| browser.get(app.url("/account")).header("cookie", cookie).send();
    assert_eq!(account(format!("__Host-dove_session={session}")).await.unwrap().status(), 200);
    // A cookie planted without the prefix (from a sibling subdomain, or
    // over plain http) is not a session here.
    assert_eq!(account(format!("dove_session={session}")).await.unwrap().status(), 303);
    app.stop().await;

    // Over plain http (local dev), the plain name and no HSTS.
    let app = crate::helpers::spawn_app(backend).await;
    let page = app.get("/signin").await;
    assert!(page.headers().get("strict-transport-security").is_none());
    app.sign_up_confirmed("Plain", "plain@example.com").await;
    let res = app.sign_in("plain@example.com", PASSWORD).await;
    assert!(cookie_value(&res, "dove_session").is_some());
    app.stop().await;
}
each_backend!(https_site_uses_the_host_prefix_and_hsts);

// ---- 5. API tokens expire, are listed and revocable ---------------------

async fn token_with_days(app: &TestApp, email: &str, name: &str, days: Option<i64>) -> reqwest::Response {
    let mut body = json!({"email": email, "password": PASSWORD, "name": name});
    if let Some(d) = days {
        body["expires_in_days"] = json!(d);
    }
    app.post_json("/api/v1/auth/tokens", body, None).await
}

async fn list(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.client.get(app.url("/api/v1/auth/tokens")).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Vec<Value>>().await.unwrap()
}

both!(api_tokens_expire_and_only_their_owner_revokes_them, |app| {
    let owner_email = "owner@example.com";
    TestApp::with_client(&app, client()).sign_up_confirmed("Owner", owner_email).await;
    let res = token_with_days(&app, owner_email, "laptop", None).await;
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    let laptop = made["token"].as_str().unwrap().to_string();
    let expires = made["expires_at"].as_i64().unwrap();
    assert!((expires - (now_ms() + 90 * DAY_MS)).abs() < HOUR_MS, "90 days by default");
    let phone: Value = token_with_days(&app, owner_email, "phone", Some(1)).await.json().await.unwrap();
    let phone = phone["token"].as_str().unwrap().to_string();
    for bad in [0, 366, -5] {
        let res = token_with_days(&app, owner_email, "x", Some(bad)).await;
        assert_eq!(res.status(), 422, "{bad} days");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["errors"][0]["field"], "expires_in_days");
    }

    // Listed, newest first, with last use; never the secret.
    let tokens = list(&app, &laptop).await;
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0]["name"], "phone");
    assert_eq!(tokens[1]["name"], "laptop");
    assert!(tokens[1]["last_used_at"].as_i64().is_some(), "the laptop token was just used");
    assert!(!tokens.iter().any(|t| t.to_string().contains(&laptop) || t.to_string().contains(&phone)));
    let laptop_id = tokens[1]["id"].as_str().unwrap().to_string();

    // Expired: the phone token's day has passed.
    app.clock.advance(DAY_MS + MINUTE_MS);
    assert!(!bearer_works(&app, &phone).await, "an expired token is refused");
    assert_eq!(list(&app, &laptop).await.len(), 1);

    // A third party cannot revoke it, by the API or by the page: 404.
    let stranger_email = "stranger@example.com";
    let stranger = TestApp::with_client(&app, client());
    stranger.sign_up_confirmed("Stranger", stranger_email).await;
    let stranger_token = app.api_token(stranger_email, PASSWORD).await;
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/auth/tokens/{laptop_id}")))
        .bearer_auth(&stranger_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = stranger.post_form(&format!("/account/tokens/{laptop_id}/revoke"), &[]).await;
    assert_eq!(res.status(), 404);
    assert!(bearer_works(&app, &laptop).await, "still the owner's");

    // The owner revokes it from the account page (with the CSRF token).
    let owner = TestApp::with_client(&app, client());
    assert_eq!(owner.sign_in(owner_email, PASSWORD).await.status(), 303);
    let page = owner.text("/account").await;
    assert!(page.contains("laptop") && page.contains(&format!("/account/tokens/{laptop_id}/revoke")), "listed");
    let forged = owner.client.post(owner.url(&format!("/account/tokens/{laptop_id}/revoke"))).send().await.unwrap();
    assert_eq!(forged.status(), 403, "no CSRF token, no revocation");
    assert!(bearer_works(&app, &laptop).await);
    let res = owner.post_form(&format!("/account/tokens/{laptop_id}/revoke"), &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/account?notice=token-revoked");
    assert!(!bearer_works(&app, &laptop).await, "revoked");
    assert!(owner.text("/account?notice=token-revoked").await.contains("The token is revoked"));

    // And through the API: 204, then 404 for the dead one.
    let cli = app.api_token(owner_email, PASSWORD).await;
    let cli_id = list(&app, &cli).await[0]["id"].as_str().unwrap().to_string();
    let revoke = |id: String| app.client.delete(app.url(&format!("/api/v1/auth/tokens/{id}"))).bearer_auth(&cli).send();
    assert_eq!(revoke(laptop_id.clone()).await.unwrap().status(), 404, "already revoked");
    assert_eq!(revoke(cli_id.clone()).await.unwrap().status(), 204);
    assert!(!bearer_works(&app, &cli).await);

    // The API document tells the truth about these routes.
    let doc: Value = app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let del = &doc["paths"]["/api/v1/auth/tokens/{id}"]["delete"]["responses"];
    for status in ["204", "401", "404"] {
        assert!(del[status].is_object(), "DELETE documents {status}");
    }
    assert!(doc["paths"]["/api/v1/auth/tokens"]["get"]["responses"]["200"].is_object());
    assert!(doc["paths"]["/api/v1/auth/tokens"]["post"]["responses"]["422"].is_object());
});
