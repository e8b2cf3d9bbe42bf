//! Live events between nodes, through PostgreSQL's NOTIFY and LISTEN.
//!
//! SQLite means one node, so there nothing crosses and both calls are
//! no-ops. Each node also delivers its own events locally, without waiting
//! for the database; a payload names its node so the sender can skip it.
use crate::Db;
use crate::error::backend;
use dove_domain::StoreError;
use sqlx::postgres::PgListener;

/// The NOTIFY channel every node listens on.
const CHANNEL: &str = "dove_events";

/// Receives other nodes' events.
pub struct EventListener(PgListener);

impl EventListener {
    /// The next payload. After a lost connection this reconnects by itself;
    /// events sent while it was down are missed, and pages catch up on
    /// their next load.
    pub async fn recv(&mut self) -> Result<String, StoreError> {
        Ok(self.0.recv().await.map_err(backend)?.payload().to_string())
    }
}

impl Db {
    /// Sends `payload` to every node (PostgreSQL only).
    pub async fn notify(&self, payload: &str) -> Result<(), StoreError> {
        match self {
            Db::Sqlite { .. } => Ok(()),
            Db::Postgres(pool) => sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(backend),
        }
    }

    /// Starts listening for other nodes' events; `None` on SQLite.
    pub async fn listen(&self) -> Result<Option<EventListener>, StoreError> {
        match self {
            Db::Sqlite { .. } => Ok(None),
            Db::Postgres(pool) => {
                let mut listener = PgListener::connect_with(pool).await.map_err(backend)?;
                listener.listen(CHANNEL).await.map_err(backend)?;
                Ok(Some(EventListener(listener)))
            }
        }
    }
}
