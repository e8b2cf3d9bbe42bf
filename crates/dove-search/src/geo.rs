//! Exact "within R km": a collector wrapper that lets through only the
//! documents whose point is inside the circle. The query's box (an indexed
//! range) has already cut the candidates down to the circle's square, so
//! this checks few documents, and counts, pages and facets all agree.
use dove_domain::listings::fields::distance_km;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::{DocId, Score, SegmentReader};

pub struct WithinRadius<C> {
    pub center: (f64, f64),
    pub km: f64,
    pub inner: C,
}

pub struct WithinRadiusSegment<S> {
    center: (f64, f64),
    km: f64,
    lat: Arc<dyn ColumnValues<f64>>,
    lng: Arc<dyn ColumnValues<f64>>,
    inner: S,
    buffer: Vec<DocId>,
}

impl<S> WithinRadiusSegment<S> {
    fn inside(&self, doc: DocId) -> bool {
        distance_km(self.center, (self.lat.get_val(doc), self.lng.get_val(doc))) <= self.km
    }
}

impl<C: Collector> Collector for WithinRadius<C> {
    type Fruit = C::Fruit;
    type Child = WithinRadiusSegment<C::Child>;

    fn for_segment(&self, segment_local_id: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let lat = reader.fast_fields().f64("lat")?.first_or_default_col(0.0);
        let lng = reader.fast_fields().f64("lng")?.first_or_default_col(0.0);
        Ok(WithinRadiusSegment {
            center: self.center,
            km: self.km,
            lat,
            lng,
            inner: self.inner.for_segment(segment_local_id, reader)?,
            buffer: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(&self, fruits: Vec<<C::Child as SegmentCollector>::Fruit>) -> tantivy::Result<Self::Fruit> {
        self.inner.merge_fruits(fruits)
    }
}

impl<S: SegmentCollector> SegmentCollector for WithinRadiusSegment<S> {
    type Fruit = S::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.inside(doc) {
            self.inner.collect(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.extend(docs.iter().copied().filter(|d| self.inside(*d)));
        if !buffer.is_empty() {
            self.inner.collect_block(&buffer);
        }
        self.buffer = buffer;
    }

    fn harvest(self) -> Self::Fruit {
        self.inner.harvest()
    }
}
