//! Photo storage through object_store: a local folder by default.
use async_trait::async_trait;
use bytes::Bytes;
use dove_domain::photos::{PhotoError, PhotoStorage};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use std::sync::Arc;

pub struct ObjectPhotoStorage {
    store: Arc<dyn ObjectStore>,
}

impl ObjectPhotoStorage {
    /// Photos in a folder, created if missing.
    pub fn local(dir: &std::path::Path) -> Result<ObjectPhotoStorage, PhotoError> {
        std::fs::create_dir_all(dir).map_err(|e| PhotoError::Storage(e.to_string()))?;
        let fs = LocalFileSystem::new_with_prefix(dir).map_err(|e| PhotoError::Storage(e.to_string()))?;
        Ok(ObjectPhotoStorage { store: Arc::new(fs) })
    }
}

fn path(name: &str) -> Result<ObjectPath, PhotoError> {
    ObjectPath::parse(name).map_err(|_| PhotoError::BadName)
}

#[async_trait]
impl PhotoStorage for ObjectPhotoStorage {
    async fn put(&self, name: &str, bytes: Bytes) -> Result<(), PhotoError> {
        self.store
            .put(&path(name)?, PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(|e| PhotoError::Storage(e.to_string()))
    }

    async fn get(&self, name: &str) -> Result<Option<Bytes>, PhotoError> {
        match self.store.get(&path(name)?).await {
            Ok(r) => r.bytes().await.map(Some).map_err(|e| PhotoError::Storage(e.to_string())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(PhotoError::Storage(e.to_string())),
        }
    }

    async fn delete(&self, name: &str) -> Result<(), PhotoError> {
        match self.store.delete(&path(name)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(PhotoError::Storage(e.to_string())),
        }
    }
}
