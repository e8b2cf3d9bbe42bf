//! Dove Market's search index, on tantivy.
//!
//! One implementation whatever the database: each node keeps its own index
//! under the data dir and brings it up to date from the `listing_changes`
//! feed, recording in every commit how far it has read. A node that was
//! down resumes from that point; a fresh one reads the feed from the start.
//!
//! Only live listings are in the index; anything else (a draft, a paused or
//! sold listing) is removed when its change arrives. Expiry is a query-time
//! filter on `expires_at`, so a listing drops out the moment it expires.
mod admit;
mod analysis;
mod cells;
mod columns;
mod facets;
mod index;
mod query;
mod schema;
mod sort;
mod spelling;

pub use index::{SearchIndex, SearchIndexError};

/// Bumped whenever the schema changes: a node then builds a fresh index
/// from the feed instead of opening one it cannot read. (4: private pins
/// are held as their grid cell's centre, no longer as a reversible offset.)
pub const SCHEMA_VERSION: u32 = 4;
