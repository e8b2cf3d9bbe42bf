//! Running the service: health, metrics, restarts, the outbox, seeding,
//! backups and the first administrator.
use crate::helpers::{Backend, PASSWORD, Storage, both, count, each_backend, exec, start};
use async_trait::async_trait;
use dove_domain::mail::{MailError, Mailer, OutboxRepo, OutgoingMail, WrittenMail};
use std::sync::atomic::{AtomicUsize, Ordering};

both!(health_readiness_and_metrics, |app| {
    assert_eq!(app.text("/healthz").await, "ok");
    assert_eq!(app.text("/readyz").await, "ready");
    app.get("/").await;
    let metrics = app.metrics().await;
    assert!(metrics.contains("dove_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"} 1"), "{metrics}");
    assert!(metrics.contains("dove_http_request_duration_seconds_bucket"));
    assert!(metrics.contains("dove_mail_sent_total 0"));
});

async fn restart_keeps_accounts_sessions_and_queued_mail(backend: Backend) {
    // First run: mail cannot be delivered (nothing listens on port 9), so it stays queued.
    let storage = Storage::new(backend).await;
    let app = start(storage, |mut c| {
        c.smtp_url = Some("smtp://127.0.0.1:9".to_string());
        c
    })
    .await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            serde_json::json!({"name": "Kept", "email": "kept@example.com", "password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(res.status(), 202);
    // A confirmed account with a live session, made directly.
    dove_domain::accounts::create_admin(&app.db, "admin@example.com", "Admin", PASSWORD).await.unwrap();
    assert_eq!(app.sign_in("admin@example.com", PASSWORD).await.status(), 303);
    let client = app.client.clone();
    let base = app.base.clone();
    assert_eq!(client.get(format!("{base}/account")).send().await.unwrap().status(), 200);
    for _ in 0..100 {
        if count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE attempts > 0").await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL").await,
        1,
        "the mail waits in the outbox"
    );
    let storage = app.stop().await;

    // Second run, with the local sink: everything is still there, and the mail goes out.
    let app = start(storage, |c| c).await;
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users").await, 2);
    // Cookies are kept per host, not per port: the same browser is still signed in.
    let res = client.get(format!("{}/account", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200, "the session survived the restart");
    // The failed send's retry falls due: the backoff is at most an hour.
    app.clock.advance(dove_domain::clock::HOUR_MS);
    app.bell.ring();
    let body = app.wait_for_mail("kept@example.com", "Confirm your email").await;
    assert!(body.contains("/account/verify?token="));
}

each_backend!(restart_keeps_accounts_sessions_and_queued_mail);

/// Fails the first `failures` sends, then delivers.
struct Flaky {
    failures: usize,
    calls: AtomicUsize,
    delivered: std::sync::Mutex<Vec<WrittenMail>>,
}

#[async_trait]
impl Mailer for Flaky {
    async fn send(&self, mail: &WrittenMail) -> Result<(), MailError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
            return Err(MailError::Transport("connection refused".into()));
        }
        self.delivered.lock().unwrap().push(mail.clone());
        Ok(())
    }
}

both!(outbox_retries_with_backoff_and_sends_once, |app| {
    let mail = OutgoingMail::new("retry@example.com", "mail-verify").text("name", "Retry").text("link", "/x");
    // Stop the app's own worker from taking it: use a far-future due time.
    let storage_db = app.db.clone();
    let flaky = Flaky { failures: 1, calls: AtomicUsize::new(0), delivered: Default::default() };
    let metrics = dove_web::Metrics::default();
    let sink = dove::sms::SinkSms::new(app.mailbox.clone());
    exec(&storage_db, "DELETE FROM mail_outbox").await;
    storage_db.enqueue_mail(&mail, 0).await.unwrap();
    // Race the app's worker fairly: whoever claims first owns the lease.
    let n = dove::outbox::deliver_due(&storage_db, &flaky, &sink, &metrics).await.unwrap();
    if n == 1 {
        assert_eq!(
            count(
                &storage_db,
                "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL"
            )
            .await,
            1
        );
        let due = count(&storage_db, "SELECT next_attempt_at FROM mail_outbox").await;
        assert!(due > dove_domain::clock::now_ms() + 10_000, "backs off before retrying");
        // Not due yet: nothing happens.
        assert_eq!(dove::outbox::deliver_due(&storage_db, &flaky, &sink, &metrics).await.unwrap(), 0);
        // The retry falls due, for this worker and the app's (one clock).
        app.clock.advance(dove_domain::mail::retry_delay_ms(1) + 1);
        // Whichever worker takes it now sends it exactly once.
        let mut sent = false;
        for _ in 0..100 {
            if count(&storage_db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL").await == 1 {
                sent = true;
                break;
            }
            app.clock.run(dove::outbox::deliver_due(&storage_db, &flaky, &sink, &metrics)).await.unwrap();
        }
        assert!(sent);
        let by_flaky = flaky.delivered.lock().unwrap().len();
        let total = by_flaky + app.mail_count("retry@example.com").await;
        assert_eq!(total, 1, "delivered exactly once");
    } else {
        // The app's worker took it first; it is delivered once all the same.
        app.wait_for_mail("retry@example.com", "Confirm your email").await;
        assert_eq!(app.mail_count("retry@example.com").await, 1);
    }
});

/// Listings the seeding tests make: enough for every kind of listing, few
/// enough that drawing their photos stays quick.
const SEEDED: usize = 12;

async fn seed_titles(backend: Backend, seed: u64) -> (Vec<String>, i64, i64) {
    let storage = Storage::new(backend).await;
    let db = dove::open_db(&storage.config().storage).await.unwrap();
    let photos = dove::photos::ObjectPhotoStorage::local(&storage.data_dir().join("photos")).unwrap();
    let report = dove::seed::run(&db, &photos, SEEDED, seed).await.unwrap();
    assert_eq!(report.listings, SEEDED);
    let rows: Vec<(String, i64)> =
        dove_store::testing::fetch_all(&db, "SELECT title, price_minor FROM listings ORDER BY title, price_minor", &[])
            .await
            .unwrap();
    let listings = count(&db, "SELECT COUNT(*) FROM listings WHERE status = 'published'").await;
    let with_photo = count(&db, "SELECT COUNT(DISTINCT listing_id) FROM listing_photos").await;
    db.close().await;
    (rows.into_iter().map(|(t, p)| format!("{t} {p}")).collect(), listings, with_photo)
}

async fn seed_is_deterministic(backend: Backend) {
    let (a, listings, with_photo) = seed_titles(backend, 7).await;
    let (b, _, _) = seed_titles(backend, 7).await;
    let (c, _, _) = seed_titles(backend, 8).await;
    assert_eq!(a, b, "the same seed makes the same listings");
    assert_ne!(a, c, "another seed makes others");
    assert_eq!(listings, SEEDED as i64);
    assert_eq!(with_photo, SEEDED as i64, "every listing has a photo");
}

each_backend!(seed_is_deterministic);

async fn demo_mode_serves_listings_with_photos(backend: Backend) {
    let storage = Storage::new(backend).await;
    let app = start(storage, |mut c| {
        c.demo = true;
        c
    })
    .await;
    let home = app.text("/").await;
    assert!(home.matches("class=\"card\"").count() >= 20, "the home page shows demo listings");
    let at = home.find("src=\"/media/").expect("cards have photos") + 5;
    let src = &home[at..at + home[at..].find('"').unwrap()];
    let photo = app.get(src).await;
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers().get("content-type").unwrap(), "image/jpeg");
    assert!(photo.headers().get("cache-control").unwrap().to_str().unwrap().contains("immutable"));
    assert!(photo.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert_eq!(app.get("/media/..%2F..%2Fdove.sqlite3").await.status(), 404);
    assert_eq!(app.get("/dev/mail").await.status(), 200, "dev pages in demo mode");
    // A restart in demo mode does not seed twice.
    let storage = app.stop().await;
    let app = start(storage, |mut c| {
        c.demo = true;
        c
    })
    .await;
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listings").await, dove::seed::DEMO_LISTINGS as i64);
}

each_backend!(demo_mode_serves_listings_with_photos);

/// Stops and restarts its app, so it runs outside `both!` (whose ledger
/// check needs the first app's database open).
async fn dev_pages_are_absent_outside_dev_mode(backend: crate::helpers::Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let storage = app.stop().await;
    let app = start(storage, |mut c| {
        c.dev = false;
        c
    })
    .await;
    assert_eq!(app.get("/dev/mail").await.status(), 404);
    assert_eq!(app.get("/dev/mail/anything").await.status(), 404);
}

crate::helpers::each_backend!(dev_pages_are_absent_outside_dev_mode);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_is_a_consistent_copy() {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await;
    app.sign_up_confirmed("Backed Up", "backup@example.com").await;
    let out = app.storage.data_dir().join("backup.sqlite3");
    app.db.backup_sqlite(&out).await.unwrap();
    let copy = dove_store::Db::open_sqlite(&out, 1).await.unwrap();
    assert_eq!(count(&copy, "SELECT COUNT(*) FROM users WHERE email = 'backup@example.com'").await, 1);
}

both!(first_administrator, |app| {
    dove_domain::accounts::create_admin(&app.db, "root@example.com", "Root", PASSWORD).await.unwrap();
    let again = dove_domain::accounts::create_admin(&app.db, "root@example.com", "Root", PASSWORD).await;
    assert!(matches!(again, Err(dove_domain::accounts::AccountError::Exists)));
    let weak = dove_domain::accounts::create_admin(&app.db, "root2@example.com", "Root", "short").await;
    assert!(matches!(weak, Err(dove_domain::accounts::AccountError::Invalid(_))));
    let token = app.api_token("root@example.com", PASSWORD).await;
    let me: serde_json::Value =
        app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["role"], "admin");
});

/// A stand-in SMS provider on the loopback interface: records each post and
/// answers as Africa's Talking does, refusing numbers that end in 0.
async fn fake_sms_provider() -> (String, std::sync::Arc<std::sync::Mutex<Vec<(String, Vec<(String, String)>)>>>) {
    use axum::extract::State;
    type Seen = std::sync::Arc<std::sync::Mutex<Vec<(String, Vec<(String, String)>)>>>;
    async fn messaging(
        State(seen): State<Seen>,
        headers: axum::http::HeaderMap,
        body: String,
    ) -> axum::Json<serde_json::Value> {
        let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        let to = form.iter().find(|(k, _)| k == "to").map(|(_, v)| v.clone()).unwrap_or_default();
        let key = headers.get("apiKey").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        seen.lock().unwrap().push((key, form));
        let (code, status) = if to.ends_with('0') { (403, "InvalidPhoneNumber") } else { (101, "Success") };
        axum::Json(serde_json::json!({"SMSMessageData": {"Recipients": [{"statusCode": code, "status": status}]}}))
    }
    let seen: Seen = Default::default();
    let app = axum::Router::new().route("/version1/messaging", axum::routing::post(messaging)).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/version1/messaging", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn sms_goes_through_the_http_provider() {
    use dove_domain::sms::{OutgoingSms, SmsSender};
    let (url, seen) = fake_sms_provider().await;
    let sms = dove::sms::HttpSms::new(&url, "dove", "secret-key", Some("DOVE")).unwrap();
    let text = OutgoingSms { to: "+254711000223".into(), text: "Dove: a new lead".into() };
    sms.send(&text).await.expect("delivered");
    let (key, form) = seen.lock().unwrap()[0].clone();
    assert_eq!(key, "secret-key");
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(field("username").as_deref(), Some("dove"));
    assert_eq!(field("to").as_deref(), Some("+254711000223"));
    assert_eq!(field("message").as_deref(), Some("Dove: a new lead"));
    assert_eq!(field("from").as_deref(), Some("DOVE"));
    // A refused recipient is an error, so the outbox retries; the error
    // names the reason, not the number.
    let refused = OutgoingSms { to: "+254711000220".into(), text: "x".into() };
    let e = sms.send(&refused).await.unwrap_err().to_string();
    assert!(e.contains("InvalidPhoneNumber") && !e.contains("254711000220"), "{e}");
    // Nobody listening: a transport error.
    let dead = dove::sms::HttpSms::new("http://127.0.0.1:9/version1/messaging", "dove", "k", None).unwrap();
    assert!(dead.send(&text).await.is_err());
}

/// The real `dove serve --demo` binary on a loopback port, as a process a
/// test can kill and start again on the same storage and port.
struct DemoProcess {
    child: std::process::Child,
    base: String,
    client: reqwest::Client,
}

/// A test that fails mid-way leaves no process behind.
impl Drop for DemoProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl DemoProcess {
    /// Seeds a few demo listings (with the demo logins) into `storage`
    /// and starts on it: `serve --demo` seeds only an empty database, and
    /// its sixty listings with photos would take most of the test's time.
    async fn seeded(storage: &Storage, port: u16) -> DemoProcess {
        let db = dove::open_db(&storage.config().storage).await.unwrap();
        let photos = dove::photos::ObjectPhotoStorage::local(&storage.data_dir().join("photos")).unwrap();
        dove::seed::run(&db, &photos, SEEDED, 1).await.unwrap();
        db.close().await;
        DemoProcess::start(storage, port).await
    }

    async fn start(storage: &Storage, port: u16) -> DemoProcess {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dove"));
        cmd.args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(storage.data_dir())
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if let Some(url) = &storage.database_url {
            cmd.env("DATABASE_URL", url);
        }
        let node = DemoProcess {
            child: cmd.spawn().expect("dove starts"),
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
        };
        for _ in 0..600 {
            if node.client.get(node.url("/readyz")).send().await.is_ok_and(|r| r.status() == 200) {
                return node;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("dove did not come up at {}", node.base);
    }

    /// A port nothing listens on yet, to start (and restart) a process on.
    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no shutdown, no flush, nothing after the last answer.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        // Dropped here; killing the reaped process again is a no-op.
    }

    /// An API token for a demo account.
    async fn token(&self, email: &str) -> String {
        let body = serde_json::json!({"email": email, "password": dove::seed::DEMO_PASSWORD});
        let res = self.client.post(self.url("/api/v1/auth/tokens")).json(&body).send().await.unwrap();
        res.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    async fn post(&self, path: &str, token: &str, body: serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).bearer_auth(token).json(&body).send().await.unwrap()
    }

    async fn get_json(&self, path: &str, token: &str) -> serde_json::Value {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap().json().await.unwrap()
    }

    /// The demo seller's live listings.
    async fn seller_listings(&self) -> Vec<serde_json::Value> {
        let seller = self.token("seller@demo.dove.ke").await;
        let mine = self.get_json("/api/v1/me/listings", &seller).await;
        mine.as_array().unwrap().iter().filter(|l| l["status"] == "published").cloned().collect()
    }
}

/// Messages the server answered 201 for are on disk: killing the process
/// with SIGKILL right after the last answer loses none of them.
async fn acknowledged_messages_survive_kill_9(backend: Backend) {
    let storage = Storage::new(backend).await;
    let port = DemoProcess::free_port();
    let node = DemoProcess::seeded(&storage, port).await;
    let buyer = node.token("buyer@demo.dove.ke").await;
    let listing = node.seller_listings().await[0]["id"].clone();
    let res = node
        .post("/api/v1/conversations", &buyer, serde_json::json!({"listing_id": listing, "body": "message 0"}))
        .await;
    assert_eq!(res.status(), 201);
    let conversation =
        res.json::<serde_json::Value>().await.unwrap()["conversation"]["id"].as_str().unwrap().to_string();
    let send = format!("/api/v1/conversations/{conversation}/messages");
    for i in 1..20 {
        let res = node.post(&send, &buyer, serde_json::json!({"body": format!("message {i}")})).await;
        assert_eq!(res.status(), 201);
    }
    node.kill();

    let node = DemoProcess::start(&storage, port).await;
    let thread = node.get_json(&format!("/api/v1/conversations/{conversation}"), &buyer).await;
    let bodies: Vec<&str> =
        thread["messages"].as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..20).map(|i| format!("message {i}")).collect();
    assert_eq!(bodies, expected);
    node.kill();
}

each_backend!(acknowledged_messages_survive_kill_9);

/// Callbacks racing a SIGKILL: after the restart the payment is applied
/// exactly once, whether or not any callback got through before the kill.
async fn payments_survive_kill_9(backend: Backend) {
    let storage = Storage::new(backend).await;
    let port = DemoProcess::free_port();
    let node = DemoProcess::seeded(&storage, port).await;
    let buyer = node.token("buyer@demo.dove.ke").await;
    // Whichever demo product can be bought now.
    let mut order = None;
    'find: for l in node.seller_listings().await {
        for how in ["delivery", "pickup"] {
            let body = serde_json::json!({"listing_id": l["id"], "quantity": 1, "fulfilment": how});
            let res = node.post("/api/v1/orders", &buyer, body).await;
            if res.status() == 201 {
                order = Some(res.json::<serde_json::Value>().await.unwrap());
                break 'find;
            }
        }
    }
    let order = order.expect("a demo product to buy");
    let order_id = order["id"].as_str().unwrap().to_string();
    let total = order["total_minor"].as_i64().unwrap();
    let pay = format!("/api/v1/orders/{order_id}/pay");
    assert_eq!(node.post(&pay, &buyer, serde_json::json!({"phone": "0712345678"})).await.status(), 202);

    let db = dove::open_db(&storage.config().storage).await.unwrap();
    let checkout = crate::helpers::text_value(&db, "SELECT checkout_id FROM sandbox_prompts").await;
    let url = crate::helpers::text_value(&db, "SELECT callback_url FROM sandbox_prompts").await;
    let callback = serde_json::json!({"Body": {"stkCallback": {
        "MerchantRequestID": "m", "CheckoutRequestID": checkout, "ResultCode": 0, "ResultDesc": "ok",
        "CallbackMetadata": {"Item": [{"Name": "Amount", "Value": total / 100}, {"Name": "MpesaReceiptNumber", "Value": "KILL9TEST"}]}}}});
    // Ten copies of the callback at once, and the process killed among them.
    let client = node.client.clone();
    let racing: Vec<_> = (0..10)
        .map(|_| {
            let (client, url, body) = (client.clone(), url.clone(), callback.clone());
            tokio::spawn(async move { client.post(url).json(&body).send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    node.kill();
    for r in racing {
        let _ = r.await;
    }
    let settled_before = count(&db, "SELECT COUNT(*) FROM payments WHERE status = 'succeeded'").await;
    assert!(settled_before <= 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM ledger_entries").await, settled_before * 2, "all or nothing");

    // After the restart, M-Pesa's retry settles it if nothing had, and only once.
    let node = DemoProcess::start(&storage, port).await;
    for _ in 0..3 {
        assert_eq!(client.post(&url).json(&callback).send().await.unwrap().status(), 200);
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM payments WHERE status = 'succeeded'").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM ledger_entries").await, 2);
    let paid = format!("SELECT COUNT(*) FROM orders WHERE id = '{order_id}' AND status = 'paid'");
    assert_eq!(count(&db, &paid).await, 1);
    db.close().await;
    node.kill();
}

each_backend!(payments_survive_kill_9);
