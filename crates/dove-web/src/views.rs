//! Listing views, counted once per visitor and day, written in batches.
//!
//! A page view only inserts into an in-memory set; a background task drains
//! it every few seconds into one transaction. A busy listing therefore
//! costs one row per visitor per day, not one write per hit.
use std::collections::HashSet;
use std::sync::Mutex;

/// Views kept between flushes before new ones are dropped: a bound on
/// memory under a flood (dropping a view is better than falling over).
const MAX_PENDING: usize = 100_000;

#[derive(Default)]
pub struct ViewCounter {
    pending: Mutex<HashSet<(String, String)>>,
}

impl ViewCounter {
    pub fn record(&self, listing_id: &str, visitor: &str) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if p.len() < MAX_PENDING {
            p.insert((listing_id.to_string(), visitor.to_string()));
        }
    }

    /// Takes everything recorded since the last call.
    pub fn drain(&self) -> Vec<(String, String)> {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.drain().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_views_collapse() {
        let v = ViewCounter::default();
        v.record("l1", "a");
        v.record("l1", "a");
        v.record("l1", "b");
        assert_eq!(v.drain().len(), 2);
        assert!(v.drain().is_empty());
    }
}
