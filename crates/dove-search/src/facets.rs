//! Facet counts and the total for the current query, in one collector.
//!
//! Every hit has to be visited to count it, so this is the costly part of a
//! broad search. It counts from the in-memory columns into small arrays
//! (term ordinals for category and town, values for bedrooms and price)
//! and turns ordinals into names once per segment. tantivy's generic
//! aggregations did the same work several times slower.
use crate::columns::{ColumnCache, Columns};
use dove_domain::search::{FacetCount, Facets};
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentReader};

/// Price buckets in shillings, for rents and for sales alike.
pub const PRICE_EDGES: [i64; 7] = [10_000, 25_000, 50_000, 100_000, 1_000_000, 10_000_000, 50_000_000];

/// Bedrooms are counted as 0 to `MAX_BEDROOMS`; more is counted as the top.
const MAX_BEDROOMS: usize = 10;

/// Every hit is counted up to this many in a segment; past it, facets are
/// counted on a sample that thins out as the hits grow (every 2nd hit, then
/// every 4th, …), each sampled hit standing for the ones skipped. Totals
/// stay exact. A search matching a million listings then counts about
/// 65,000 of them for its facets, and the counts are marked approximate.
const EXACT_UP_TO: u64 = 4_096;

const TOP_CATEGORIES: usize = 20;
const TOP_TOWNS: usize = 12;

/// The facets and the number of hits.
pub struct FacetCounts {
    pub cache: Arc<ColumnCache>,
}

/// What one segment counted, with names resolved.
#[derive(Default)]
pub struct Counted {
    total: u64,
    sampled: bool,
    category: HashMap<String, u64>,
    town: HashMap<String, u64>,
    bedrooms: [u64; MAX_BEDROOMS + 1],
    price: [u64; PRICE_EDGES.len() + 1],
}

pub struct SegmentCounts {
    columns: Arc<Columns>,
    category: Vec<u64>,
    town: Vec<u64>,
    out: Counted,
    /// Facets count one hit in `stride`, with that weight.
    stride: u64,
    /// Hits at which the stride doubles next.
    next_doubling: u64,
}

fn names(names: &[String], counts: &[u64]) -> HashMap<String, u64> {
    counts
        .iter()
        .zip(names)
        .filter(|(n, name)| **n > 0 && !name.is_empty())
        .map(|(n, name)| (name.clone(), *n))
        .collect()
}

/// The price bucket of a price in minor units.
pub fn bucket(price_minor: i64) -> usize {
    let kes = price_minor / 100;
    PRICE_EDGES.partition_point(|edge| *edge <= kes)
}

impl Collector for FacetCounts {
    type Fruit = (u64, Facets);
    type Child = SegmentCounts;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentCounts> {
        let columns = self.cache.get(reader)?;
        Ok(SegmentCounts {
            category: vec![0; columns.category_names.len()],
            town: vec![0; columns.town_names.len()],
            columns,
            out: Counted::default(),
            stride: 1,
            next_doubling: EXACT_UP_TO,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<(u64, Facets)> {
        let mut all = Counted::default();
        for f in fruits {
            all.total += f.total;
            all.sampled |= f.sampled;
            for (k, v) in f.category {
                *all.category.entry(k).or_default() += v;
            }
            for (k, v) in f.town {
                *all.town.entry(k).or_default() += v;
            }
            for (a, b) in all.bedrooms.iter_mut().zip(f.bedrooms) {
                *a += b;
            }
            for (a, b) in all.price.iter_mut().zip(f.price) {
                *a += b;
            }
        }
        Ok((all.total, facets(all)))
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.out.total += 1;
        if self.out.total == self.next_doubling {
            self.stride *= 2;
            self.next_doubling *= 2;
            self.out.sampled = true;
        }
        // The stride is a power of two.
        if self.out.total & (self.stride - 1) != 0 {
            return;
        }
        let (c, i, w) = (&*self.columns, doc as usize, self.stride);
        if let Some(n) = self.category.get_mut(c.category[i] as usize) {
            *n += w;
        }
        if let Some(n) = self.town.get_mut(c.town[i] as usize) {
            *n += w;
        }
        if c.bedrooms[i] >= 0 {
            self.out.bedrooms[(c.bedrooms[i] as usize).min(MAX_BEDROOMS)] += w;
        }
        self.out.price[usize::from(c.price_bucket[i])] += w;
    }

    fn harvest(mut self) -> Counted {
        self.out.category = names(&self.columns.category_names, &self.category);
        self.out.town = names(&self.columns.town_names, &self.town);
        self.out
    }
}

/// The most frequent `n`, ties by name so the order is stable.
fn top(counts: HashMap<String, u64>, n: usize) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(n);
    v
}

/// A price bucket's key: `*-10000`, `10000-25000`, … `50000000-*`.
fn price_key(i: usize) -> String {
    let lo = i.checked_sub(1).map(|j| PRICE_EDGES[j].to_string()).unwrap_or_else(|| "*".into());
    let hi = PRICE_EDGES.get(i).map(|e| e.to_string()).unwrap_or_else(|| "*".into());
    format!("{lo}-{hi}")
}

fn facets(c: Counted) -> Facets {
    let nonzero = |(i, &count): (usize, &u64)| (count > 0).then_some((i, count));
    Facets {
        approximate: c.sampled,
        category: top(c.category, TOP_CATEGORIES),
        town: top(c.town, TOP_TOWNS),
        bedrooms: c
            .bedrooms
            .iter()
            .enumerate()
            .filter_map(nonzero)
            .map(|(i, count)| FacetCount { value: i.to_string(), count })
            .collect(),
        price: c
            .price
            .iter()
            .enumerate()
            .filter_map(nonzero)
            .map(|(i, count)| FacetCount { value: price_key(i), count })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_in_minor_units_fall_in_shilling_buckets() {
        assert_eq!(bucket(999_999), 0);
        assert_eq!(bucket(1_000_000), 1);
        assert_eq!(bucket(i64::MAX), PRICE_EDGES.len());
    }

    #[test]
    fn price_keys_cover_every_bucket_in_order() {
        assert_eq!(price_key(0), "*-10000");
        assert_eq!(price_key(1), "10000-25000");
        assert_eq!(price_key(PRICE_EDGES.len()), "50000000-*");
    }

    #[test]
    fn top_orders_by_count_then_name_and_truncates() {
        let counts = HashMap::from([("b".to_string(), 2), ("a".to_string(), 2), ("c".to_string(), 5)]);
        let t = top(counts, 2);
        assert_eq!(t.iter().map(|f| f.value.as_str()).collect::<Vec<_>>(), ["c", "a"]);
    }
}
