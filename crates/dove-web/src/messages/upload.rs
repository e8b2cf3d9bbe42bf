//! A message as a browser or API client posts it with photos: a
//! multipart body with a `body` text field and up to three `photo` files,
//! each streamed to a temporary file (see [`crate::uploads`]).
//! The page form also still posts plain url-encoded text, without photos.
use crate::state::AppState;
use crate::uploads::{self, Spooled, UploadError};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use dove_domain::listings::PhotoRef;
use dove_domain::messages::{self, MAX_MESSAGE_PHOTOS, MessageError};

/// Bodies carrying photos may be this large: three photos of 15 MB each.
pub const MESSAGE_BODY_LIMIT: usize = (MAX_MESSAGE_PHOTOS + 1) * 15 * 1024 * 1024;

#[derive(Default)]
pub struct Upload {
    pub body: String,
    pub files: Vec<Spooled>,
}

pub fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"))
}

/// Reads the text and the non-empty photo fields. The caller has checked
/// that the sender may write here before calling this, and holds an upload
/// slot while it runs.
pub async fn read(req: Request, state: &AppState) -> Result<Upload, UploadError> {
    let mut multipart = Multipart::from_request(req, state).await.map_err(|_| UploadError::Malformed)?;
    let mut body = String::new();
    let too_many = "message-too-many-photos";
    let files =
        uploads::spool_files(&mut multipart, &["photo", "photos"], MAX_MESSAGE_PHOTOS, too_many, |name, value| {
            if name == "body" {
                body = value;
            }
        })
        .await?;
    Ok(Upload { body, files })
}

/// Processes and stores the spooled photos one at a time.
pub async fn store(state: &AppState, files: Vec<Spooled>) -> Result<Vec<PhotoRef>, MessageError> {
    let mut photos = Vec::with_capacity(files.len());
    for f in files {
        let bytes = f.read().await.map_err(|e| MessageError::Store(dove_domain::StoreError::Backend(Box::new(e))))?;
        photos.extend(messages::store_photos(state.photos.as_ref(), &state.pipeline, vec![bytes]).await?);
    }
    Ok(photos)
}
