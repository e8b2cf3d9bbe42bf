use crate::error::backend;
use crate::on_read;
use dove_domain::StoreError;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// The database, on either backend. SQLite keeps a separate single-connection
/// writer pool next to its readers; PostgreSQL handles both in one pool.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { writer: SqlitePool, readers: SqlitePool },
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Db {
    /// Opens the SQLite file at `path`, creating it if needed.
    pub async fn open_sqlite(path: &Path, readers: u32) -> Result<Db, StoreError> {
        let base = SqliteConnectOptions::new()
            .filename(path)
            .busy_timeout(Duration::from_secs(5))
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Normal)
            // Deleted and overwritten rows are zeroed on disk, not left in
            // free pages: a sent mail's dropped body (a live link) must not
            // survive in the file or a copy of it.
            .pragma("secure_delete", "on");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .test_before_acquire(false)
            .connect_with(base.clone().create_if_missing(true))
            .await
            .map_err(backend)?;
        let readers = SqlitePoolOptions::new()
            .max_connections(readers.max(1))
            .test_before_acquire(false)
            .connect_with(base.read_only(true))
            .await
            .map_err(backend)?;
        Ok(Db::Sqlite { writer, readers })
    }

    /// Connects to PostgreSQL with a `postgres://` URL.
    pub async fn open_postgres(url: &str, max_connections: u32) -> Result<Db, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(Duration::from_secs(10))
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(backend)?;
        Ok(Db::Postgres(pool))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies pending migrations. PostgreSQL takes an advisory lock, so
    /// several nodes starting at once migrate exactly once.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite { writer, .. } => SQLITE_MIGRATIONS.run(writer).await.map_err(backend),
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await.map_err(backend),
        }
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_read!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()).map_err(backend))
    }

    /// Writes a consistent copy of a SQLite database to `out` while it stays
    /// online. PostgreSQL has `pg_dump` for this; callers print guidance.
    pub async fn backup_sqlite(&self, out: &Path) -> Result<(), StoreError> {
        match self {
            Db::Sqlite { readers, .. } => {
                let target = out.to_string_lossy().to_string();
                sqlx::query("VACUUM INTO $1").bind(target).execute(readers).await.map_err(backend)?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::Backend("online backup of PostgreSQL is pg_dump's job".into())),
        }
    }

    /// Closes every pool, letting in-flight queries finish.
    pub async fn close(&self) {
        match self {
            Db::Sqlite { writer, readers } => {
                readers.close().await;
                writer.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}
