//! The photo pipeline's pool: the pixel work (`dove-photos`) is CPU-bound,
//! so it runs on blocking threads,
//! at most one per core at a time: uploads queue instead of stalling the
//! async runtime or starving page requests.
use crate::fields::Coded;
use bytes::Bytes;
use dove_photos::{PhotoLimits, PhotoRejection, Processed, process_blocking};
use std::sync::Arc;
use tokio::sync::Semaphore;

impl Coded for PhotoRejection {
    fn code(&self) -> &'static str {
        PhotoRejection::code(self)
    }
}

/// Runs the pipeline on blocking threads, `permits` photos at a time.
#[derive(Clone)]
pub struct PhotoPipeline {
    permits: Arc<Semaphore>,
    limits: PhotoLimits,
}

impl PhotoPipeline {
    pub fn new(concurrency: usize, limits: PhotoLimits) -> PhotoPipeline {
        PhotoPipeline { permits: Arc::new(Semaphore::new(concurrency.max(1))), limits }
    }

    pub async fn process(&self, bytes: Bytes) -> Result<Processed, PhotoRejection> {
        if bytes.len() > self.limits.max_bytes {
            return Err(PhotoRejection::TooLarge);
        }
        let _permit = self.permits.acquire().await.map_err(|_| PhotoRejection::Corrupt)?;
        let limits = self.limits;
        tokio::task::spawn_blocking(move || process_blocking(&bytes, limits))
            .await
            .map_err(|_| PhotoRejection::Corrupt)?
    }
}
