//! `spawn_app(backend)`: the real application, on port 0, with a fresh
//! database, and typed helpers for the requests tests make.
use dove::Application;
use dove::config::{Config, StorageConfig};
use dove_domain::mail::DevMailbox;
use dove_store::Db;
use reqwest::redirect::Policy;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::oneshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Declares one test per backend: `both!(name, |app| { ... })`.
macro_rules! both {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                let ledger = $app.db.clone();
                $body
                $crate::helpers::check_ledger(&ledger).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $app = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await;
                let ledger = $app.db.clone();
                $body
                $crate::helpers::check_ledger(&ledger).await;
            }
        }
    };
}
pub(crate) use both;

/// Runs `$f(backend)` as two tests, `$f::sqlite` and `$f::postgres`, for
/// tests that manage their own apps (restarts, several nodes, processes).
macro_rules! each_backend {
    ($f:ident) => {
        mod $f {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$f($crate::helpers::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$f($crate::helpers::Backend::Postgres).await;
            }
        }
    };
}
pub(crate) use each_backend;

pub const PASSWORD: &str = "correct-horse-battery-42";
/// The bearer token test apps ask for at `/metrics`.
pub const METRICS_TOKEN: &str = "test-metrics-token";

/// Where a test's data lives, so an app can be stopped and started again.
pub struct Storage {
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
}

impl Storage {
    pub async fn new(backend: Backend) -> Storage {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_schema().await),
        };
        Storage { dir, database_url }
    }

    pub fn config(&self) -> Config {
        Config {
            storage: StorageConfig {
                data_dir: self.dir.path().to_path_buf(),
                database_url: self.database_url.clone(),
                s3_bucket: None,
                s3_endpoint: None,
            },
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: "http://127.0.0.1".to_string(),
            demo: false,
            dev: true,
            smtp_url: None,
            mail_from: "Dove Market <no-reply@dove.localhost>".to_string(),
            sms: None,
            commission_bps: 500,
            mpesa: None,
            stripe: None,
            body_limit_bytes: 64 * 1024,
            request_timeout_secs: 15,
            json_logs: false,
            map_tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_string(),
            trusted_proxies: Vec::new(),
            metrics_token: Some(METRICS_TOKEN.to_string()),
            metrics_listen: None,
            // Tests run the jobs' steps themselves, with the clock they
            // choose; a test of the jobs turns them on.
            jobs: false,
            clock: Default::default(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

/// A new, empty schema in the test database, as a URL that selects it.
async fn fresh_schema() -> String {
    let base = std::env::var("DOVE_TEST_DATABASE_URL").expect(
        "DOVE_TEST_DATABASE_URL must point at a PostgreSQL database (see README: Tests); PostgreSQL tests are never skipped",
    );
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&base)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at DOVE_TEST_DATABASE_URL: {e}"));
    sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&pool).await.expect("create schema");
    pool.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}")
}

pub struct TestApp {
    /// The app as its own client (one cookie jar) sees it.
    pub web: Visitor,
    pub search: std::sync::Arc<dove::search::NodeSearch>,
    /// Wakes the app's outbox, after a test makes a retry due by hand.
    pub bell: std::sync::Arc<dove_domain::mail::OutboxBell>,
    /// The app's clock: `advance` moves the app's time, not the test's.
    pub clock: dove_domain::clock::Clock,
    pub storage: Storage,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

/// One browser, or API client, talking to a running app.
pub struct Visitor {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// The node's local mail sink, where its delivered mail lands.
    pub mailbox: std::sync::Arc<DevMailbox>,
}

impl std::ops::Deref for TestApp {
    type Target = Visitor;

    fn deref(&self) -> &Visitor {
        &self.web
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("client")
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let storage = Storage::new(backend).await;
    start(storage, |c| c).await
}

/// Starts the application on `storage`, after `tweak` adjusts its config.
pub async fn start(storage: Storage, tweak: impl FnOnce(Config) -> Config) -> TestApp {
    let _ = tracing_subscriber::fmt().with_env_filter("error").with_test_writer().try_init();
    let config = tweak(storage.config());
    let clock = config.clock.clone();
    let app = Application::build(config).await.expect("application builds");
    let base = format!("http://{}", app.local_addr());
    let db = app.db().clone();
    let mailbox = app.mailbox();
    let search = app.search();
    let bell = app.outbox_bell();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        app.run_until_stopped(async move {
            let _ = rx.await;
        })
        .await
        .expect("server runs");
    });
    TestApp {
        web: Visitor { base, client: client(), db, mailbox },
        search,
        bell,
        clock,
        storage,
        stop: Some(tx),
        server: Some(server),
    }
}

impl TestApp {
    /// A second visitor of the same app, with its own cookies.
    pub fn with_client(app: &TestApp, client: reqwest::Client) -> Visitor {
        Visitor { base: app.base.clone(), client, db: app.db.clone(), mailbox: app.mailbox.clone() }
    }

    /// Stops the server (finishing requests in flight) and returns its storage.
    pub async fn stop(mut self) -> Storage {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.server.take() {
            h.await.expect("server task");
        }
        self.storage
    }
}

impl Visitor {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// `/metrics`, with the test apps' token.
    pub async fn metrics(&self) -> String {
        let res = self.client.get(self.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.expect("request");
        assert_eq!(res.status(), 200, "/metrics with the token");
        res.text().await.expect("body")
    }

    /// A form post carrying the CSRF token of this client's current page.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.client.post(self.url(path)).form(&all).send().await.expect("request")
    }

    /// The CSRF token pages give this client now.
    pub async fn csrf(&self) -> String {
        let html = self.text("/password/forgot").await;
        extract_csrf(&html).expect("the page has a CSRF field")
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value, token: Option<&str>) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    /// Waits for the outbox worker to deliver a mail to `to` whose subject
    /// contains `subject`, and returns its body.
    pub async fn wait_for_mail(&self, to: &str, subject: &str) -> String {
        for _ in 0..500 {
            let inbox = self.mailbox.list(DevMailbox::KEEP);
            if let Some(m) = inbox.into_iter().find(|m| m.mail.to == to && m.mail.subject.contains(subject)) {
                return m.mail.body_text;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("no mail to {to} with subject containing {subject:?}");
    }

    /// The newest text message to `to` (E.164) that `since` texts had not
    /// reached yet, once the outbox has delivered it.
    pub async fn wait_for_text(&self, to: &str, since: usize) -> String {
        for _ in 0..500 {
            let texts: Vec<String> = self
                .mailbox
                .list(DevMailbox::KEEP)
                .into_iter()
                .filter(|m| m.channel == dove_domain::mail::Channel::Sms && m.mail.to == to)
                .map(|m| m.mail.body_text)
                .collect();
            if texts.len() > since {
                return texts[0].clone();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("no new text to {to}");
    }

    /// How many texts `to` (E.164) has received.
    pub fn text_count(&self, to: &str) -> usize {
        self.mailbox
            .list(DevMailbox::KEEP)
            .iter()
            .filter(|m| m.channel == dove_domain::mail::Channel::Sms && m.mail.to == to)
            .count()
    }

    /// Proves `phone` for the account behind `token` as its owner would:
    /// asks for a code through the API, reads it off the text the SMS sink
    /// received, and types it back.
    pub async fn verify_phone(&self, token: &str, phone: &str) {
        let e164 = dove_domain::accounts::Phone::parse(phone).expect("a phone").as_str().to_string();
        let before = self.text_count(&e164);
        let res = self.post_json("/api/v1/me/phone/code", serde_json::json!({"phone": phone}), Some(token)).await;
        assert_eq!(res.status(), 202, "{}", res.text().await.unwrap_or_default());
        let text = self.wait_for_text(&e164, before).await;
        let code = code_in(&text);
        let res = self.post_json("/api/v1/me/phone/verify", serde_json::json!({"code": code}), Some(token)).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    }

    /// How many mails `to` has received.
    pub async fn mail_count(&self, to: &str) -> usize {
        self.mailbox.list(DevMailbox::KEEP).iter().filter(|m| m.mail.to == to).count()
    }

    /// Signs up through the page and confirms through the mailed link; the
    /// client ends up signed in.
    pub async fn sign_up_confirmed(&self, name: &str, email: &str) {
        let res =
            self.post_form("/signup", &[("name", name), ("email", email), ("phone", ""), ("password", PASSWORD)]).await;
        assert_eq!(res.status(), 200, "sign-up page answers 200");
        let body = self.wait_for_mail(email, "Confirm your email").await;
        let token = token_in(&body, "/account/verify?token=");
        let res = self.post_form("/account/verify", &[("token", &token), ("password", PASSWORD)]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/account?notice=email-confirmed");
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/signin", &[("email", email), ("password", password), ("next", "")]).await
    }

    /// A bearer token for a confirmed account.
    pub async fn api_token(&self, email: &str, password: &str) -> String {
        let res = self
            .post_json("/api/v1/auth/tokens", serde_json::json!({"email": email, "password": password}), None)
            .await;
        assert_eq!(res.status(), 201);
        let v: serde_json::Value = res.json().await.expect("json");
        v["token"].as_str().expect("token").to_string()
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// The token after `prefix` in a mail body.
pub fn token_in(body: &str, prefix: &str) -> String {
    let start = body.find(prefix).unwrap_or_else(|| panic!("no {prefix} in {body}")) + prefix.len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

pub fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
}

/// The 6-digit code in a text.
pub fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a 6-digit code in the text").to_string()
}

/// Runs one SQL statement directly, for tests that must reach past the
/// application (expiring a link, say).
pub async fn exec(db: &Db, sql: &str) {
    dove_store::testing::execute(db, sql, &[]).await.expect("statement runs");
}

/// Run after every storage test: the books add up. Every ledger transaction
/// sums to zero; every balance the app reports equals the sum of its
/// account's entries, added up here entry by entry; and escrow holds, for
/// each order paid once, exactly what the order still holds (its total less
/// refunds while paid, handed over or disputed; nothing once completed or
/// refunded); and escrow is never below zero, for any order or seller.
pub async fn check_ledger(db: &Db) {
    use dove_domain::ledger::LedgerRepo;
    let entries: Vec<(String, String, i64, Option<String>)> =
        dove_store::testing::fetch_all(db, "SELECT txn_id, account, amount_minor, order_id FROM ledger_entries", &[])
            .await
            .expect("ledger reads");
    let mut txns = std::collections::HashMap::<&str, i64>::new();
    let mut accounts = std::collections::HashMap::<&str, i64>::new();
    let mut escrow = std::collections::HashMap::<&str, i64>::new();
    for (txn, account, amount, order) in &entries {
        *txns.entry(txn).or_default() += amount;
        *accounts.entry(account).or_default() += amount;
        if account.starts_with("escrow:") {
            *escrow.entry(order.as_deref().unwrap_or("")).or_default() += amount;
        }
    }
    for (txn, sum) in &txns {
        assert_eq!(*sum, 0, "ledger transaction {txn} does not balance");
    }
    // Escrow never pays out more than came in: not for any order, not for
    // any seller.
    for (order, held) in &escrow {
        assert!(*held >= 0, "escrow for order {order} is below zero: {held}");
    }
    for (account, sum) in &accounts {
        assert!(!account.starts_with("escrow:") || *sum >= 0, "escrow account {account} is below zero: {sum}");
    }
    for (account, sum) in &accounts {
        assert_eq!(db.balance(account, "KES").await.expect("balance"), *sum, "balance of {account}");
    }
    let orders: Vec<(String, String, i64, i64)> = dove_store::testing::fetch_all(
        db,
        "SELECT o.id, o.status, o.total_minor, o.refunded_minor FROM orders o \
         WHERE (SELECT COUNT(*) FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded') = 1",
        &[],
    )
    .await
    .expect("orders read");
    for (id, status, total, refunded) in orders {
        let held = match status.as_str() {
            "paid" | "fulfilled" | "disputed" => total - refunded,
            "completed" | "refunded" => 0,
            _ => continue,
        };
        assert_eq!(escrow.get(id.as_str()).copied().unwrap_or(0), held, "escrow for order {id} ({status})");
    }
}

pub async fn count(db: &Db, sql: &str) -> i64 {
    let (n,): (i64,) = dove_store::testing::fetch_one(db, sql, &[]).await.expect("query runs");
    n
}

/// One text value from the database.
pub async fn text_value(db: &Db, sql: &str) -> String {
    let (s,): (String,) = dove_store::testing::fetch_one(db, sql, &[]).await.expect("query runs");
    s
}

/// Payments through `mpesa` alone (no payouts, no cards), for tests that
/// run a payment step against a gateway of their own.
pub fn mpesa_only(mpesa: impl dove_domain::payments::MpesaGateway + 'static) -> dove_domain::payments::PaymentsConfig {
    dove_domain::payments::PaymentsConfig {
        mpesa: Some(std::sync::Arc::new(mpesa)),
        sandbox: None,
        callback_secret: String::new(),
        mpesa_wire: std::sync::Arc::new(dove::payments::DarajaWire),
        callback_url: String::new(),
        payouts: None,
        b2c_result_url: String::new(),
        cards: None,
        card_sandbox: None,
        commission_bps: 500,
    }
}
