//! The category list, kept for a second.
//!
//! Every search reads it (to check the category filter and name facets),
//! and a database round trip per search was a sixth of a results page's
//! time. Categories change only when an admin edits them: this node then
//! forgets its copy at once, and other nodes see the change within
//! `FRESH_FOR`.
use dove_domain::StoreError;
use dove_domain::listings::Category;
use dove_store::Db;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct CategoryCache {
    kept: RwLock<Option<(Instant, Arc<Vec<Category>>)>>,
}

impl CategoryCache {
    pub async fn get(&self, db: &Db) -> Result<Arc<Vec<Category>>, StoreError> {
        if let Some((at, list)) = self.kept.read().unwrap_or_else(|p| p.into_inner()).as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(list.clone());
        }
        let list = Arc::new(dove_domain::listings::categories(db).await?);
        *self.kept.write().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), list.clone()));
        Ok(list)
    }

    /// After an edit on this node.
    pub fn forget(&self) {
        *self.kept.write().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
