//! sqlx errors become [`StoreError`]s. A unique violation becomes
//! `Conflict(index name)`: PostgreSQL names the constraint, SQLite only names
//! the columns, so the SQLite side maps columns to the same index names.
use dove_domain::StoreError;

/// Unique indexes as SQLite reports them ("table.column") and their names.
const SQLITE_UNIQUE: &[(&str, &str)] = &[
    ("users.email", "users_email_key"),
    ("stores.slug", "stores_slug_key"),
    ("stores.owner_id", "stores_owner_key"),
    ("api_tokens.token_hash", "api_tokens_hash_key"),
    ("categories.slug", "categories_slug_key"),
];

pub(crate) fn backend(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(e))
}

pub(crate) fn map(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            if let Some(name) = db.constraint() {
                return StoreError::Conflict(name.to_string());
            }
            let msg = db.message();
            let name = SQLITE_UNIQUE
                .iter()
                .find(|(cols, _)| msg.ends_with(cols))
                .map(|(_, name)| name.to_string())
                .unwrap_or_else(|| msg.to_string());
            StoreError::Conflict(name)
        }
        _ => backend(e),
    }
}
