//! A message as a browser or API client posts it with photos: a
//! multipart body with a `body` text field and up to three `photo` files.
//! The page form also still posts plain url-encoded text, without photos.
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use bytes::Bytes;
use dove_domain::FieldErrors;
use dove_domain::messages::MAX_MESSAGE_PHOTOS;

/// Bodies carrying photos may be this large: three photos of 15 MB each.
pub const MESSAGE_BODY_LIMIT: usize = (MAX_MESSAGE_PHOTOS + 1) * 15 * 1024 * 1024;

#[derive(Default)]
pub struct Upload {
    pub body: String,
    pub files: Vec<Bytes>,
}

pub fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"))
}

/// Reads the text and the non-empty photo fields; a body cut off or too
/// large is a field error on `photos`.
pub async fn read(req: Request, state: &AppState) -> Result<Upload, FieldErrors> {
    let malformed = || FieldErrors::single("photos", "photo-upload-failed");
    let mut multipart = Multipart::from_request(req, state).await.map_err(|_| malformed())?;
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| malformed())? {
        match field.name() {
            Some("body") => upload.body = field.text().await.map_err(|_| malformed())?,
            Some("photo" | "photos") => {
                let bytes = field.bytes().await.map_err(|_| FieldErrors::single("photos", "photo-too-large"))?;
                if !bytes.is_empty() {
                    upload.files.push(bytes);
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}
