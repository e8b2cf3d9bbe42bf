//! Photos, served from the photo store under their content-derived names.
//! Only names this app writes are accepted, the type is always an image, and
//! a sandboxing CSP makes sure no upload can ever run as a page.
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dove_domain::photos::parse_variant_name;

async fn photo(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some(format) = parse_variant_name(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.photos.get(&name).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
                (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox")),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "photo read failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/media/{name}", get(photo))
}
