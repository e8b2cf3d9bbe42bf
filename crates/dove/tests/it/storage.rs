//! Storage behaviour that both backends must share.
use crate::helpers::{Backend, Storage, both, count};
use dove_domain::StoreError;
use dove_domain::accounts::{AccountRepo, NewUser, Role, Store};
use dove_domain::error::Conflict;
use dove_domain::mail::{OutboxRepo, OutgoingMail};

fn user(id: &str, email: &str) -> NewUser {
    NewUser {
        id: id.into(),
        email: email.into(),
        name: "N".into(),
        phone: None,
        password_hash: "x".into(),
        role: Role::Buyer,
        email_verified_at: Some(1),
        created_at: 1,
        lang: "en".into(),
    }
}

both!(unique_violations_name_their_index, |app| {
    app.db.insert_user(&user("u1", "a@example.com"), None, 1).await.unwrap();
    let dup = app.db.insert_user(&user("u2", "a@example.com"), None, 1).await;
    assert!(matches!(dup, Err(StoreError::Conflict(Conflict::EmailTaken))), "{dup:?}");
    app.db.insert_user(&user("u2", "b@example.com"), None, 1).await.unwrap();
    let store = |id: &str, slug: &str| Store { id: id.into(), name: "S".into(), slug: slug.into(), created_at: 1 };
    app.db.create_store(&store("s1", "shop"), "u1").await.unwrap();
    let taken = app.db.create_store(&store("s2", "shop"), "u2").await;
    assert!(matches!(taken, Err(StoreError::Conflict(Conflict::StoreSlugTaken))), "{taken:?}");
    let second = app.db.create_store(&store("s3", "shop-2"), "u1").await;
    assert!(matches!(second, Err(StoreError::Conflict(Conflict::StoreOwned))), "{second:?}");
    // The failed transaction left nothing behind: u2 is still a buyer.
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users WHERE role = 'seller'").await, 1);
});

both!(outbox_leases_are_exclusive, |app| {
    let db = &app.db;
    crate::helpers::exec(db, "DELETE FROM mail_outbox").await;
    for i in 0..30 {
        let m = OutgoingMail::new(&format!("m{i}@example.com"), "mail-verify");
        // Due far in the future for the app's own worker, claimed below with a later "now".
        db.enqueue_mail(&m, 4_000_000_000_000).await.unwrap();
    }
    let now = 4_000_000_000_001;
    let (a, b) = tokio::join!(db.claim_due_mail(now, 60_000, 20), db.claim_due_mail(now, 60_000, 20));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 30, "every message claimed once");
    let mut ids: Vec<&str> = a.iter().chain(b.iter()).map(|q| q.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30, "no message claimed twice");
    assert!(db.claim_due_mail(now, 60_000, 20).await.unwrap().is_empty(), "leased messages wait");
});

/// The two migration folders, written by hand side by side, make the same
/// schema: the same tables, columns of the same kind and nullability,
/// primary keys, indexes, foreign keys and CHECKs. And every unique index
/// is one the store turns into a typed conflict, on both backends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_make_the_same_schema() {
    let (lite, pg) = (Storage::new(Backend::Sqlite).await, Storage::new(Backend::Postgres).await);
    let lite = dove::open_db(&lite.config().storage).await.unwrap().schema().await.unwrap();
    let pg = dove::open_db(&pg.config().storage).await.unwrap().schema().await.unwrap();
    assert!(lite.len() > 30 && lite.contains_key("orders"), "the catalogue sees the tables: {:?}", lite.keys());
    assert_eq!(lite.keys().collect::<Vec<_>>(), pg.keys().collect::<Vec<_>>(), "the same tables");
    for (name, table) in &lite {
        let other = &pg[name];
        assert_eq!(table.columns, other.columns, "{name}: columns (SQLite left, PostgreSQL right)");
        assert_eq!(table.primary_key, other.primary_key, "{name}: primary key");
        assert_eq!(table.indexes, other.indexes, "{name}: indexes");
        assert_eq!(table.foreign_keys, other.foreign_keys, "{name}: foreign keys");
        assert_eq!(table.checks, other.checks, "{name}: CHECK constraints");
    }
    let unique: Vec<String> = pg
        .iter()
        .flat_map(|(t, table)| table.indexes.iter().filter(|(_, i)| i.unique).map(move |(n, i)| (t, n, i)))
        .map(|(t, n, i)| format!("{n} {t}.{}", i.columns.join(&format!(", {t}."))))
        .collect();
    let mapped: Vec<String> =
        dove_store::testing::UNIQUE_INDEXES.iter().map(|(n, cols, _)| format!("{n} {cols}")).collect();
    let (mut unique, mut mapped) = (unique, mapped);
    unique.sort();
    mapped.sort();
    assert_eq!(unique, mapped, "every unique index, by its name and its columns, is a typed conflict");
}
