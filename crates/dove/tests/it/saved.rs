//! Favourites and saved-search alerts, on both backends.
use crate::helpers::{PASSWORD, TestApp, both, count, location};
use crate::listings::{create, house, published, upload};
use crate::photos_fixture as fx;
use serde_json::{Value, json};

async fn buyer(app: &TestApp, email: &str) -> String {
    app.sign_up_confirmed("Buyer", email).await;
    app.api_token(email, PASSWORD).await
}

both!(favourites_through_pages_and_api, |app| {
    let (seller, live) = published(&app, "fav-seller@example.com", "fav-seller").await;
    let id = live["id"].as_str().unwrap().to_string();
    let draft = create(&app, &seller, house()).await;
    let draft_id = draft["id"].as_str().unwrap().to_string();

    // Signed out: the heart asks to sign in and comes back to the page.
    let visitor = crate::helpers::client();
    let page = visitor.get(app.url(live["url"].as_str().unwrap())).send().await.unwrap().text().await.unwrap();
    let csrf = crate::helpers::extract_csrf(&page).unwrap();
    let res = visitor
        .post(app.url(&format!("/favourites/{id}")))
        .form(&[("csrf", csrf.as_str()), ("next", live["url"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/signin?next=%2Fl%2F"), "{}", location(&res));

    let token = buyer(&app, "fav-buyer@example.com").await;
    let put = |id: String| app.client.put(app.url(&format!("/api/v1/me/favourites/{id}"))).bearer_auth(&token).send();
    assert_eq!(put(id.clone()).await.unwrap().status(), 204);
    assert_eq!(put(id.clone()).await.unwrap().status(), 204, "saving twice is fine");
    assert_eq!(put(draft_id.clone()).await.unwrap().status(), 404, "someone else's draft is invisible");
    let list: Value = app
        .client
        .get(app.url("/api/v1/me/favourites"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], live["id"]);
    // The page shows it, with the heart filled.
    let saved = app.text("/saved").await;
    assert!(saved.contains("Two bedroom apartment in Kilimani") && saved.contains("/remove"));
    let del =
        app.client.delete(app.url(&format!("/api/v1/me/favourites/{id}"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(del.status(), 204);
    assert!(app.text("/saved").await.contains("Nothing saved yet"));
    // Through the page's form.
    let res = app.post_form(&format!("/favourites/{id}"), &[("next", "/saved")]).await;
    assert_eq!(location(&res), "/saved");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM favourites").await, 1);
});

async fn signing_key(app: &TestApp) -> [u8; 32] {
    let hex = app.db.setting_or_init("csrf_key", "").await.unwrap();
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap();
    }
    key
}

/// One round of the alerts job, on the app's clock, as its worker runs it.
async fn run_alerts(app: &TestApp) {
    let cats = dove_domain::listings::categories(&app.db).await.unwrap();
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let key = signing_key(app).await;
    app.clock
        .run(async {
            dove_domain::alerts::find_matches(&app.db, app.search.as_ref(), &cats).await.unwrap();
            dove_domain::alerts::send_due(&app.db, &site, &key).await.unwrap();
        })
        .await;
}

async fn wait_searchable(app: &TestApp, q: &str, n: u64) {
    for _ in 0..100 {
        let v: Value =
            app.client.get(app.url(&format!("/api/v1/search?q={q}"))).send().await.unwrap().json().await.unwrap();
        if v["total"].as_u64() == Some(n) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{q} never reached {n}");
}

both!(alerts_mail_each_new_match_once, |app| {
    let token = buyer(&app, "alert-buyer@example.com").await;
    let res = app.post_json("/api/v1/me/saved-searches", json!({"query": "q=kilimani&offer=rent"}), Some(&token)).await;
    assert_eq!(res.status(), 201);
    let saved: Value = res.json().await.unwrap();
    let bad =
        app.post_json("/api/v1/me/saved-searches", json!({"query": "price_min=9&price_max=1"}), Some(&token)).await;
    assert_eq!(bad.status(), 422);

    let (seller, _) = published(&app, "alert-seller@example.com", "alert-seller").await;
    wait_searchable(&app, "kilimani", 1).await;
    run_alerts(&app).await;
    run_alerts(&app).await;
    let first = app.wait_for_mail("alert-buyer@example.com", "New match").await;
    assert!(first.contains("Two bedroom apartment in Kilimani") && first.contains("/alerts/unsubscribe?id="));
    assert_eq!(app.mail_count("alert-buyer@example.com").await, 2, "the confirmation and one alert");

    // A second match: one more mail, naming only the new listing.
    let mut body = house();
    body["title"] = json!("Garden cottage in Kilimani");
    let l = create(&app, &seller, body).await;
    let id = l["id"].as_str().unwrap();
    upload(&app, &seller, id, vec![("c.jpg", fx::jpeg(800, 600, 5))]).await;
    app.client.post(app.url(&format!("/api/v1/listings/{id}/publish"))).bearer_auth(&seller).send().await.unwrap();
    wait_searchable(&app, "kilimani", 2).await;
    run_alerts(&app).await;
    run_alerts(&app).await;
    let second = app.wait_for_mail("alert-buyer@example.com", "Garden cottage").await;
    assert!(!second.contains("Two bedroom apartment"), "each listing once");
    assert_eq!(app.mail_count("alert-buyer@example.com").await, 3);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM search_alerts WHERE mailed_at IS NOT NULL").await, 2);

    // Unsubscribe: a tampered link is refused, the real one works without signing in.
    let start = second.find("/alerts/unsubscribe?").unwrap();
    let link = second[start..].split_whitespace().next().unwrap().to_string();
    let visitor = crate::helpers::client();
    let tampered = link.replace("sig=", "sig=x");
    let res = visitor.get(app.url(&tampered)).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("This link is not valid"));
    let res = visitor.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("no more emails"));
    let left: Value = app
        .client
        .get(app.url("/api/v1/me/saved-searches"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(left.as_array().unwrap().is_empty());
    assert_eq!(
        count(&app.db, &format!("SELECT COUNT(*) FROM saved_searches WHERE id = '{}'", saved["id"].as_str().unwrap()))
            .await,
        0
    );
});

both!(daily_alerts_wait_for_the_digest, |app| {
    let token = buyer(&app, "daily@example.com").await;
    let res = app
        .post_json("/api/v1/me/saved-searches", json!({"query": "q=kilimani", "frequency": "daily"}), Some(&token))
        .await;
    assert_eq!(res.status(), 201);
    published(&app, "daily-seller@example.com", "daily-seller").await;
    wait_searchable(&app, "kilimani", 1).await;
    run_alerts(&app).await;
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM search_alerts WHERE mailed_at IS NULL").await,
        1,
        "matched, waiting for the digest"
    );
    // A day on, the digest goes.
    app.clock.advance(dove_domain::clock::DAY_MS);
    run_alerts(&app).await;
    app.wait_for_mail("daily@example.com", "New match").await;
    // Another user's saved search cannot be deleted.
    let other = buyer(&app, "other@example.com").await;
    let id = app
        .client
        .get(app.url("/api/v1/me/saved-searches"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/me/saved-searches/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
});
