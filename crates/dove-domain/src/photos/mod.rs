//! Photo storage: where photo bytes live, behind a trait so a laptop uses a
//! local folder and a deployment uses S3-compatible storage.
//!
//! Photos are stored under content-derived names (`{hash}-{width}.jpg` and
//! `.webp`), so a name never changes meaning and can be cached for a year.
mod pipeline;

pub use dove_photos::{Format, PhotoLimits, PhotoRejection, Processed, VARIANT_WIDTHS, variant_file};
pub use pipeline::PhotoPipeline;

use async_trait::async_trait;
use bytes::Bytes;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PhotoError {
    #[error("photo storage failed: {0}")]
    Storage(String),
    #[error("not a valid photo name")]
    BadName,
}

#[async_trait]
pub trait PhotoStorage: Send + Sync {
    async fn put(&self, name: &str, bytes: Bytes) -> Result<(), PhotoError>;
    /// `Ok(None)` when there is no such photo.
    async fn get(&self, name: &str) -> Result<Option<Bytes>, PhotoError>;
    /// Removes a file; a missing file is not an error.
    async fn delete(&self, name: &str) -> Result<(), PhotoError>;
}

/// Stores every variant of a processed photo. If one write fails, the ones
/// already written are removed, so a failed upload leaves no files.
pub async fn store_variants(storage: &dyn PhotoStorage, p: &Processed) -> Result<(), PhotoError> {
    for (i, (name, bytes)) in p.variants.iter().enumerate() {
        if let Err(e) = storage.put(name, bytes.clone()).await {
            for (done, _) in &p.variants[..i] {
                let _ = storage.delete(done).await;
            }
            return Err(e);
        }
    }
    Ok(())
}

/// Removes every variant of a photo key (best effort: a leftover file is
/// harmless, a failed request is not).
pub async fn remove_variants(storage: &dyn PhotoStorage, key: &str, webp: bool) {
    for width in VARIANT_WIDTHS {
        let _ = storage.delete(&variant_name(key, width)).await;
        if webp {
            let _ = storage.delete(&variant_file(key, width, Format::Webp)).await;
        }
    }
}

/// The stored name of one JPEG variant.
pub fn variant_name(key: &str, width: u32) -> String {
    variant_file(key, width, Format::Jpeg)
}

/// Accepts only names this app writes (hex key, a known width, `.jpg` or
/// `.webp`), so a request can never reach outside the photo store.
pub fn parse_variant_name(name: &str) -> Option<Format> {
    let (stem, format) = if let Some(s) = name.strip_suffix(".jpg") {
        (s, Format::Jpeg)
    } else if let Some(s) = name.strip_suffix(".webp") {
        (s, Format::Webp)
    } else {
        return None;
    };
    let (key, width) = stem.rsplit_once('-')?;
    let ok = (16..=64).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && VARIANT_WIDTHS.iter().any(|w| w.to_string() == width);
    ok.then_some(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let n = variant_name("0123456789abcdef0123", 640);
        assert_eq!(n, "0123456789abcdef0123-640.jpg");
        assert_eq!(parse_variant_name(&n), Some(Format::Jpeg));
        assert_eq!(parse_variant_name("0123456789abcdef0123-1280.webp"), Some(Format::Webp));
        assert_eq!(parse_variant_name("../etc/passwd"), None);
        assert_eq!(parse_variant_name("0123456789abcdef0123-641.jpg"), None);
        assert_eq!(parse_variant_name("0123456789ABCDEF0123-640.jpg"), None);
        assert_eq!(parse_variant_name("0123456789abcdef0123-640.html"), None);
    }
}
