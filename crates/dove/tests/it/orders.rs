//! Orders, on both backends: "buy now" reserving stock with no overselling
//! under concurrency, expiry and cancelling giving stock back, bad input,
//! idempotent retries, and strangers getting 404.
use crate::helpers::{PASSWORD, TestApp, Visitor, both, count, exec, location};
use crate::listings::{act, create, seller, upload};
use crate::photos_fixture as fx;
use serde_json::{Value, json};

/// A published phone with `stock` in stock, delivery and pickup both offered.
async fn product(app: &TestApp, email: &str, slug: &str, stock: i64) -> (String, String) {
    let token = seller(app, email, slug).await;
    let body = json!({
        "kind": "product", "offer": "sale", "category": "phones-tablets", "condition": "used",
        "title": "Samsung Galaxy A54 128GB", "description": "Barely used, with its box and charger. Screen like new.",
        "price_minor": 3_200_000, "quantity": stock.to_string(), "delivery": true, "pickup": true,
        "county": "Nairobi", "town": "Nairobi", "neighbourhood": "Westlands", "lat": -1.2676, "lng": 36.8108
    });
    let l = create(app, &token, body).await;
    let id = l["id"].as_str().unwrap().to_string();
    assert_eq!(upload(app, &token, &id, vec![("a.jpg", fx::jpeg(800, 600, 4))]).await.status(), 201);
    let res = act(app, &token, &id, "publish").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    (token, id)
}

async fn buyer(app: &TestApp, email: &str) -> String {
    TestApp::with_client(app, crate::helpers::client()).sign_up_confirmed("Buyer", email).await;
    app.api_token(email, PASSWORD).await
}

async fn order(app: &Visitor, token: &str, body: Value, key: Option<&str>) -> (u16, Value) {
    let mut req = app.client.post(app.url("/api/v1/orders")).bearer_auth(token).json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn stock(app: &TestApp, id: &str) -> i64 {
    count(&app.db, &format!("SELECT quantity FROM listings WHERE id = '{id}'")).await
}

both!(buying_reserves_stock_and_unpaid_orders_give_it_back, |app| {
    let (seller_token, id) = product(&app, "or-seller@example.com", "or-seller", 3).await;
    let buyer = buyer(&app, "or-buyer@example.com").await;
    for (q, fulfilment, code) in [
        (0, "pickup", "quantity-too-small"),
        (-2, "pickup", "quantity-too-small"),
        (4, "pickup", "quantity-above-stock"),
        (1, "drone", "fulfilment-unknown"),
    ] {
        let (status, p) =
            order(&app, &buyer, json!({"listing_id": id, "quantity": q, "fulfilment": fulfilment}), None).await;
        assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some(code)), "{p}");
    }
    let (status, p) =
        order(&app, &seller_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("order-own-listing")));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 0, "nothing half-written");

    let (status, o) =
        order(&app, &buyer, json!({"listing_id": id, "quantity": 2, "fulfilment": "delivery"}), None).await;
    assert_eq!(status, 201, "{o}");
    assert_eq!((o["status"].as_str(), o["total_minor"].as_i64()), (Some("pending_payment"), Some(6_400_000)));
    assert_eq!(stock(&app, &id).await, 1, "reserved at once");
    let order_id = o["id"].as_str().unwrap().to_string();

    // The seller sees it among sales; a stranger sees nothing.
    let (_, sales) = crate::leads::get_json(&app, "/api/v1/orders?role=seller", &seller_token).await;
    assert_eq!(sales[0]["id"], o["id"]);
    assert_eq!(sales[0]["role"], "seller");
    let stranger = crate::orders::buyer(&app, "or-stranger@example.com").await;
    assert_eq!(crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}"), &stranger).await.0, 404);
    let res = app.post_json(&format!("/api/v1/orders/{order_id}/cancel"), json!({}), Some(&stranger)).await;
    assert_eq!(res.status(), 404);
    assert_eq!(crate::leads::get_json(&app, "/api/v1/orders", &stranger).await.1, json!([]));

    // Cancelling gives the stock back, once.
    let res = app.post_json(&format!("/api/v1/orders/{order_id}/cancel"), json!({}), Some(&buyer)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(stock(&app, &id).await, 3);
    let res = app.post_json(&format!("/api/v1/orders/{order_id}/cancel"), json!({}), Some(&buyer)).await;
    assert_eq!(res.status(), 409);
    assert_eq!(stock(&app, &id).await, 3);

    // Unpaid past its time: expired, stock back, once.
    let (_, o) = order(&app, &buyer, json!({"listing_id": id, "quantity": 3, "fulfilment": "pickup"}), None).await;
    assert_eq!(stock(&app, &id).await, 0);
    let later = dove_domain::clock::now_ms() + dove_domain::orders::PAY_WITHIN_MS + 1;
    assert_eq!(dove_domain::orders::expire_overdue(&app.db, dove_domain::clock::now_ms()).await.unwrap(), 0);
    let expired = dove_domain::orders::expire_overdue(&app.db, later).await.unwrap();
    assert!(expired <= 1, "the app's own worker may not have got there: {expired}");
    assert_eq!(dove_domain::orders::expire_overdue(&app.db, later).await.unwrap(), 0);
    assert_eq!(stock(&app, &id).await, 3);
    let (_, o) = crate::leads::get_json(&app, &format!("/api/v1/orders/{}", o["id"].as_str().unwrap()), &buyer).await;
    assert_eq!(o["status"], "expired");
    let trail = format!("SELECT COUNT(*) FROM order_events WHERE order_id = '{}'", o["id"].as_str().unwrap());
    assert_eq!(count(&app.db, &trail).await, 2, "placed, then expired");
});

both!(fifty_buyers_for_the_last_five_items_make_five_orders, |app| {
    let (_seller, id) = product(&app, "race-seller@example.com", "race-seller", 5).await;
    // Accounts straight into the store: 50 sign-ups would only slow the test.
    let mut tokens = Vec::new();
    for i in 0..50 {
        let user = format!("race-buyer-{i:02}");
        exec(
            &app.db,
            &format!(
                "INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at) \
             VALUES ('{user}', '{user}@example.com', 'Racer {i}', 'x', 0, 0, 0)"
            ),
        )
        .await;
        let token = format!("dove_race_{i}");
        exec(&app.db, &format!(
            "INSERT INTO api_tokens (id, user_id, token_hash, name, created_at) VALUES ('{user}-t', '{user}', '{}', 'race', 0)",
            dove_domain::tokens::hash_token(&token)
        ))
        .await;
        tokens.push(token);
    }
    let runs =
        tokens.iter().map(|t| order(&app, t, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None));
    let results = futures::future::join_all(runs).await;
    let placed = results.iter().filter(|(s, _)| *s == 201).count();
    let refused = results.iter().filter(|(s, p)| *s == 422 && p["errors"][0]["code"] == "quantity-above-stock").count();
    assert_eq!((placed, refused), (5, 45), "{:?}", results.iter().map(|r| r.0).collect::<Vec<_>>());
    assert_eq!(stock(&app, &id).await, 0);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 5);
});

both!(retries_with_an_idempotency_key_place_one_order, |app| {
    let (_seller, id) = product(&app, "id-seller@example.com", "id-seller", 5).await;
    let buyer = buyer(&app, "id-buyer@example.com").await;
    let body = json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"});
    let (s1, first) = order(&app, &buyer, body.clone(), Some("checkout-7f3a")).await;
    let (s2, again) = order(&app, &buyer, body.clone(), Some("checkout-7f3a")).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(first, again, "the same response, replayed");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 1);
    let (status, p) =
        order(&app, &buyer, json!({"listing_id": id, "quantity": 2, "fulfilment": "pickup"}), Some("checkout-7f3a"))
            .await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("idempotency-key-reused")));
    // A refused request lets its key go: the corrected retry runs.
    let (status, _) =
        order(&app, &buyer, json!({"listing_id": id, "quantity": 9, "fulfilment": "pickup"}), Some("retry-1")).await;
    assert_eq!(status, 422);
    let (status, _) =
        order(&app, &buyer, json!({"listing_id": id, "quantity": 9, "fulfilment": "pickup"}), Some("retry-1")).await;
    assert_eq!(status, 422, "the same refusal, not a replay of nothing");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(stock(&app, &id).await, 4);
});

both!(buy_now_through_the_pages, |app| {
    let (_seller, id) = product(&app, "bp-seller@example.com", "bp-seller", 2).await;
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_up_confirmed("Wairimu", "bp-buyer@example.com").await;
    let canonical = location(&pages.get(&format!("/l/{id}")).await);
    let html = pages.text(&canonical).await;
    assert!(html.contains("action=\"/orders\"") && html.contains("2 in stock"), "the listing offers Buy now");
    let res = pages.post_form("/orders", &[("listing", &id), ("quantity", "5"), ("fulfilment", "pickup")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("There are not that many in stock."));
    let res = pages.post_form("/orders", &[("listing", &id), ("quantity", "1"), ("fulfilment", "pickup")]).await;
    assert_eq!(res.status(), 303);
    let to = location(&res);
    let html = pages.text(&to).await;
    assert!(html.contains("Awaiting payment") && html.contains("Samsung Galaxy A54"), "{html}");
    assert!(pages.text("/orders").await.contains(&to));
    let res = pages.post_form(&format!("{to}/cancel"), &[]).await;
    assert_eq!(res.status(), 303);
    assert!(pages.text(&to).await.contains("Cancelled"));
    assert_eq!(stock(&app, &id).await, 2);
});
