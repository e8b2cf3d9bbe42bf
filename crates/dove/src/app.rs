//! Building and running the server.
use crate::cards::{SandboxCards, StripeCards};
use crate::config::{Config, StorageConfig};
use crate::mail::{SinkMailer, SmtpMailer};
use crate::payments::{DarajaMpesa, SandboxMpesa};
use crate::photos::ObjectPhotoStorage;
use crate::search::NodeSearch;
use crate::sms::{HttpSms, SinkSms};
use anyhow::Context;
use dove_domain::cards::{CardGateway, SandboxCheckout};
use dove_domain::clock::Clock;
use dove_domain::mail::{DevMailbox, Mailer, OutboxBell, Site};
use dove_domain::payments::PaymentsConfig;
use dove_domain::payments::{MpesaGateway, SandboxPhone};
use dove_domain::payouts::PayoutGateway;
use dove_domain::photos::PhotoStorage;
use dove_domain::sms::SmsSender;
use dove_store::Db;
use dove_web::{AppState, Metrics, Services, ViewCounter, WebConfig};
use rand::RngCore;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Opens the configured database and applies migrations.
pub async fn open_db(storage: &StorageConfig) -> anyhow::Result<Db> {
    let db = match &storage.database_url {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Db::open_postgres(url, 16).await.context("connecting to PostgreSQL")?
        }
        Some(other) => {
            anyhow::bail!("DATABASE_URL must start with postgres://, got {:?}", other.split(':').next().unwrap_or(""))
        }
        None => {
            std::fs::create_dir_all(&storage.data_dir)
                .with_context(|| format!("creating {}", storage.data_dir.display()))?;
            Db::open_sqlite(&storage.data_dir.join("dove.sqlite3"), 4).await.context("opening the SQLite database")?
        }
    };
    db.migrate().await.context("applying migrations")?;
    Ok(db)
}

/// The key that signs CSRF tokens and unsubscribe links (each with its own
/// prefix): made once, kept in the database so every node and every
/// restart agrees.
async fn csrf_key(db: &Db) -> anyhow::Result<[u8; 32]> {
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    let stored = db.setting_or_init("csrf_key", &hex).await?;
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(stored.get(i * 2..i * 2 + 2).context("csrf_key setting is malformed")?, 16)?;
    }
    Ok(key)
}

/// What demo and dev mode refuse: they seed known passwords, show every
/// mail at /dev/mail and pay through sandboxes, so they must never face the
/// public (an https URL) or hold real gateway keys.
fn check_mode(config: &Config) -> anyhow::Result<()> {
    if !(config.demo || config.dev) {
        return Ok(());
    }
    let mode = if config.demo { "--demo" } else { "--dev" };
    anyhow::ensure!(
        !config.public_url.starts_with("https://"),
        "{mode} shows every mail at /dev/mail and pays through sandboxes; it refuses an https:// public URL (run without {mode} in production)"
    );
    anyhow::ensure!(
        config.mpesa.is_none() && config.stripe.is_none(),
        "{mode} pays through sandboxes; it refuses real Daraja or Stripe keys (run without {mode} to use them)"
    );
    Ok(())
}

/// The payment gateways. Daraja and Stripe when configured, calling back
/// the public URL. Without credentials: in demo and dev mode the built-in
/// sandboxes, which call this node over loopback as the real ones would
/// call the public URL; in production the gateway is off, never a sandbox
/// (whose payouts "succeed" while no money moves). The callback secret is
/// shared by all nodes through the settings table.
async fn payments_config(
    db: &Db,
    config: &Config,
    listener: &TcpListener,
    dev_mode: bool,
) -> anyhow::Result<PaymentsConfig> {
    let secret = db.setting_or_init("mpesa_callback_secret", &dove_domain::tokens::random_token()).await?;
    let path = format!("/api/v1/payments/mpesa/callback/{secret}");
    let b2c_path = format!("/api/v1/payments/mpesa/b2c/{secret}");
    let public = config.public_url.trim_end_matches('/');
    let local = format!("http://{}", listener.local_addr()?);
    type Mpesa = (Option<Arc<dyn MpesaGateway>>, Option<Arc<dyn PayoutGateway>>, Option<Arc<dyn SandboxPhone>>);
    let ((mpesa, payouts, sandbox), base): (Mpesa, &str) = match &config.mpesa {
        Some(daraja) => {
            let daraja = Arc::new(DarajaMpesa::new(daraja.clone())?);
            ((Some(daraja.clone()), Some(daraja), None), public)
        }
        None if dev_mode => {
            let sandbox = Arc::new(SandboxMpesa::new(db.clone())?);
            ((Some(sandbox.clone()), Some(sandbox.clone()), Some(sandbox)), &local)
        }
        None => {
            tracing::warn!(
                "M-Pesa is off: no Daraja credentials (--mpesa-consumer-key and the rest); paying by M-Pesa, payouts and M-Pesa refunds are not available"
            );
            ((None, None, None), public)
        }
    };
    let (callback_url, b2c_result_url) = (format!("{base}{path}"), format!("{base}{b2c_path}"));
    type Cards = (Option<Arc<dyn CardGateway>>, Option<Arc<dyn SandboxCheckout>>);
    let (cards, card_sandbox): Cards = match &config.stripe {
        Some(stripe) => (Some(Arc::new(StripeCards::new(stripe.clone())?)), None),
        None if dev_mode => {
            let secret = format!("whsec_sandbox_{}", dove_domain::tokens::random_token());
            let sandbox = Arc::new(SandboxCards::new(format!("{local}/api/v1/payments/stripe/webhook"), secret)?);
            (Some(sandbox.clone()), Some(sandbox))
        }
        None => {
            tracing::warn!(
                "card payments are off: no Stripe key (--stripe-secret-key); paying by card and card refunds are not available"
            );
            (None, None)
        }
    };
    Ok(PaymentsConfig {
        mpesa,
        sandbox,
        callback_secret: secret,
        mpesa_wire: Arc::new(crate::payments::DarajaWire),
        callback_url,
        payouts,
        b2c_result_url,
        cards,
        card_sandbox,
        commission_bps: config.commission_bps,
    })
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    /// `/metrics` alone on its own listener (`--metrics-listen`).
    metrics_server: Option<(TcpListener, axum::Router)>,
    db: Db,
    mailer: Arc<dyn Mailer>,
    sms: Arc<dyn SmsSender>,
    payments: Arc<PaymentsConfig>,
    metrics: Arc<Metrics>,
    views: Arc<ViewCounter>,
    site: Site,
    search: Arc<NodeSearch>,
    signing_key: [u8; 32],
    live: Arc<dove_web::Hub>,
    mailbox: Arc<DevMailbox>,
    outbox: Arc<OutboxBell>,
    /// Whether this node runs the periodic jobs (`--no-jobs` turns them off).
    jobs: bool,
    /// The node's clock, which its requests and workers run inside.
    clock: Clock,
}

impl Application {
    /// Opens storage, migrates, seeds demo data if asked, and binds.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        check_mode(&config)?;
        let db = open_db(&config.storage).await?;
        let photos: Arc<dyn PhotoStorage> = Arc::new(ObjectPhotoStorage::from_config(&config.storage)?);
        if config.demo && db.count_users().await? == 0 {
            let report = crate::seed::run(&db, photos.as_ref(), crate::seed::DEMO_LISTINGS, 1).await?;
            tracing::info!(listings = report.listings, "seeded demo data");
            crate::seed::print_logins();
        }
        let mailbox = Arc::new(DevMailbox::default());
        let outbox = Arc::new(OutboxBell::default());
        let mailer: Arc<dyn Mailer> = match &config.smtp_url {
            Some(url) => Arc::new(SmtpMailer::new(url, &config.mail_from)?),
            None => Arc::new(SinkMailer::new(mailbox.clone())),
        };
        let sms: Arc<dyn SmsSender> = match &config.sms {
            Some(c) => Arc::new(HttpSms::new(&c.url, &c.username, &c.api_key, c.from.as_deref())?),
            None => Arc::new(SinkSms::new(mailbox.clone())),
        };
        let metrics = Arc::new(Metrics::default());
        let web = WebConfig {
            dev_mode: config.demo || config.dev,
            secure_cookies: config.public_url.starts_with("https://"),
            body_limit_bytes: config.body_limit_bytes,
            request_timeout_secs: config.request_timeout_secs,
            map_tiles: config.map_tiles.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            metrics_token: config.metrics_token.clone(),
        };
        let views = Arc::new(ViewCounter::default());
        let site = Site::new(&config.public_url);
        let search = Arc::new(NodeSearch::open(&config.storage.data_dir.join("search"))?);
        let signing_key = csrf_key(&db).await?;
        let listener = TcpListener::bind(config.listen).await.with_context(|| format!("binding {}", config.listen))?;
        let metrics_listener = match config.metrics_listen {
            Some(addr) => Some(TcpListener::bind(addr).await.with_context(|| format!("binding {addr} for /metrics"))?),
            None => None,
        };
        let payments = payments_config(&db, &config, &listener, web.dev_mode).await?;
        let services = Services {
            db: db.clone(),
            site: site.clone(),
            csrf_key: signing_key,
            photos,
            metrics: metrics.clone(),
            views: views.clone(),
            search: search.clone(),
            payments,
            mailbox: mailbox.clone(),
            outbox: outbox.clone(),
            clock: config.clock.clone(),
        };
        let state = AppState::new(services, web);
        let live = state.live.clone();
        let payments = state.payments.clone();
        let metrics_server = metrics_listener.map(|l| (l, dove_web::metrics_router(state.clone())));
        let router = dove_web::router(state);
        Ok(Application {
            listener,
            router,
            metrics_server,
            db,
            mailer,
            sms,
            payments,
            metrics,
            views,
            site,
            search,
            signing_key,
            live,
            mailbox,
            outbox,
            jobs: config.jobs,
            clock: config.clock.clone(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Where `/metrics` is served alone, when `--metrics-listen` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_server.as_ref().and_then(|(l, _)| l.local_addr().ok())
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn search(&self) -> Arc<NodeSearch> {
        self.search.clone()
    }

    /// The local sink's mailbox (what `/dev/mail` shows), for tests.
    pub fn mailbox(&self) -> Arc<DevMailbox> {
        self.mailbox.clone()
    }

    /// What wakes the outbox, for tests that make a retry due by hand.
    pub fn outbox_bell(&self) -> Arc<OutboxBell> {
        self.outbox.clone()
    }

    /// Serves until `shutdown` completes; then stops taking connections,
    /// finishes the requests in flight, stops the workers and closes the
    /// database.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let stop_rx_for_metrics = stop_rx.clone();
        let bell = &self.outbox;
        let clock = self.clock.clone();
        let mut workers = vec![
            spawn_in(
                &clock,
                crate::outbox::run(
                    self.db.clone(),
                    self.mailer.clone(),
                    self.sms.clone(),
                    self.metrics.clone(),
                    bell.clone(),
                    stop_rx.clone(),
                ),
            ),
            spawn_in(&clock, crate::workers::flush_views(self.db.clone(), self.views.clone(), stop_rx.clone())),
            spawn_in(&clock, crate::search::run(self.db.clone(), self.search.clone(), stop_rx.clone())),
            spawn_in(&clock, {
                let (live, stop) = (self.live.clone(), stop_rx.clone());
                async move { live.run_listener(stop).await }
            }),
        ];
        if self.jobs {
            workers.extend([
                spawn_in(
                    &clock,
                    crate::workers::warn_expiring(self.db.clone(), self.site.clone(), bell.clone(), stop_rx.clone()),
                ),
                spawn_in(
                    &clock,
                    crate::workers::message_digests(self.db.clone(), self.site.clone(), bell.clone(), stop_rx.clone()),
                ),
                spawn_in(
                    &clock,
                    crate::workers::orders(
                        self.db.clone(),
                        self.site.clone(),
                        self.payments.clone(),
                        bell.clone(),
                        stop_rx.clone(),
                    ),
                ),
                spawn_in(
                    &clock,
                    crate::workers::alerts(
                        self.db.clone(),
                        self.search.clone(),
                        self.site.clone(),
                        self.signing_key,
                        bell.clone(),
                        stop_rx.clone(),
                    ),
                ),
            ]);
        }
        drop(stop_rx);
        tracing::info!(addr = %self.local_addr(), "serving");
        let metrics_server = self.metrics_server.map(|(listener, router)| {
            let mut stop = stop_rx_for_metrics.clone();
            tokio::spawn(async move {
                let stopped = async move {
                    let _ = stop.wait_for(|s| *s).await;
                };
                if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(stopped).await {
                    tracing::error!(error = %e, "the /metrics listener failed");
                }
            })
        });
        // Open event streams would hold the graceful shutdown open forever.
        let live = self.live.clone();
        let shutdown = async move {
            shutdown.await;
            live.close();
        };
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await?;
        let _ = stop_tx.send(true);
        for w in workers.into_iter().chain(metrics_server) {
            let _ = w.await;
        }
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}

/// Spawns a worker inside the node's clock, as requests run (see `Clock`).
fn spawn_in<F>(clock: &Clock, work: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(clock.run(work))
}
