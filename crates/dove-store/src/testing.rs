//! Plain SQL on either backend, for tests and benchmarks that must reach
//! past the domain: to set up a state no request can make (a link made to
//! expire, a listing with ten million in stock), or to read what the app
//! wrote (the ledger, every column of every table). The app itself never
//! calls these: its statements live in the area modules, behind the repo
//! traits, and the transaction macros stay private to this crate.
//!
//! Every bind is text, which is all such setups have needed; a number goes
//! in the SQL itself. The schema as each backend's catalogue has it
//! ([`crate::Db::schema`]) and the unique indexes the store maps to
//! conflicts are here too, for the tests that compare them.
pub use crate::catalogue::{Column, ForeignKey, Index, Kind, Schema, Table};
pub use crate::error::UNIQUE as UNIQUE_INDEXES;

use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

/// A row type both drivers decode: a tuple or a `FromRow` struct of
/// `String`, `i64`, `bool`, `f64` and `Option`s of them.
pub trait Row: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

/// Runs one statement on the writer; returns the rows it changed.
pub async fn execute(db: &Db, sql: &str, binds: &[&str]) -> Result<u64, StoreError> {
    on_write!(db, |pool| {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.execute(pool).await.map(|r| r.rows_affected()).map_err(map)
    })
}

/// Every row a query returns, read from the readers.
pub async fn fetch_all<T: Row>(db: &Db, sql: &str, binds: &[&str]) -> Result<Vec<T>, StoreError> {
    on_read!(db, |pool| {
        let mut q = sqlx::query_as(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_all(pool).await.map_err(map)
    })
}

/// The one row a query returns; `StoreError::NotFound` for none.
pub async fn fetch_one<T: Row>(db: &Db, sql: &str, binds: &[&str]) -> Result<T, StoreError> {
    on_read!(db, |pool| {
        let mut q = sqlx::query_as(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_one(pool).await.map_err(map)
    })
}
