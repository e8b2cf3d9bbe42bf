//! Photo storage through object_store: a local folder by default.
use async_trait::async_trait;
use bytes::Bytes;
use dove_domain::photos::{PhotoError, PhotoStorage};
use object_store::aws::AmazonS3Builder;
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

    /// Photos in an S3-compatible bucket. Credentials and region come from
    /// the usual `AWS_*` environment variables; `endpoint` points at a
    /// non-AWS service (MinIO, R2, Spaces, …).
    pub fn s3(bucket: &str, endpoint: Option<&str>) -> Result<ObjectPhotoStorage, PhotoError> {
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(e) = endpoint {
            builder = builder.with_endpoint(e).with_allow_http(e.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| PhotoError::Storage(e.to_string()))?;
        Ok(ObjectPhotoStorage { store: Arc::new(store) })
    }

    /// The configured store: S3 when a bucket is named, else the data dir.
    pub fn from_config(storage: &crate::config::StorageConfig) -> Result<ObjectPhotoStorage, PhotoError> {
        match &storage.s3_bucket {
            Some(bucket) => ObjectPhotoStorage::s3(bucket, storage.s3_endpoint.as_deref()),
            None => ObjectPhotoStorage::local(&storage.data_dir.join("photos")),
        }
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
