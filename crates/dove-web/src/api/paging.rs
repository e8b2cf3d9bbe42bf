//! Paged lists in the API: the `before` cursor a client sends back, and the
//! `Link: <…>; rel="next"` header pointing at the next page.
use crate::errors::ApiError;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dove_domain::FieldErrors;
use dove_domain::paging::Cursor;
use serde::Serialize;

/// The page to start from; an unreadable cursor is a 400.
pub fn cursor(before: Option<&str>) -> Result<Option<Cursor>, ApiError> {
    match before.filter(|b| !b.is_empty()) {
        None => Ok(None),
        Some(b) => Cursor::parse(b)
            .map(Some)
            .ok_or_else(|| ApiError::InvalidQuery(FieldErrors::single("before", "cursor-invalid"))),
    }
}

/// The list as JSON, with a link to the next page when there is one;
/// `path` is the list's path and query, without the cursor.
pub fn page<T: Serialize>(list: Vec<T>, path: &str, next: Option<Cursor>) -> Response {
    let mut res = Json(list).into_response();
    if let Some(next) = next {
        let sep = if path.contains('?') { '&' } else { '?' };
        if let Ok(v) = HeaderValue::from_str(&format!("<{path}{sep}before={}>; rel=\"next\"", next.encode())) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    res
}
