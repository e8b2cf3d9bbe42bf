//! Liveness, readiness and metrics for operators and load balancers.
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use subtle::ConstantTimeEq;

/// The process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; a load balancer sends traffic only when it does.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// `/metrics` on the public listener: only with the configured bearer
/// token (`--metrics-token`). Without a token configured it does not exist
/// there (404); figures such as per-route traffic are for operators only.
async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.config.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    metrics(State(state)).await.into_response()
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut body = state.metrics.render();
    body.push_str(&format!(
        "# HELP dove_live_streams Open live-update (SSE) streams on this node.\n# TYPE dove_live_streams gauge\ndove_live_streams {}\n",
        state.live.streams()
    ));
    body.push_str(&format!(
        "# HELP dove_uploads_in_flight Photo uploads being received on this node.\n# TYPE dove_uploads_in_flight gauge\ndove_uploads_in_flight {}\n",
        state.uploads.in_flight()
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_with_token))
}

/// `/metrics` alone, with no token, for its own listener
/// (`--metrics-listen`): who can reach that address is the operator's choice.
pub fn metrics_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(state)
}
