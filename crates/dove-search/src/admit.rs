//! The checks every hit passes before it is counted or ranked: not expired,
//! inside the box or circle, and within the price, bedroom and bathroom
//! bounds.
//!
//! They read the in-memory columns for the hits the words and term filters
//! already found, instead of running as range queries: a range query scans
//! the whole column on every search, however few listings match the words.
//! So counts, pages and facets all see the same, exact set.
use crate::columns::{ColumnCache, Columns};
use dove_domain::listings::fields::distance_km;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentReader};

/// The bounds a hit must be within. Ranges are inclusive.
#[derive(Clone, Copy, Debug, Default)]
pub struct Checks {
    /// Listings expiring at or before this are not live.
    pub now: i64,
    /// South, west, north, east.
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub circle: Option<((f64, f64), f64)>,
    pub price: Option<(i64, i64)>,
    pub bedrooms: Option<(i64, i64)>,
    pub bathrooms: Option<(i64, i64)>,
    pub published_after: Option<i64>,
}

pub struct Admit<C> {
    pub checks: Checks,
    pub cache: Arc<ColumnCache>,
    pub inner: C,
}

pub struct AdmitSegment<S> {
    checks: Checks,
    circle: Option<Circle>,
    columns: Arc<Columns>,
    inner: S,
    buffer: Vec<DocId>,
}

fn within<T: Copy + Into<i64>>(values: &[T], i: usize, range: Option<(i64, i64)>) -> bool {
    range.is_none_or(|(lo, hi)| {
        let v: i64 = values[i].into();
        lo <= v && v <= hi
    })
}

impl<S> AdmitSegment<S> {
    fn admits(&self, doc: DocId) -> bool {
        let (c, col, i) = (&self.checks, &*self.columns, doc as usize);
        if (col.first_expiry <= c.now && col.expires_at[i] <= c.now)
            || !within(&col.price, i, c.price)
            || !within(&col.bedrooms, i, c.bedrooms)
            || !within(&col.bathrooms, i, c.bathrooms)
            || c.published_after.is_some_and(|after| col.published_at[i] <= after)
        {
            return false;
        }
        if c.bbox.is_none() && self.circle.is_none() {
            return true;
        }
        let (lat, lng) = col.point(doc);
        if let Some((s, w, n, e)) = c.bbox
            && !(s <= lat && lat <= n && w <= lng && lng <= e)
        {
            return false;
        }
        self.circle.is_none_or(|circle| circle.contains(lat, lng))
    }
}

/// "Within R km", cheaply: a flat-earth distance, good to a fraction of a
/// percent at these scales, decides every point clearly inside or outside;
/// the exact great-circle distance settles the few near the edge.
#[derive(Clone, Copy)]
struct Circle {
    center: (f64, f64),
    km: f64,
    /// Kilometres per degree of longitude at the centre's latitude.
    km_per_lng: f64,
}

/// Kilometres per degree of latitude.
const KM_PER_LAT: f64 = 111.32;

impl Circle {
    fn new(center: (f64, f64), km: f64) -> Circle {
        Circle { center, km, km_per_lng: KM_PER_LAT * center.0.to_radians().cos() }
    }

    fn contains(&self, lat: f64, lng: f64) -> bool {
        let dy = (lat - self.center.0) * KM_PER_LAT;
        let dx = (lng - self.center.1) * self.km_per_lng;
        let flat = (dx * dx + dy * dy).sqrt();
        if flat < self.km * 0.98 {
            true
        } else if flat > self.km * 1.02 {
            false
        } else {
            distance_km(self.center, (lat, lng)) <= self.km
        }
    }
}

impl<C: Collector> Collector for Admit<C> {
    type Fruit = C::Fruit;
    type Child = AdmitSegment<C::Child>;

    fn for_segment(&self, segment_local_id: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(AdmitSegment {
            checks: self.checks,
            circle: self.checks.circle.map(|(center, km)| Circle::new(center, km)),
            columns: self.cache.get(reader)?,
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

impl<S: SegmentCollector> SegmentCollector for AdmitSegment<S> {
    type Fruit = S::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.admits(doc) {
            self.inner.collect(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.extend(docs.iter().copied().filter(|d| self.admits(*d)));
        if !buffer.is_empty() {
            self.inner.collect_block(&buffer);
        }
        self.buffer = buffer;
    }

    fn harvest(self) -> Self::Fruit {
        self.inner.harvest()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_circle_check_agrees_with_the_exact_distance() {
        let center = (-1.2921, 36.8219);
        for km in [0.5, 5.0, 25.0, 100.0] {
            let circle = Circle::new(center, km);
            for i in 0..400 {
                let angle = f64::from(i) * 0.7;
                let r = km * (0.5 + f64::from(i % 20) * 0.05) / KM_PER_LAT;
                let p = (center.0 + r * angle.sin(), center.1 + r * angle.cos());
                assert_eq!(circle.contains(p.0, p.1), distance_km(center, p) <= km, "{km} km, {p:?}");
            }
        }
    }
}
