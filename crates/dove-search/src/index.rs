//! The index on disk, its feed-driven updates, and searching it.
use crate::admit::{Admit, Checks};
use crate::analysis::analyse;
use crate::columns::ColumnCache;
use crate::facets::FacetCounts;
use crate::query;
use crate::schema::{self, Fields};
use crate::sort::{SortBy, TopBy};
use dove_domain::listings::fields::distance_km;
use dove_domain::listings::{ListingCard, Status, public_point, slugify};
use dove_domain::places::COUNTIES;
use dove_domain::search::{
    Facets, Hit, PER_PAGE, SearchDoc, SearchError, SearchFeed, SearchQuery, SearchResults, Searcher, Sort, Suggestion,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SearchIndexError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(String),
    #[error(transparent)]
    Store(#[from] dove_domain::StoreError),
}

impl From<SearchIndexError> for SearchError {
    fn from(e: SearchIndexError) -> Self {
        SearchError::Index(e.to_string())
    }
}

/// What the index stores per listing to draw its card and map marker.
#[derive(Serialize, Deserialize)]
struct StoredCard {
    card: ListingCard,
    lat: Option<f64>,
    lng: Option<f64>,
}

/// The total and the facets.
type Counted = (u64, Facets);

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    columns: Arc<ColumnCache>,
    /// The feed position below which every change has been applied.
    settled: AtomicI64,
    /// Changes above `settled` that were already applied.
    seen: Mutex<BTreeSet<i64>>,
}

/// How long a change may take from being written to being committed
/// before the feed's cursor moves past it.
const SETTLE_MS: i64 = 10_000;

/// From this many listings, the index is kept in one segment per core and
/// a search runs on all cores (see `merge_all`).
const PARALLEL_FROM: u64 = 200_000;

/// Threads one search may use: the cores, up to 4.
fn search_threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4)
}

/// Feed entries read per round.
const FEED_BATCH: i64 = 5_000;

impl SearchIndex {
    /// Opens the index in `dir`, creating it if needed.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchIndexError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchIndexError::Directory(e.to_string()))?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| SearchIndexError::Directory(e.to_string()))?;
        let mut index = Index::open_or_create(directory, schema)?;
        if search_threads() > 1 {
            // Segments are searched side by side; with one segment this
            // costs nothing.
            index.set_multithread_executor(search_threads())?;
        }
        schema::register(&index)?;
        let writer = index.writer(50_000_000)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let columns = Arc::new(ColumnCache::default());
        columns.refresh(&reader.searcher())?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            columns,
            settled: AtomicI64::new(0),
            seen: Mutex::new(BTreeSet::new()),
        })
    }

    /// Makes the last commit searchable, with its columns loaded.
    fn reload(&self) -> Result<(), SearchIndexError> {
        self.reader.reload()?;
        self.columns.refresh(&self.reader.searcher())?;
        Ok(())
    }

    /// How far into the feed this index has read (the last commit's payload).
    pub fn applied_seq(&self) -> i64 {
        self.index.load_metas().ok().and_then(|m| m.payload).and_then(|p| p.parse().ok()).unwrap_or(0)
    }

    /// How many listings are searchable.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn to_doc(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        // The index only ever holds the public point: a hidden pin stays
        // hidden in results, on the map and in distance filters.
        let point = match (d.lat, d.lng) {
            (Some(la), Some(ln)) => Some(public_point(la, ln, d.show_exact_location)),
            _ => None,
        };
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &d.id);
        let place = [d.neighbourhood.as_deref(), d.town.as_deref(), d.county.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let kind_words = [
            d.category_name.as_deref(),
            d.property_type.as_deref().map(|t| if t == "single_room" { "single room" } else { t }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        doc.add_text(f.title, &d.title);
        doc.add_text(f.place, &place);
        doc.add_text(f.text, format!("{} {} {} {}", d.title, kind_words, place, d.description));
        let mut edge_words = BTreeSet::new();
        for w in format!("{} {} {}", d.title, kind_words, place).to_lowercase().split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                edge_words.insert(w.to_string());
            }
        }
        for w in edge_words {
            doc.add_text(f.edges, &w);
        }
        doc.add_text(f.kind, &d.kind);
        doc.add_text(f.offer, &d.offer);
        doc.add_text(f.category, d.category_slug.as_deref().unwrap_or(""));
        doc.add_text(f.property_type, d.property_type.as_deref().unwrap_or(""));
        doc.add_text(f.county, d.county.as_deref().unwrap_or(""));
        doc.add_text(f.town, d.town.as_deref().unwrap_or(""));
        doc.add_text(f.condition, d.condition.as_deref().unwrap_or(""));
        for a in &d.amenities {
            doc.add_text(f.amenity, a);
        }
        let price = d.price_minor.unwrap_or(0);
        doc.add_i64(f.price, price);
        doc.add_i64(f.price_kes, price / 100);
        doc.add_i64(f.bedrooms, d.bedrooms.unwrap_or(-1));
        doc.add_i64(f.bathrooms, d.bathrooms.unwrap_or(-1));
        doc.add_i64(f.furnished, d.furnished.map(i64::from).unwrap_or(-1));
        doc.add_i64(f.published_at, d.published_at.unwrap_or(0));
        doc.add_i64(f.expires_at, d.expires_at.unwrap_or(i64::MAX));
        doc.add_f64(f.lat, point.map(|p| p.0).unwrap_or(0.0));
        if let Some((lat, lng)) = point {
            for cell in crate::cells::of_point(lat, lng) {
                doc.add_text(f.cell, &cell);
            }
        }
        doc.add_f64(f.lng, point.map(|p| p.1).unwrap_or(0.0));
        let card = StoredCard {
            card: ListingCard {
                id: d.id.clone(),
                title: d.title.clone(),
                price_minor: price,
                currency: d.currency.clone(),
                offer: d.offer.clone(),
                town: d.town.clone().unwrap_or_default(),
                neighbourhood: d.neighbourhood.clone(),
                photo: d.photo.clone(),
                published_at: d.published_at.unwrap_or(0),
            },
            lat: point.map(|p| p.0),
            lng: point.map(|p| p.1),
        };
        doc.add_text(f.card, serde_json::to_string(&card).unwrap_or_default());
        doc
    }

    /// Reads the feed from where this index stopped and applies it. Returns
    /// how many listings were (re)indexed or removed.
    ///
    /// Feed numbers are handed out when a change is written but become
    /// visible when its transaction commits, so on PostgreSQL a smaller
    /// number can appear after a larger one. The cursor therefore only
    /// moves past changes older than `SETTLE_MS`; younger ones are read
    /// again on every round (those already applied are skipped), so a late
    /// commit is never jumped over.
    pub async fn sync<F: SearchFeed>(&self, feed: &F) -> Result<usize, SearchIndexError> {
        let mut touched = 0;
        let mut settled = self.settled.load(Ordering::Acquire).max(self.applied_seq());
        let mut cursor = settled;
        let mut settling = true;
        let horizon = dove_domain::clock::now_ms() - SETTLE_MS;
        loop {
            let changes = feed.changes_after(cursor, FEED_BATCH).await?;
            let Some(last) = changes.last().map(|(seq, _, _)| *seq) else {
                break;
            };
            for (seq, _, at) in &changes {
                settling = settling && *at <= horizon;
                if settling {
                    settled = *seq;
                }
            }
            let fresh: Vec<(i64, String)> = {
                let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
                changes
                    .iter()
                    .filter(|(seq, _, _)| !seen.contains(seq))
                    .map(|(seq, id, _)| (*seq, id.clone()))
                    .collect()
            };
            if !fresh.is_empty() {
                let ids: Vec<String> =
                    fresh.iter().map(|(_, id)| id.clone()).collect::<BTreeSet<_>>().into_iter().collect();
                let docs = feed.search_docs(&ids).await?;
                touched += ids.len();
                self.apply(&ids, &docs, settled)?;
                self.seen.lock().unwrap_or_else(|p| p.into_inner()).extend(fresh.iter().map(|(seq, _)| *seq));
            }
            cursor = last;
            if (changes.len() as i64) < FEED_BATCH {
                break;
            }
        }
        self.settled.store(settled, Ordering::Release);
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).retain(|seq| *seq > settled);
        Ok(touched)
    }

    /// Builds this (new, empty) index from every live listing, starting the
    /// feed at `from_seq` so that changes during the build are applied
    /// after it. Returns how many listings were indexed.
    pub async fn rebuild<F: SearchFeed>(
        &self,
        feed: &F,
        from_seq: i64,
        ids: &[String],
    ) -> Result<usize, SearchIndexError> {
        let mut done = 0;
        for chunk in ids.chunks(FEED_BATCH as usize) {
            let docs = feed.search_docs(chunk).await?;
            self.apply(chunk, &docs, from_seq)?;
            done += docs.len();
        }
        if ids.is_empty() {
            self.apply(&[], &[], from_seq)?;
        }
        self.settled.store(from_seq, Ordering::Release);
        self.merge_all()?;
        self.sync(feed).await?;
        Ok(done)
    }

    /// Merges the segments of a freshly built index into as many as there
    /// are cores (one below `PARALLEL_FROM` listings), which searches fastest:
    /// each core then searches one segment of a broad query. Later updates
    /// add small segments that tantivy merges as it goes.
    /// Best effort: tantivy's own background merges may take some of the
    /// segments first, in which case this tries again with what is left.
    fn merge_all(&self) -> Result<(), SearchIndexError> {
        for _ in 0..5 {
            let metas = self.index.searchable_segment_metas()?;
            let total: u64 = metas.iter().map(|m| u64::from(m.num_docs())).sum();
            let parts = if total >= PARALLEL_FROM { search_threads() } else { 1 };
            if metas.len() <= parts {
                break;
            }
            // Consecutive groups of about equal size.
            let share = total.div_ceil(parts as u64).max(1);
            let mut groups: Vec<Vec<tantivy::index::SegmentId>> = vec![Vec::new()];
            let mut filled = 0;
            for m in &metas {
                if filled >= share && groups.len() < parts {
                    groups.push(Vec::new());
                    filled = 0;
                }
                groups.last_mut().expect("one group at least").push(m.id());
                filled += u64::from(m.num_docs());
            }
            let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            let merges: Vec<_> = groups.iter().filter(|g| g.len() > 1).map(|g| writer.merge(g)).collect();
            let mut moved = false;
            for m in merges {
                if let Err(e) = m.wait() {
                    tracing::debug!(error = %e, "segments moved under a merge; trying again");
                    moved = true;
                }
            }
            let _ = writer.garbage_collect_files().wait();
            if !moved {
                break;
            }
        }
        self.reload()?;
        Ok(())
    }

    /// Replaces `ids` with `docs` (live ones only) and records `upto`.
    fn apply(&self, ids: &[String], docs: &[SearchDoc], upto: i64) -> Result<(), SearchIndexError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        for d in docs.iter().filter(|d| d.status == Status::Published) {
            writer.add_document(self.to_doc(d))?;
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&upto.to_string());
        commit.commit()?;
        drop(writer);
        self.reload()?;
        Ok(())
    }

    fn stored(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Option<StoredCard> {
        let doc: TantivyDocument = searcher.doc(addr).ok()?;
        let json = doc.get_first(self.fields.card).and_then(|v| v.as_str().map(str::to_string))?;
        serde_json::from_str(&json).ok()
    }

    /// The page of results and, when `counts` is given, the total and the
    /// facets, in one pass over the hits that pass `checks`.
    fn gather<T, K>(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        top: T,
        counts: Option<FacetCounts>,
        checks: Checks,
    ) -> tantivy::Result<(Vec<DocAddress>, Option<Counted>)>
    where
        T: tantivy::collector::Collector<Fruit = Vec<(K, DocAddress)>>,
    {
        let admit = Admit { checks, cache: self.columns.clone(), inner: (top, counts) };
        // One segment (every index under `PARALLEL_FROM`): search on this
        // thread rather than hopping to the pool and back.
        let (docs, counted) = if searcher.segment_readers().len() > 1 {
            searcher.search(query, &admit)?
        } else {
            let scoring = if admit.requires_scoring() {
                tantivy::query::EnableScoring::enabled_from_searcher(searcher)
            } else {
                tantivy::query::EnableScoring::disabled_from_searcher(searcher)
            };
            searcher.search_with_executor(query, &admit, &tantivy::Executor::single_thread(), scoring)?
        };
        Ok((docs.into_iter().map(|(_, a)| a).collect(), counted))
    }

    /// One search. Without `counting`, only the page is collected: enough
    /// for suggestions, and much cheaper for broad prefixes.
    fn run(
        &self,
        q: &SearchQuery,
        now: i64,
        relaxed: bool,
        counting: bool,
    ) -> Result<(Vec<Hit>, u64, Facets), SearchIndexError> {
        let searcher = self.reader.searcher();
        let analysed = analyse(&q.text);
        let query = query::build(&searcher, &self.fields, q, &analysed, relaxed);
        let checks = query::checks(q, &analysed, now);
        let offset = (q.page - 1) * PER_PAGE;
        let counts = counting.then(|| FacetCounts { cache: self.columns.clone() });
        let by = match (q.sort, q.point) {
            (Sort::Newest, _) => Some(SortBy::Newest),
            (Sort::PriceAsc, _) => Some(SortBy::PriceAsc),
            (Sort::PriceDesc, _) => Some(SortBy::PriceDesc),
            (Sort::Distance, Some(p)) => Some(SortBy::Distance(p)),
            _ => None,
        };
        // One pass collects the page, the total and the facet counts.
        let (addrs, counted) = match by {
            Some(by) => {
                let top = TopBy { by, limit: PER_PAGE, offset, cache: self.columns.clone() };
                self.gather(&searcher, &query, top, counts, checks)?
            }
            None => {
                let top = TopDocs::with_limit(PER_PAGE).and_offset(offset).order_by_score();
                self.gather(&searcher, &query, top, counts, checks)?
            }
        };
        let (total, facets) = counted.unwrap_or_default();
        let hits = addrs
            .into_iter()
            .filter_map(|a| self.stored(&searcher, a))
            .map(|s| Hit {
                distance_km: match (q.point, s.lat, s.lng) {
                    (Some(p), Some(la), Some(ln)) => Some((distance_km(p, (la, ln)) * 10.0).round() / 10.0),
                    _ => None,
                },
                card: s.card,
                lat: s.lat,
                lng: s.lng,
            })
            .collect();
        Ok((hits, total, facets))
    }
}

impl Searcher for SearchIndex {
    fn search(&self, q: &SearchQuery, now: i64) -> Result<SearchResults, SearchError> {
        let (mut hits, mut total, mut facets) = self.run(q, now, false, true)?;
        let mut relaxed = false;
        if total == 0 && analyse(&q.text).words.len() > 1 {
            // Nothing has every word: show what has some of them.
            (hits, total, facets) = self.run(q, now, true, true)?;
            relaxed = total > 0;
        }
        let pages = (total as usize).div_ceil(PER_PAGE).max(1);
        let did_you_mean = if total == 0 { crate::spelling::did_you_mean(&analyse(&q.text).words) } else { None };
        Ok(SearchResults { hits, total, page: q.page, pages, facets, relaxed, did_you_mean })
    }

    fn suggest(&self, prefix: &str, now: i64, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let lower = prefix.trim().to_lowercase();
        if lower.is_empty() {
            return Ok(vec![]);
        }
        let mut out = Vec::new();
        // Places first: they are few and people type them most.
        for c in COUNTIES {
            for t in c.towns {
                for name in std::iter::once(t.name).chain(t.neighbourhoods.iter().map(|n| n.name)) {
                    if name.to_lowercase().starts_with(&lower)
                        && out.len() < 3
                        && !out.iter().any(|s: &Suggestion| s.label == name)
                    {
                        let q: String = url_encode(name);
                        out.push(Suggestion { kind: "place", label: name.to_string(), url: format!("/search?q={q}") });
                    }
                }
            }
        }
        let q =
            SearchQuery::parse(&dove_domain::search::SearchParams { q: prefix.to_string(), ..Default::default() }, &[])
                .map_err(SearchError::Invalid)?;
        let (hits, _, _) = self.run(&q, now, false, false)?;
        for h in hits.into_iter().take(limit.saturating_sub(out.len())) {
            out.push(Suggestion {
                kind: "listing",
                url: format!("/l/{}-{}", h.card.id, slugify(&h.card.title)),
                label: h.card.title,
            });
        }
        Ok(out)
    }
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
