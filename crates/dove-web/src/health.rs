//! Liveness, readiness and metrics for operators and load balancers.
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

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
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}
