//! The top of the results by a listing's own values: newest, price, or
//! distance from a point. Keys come from the in-memory columns, and ties go
//! to the earlier document, so paging through a result set is stable.
use crate::columns::{ColumnCache, Columns};
use dove_domain::listings::fields::distance_km;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentReader};

#[derive(Clone, Copy, Debug)]
pub enum SortBy {
    Newest,
    PriceAsc,
    PriceDesc,
    Distance((f64, f64)),
}

impl SortBy {
    /// Smaller ranks first.
    fn key(self, c: &Columns, doc: DocId) -> i64 {
        let i = doc as usize;
        match self {
            SortBy::Newest => -c.published_at[i],
            SortBy::PriceAsc => c.price[i],
            SortBy::PriceDesc => -c.price[i],
            // Metres are fine enough to order by.
            SortBy::Distance(p) => (distance_km(p, c.point(doc)) * 1000.0) as i64,
        }
    }
}

pub struct TopBy {
    pub by: SortBy,
    /// Results wanted after skipping `offset`.
    pub limit: usize,
    pub offset: usize,
    pub cache: Arc<ColumnCache>,
}

pub struct TopBySegment {
    by: SortBy,
    keep: usize,
    segment: u32,
    columns: Arc<Columns>,
    /// The best `keep` so far, worst on top.
    heap: BinaryHeap<(i64, DocId)>,
}

impl Collector for TopBy {
    type Fruit = Vec<(i64, DocAddress)>;
    type Child = TopBySegment;

    fn for_segment(&self, segment: u32, reader: &SegmentReader) -> tantivy::Result<TopBySegment> {
        let keep = self.offset + self.limit;
        Ok(TopBySegment {
            by: self.by,
            keep,
            segment,
            columns: self.cache.get(reader)?,
            heap: BinaryHeap::with_capacity(keep + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(i64, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_unstable();
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }
}

impl SegmentCollector for TopBySegment {
    type Fruit = Vec<(i64, DocAddress)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if self.keep == 0 {
            return;
        }
        let entry = (self.by.key(&self.columns, doc), doc);
        if self.heap.len() < self.keep {
            self.heap.push(entry);
        } else if self.heap.peek().is_some_and(|worst| entry < *worst) {
            self.heap.pop();
            self.heap.push(entry);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        self.heap.into_iter().map(|(key, doc)| (key, DocAddress::new(segment, doc))).collect()
    }
}
