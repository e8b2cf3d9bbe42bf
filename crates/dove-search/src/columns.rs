//! Each segment's filter and sort values as plain arrays, kept in memory.
//!
//! Counting facets, checking bounds and sorting read a few values for every
//! hit. Through tantivy's column readers each read is a dynamic call, with a
//! rank lookup for optional columns; over 100,000 hits that was most of a
//! search. Plain arrays make each read a load. They cost about 40 bytes a
//! listing, are built once when a segment is first searched, and are
//! dropped with the segment.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

pub struct Columns {
    pub expires_at: Vec<i64>,
    pub published_at: Vec<i64>,
    /// Minor units.
    pub price: Vec<i64>,
    /// The facet bucket of each price (see `facets::bucket`).
    pub price_bucket: Vec<u8>,
    /// The earliest expiry in the segment: until then no check is needed.
    pub first_expiry: i64,
    /// -1 when not given.
    pub bedrooms: Vec<i16>,
    pub bathrooms: Vec<i16>,
    pub lat: Vec<f32>,
    pub lng: Vec<f32>,
    /// Term ordinals into `category_names` and `town_names`; `u32::MAX` for none.
    pub category: Vec<u32>,
    pub town: Vec<u32>,
    pub category_names: Vec<String>,
    pub town_names: Vec<String>,
}

fn read<T: Copy + Default + PartialOrd + std::fmt::Debug + Send + Sync + 'static>(
    col: Arc<dyn ColumnValues<T>>,
    n: usize,
) -> Vec<T> {
    let mut out = vec![T::default(); n];
    col.get_range(0, &mut out);
    out
}

fn ords(reader: &SegmentReader, field: &str, n: usize) -> tantivy::Result<(Vec<u32>, Vec<String>)> {
    let Some(col): Option<StrColumn> = reader.fast_fields().str(field)? else {
        return Ok((vec![u32::MAX; n], vec![]));
    };
    let ords = read(col.ords().clone().first_or_default_col(u64::from(u32::MAX)), n);
    let mut names = Vec::with_capacity(col.num_terms());
    for ord in 0..col.num_terms() as u64 {
        let mut name = String::new();
        col.ord_to_str(ord, &mut name)?;
        names.push(name);
    }
    Ok((ords.into_iter().map(|o| o as u32).collect(), names))
}

impl Columns {
    fn load(reader: &SegmentReader) -> tantivy::Result<Columns> {
        let n = reader.max_doc() as usize;
        let ff = reader.fast_fields();
        let small = |v: Vec<i64>| v.into_iter().map(|b| b.clamp(-1, i64::from(i16::MAX)) as i16).collect();
        let narrow = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect();
        let (category, category_names) = ords(reader, "category", n)?;
        let (town, town_names) = ords(reader, "town", n)?;
        let expires_at = read(ff.i64("expires_at")?.first_or_default_col(i64::MAX), n);
        let price = read(ff.i64("price")?.first_or_default_col(0), n);
        Ok(Columns {
            first_expiry: expires_at.iter().copied().min().unwrap_or(i64::MAX),
            expires_at,
            published_at: read(ff.i64("published_at")?.first_or_default_col(0), n),
            price_bucket: price.iter().map(|p| crate::facets::bucket(*p) as u8).collect(),
            price,
            bedrooms: small(read(ff.i64("bedrooms")?.first_or_default_col(-1), n)),
            bathrooms: small(read(ff.i64("bathrooms")?.first_or_default_col(-1), n)),
            lat: narrow(read(ff.f64("lat")?.first_or_default_col(0.0), n)),
            lng: narrow(read(ff.f64("lng")?.first_or_default_col(0.0), n)),
            category,
            town,
            category_names,
            town_names,
        })
    }

    pub fn point(&self, doc: DocId) -> (f64, f64) {
        (f64::from(self.lat[doc as usize]), f64::from(self.lng[doc as usize]))
    }
}

/// The columns of every segment searched so far.
#[derive(Default)]
pub struct ColumnCache {
    segments: Mutex<HashMap<SegmentId, Arc<Columns>>>,
}

impl ColumnCache {
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<Columns>> {
        let id = reader.segment_id();
        if let Some(c) = self.segments.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
            return Ok(c.clone());
        }
        let built = Arc::new(Columns::load(reader)?);
        self.segments.lock().unwrap_or_else(|p| p.into_inner()).insert(id, built.clone());
        Ok(built)
    }

    /// Drops the columns of segments no longer searched (merged or deleted),
    /// and loads the live ones so no search pays for it.
    pub fn refresh(&self, searcher: &tantivy::Searcher) -> tantivy::Result<()> {
        let live: Vec<SegmentId> = searcher.segment_readers().iter().map(|r| r.segment_id()).collect();
        self.segments.lock().unwrap_or_else(|p| p.into_inner()).retain(|id, _| live.contains(id));
        for r in searcher.segment_readers() {
            self.get(r)?;
        }
        Ok(())
    }
}
