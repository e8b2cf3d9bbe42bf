//! `Idempotency-Key` for the API's retryable writes: the first response to a
//! key is kept for a day and replayed for the same key and body; the same
//! key with another body is 422, and a retry while the first request still
//! runs is 409. Without the header, the request simply runs.
use crate::errors::ApiError;
use crate::state::AppState;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dove_domain::FieldErrors;
use dove_domain::accounts::User;
use dove_domain::clock::now_ms;
use dove_domain::idempotency::{IdempotencyRepo, MAX_KEY_LEN, Seen};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Runs `handle` once per key and request body.
pub async fn once<B: Serialize, T: Serialize>(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
    body: &B,
    handle: impl AsyncFnOnce() -> Result<(StatusCode, T), ApiError>,
) -> Result<Response, ApiError> {
    let Some(key) = headers.get("idempotency-key") else {
        let (status, value) = handle().await?;
        return Ok((status, axum::Json(value)).into_response());
    };
    let key = key
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_LEN)
        .ok_or_else(|| ApiError::Invalid(FieldErrors::single("idempotency_key", "idempotency-key-invalid")))?;
    let canonical = serde_json::to_string(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let hash: String = Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    match state.db.claim_key(&user.id, key, &hash, now_ms()).await? {
        Seen::New => {}
        Seen::Answered { status, body } => return Ok(replay(status, body)),
        Seen::OtherRequest => {
            return Err(ApiError::Invalid(FieldErrors::single("idempotency_key", "idempotency-key-reused")));
        }
        Seen::Running => {
            return Err(ApiError::Status(
                StatusCode::CONFLICT,
                "A request with this Idempotency-Key is still running.",
            ));
        }
    }
    match handle().await {
        Ok((status, value)) => {
            let json = serde_json::to_string(&value).map_err(|e| ApiError::Internal(e.to_string()))?;
            state.db.keep_response(&user.id, key, status.as_u16(), &json).await?;
            Ok(replay(status.as_u16(), json))
        }
        Err(e) => {
            // Nothing was done: the client may retry with the same key.
            state.db.release_key(&user.id, key).await?;
            Err(e)
        }
    }
}

fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}
