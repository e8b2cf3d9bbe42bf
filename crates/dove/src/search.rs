//! The node's search index: which index directory is current, keeping it
//! fed, and swapping in a rebuilt one without a pause.
//!
//! `data/search/CURRENT` names the live index directory. `dove search
//! reindex` builds a new one beside it and then rewrites CURRENT; a running
//! server notices within a second and swaps, while the old index serves
//! until then.
use dove_domain::search::{SearchError, SearchQuery, SearchResults, Searcher, Suggestion};
use dove_search::SearchIndex;
use dove_store::Db;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::watch;

/// How often the feed is read: well inside the one-second freshness goal.
const POLL: Duration = Duration::from_millis(250);

pub struct NodeSearch {
    root: PathBuf,
    current: RwLock<(String, Arc<SearchIndex>)>,
}

/// The live index's directory name. An index of an older schema is
/// ignored: the node starts a new one and fills it from the feed.
fn read_current(root: &Path) -> String {
    let prefix = format!("index-v{}", dove_search::SCHEMA_VERSION);
    std::fs::read_to_string(root.join("CURRENT"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|name| name.starts_with(&prefix))
        .unwrap_or(prefix)
}

impl NodeSearch {
    pub fn open(root: &Path) -> anyhow::Result<NodeSearch> {
        std::fs::create_dir_all(root)?;
        let name = read_current(root);
        let index = SearchIndex::open(&root.join(&name))?;
        Ok(NodeSearch { root: root.to_path_buf(), current: RwLock::new((name, Arc::new(index))) })
    }

    pub fn index(&self) -> Arc<SearchIndex> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).1.clone()
    }

    /// Swaps to the index CURRENT names, if it changed.
    fn follow_current(&self) -> anyhow::Result<()> {
        let name = read_current(&self.root);
        if self.current.read().unwrap_or_else(|p| p.into_inner()).0 == name {
            return Ok(());
        }
        let index = Arc::new(SearchIndex::open(&self.root.join(&name))?);
        let old =
            std::mem::replace(&mut *self.current.write().unwrap_or_else(|p| p.into_inner()), (name.clone(), index));
        tracing::info!(from = %old.0, to = %name, "switched to the rebuilt search index");
        drop(old);
        Ok(())
    }
}

impl Searcher for NodeSearch {
    fn search(&self, q: &SearchQuery, now: i64) -> Result<SearchResults, SearchError> {
        self.index().search(q, now)
    }

    fn suggest(&self, prefix: &str, now: i64, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        self.index().suggest(prefix, now, limit)
    }
}

/// Keeps the index current until `stop` turns true.
pub async fn run(db: Db, search: Arc<NodeSearch>, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = search.follow_current() {
            tracing::warn!(error = %e, "could not open the rebuilt search index");
        }
        match search.index().sync(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(listings = n, "search index updated"),
            Err(e) => tracing::warn!(error = %e, "search index update failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}

/// `dove search reindex`: a full rebuild beside the live index, then a
/// switch of CURRENT. Returns how many listings are in the new index.
pub async fn reindex(db: &Db, root: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(root)?;
    let name = format!("index-v{}-{}", dove_search::SCHEMA_VERSION, dove_domain::clock::now_ms());
    let index = SearchIndex::open(&root.join(&name))?;
    let (from, ids) = db.rebuild_start().await?;
    let n = index.rebuild(db, from, &ids).await?;
    let previous = read_current(root);
    let tmp = root.join("CURRENT.tmp");
    std::fs::write(&tmp, &name)?;
    std::fs::rename(&tmp, root.join("CURRENT"))?;
    // Running servers switch within a second; keep the old index a while
    // for them, and remove older generations.
    for entry in std::fs::read_dir(root)?.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        if entry.path().is_dir() && file != name && file != previous {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(n)
}
