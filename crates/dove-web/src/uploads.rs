//! Photo uploads as they arrive.
//!
//! Each file part is written to an anonymous temporary file while it
//! streams in, under [`MAX_FILE_BYTES`], so no request holds a whole body in
//! memory; the files are read back one at a time for the photo pipeline.
//! Handlers check who may upload, and how many photos still fit, before
//! they read any of the body, and a node takes at most [`MAX_CONCURRENT`]
//! uploads at once: more would only queue for the same few CPU cores and
//! fill the disk with half-sent files.
use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use bytes::Bytes;
use std::io::SeekFrom;
use std::sync::Arc;
use thiserror::Error;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Uploads one node processes at once.
pub const MAX_CONCURRENT: usize = 8;
/// The largest photo file taken: the photo pipeline's own limit.
pub const MAX_FILE_BYTES: usize = 15 * 1024 * 1024;
/// What a refused upload is told to wait before trying again, in seconds.
pub const RETRY_AFTER_SECS: u64 = 10;

#[derive(Debug, Error)]
pub enum UploadError {
    #[error("this node is busy with other uploads")]
    Busy,
    #[error("a file is larger than allowed")]
    TooLarge,
    /// More files than fit; the code says where (a listing's photos, a message's).
    #[error("more files than fit")]
    TooMany(&'static str),
    #[error("the body is malformed or was cut off")]
    Malformed,
    #[error("temporary file: {0}")]
    Spool(#[from] std::io::Error),
}

impl UploadError {
    /// The field error code shown by the photos field.
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::Busy => "upload-busy",
            UploadError::TooLarge => "photo-too-large",
            UploadError::TooMany(code) => code,
            UploadError::Malformed | UploadError::Spool(_) => "photo-upload-failed",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            UploadError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            UploadError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UploadError::TooMany(_) => StatusCode::UNPROCESSABLE_ENTITY,
            UploadError::Malformed => StatusCode::BAD_REQUEST,
            UploadError::Spool(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<MultipartError> for UploadError {
    fn from(e: MultipartError) -> Self {
        // The body limit shows up as a multipart error with status 413.
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { UploadError::TooLarge } else { UploadError::Malformed }
    }
}

/// The node's upload slots.
#[derive(Clone)]
pub struct UploadSlots(Arc<Semaphore>);

impl Default for UploadSlots {
    fn default() -> Self {
        UploadSlots(Arc::new(Semaphore::new(MAX_CONCURRENT)))
    }
}

impl UploadSlots {
    /// A slot for one upload, held until the permit drops; none free is
    /// [`UploadError::Busy`] at once, never a wait.
    pub fn take(&self) -> Result<OwnedSemaphorePermit, UploadError> {
        self.0.clone().try_acquire_owned().map_err(|_| UploadError::Busy)
    }

    /// Uploads under way, for `/metrics`.
    pub fn in_flight(&self) -> usize {
        MAX_CONCURRENT - self.0.available_permits()
    }
}

/// One file part, on disk.
pub struct Spooled {
    file: tokio::fs::File,
    len: usize,
}

impl Spooled {
    /// The file's bytes, for the photo pipeline.
    pub async fn read(mut self) -> Result<Bytes, UploadError> {
        self.file.seek(SeekFrom::Start(0)).await?;
        let mut buf = Vec::with_capacity(self.len);
        self.file.read_to_end(&mut buf).await?;
        Ok(Bytes::from(buf))
    }
}

/// Streams a file part to a temporary file; more than [`MAX_FILE_BYTES`]
/// stops reading at once. An empty part (a file input left empty) is None.
pub async fn spool(field: &mut Field<'_>) -> Result<Option<Spooled>, UploadError> {
    let mut file: Option<tokio::fs::File> = None;
    let mut len = 0usize;
    while let Some(chunk) = field.chunk().await? {
        // Browsers send an empty file input as a part whose body may come
        // as an empty chunk: that is still no file.
        if chunk.is_empty() {
            continue;
        }
        len += chunk.len();
        if len > MAX_FILE_BYTES {
            return Err(UploadError::TooLarge);
        }
        let f = match &mut file {
            Some(f) => f,
            None => file.insert(tokio::fs::File::from_std(tempfile::tempfile()?)),
        };
        f.write_all(&chunk).await?;
    }
    match file {
        Some(mut f) => {
            f.flush().await?;
            Ok(Some(Spooled { file: f, len }))
        }
        None => Ok(None),
    }
}

/// Spools the non-empty file parts named in `names`, at most `room` of
/// them: the next file part past that is refused (as `too_many`) before any
/// of it is read.
/// Other parts are skipped; text parts the caller wants come back by name
/// through `text` (at most 64 KB each).
pub async fn spool_files(
    multipart: &mut Multipart,
    names: &[&str],
    room: usize,
    too_many: &'static str,
    mut text: impl FnMut(&str, String),
) -> Result<Vec<Spooled>, UploadError> {
    let mut files = Vec::new();
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        if names.contains(&name.as_str()) {
            // An empty file input still sends a part, with no file name.
            if field.file_name().is_some_and(|n| !n.is_empty()) && files.len() >= room {
                return Err(UploadError::TooMany(too_many));
            }
            if let Some(s) = spool(&mut field).await? {
                if files.len() >= room {
                    return Err(UploadError::TooMany(too_many));
                }
                files.push(s);
            }
        } else if field.file_name().is_none() {
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await? {
                value.extend_from_slice(&chunk);
                if value.len() > 64 * 1024 {
                    return Err(UploadError::TooLarge);
                }
            }
            text(&name, String::from_utf8(value).map_err(|_| UploadError::Malformed)?);
        }
    }
    Ok(files)
}
