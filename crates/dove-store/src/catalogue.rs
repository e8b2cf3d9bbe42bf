//! The schema as the database itself reports it: tables, columns by kind,
//! indexes and constraints, read from each backend's own catalogue. The two
//! migration folders are written by hand side by side; reading both back in
//! one shape is how a test proves they made the same schema.
use crate::Db;
use crate::error::map;
use dove_domain::StoreError;
use std::collections::{BTreeMap, BTreeSet};

/// How a column stores its values, across the two backends' type names:
/// SQLite's `INTEGER` is PostgreSQL's `BIGINT` (and `BOOLEAN`, which sqlx
/// reads from SQLite's 0 and 1), `REAL` is `DOUBLE PRECISION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Integer,
    Real,
    Text,
    Blob,
}

impl Kind {
    fn of(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_lowercase();
        Some(if t.contains("int") || t == "boolean" {
            Kind::Integer
        } else if t.contains("real") || t.contains("double") {
            Kind::Real
        } else if t.contains("text") || t.contains("char") {
            Kind::Text
        } else if t == "blob" || t == "bytea" {
            Kind::Blob
        } else {
            return None;
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub kind: Kind,
    pub nullable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Index {
    pub unique: bool,
    /// Column names in order; `(expression)` for an indexed expression.
    pub columns: Vec<String>,
    /// Whether it has a `WHERE` clause.
    pub partial: bool,
}

/// A foreign key: these columns refer to those of `table`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub table: String,
    pub refers_to: Vec<String>,
    /// `cascade`, `set null`, `restrict` or `no action`.
    pub on_delete: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: BTreeMap<String, Column>,
    pub primary_key: Vec<String>,
    /// By name; an inline `UNIQUE` is named as PostgreSQL names it,
    /// `{table}_{columns}_key`.
    pub indexes: BTreeMap<String, Index>,
    pub foreign_keys: BTreeSet<ForeignKey>,
    /// How many `CHECK` constraints the table has.
    pub checks: usize,
}

/// Every table but the migrator's own.
pub type Schema = BTreeMap<String, Table>;

type Rows<T> = Result<Vec<T>, StoreError>;
/// A constraint row: table, kind, referenced table, columns, referenced
/// columns, what a delete does.
type ConstraintRow = (String, String, Option<String>, Vec<String>, Vec<String>, String);

impl Db {
    /// The schema this database has now.
    pub async fn schema(&self) -> Result<Schema, StoreError> {
        match self {
            Db::Sqlite { readers, .. } => sqlite_schema(readers).await,
            Db::Postgres(pool) => postgres_schema(pool).await,
        }
    }
}

/// The CHECK constraints in a table's `CREATE TABLE` text, as SQLite keeps
/// it (comments included): the word CHECK followed by `(`, outside `--`
/// comments, so that "the check-out day" in a comment is not one.
fn sqlite_checks(sql: &str) -> usize {
    sql.lines()
        .map(|line| line.split("--").next().unwrap_or("").to_ascii_uppercase())
        .map(|code| code.match_indices("CHECK").filter(|(at, _)| code[at + 5..].trim_start().starts_with('(')).count())
        .sum()
}

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Result<Schema, StoreError> {
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .map_err(map)?;
    let mut schema = Schema::new();
    for (name, sql) in tables {
        let mut t = Table { checks: sqlite_checks(&sql), ..Table::default() };
        let columns: Vec<(String, String, bool, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid")
                .bind(&name)
                .fetch_all(pool)
                .await
                .map_err(map)?;
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (column, declared, not_null, pk_position) in columns {
            let kind = Kind::of(&declared).ok_or_else(|| unknown_type(&name, &column, &declared))?;
            // A primary key column is NOT NULL on PostgreSQL whatever it says.
            t.columns.insert(column.clone(), Column { kind, nullable: !not_null && pk_position == 0 });
            if pk_position > 0 {
                pk.push((pk_position, column));
            }
        }
        pk.sort();
        t.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        let indexes: Vec<(String, bool, String, bool)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&name)
                .fetch_all(pool)
                .await
                .map_err(map)?;
        for (index, unique, origin, partial) in indexes {
            if origin == "pk" {
                continue;
            }
            let cols: Vec<(Option<String>,)> = sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&index)
                .fetch_all(pool)
                .await
                .map_err(map)?;
            let columns: Vec<String> =
                cols.into_iter().map(|(c,)| c.unwrap_or_else(|| "(expression)".to_string())).collect();
            let named = if origin == "u" { format!("{name}_{}_key", columns.join("_")) } else { index };
            t.indexes.insert(named, Index { unique, columns, partial });
        }
        let fks: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .map_err(map)?;
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for (id, table, from, to, on_delete) in fks {
            let fk = by_id.entry(id).or_insert_with(|| ForeignKey {
                columns: vec![],
                table,
                refers_to: vec![],
                on_delete: on_delete.to_ascii_lowercase(),
            });
            fk.columns.push(from);
            // `REFERENCES t` without columns means t's primary key.
            fk.refers_to.push(to.unwrap_or_else(|| "(primary key)".to_string()));
        }
        t.foreign_keys = by_id.into_values().collect();
        schema.insert(name, t);
    }
    Ok(schema)
}

async fn postgres_schema(pool: &sqlx::PgPool) -> Result<Schema, StoreError> {
    let columns: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable = 'YES' \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .map_err(map)?;
    let mut schema = Schema::new();
    for (table, column, declared, nullable) in columns {
        let kind = Kind::of(&declared).ok_or_else(|| unknown_type(&table, &column, &declared))?;
        schema.entry(table).or_default().columns.insert(column, Column { kind, nullable });
    }
    let indexes: Rows<(String, String, bool, bool, bool, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL, \
                array_agg(COALESCE(a.attname::text, '(expression)') ORDER BY k.ord) \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations' \
         GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary, ix.indpred",
    )
    .fetch_all(pool)
    .await
    .map_err(map);
    for (table, index, unique, primary, partial, columns) in indexes? {
        let t = schema.entry(table).or_default();
        if primary {
            t.primary_key = columns;
        } else {
            t.indexes.insert(index, Index { unique, columns, partial });
        }
    }
    let constraints: Rows<ConstraintRow> = sqlx::query_as(
        "SELECT t.relname::text, c.contype::text, r.relname::text, \
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) \
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), \
                ARRAY(SELECT a.attname::text FROM unnest(COALESCE(c.confkey, '{}')) WITH ORDINALITY k(n, o) \
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), \
                CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'r' THEN 'restrict' \
                     WHEN 'd' THEN 'set default' ELSE 'no action' END \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         LEFT JOIN pg_class r ON r.oid = c.confrelid \
         WHERE n.nspname = current_schema() AND c.contype IN ('c', 'f')",
    )
    .fetch_all(pool)
    .await
    .map_err(map);
    for (table, kind, refers, columns, refers_to, on_delete) in constraints? {
        let t = schema.entry(table).or_default();
        match (kind.as_str(), refers) {
            ("c", _) => t.checks += 1,
            (_, Some(table)) => {
                t.foreign_keys.insert(ForeignKey { columns, table, refers_to, on_delete });
            }
            _ => {}
        }
    }
    Ok(schema)
}

fn unknown_type(table: &str, column: &str, declared: &str) -> StoreError {
    StoreError::Backend(format!("{table}.{column} has a type this catalogue does not know: {declared}").into())
}

#[cfg(test)]
mod tests {
    use super::sqlite_checks;

    #[test]
    fn checks_are_counted_outside_comments() {
        let sql = "CREATE TABLE b (\n    -- The check-out day; CHECK (nothing)\n    end_day INTEGER CHECK(end_day > 0),\n    CHECK (end_day IS NULL OR end_day > 1)\n)";
        assert_eq!(sqlite_checks(sql), 2);
    }
}
