use crate::category_cache::CategoryCache;
use crate::leads::response_cache::ResponseCache;
use crate::messages::live::Hub;
use crate::metrics::Metrics;
use crate::ratelimit::RateLimiter;
use crate::views::ViewCounter;
use dove_domain::clock::Clock;
use dove_domain::mail::{DevMailbox, OutboxBell, Site};
use dove_domain::payments::PaymentsConfig;
use dove_domain::photos::{PhotoPipeline, PhotoStorage};
use dove_domain::search::Searcher;
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
    /// Map tiles, as a Leaflet URL template (`https://…/{z}/{x}/{y}.png`).
    pub map_tiles: String,
    /// Proxies whose `X-Forwarded-For` is believed (`--trusted-proxies`);
    /// from any other peer the header is ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The bearer token `/metrics` asks for; without one, `/metrics` is not
    /// served on this listener.
    pub metrics_token: Option<String>,
}

impl WebConfig {
    /// The Content-Security-Policy: scripts and styles only from this
    /// origin, never inline; images also from the map tile server.
    pub fn csp(&self) -> String {
        let tiles = tile_origin(&self.map_tiles);
        format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: {tiles}; \
             connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// `https://tile.example` from `https://tile.example/{z}/{x}/{y}.png`.
fn tile_origin(template: &str) -> String {
    let Some((scheme, rest)) = template.split_once("://") else {
        return String::new();
    };
    let host = rest.split('/').next().unwrap_or("");
    // Subdomain templates such as {s}.tile.example become a wildcard.
    format!("{scheme}://{}", host.replace("{s}", "*"))
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
    pub pipeline: PhotoPipeline,
    pub views: Arc<ViewCounter>,
    pub csp: Arc<str>,
    pub search: Arc<dyn Searcher>,
    pub categories: Arc<CategoryCache>,
    /// Live updates for open pages (messages, receipts, the unread badge).
    pub live: Arc<Hub>,
    pub response_times: Arc<ResponseCache>,
    pub payments: Arc<PaymentsConfig>,
    /// The local mail sink's messages, for `/dev/mail`.
    pub mailbox: Arc<DevMailbox>,
    /// Wakes the outbox after a request that may have queued mail.
    pub outbox: Arc<OutboxBell>,
    /// This node's clock: every request runs inside it (see `clock::Clock`).
    pub clock: Clock,
    /// Slots for photo uploads, so a node takes only a few at once.
    pub uploads: crate::uploads::UploadSlots,
}

/// The outside parts a web app is built from.
pub struct Services {
    pub db: Db,
    pub site: Site,
    pub csrf_key: [u8; 32],
    pub photos: Arc<dyn PhotoStorage>,
    pub metrics: Arc<Metrics>,
    pub views: Arc<ViewCounter>,
    pub search: Arc<dyn Searcher>,
    pub payments: PaymentsConfig,
    pub mailbox: Arc<DevMailbox>,
    pub outbox: Arc<OutboxBell>,
    pub clock: Clock,
}

impl AppState {
    pub fn new(s: Services, config: WebConfig) -> AppState {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let db = s.db;
        let live = Arc::new(Hub::new(db.clone()));
        AppState {
            csp: config.csp().into(),
            pipeline: PhotoPipeline::new(cores, Default::default()),
            views: s.views,
            search: s.search,
            db,
            site: s.site,
            config: Arc::new(config),
            csrf_key: Arc::new(s.csrf_key),
            photos: s.photos,
            limiter: Arc::new(RateLimiter::default()),
            metrics: s.metrics,
            categories: Arc::new(CategoryCache::default()),
            live,
            response_times: Arc::new(ResponseCache::default()),
            payments: Arc::new(s.payments),
            mailbox: s.mailbox,
            outbox: s.outbox,
            clock: s.clock,
            uploads: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_the_tile_server_only_for_images() {
        let c = WebConfig {
            dev_mode: false,
            secure_cookies: false,
            body_limit_bytes: 1,
            request_timeout_secs: 1,
            map_tiles: "https://{s}.tile.example.org/{z}/{x}/{y}.png".into(),
            trusted_proxies: Vec::new(),
            metrics_token: None,
        };
        let csp = c.csp();
        assert!(csp.contains("img-src 'self' data: https://*.tile.example.org;"), "{csp}");
        assert!(csp.contains("script-src 'self';"));
    }
}
