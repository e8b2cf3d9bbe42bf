//! Issue 12, the edges: the client's address behind proxies, the sign-in
//! lockout, modes that must fail closed, /metrics, and the daily text cap.
//! Each test performs the attack it guards against, on both backends.
use crate::helpers::{
    Backend, METRICS_TOKEN, PASSWORD, Storage, TestApp, Visitor, both, count, each_backend, exec, start, text_value,
};
use crate::orders::{buyer, order, product};
use async_trait::async_trait;
use dove::Application;
use dove::config::Config;
use dove_domain::mail::{MailError, Mailer, WrittenMail};
use dove_domain::sms::{OutgoingSms, SmsError, SmsSender, TEXTS_PER_NUMBER_PER_DAY};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;
use std::sync::Mutex;

/// A browser whose every request carries `X-Forwarded-For: xff`.
fn forwarded(app: &TestApp, xff: &str) -> Visitor {
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", HeaderValue::from_str(xff).unwrap());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    TestApp::with_client(app, client)
}

/// An app that believes X-Forwarded-For from loopback, as behind a proxy
/// on the same host.
async fn behind_proxy(backend: Backend) -> TestApp {
    start(Storage::new(backend).await, |mut c| {
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        c
    })
    .await
}

/// Asks for a reset mail, as the form does; the status it gets.
async fn ask_reset(v: &Visitor, email: &str) -> u16 {
    v.post_form("/password/forgot", &[("email", email)]).await.status().as_u16()
}

both!(a_forged_forwarded_for_from_an_untrusted_peer_picks_no_key, |app| {
    // No proxy is trusted. The audit trail records the peer, not what the
    // header claims.
    let (_, id) = product(&app, "xff-seller@example.com", "xff-seller", 2).await;
    let token = buyer(&app, "xff-buyer@example.com").await;
    let liar = forwarded(&app, "203.0.113.200");
    let (status, o) =
        order(&liar, &token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!(status, 201, "{o}");
    let origin = text_value(
        &app.db,
        &format!("SELECT origin FROM order_events WHERE order_id = '{}'", o["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(origin, "127.0.0.1");

    // Each request claims another address, to get a fresh bucket each
    // time; they all share the peer's, and the limit (10) answers.
    let mut refused_at = None;
    for i in 0..11 {
        let v = forwarded(&app, &format!("203.0.113.{i}"));
        if ask_reset(&v, &format!("someone{i}@example.com")).await == 429 {
            refused_at = Some(i);
            break;
        }
    }
    assert!(refused_at.is_some(), "the forged header was believed");
});

async fn behind_a_trusted_proxy_each_client_has_its_own_bucket_and_audit_address(backend: Backend) {
    let app = behind_proxy(backend).await;
    let ledger = app.db.clone();
    // One client uses up the reset mail of its address...
    let noisy = forwarded(&app, "203.0.113.1");
    for i in 0..10 {
        assert_eq!(ask_reset(&noisy, &format!("noisy{i}@example.com")).await, 200);
    }
    assert_eq!(ask_reset(&noisy, "noisy-more@example.com").await, 429);
    // ...and cannot borrow another's by putting it first in the header:
    // the proxy appended the real one, the rightmost untrusted hop.
    let sly = forwarded(&app, "203.0.113.2, 203.0.113.1");
    assert_eq!(ask_reset(&sly, "sly@example.com").await, 429);
    // Everyone else behind the same proxy is untouched.
    let quiet = forwarded(&app, "203.0.113.2");
    assert_eq!(ask_reset(&quiet, "quiet@example.com").await, 200);

    // The audit trail records the forwarded address, through a chain of
    // proxies (the left hop is the client's forgery).
    let (_, id) = product(&app, "xff-seller@example.com", "xff-seller", 2).await;
    let token = buyer(&app, "xff-buyer@example.com").await;
    let shopper = forwarded(&app, "6.6.6.6, 198.51.100.23, 127.0.0.5");
    let (status, o) =
        order(&shopper, &token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!(status, 201, "{o}");
    let order_id = o["id"].as_str().unwrap().to_string();
    let origin = text_value(&app.db, &format!("SELECT origin FROM order_events WHERE order_id = '{order_id}'")).await;
    assert_eq!(origin, "198.51.100.23");
    let res = shopper.post_json(&format!("/api/v1/orders/{order_id}/cancel"), json!({}), Some(&token)).await;
    assert_eq!(res.status(), 200);
    let origins = count(
        &app.db,
        &format!("SELECT COUNT(*) FROM order_events WHERE order_id = '{order_id}' AND origin = '198.51.100.23'"),
    )
    .await;
    assert_eq!(origins, 2, "placing and cancelling both record the client");
    crate::helpers::check_ledger(&ledger).await;
}
each_backend!(behind_a_trusted_proxy_each_client_has_its_own_bucket_and_audit_address);

async fn wrong_guesses_from_one_address_do_not_lock_the_owner_out(backend: Backend) {
    let app = behind_proxy(backend).await;
    let ledger = app.db.clone();
    let owner = forwarded(&app, "198.51.100.10");
    owner.sign_up_confirmed("Owner", "owner@example.com").await;
    owner.post_form("/signout", &[]).await;

    // The attacker guesses from address A until the lockout answers.
    let attacker = forwarded(&app, "203.0.113.66");
    attacker.get("/signin").await;
    for _ in 0..10 {
        assert_eq!(attacker.sign_in("owner@example.com", "guess-guess-guess-1").await.status(), 401);
    }
    assert_eq!(attacker.sign_in("owner@example.com", "guess-guess-guess-2").await.status(), 429);
    assert_eq!(attacker.sign_in("owner@example.com", PASSWORD).await.status(), 429, "A stays limited");
    let res = attacker
        .post_json("/api/v1/auth/tokens", json!({"email": "owner@example.com", "password": PASSWORD}), None)
        .await;
    assert_eq!(res.status(), 429, "the API shares A's limit");

    // The owner, from address B, signs in on the page and through the API.
    let res = owner.sign_in("owner@example.com", PASSWORD).await;
    assert_eq!(res.status(), 303, "the owner is not locked out");
    let res =
        owner.post_json("/api/v1/auth/tokens", json!({"email": "Owner@example.com", "password": PASSWORD}), None).await;
    assert_eq!(res.status(), 201);
    crate::helpers::check_ledger(&ledger).await;
}
each_backend!(wrong_guesses_from_one_address_do_not_lock_the_owner_out);

/// Production: neither demo nor dev mode, and no gateway credentials.
async fn production(backend: Backend) -> TestApp {
    production_on(Storage::new(backend).await).await
}

async fn production_on(storage: Storage) -> TestApp {
    start(storage, |mut c| {
        c.dev = false;
        c.demo = false;
        c
    })
    .await
}

async fn dev_pages_are_not_found_outside_demo_and_dev(backend: Backend) {
    let app = production(backend).await;
    for path in ["/dev/mail", "/dev/mail/0190a000-0000-7000-8000-000000000000", "/dev/payments", "/dev/card/x"] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    for path in ["/dev/payments/x/accept", "/dev/card/x/paid"] {
        assert_eq!(app.post_form(path, &[]).await.status(), 404, "{path}");
    }
    // The same app in dev mode has them.
    let storage = app.stop().await;
    let app = start(storage, |c| c).await;
    assert_eq!(app.get("/dev/mail").await.status(), 200);
    assert_eq!(app.get("/dev/payments").await.status(), 200);
}
each_backend!(dev_pages_are_not_found_outside_demo_and_dev);

async fn without_gateway_credentials_paying_is_refused_and_writes_nothing(backend: Backend) {
    let app = production(backend).await;
    let ledger = app.db.clone();
    let (seller_token, id) = product(&app, "off-seller@example.com", "off-seller", 2).await;
    let buyer_pages = TestApp::with_client(&app, crate::helpers::client());
    buyer_pages.sign_up_confirmed("Buyer", "off-buyer@example.com").await;
    let token = app.api_token("off-buyer@example.com", PASSWORD).await;
    let (status, o) = order(&app, &token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!(status, 201, "{o}");
    let order_id = o["id"].as_str().unwrap().to_string();

    // The API: a clear 409 problem, nothing written, not even the
    // idempotency record.
    for (path, body, says) in [
        ("pay", json!({"phone": "0712345678"}), "Paying by M-Pesa is not available"),
        ("pay-card", json!({}), "Paying by card is not available"),
    ] {
        let res = app
            .client
            .post(app.url(&format!("/api/v1/orders/{order_id}/{path}")))
            .bearer_auth(&token)
            .header("Idempotency-Key", format!("k-{path}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{path}");
        assert_eq!(res.headers().get("content-type").unwrap(), "application/problem+json");
        let p: serde_json::Value = res.json().await.unwrap();
        assert!(p["detail"].as_str().unwrap().contains(says), "{p}");
    }
    // The page says so instead of offering the forms, and a post anyway is
    // refused with the reason.
    let html = buyer_pages.text(&format!("/orders/{order_id}")).await;
    assert!(html.contains("Paying by M-Pesa is not available") && html.contains("Paying by card is not available"));
    assert!(!html.contains(&format!("action=\"/orders/{order_id}/pay\"")));
    let res = buyer_pages.post_form(&format!("/orders/{order_id}/pay"), &[("phone", "0712345678")]).await;
    assert_eq!(res.status(), 409);
    let res = buyer_pages.post_form(&format!("/orders/{order_id}/pay-card"), &[]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("Paying by card is not available"));
    // In Swahili too.
    buyer_pages.get("/lang/sw").await;
    assert!(buyer_pages.text(&format!("/orders/{order_id}")).await.contains("Kulipa kwa M-Pesa hakupatikani"));

    // Payouts: no form, a reason, and a 409 from the API.
    let seller_pages = TestApp::with_client(&app, crate::helpers::client());
    assert_eq!(seller_pages.sign_in("off-seller@example.com", PASSWORD).await.status(), 303);
    let html = seller_pages.text("/account/money").await;
    assert!(html.contains("Payouts to M-Pesa are not available"), "{html}");
    let res = seller_pages.post_form("/account/money", &[("amount", "100"), ("phone", "0712345678")]).await;
    assert_eq!(res.status(), 409);
    let res = app
        .post_json("/api/v1/me/payouts", json!({"amount_minor": 10_000, "phone": "0712345678"}), Some(&seller_token))
        .await;
    assert_eq!(res.status(), 409);

    for table in ["payments", "payouts", "idempotency_keys"] {
        assert_eq!(count(&app.db, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
    let status = text_value(&app.db, &format!("SELECT status FROM orders WHERE id = '{order_id}'")).await;
    assert_eq!(status, "pending_payment");
    crate::helpers::check_ledger(&ledger).await;
}
each_backend!(without_gateway_credentials_paying_is_refused_and_writes_nothing);

/// A prompt sent while M-Pesa was on, answered after the node came back
/// without its credentials: the buyer's money is still applied (the order
/// is paid), not refused with the money taken.
async fn a_late_callback_is_applied_with_the_gateway_off(backend: Backend) {
    let app = start(Storage::new(backend).await, |c| c).await;
    let (_, id) = product(&app, "late-seller@example.com", "late-seller", 2).await;
    let token = buyer(&app, "late-buyer@example.com").await;
    let (status, o) = order(&app, &token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!(status, 201, "{o}");
    let (order_id, total) = (o["id"].as_str().unwrap().to_string(), o["total_minor"].as_i64().unwrap());
    let pay = format!("/api/v1/orders/{order_id}/pay");
    assert_eq!(app.post_json(&pay, json!({"phone": "0712345678"}), Some(&token)).await.status(), 202);
    let checkout = text_value(&app.db, "SELECT checkout_id FROM sandbox_prompts").await;
    let url = text_value(&app.db, "SELECT callback_url FROM sandbox_prompts").await;
    let path = url[url.find("/api/").unwrap()..].to_string();

    let app = production_on(app.stop().await).await;
    let callback = json!({"Body": {"stkCallback": {
        "MerchantRequestID": "m", "CheckoutRequestID": checkout, "ResultCode": 0, "ResultDesc": "ok",
        "CallbackMetadata": {"Item": [{"Name": "Amount", "Value": total / 100}, {"Name": "MpesaReceiptNumber", "Value": "LATE1"}]}}}});
    assert_eq!(app.client.post(app.url(&path)).json(&callback).send().await.unwrap().status(), 200);
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM orders WHERE id = '{order_id}'")).await, "paid");
    crate::helpers::check_ledger(&app.db).await;
}
each_backend!(a_late_callback_is_applied_with_the_gateway_off);

#[derive(clap::Parser)]
struct Flags {
    #[command(flatten)]
    serve: dove::config::ServeArgs,
}

/// Gateway settings as `dove serve` resolves them from these flags.
fn resolved(flags: &[&str]) -> Config {
    use clap::Parser;
    Flags::parse_from(std::iter::once("dove").chain(flags.iter().copied())).serve.resolve().unwrap()
}

async fn demo_and_dev_refuse_https_and_real_gateway_keys(backend: Backend) {
    let storage = Storage::new(backend).await;
    let daraja = resolved(&[
        "--mpesa-consumer-key",
        "k",
        "--mpesa-consumer-secret",
        "s",
        "--mpesa-shortcode",
        "174379",
        "--mpesa-passkey",
        "p",
    ])
    .mpesa;
    let stripe = resolved(&["--stripe-secret-key", "sk_live_x", "--stripe-webhook-secret", "whsec_x"]).stripe;
    assert!(daraja.is_some() && stripe.is_some());
    for (demo, dev) in [(true, false), (false, true)] {
        let base = || Config { demo, dev, ..storage.config() };
        let https = Config { public_url: "https://dove.example".into(), ..base() };
        let refused = Application::build(https).await.err().expect("an https public URL is refused").to_string();
        assert!(refused.contains("https"), "{refused}");
        let keys = Config { mpesa: daraja.clone(), ..base() };
        let refused = Application::build(keys).await.err().expect("Daraja keys are refused").to_string();
        assert!(refused.contains("Daraja or Stripe"), "{refused}");
        let keys = Config { stripe: stripe.clone(), ..base() };
        assert!(Application::build(keys).await.is_err(), "Stripe keys are refused");
    }
    // Production takes both.
    let prod = Config {
        demo: false,
        dev: false,
        public_url: "https://dove.example".into(),
        mpesa: daraja,
        stripe,
        ..storage.config()
    };
    let app = Application::build(prod).await.expect("production starts with https and keys");
    app.db().close().await;
}
each_backend!(demo_and_dev_refuse_https_and_real_gateway_keys);

both!(metrics_need_the_configured_token, |app| {
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let right = app.client.get(app.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
    assert_eq!(right.status(), 200);
    assert!(right.text().await.unwrap().contains("dove_http_requests_total"));
});

async fn metrics_without_a_token_only_on_their_own_listener(backend: Backend) {
    let storage = Storage::new(backend).await;
    let config =
        Config { metrics_token: None, metrics_listen: Some("127.0.0.1:0".parse().unwrap()), ..storage.config() };
    let app = Application::build(config).await.unwrap();
    let (public, private) = (app.local_addr(), app.metrics_addr().expect("a metrics listener"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();
    let res = client.get(format!("http://{public}/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404, "not on the public listener without a token");
    let res = client.get(format!("http://{public}/metrics")).bearer_auth("anything").send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = client.get(format!("http://{private}/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("dove_mail_sent_total"));
    let res = client.get(format!("http://{private}/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 404, "the metrics listener serves nothing else");
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}
each_backend!(metrics_without_a_token_only_on_their_own_listener);

/// Records the numbers texts went to.
#[derive(Default)]
struct Phone(Mutex<Vec<String>>);

#[async_trait]
impl SmsSender for Phone {
    async fn send(&self, sms: &OutgoingSms) -> Result<(), SmsError> {
        self.0.lock().unwrap().push(sms.to.clone());
        Ok(())
    }
}

struct NoMail;

#[async_trait]
impl Mailer for NoMail {
    async fn send(&self, _: &WrittenMail) -> Result<(), MailError> {
        Ok(())
    }
}

async fn queue_text(db: &dove_store::Db, to: &str, n: usize) {
    for _ in 0..n {
        let id = dove_domain::new_id();
        exec(
            db,
            &format!(
                "INSERT INTO mail_outbox (id, channel, to_addr, subject, body_text, created_at, next_attempt_at) \
                 VALUES ('{id}', 'sms', '{to}', '', 'Your code is 123456', 0, 0)"
            ),
        )
        .await;
    }
}

async fn deliver(db: &dove_store::Db, phone: &Phone) {
    let metrics = dove_web::Metrics::default();
    while dove::outbox::deliver_due(db, &NoMail, phone, &metrics).await.unwrap() > 0 {}
}

async fn texts_to_one_number_are_capped_per_day(backend: Backend) {
    // No app runs, so no other outbox worker takes the texts.
    let storage = Storage::new(backend).await;
    let db = dove::open_db(&storage.config().storage).await.unwrap();
    let victim = "+254700000001";
    let cap = TEXTS_PER_NUMBER_PER_DAY as usize;
    // Someone makes the site text a number they typed, again and again.
    queue_text(&db, victim, cap + 3).await;
    queue_text(&db, "+254700000002", 1).await;
    let phone = Phone::default();
    deliver(&db, &phone).await;
    let sent = phone.0.lock().unwrap().clone();
    assert_eq!(sent.iter().filter(|n| *n == victim).count(), cap);
    assert_eq!(sent.iter().filter(|n| *n == "+254700000002").count(), 1, "other numbers are untouched");
    let dropped = format!("SELECT COUNT(*) FROM mail_outbox WHERE to_addr = '{victim}' AND last_error LIKE 'dropped%'");
    assert_eq!(count(&db, &dropped).await, 3, "the rest are dropped, not retried");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL").await, 0);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM mail_outbox WHERE last_error LIKE 'dropped%' AND body_text <> ''").await,
        0
    );
    db.close().await;

    // The count is in the database: a restart (or another node) keeps it.
    let db = dove::open_db(&storage.config().storage).await.unwrap();
    queue_text(&db, victim, 1).await;
    let phone = Phone::default();
    deliver(&db, &phone).await;
    assert!(phone.0.lock().unwrap().is_empty());
    assert_eq!(count(&db, &dropped).await, 4);
    db.close().await;
}
each_backend!(texts_to_one_number_are_capped_per_day);
