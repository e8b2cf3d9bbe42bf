//! Photo storage: where photo bytes live, behind a trait so a laptop uses a
//! local folder and a deployment uses S3-compatible storage.
//!
//! Photos are stored under content-derived names (`{hash}-{width}.jpg`), so a
//! name never changes meaning and can be cached for a year.
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
}

/// The widths every photo is stored at. Cards use 320 and 640; the listing
/// page adds 1280.
pub const VARIANT_WIDTHS: [u32; 3] = [320, 640, 1280];

/// The stored name of one variant.
pub fn variant_name(key: &str, width: u32) -> String {
    format!("{key}-{width}.jpg")
}

/// Accepts only names this app writes (hex key, a known width, `.jpg`),
/// so a request can never reach outside the photo store.
pub fn is_valid_variant_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".jpg") else {
        return false;
    };
    let Some((key, width)) = stem.rsplit_once('-') else {
        return false;
    };
    (16..=64).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && VARIANT_WIDTHS.iter().any(|w| w.to_string() == width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let n = variant_name("0123456789abcdef0123", 640);
        assert_eq!(n, "0123456789abcdef0123-640.jpg");
        assert!(is_valid_variant_name(&n));
        assert!(!is_valid_variant_name("../etc/passwd"));
        assert!(!is_valid_variant_name("0123456789abcdef0123-641.jpg"));
        assert!(!is_valid_variant_name("0123456789ABCDEF0123-640.jpg"));
        assert!(!is_valid_variant_name("0123456789abcdef0123-640.html"));
    }
}
