//! Dove Market's web front: server-rendered pages, the JSON API under
//! `/api/v1`, and the static files they need.
//!
//! Every area has a `router()`; [`router`] merges them once, around one
//! [`AppState`]. Pages and API handlers are thin: they parse the request,
//! call the same `dove_domain` service, and render HTML or JSON.
//!
//! Error policy: page handlers return [`PageError`], API handlers return
//! [`ApiError`]. Both log 5xx causes and never show them. Responses that
//! leave a handler (or a tower layer such as the body limit) as a bare error
//! status are dressed by [`errors::dress_errors`]: the friendly HTML page
//! outside `/api`, problem+json inside it.
mod accounts;
mod admin;
mod api;
mod assets;
mod bookings;
mod cart;
mod category_cache;
mod cookies;
mod csrf;
mod ctx;
mod dev;
mod errors;
mod form;
mod health;
mod home;
mod i18n;
mod lang;
mod leads;
mod listings;
mod media;
mod messages;
mod metrics;
mod money;
mod offers;
mod orders;
mod outbox;
mod payments;
mod phone_codes;
mod preferences;
mod ratelimit;
mod reviews;
mod search;
mod security;
mod state;
mod trust;
mod uploads;
mod viewings;
mod views;

pub use errors::{ApiError, PageError};
pub use health::metrics_router;
pub use i18n::{TextWords, write_mail};
pub use messages::live::Hub;
pub use metrics::Metrics;
pub use state::{AppState, Services, WebConfig};
pub use views::ViewCounter;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// One span per request, carrying the request id. Only the path is logged,
/// never the query string: reset and confirmation links carry secrets there.
fn trace_layer() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    impl Fn(&axum::http::Request<axum::body::Body>) -> tracing::Span + Clone,
    tower_http::trace::DefaultOnRequest,
    DefaultOnResponse,
> {
    TraceLayer::new_for_http()
        .make_span_with(|req: &axum::http::Request<axum::body::Body>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            // The M-Pesa callbacks' paths carry their secret: never logged.
            let path = req.uri().path();
            let path = MPESA_CALLBACKS.into_iter().find(|p| path.starts_with(p)).unwrap_or(path);
            tracing::info_span!("request", method = %req.method(), path = %path, request_id = %id)
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
}

/// The M-Pesa callback routes' prefixes; the rest of each path is a secret.
const MPESA_CALLBACKS: [&str; 2] = ["/api/v1/payments/mpesa/callback/", "/api/v1/payments/mpesa/b2c/"];

/// Runs each request inside this node's clock, so that every `now_ms()`
/// below it reads the app's time (a test's moved one, or the system's).
async fn in_clock(
    axum::extract::State(clock): axum::extract::State<dove_domain::clock::Clock>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    clock.run(next.run(req)).await
}

/// The whole application's routes and middleware.
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.body_limit_bytes;
    let timeout = Duration::from_secs(state.config.request_timeout_secs);
    let mut pages = Router::new()
        .merge(home::router())
        .merge(accounts::router())
        .merge(listings::router())
        .merge(search::router())
        .merge(messages::router())
        .merge(leads::router())
        .merge(viewings::router())
        .merge(orders::router())
        .merge(cart::router())
        .merge(bookings::router())
        .merge(money::router())
        .merge(admin::router())
        .merge(offers::router())
        .merge(reviews::router())
        .merge(trust::router())
        .merge(phone_codes::router())
        .merge(preferences::router())
        .merge(lang::router())
        .merge(health::router())
        .merge(media::router())
        .merge(assets::router());
    if state.config.dev_mode {
        pages = pages.merge(dev::router()).merge(payments::sandbox::router());
    }
    let pages =
        pages.nest("/api", api::router()).layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout));
    // Photo uploads get bigger bodies and more time: phones on slow
    // connections send megabytes.
    let uploads = Router::new()
        .merge(listings::upload_router())
        .merge(messages::upload_router())
        .nest("/api/v1", listings::api::upload_router().merge(messages::api::upload_router()))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, listings::UPLOAD_TIMEOUT));
    pages
        .merge(uploads)
        .fallback(errors::not_found)
        .layer(CatchPanicLayer::custom(errors::panic_response))
        .layer(from_fn_with_state(state.clone(), csrf::guard))
        .layer(from_fn_with_state(state.outbox.clone(), outbox::ring_after_writes))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(from_fn(errors::dress_errors))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(trace_layer())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        // Each of these two holds only what it needs (one Arc), not a copy of
        // the whole state per request.
        .layer(from_fn_with_state(state.clock.clone(), in_clock))
        .with_state(state)
}
