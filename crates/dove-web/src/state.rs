use crate::metrics::Metrics;
use crate::ratelimit::RateLimiter;
use dove_domain::mail::Site;
use dove_domain::photos::PhotoStorage;
use dove_store::Db;
use std::sync::Arc;

/// Settings the web layer reads; the binary fills them from its config.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Serve `/dev/*` pages (the mailbox). Only in demo or dev mode.
    pub dev_mode: bool,
    /// Mark cookies `Secure`; true when the public URL is https.
    pub secure_cookies: bool,
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub site: Site,
    pub config: Arc<WebConfig>,
    /// Signs CSRF tokens; shared by all nodes through the settings table.
    pub csrf_key: Arc<[u8; 32]>,
    pub photos: Arc<dyn PhotoStorage>,
    pub limiter: Arc<RateLimiter>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(
        db: Db,
        site: Site,
        config: WebConfig,
        csrf_key: [u8; 32],
        photos: Arc<dyn PhotoStorage>,
        metrics: Arc<Metrics>,
    ) -> AppState {
        AppState {
            db,
            site,
            config: Arc::new(config),
            csrf_key: Arc::new(csrf_key),
            photos,
            limiter: Arc::new(RateLimiter::default()),
            metrics,
        }
    }
}
