//! Storage behaviour that both backends must share.
use crate::helpers::{both, count};
use dove_domain::StoreError;
use dove_domain::accounts::{AccountRepo, NewUser, Role, Store};
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
    }
}

both!(unique_violations_name_their_index, |app| {
    app.db.insert_user(&user("u1", "a@example.com"), None, 1).await.unwrap();
    let dup = app.db.insert_user(&user("u2", "a@example.com"), None, 1).await;
    assert!(matches!(dup, Err(StoreError::Conflict(ref c)) if c == "users_email_key"), "{dup:?}");
    app.db.insert_user(&user("u2", "b@example.com"), None, 1).await.unwrap();
    let store = |id: &str, slug: &str| Store { id: id.into(), name: "S".into(), slug: slug.into(), created_at: 1 };
    app.db.create_store(&store("s1", "shop"), "u1").await.unwrap();
    let taken = app.db.create_store(&store("s2", "shop"), "u2").await;
    assert!(matches!(taken, Err(StoreError::Conflict(ref c)) if c == "stores_slug_key"), "{taken:?}");
    let second = app.db.create_store(&store("s3", "shop-2"), "u1").await;
    assert!(matches!(second, Err(StoreError::Conflict(ref c)) if c == "stores_owner_key"), "{second:?}");
    // The failed transaction left nothing behind: u2 is still a buyer.
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users WHERE role = 'seller'").await, 1);
});

both!(outbox_leases_are_exclusive, |app| {
    let db = &app.db;
    crate::helpers::exec(db, "DELETE FROM mail_outbox").await;
    for i in 0..30 {
        let m = OutgoingMail { to: format!("m{i}@example.com"), subject: "s".into(), body_text: "b".into() };
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
