//! Orders, on both backends: "buy now" reserving stock with no overselling
//! under concurrency, expiry and cancelling giving stock back, bad input,
//! idempotent retries, and strangers getting 404.
use crate::helpers::{PASSWORD, TestApp, Visitor, both, count, exec, location};
use crate::listings::{act, create, seller, upload};
use crate::photos_fixture as fx;
use serde_json::{Value, json};

/// A published phone with `stock` in stock, delivery and pickup both offered.
pub(crate) async fn product(app: &TestApp, email: &str, slug: &str, stock: i64) -> (String, String) {
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

pub(crate) async fn buyer(app: &TestApp, email: &str) -> String {
    TestApp::with_client(app, crate::helpers::client()).sign_up_confirmed("Buyer", email).await;
    app.api_token(email, PASSWORD).await
}

pub(crate) async fn order(app: &Visitor, token: &str, body: Value, key: Option<&str>) -> (u16, Value) {
    let mut req = app.client.post(app.url("/api/v1/orders")).bearer_auth(token).json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn stock(app: &TestApp, id: &str) -> i64 {
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
    assert_eq!(
        dove_domain::orders::expire_overdue(
            &app.db,
            &dove_domain::mail::Site::new("http://127.0.0.1"),
            dove_domain::clock::now_ms()
        )
        .await
        .unwrap(),
        0
    );
    let expired =
        dove_domain::orders::expire_overdue(&app.db, &dove_domain::mail::Site::new("http://127.0.0.1"), later)
            .await
            .unwrap();
    assert_eq!(expired, 1, "the unpaid order expires once");
    assert_eq!(
        dove_domain::orders::expire_overdue(&app.db, &dove_domain::mail::Site::new("http://127.0.0.1"), later)
            .await
            .unwrap(),
        0
    );
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
            "INSERT INTO api_tokens (id, user_id, token_hash, name, created_at, expires_at) VALUES ('{user}-t', '{user}', '{}', 'race', 0, 9000000000000)",
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

pub(crate) fn text_of(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

/// The sandbox's prompt for the newest payment, and the callback URL it was given.
pub(crate) async fn prompt(app: &TestApp) -> (String, String) {
    let id =
        crate::helpers::text_value(&app.db, "SELECT checkout_id FROM sandbox_prompts ORDER BY created_at DESC LIMIT 1")
            .await;
    let url = crate::helpers::text_value(
        &app.db,
        &format!("SELECT callback_url FROM sandbox_prompts WHERE checkout_id = '{id}'"),
    )
    .await;
    (id, url)
}

pub(crate) fn daraja(checkout_id: &str, code: i64, amount: i64) -> Value {
    let mut stk =
        json!({"MerchantRequestID": "m-1", "CheckoutRequestID": checkout_id, "ResultCode": code, "ResultDesc": "x"});
    if code == 0 {
        stk["CallbackMetadata"] = json!({"Item": [{"Name": "Amount", "Value": amount}, {"Name": "MpesaReceiptNumber", "Value": "TEST123456"}]});
    }
    json!({"Body": {"stkCallback": stk}})
}

async fn ledger_balances(app: &TestApp) {
    crate::helpers::check_ledger(&app.db).await;
}

both!(mpesa_through_the_sandbox_pays_an_order_once, |app| {
    let (seller_token, id) = product(&app, "pay-seller@example.com", "pay-seller", 3).await;
    let buyer_token = buyer(&app, "pay-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 2, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let pay = format!("/api/v1/orders/{order_id}/pay");
    let res = app.post_json(&pay, json!({"phone": "+44 20 7946 0958"}), Some(&buyer_token)).await;
    assert_eq!(res.status(), 422, "M-Pesa needs a Kenyan mobile number");
    let stranger = crate::orders::buyer(&app, "pay-stranger@example.com").await;
    assert_eq!(app.post_json(&pay, json!({"phone": "0712345678"}), Some(&stranger)).await.status(), 404);
    assert_eq!(crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}/payments"), &stranger).await.0, 404);

    let res = app.post_json(&pay, json!({"phone": "0712 345 678"}), Some(&buyer_token)).await;
    assert_eq!(res.status(), 202);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["status"], "pending");
    assert!(!p.to_string().contains("712345678"), "the number is not echoed back: {p}");
    assert_eq!(app.post_json(&pay, json!({"phone": "0712 345 678"}), Some(&buyer_token)).await.status(), 409);
    let cancel = format!("/api/v1/orders/{order_id}/cancel");
    assert_eq!(
        app.post_json(&cancel, json!({}), Some(&buyer_token)).await.status(),
        409,
        "not while the prompt is out"
    );

    // Forged, unknown, malformed and short-paid callbacks change nothing.
    let (checkout, url) = prompt(&app).await;
    let base = url.rsplit_once('/').unwrap().0.to_string();
    let forged =
        app.client.post(format!("{base}/not-the-secret")).json(&daraja(&checkout, 0, 64_000)).send().await.unwrap();
    assert_eq!(forged.status(), 404);
    let unknown = app.client.post(&url).json(&daraja("ws_CO_nobody", 0, 64_000)).send().await.unwrap();
    assert_eq!(unknown.status(), 200);
    let malformed =
        app.client.post(&url).header("content-type", "application/json").body("{\"Body\":").send().await.unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payments WHERE status = 'pending'").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM ledger_entries").await, 0);

    // The buyer approves on the sandbox phone: the gateway calls back over HTTP.
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("pay-buyer@example.com", PASSWORD).await;
    assert!(pages.text("/dev/payments").await.contains(&checkout));
    let html = pages.text(&format!("/orders/{order_id}")).await;
    assert!(html.contains("id=\"check-phone\"") && html.contains("+254 7•• ••• 678"), "{html}");
    let res = pages.post_form(&format!("/dev/payments/{checkout}/approve"), &[]).await;
    assert_eq!(res.status(), 303);
    let (_, o) = crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await;
    assert_eq!(o["status"], "paid");
    let (_, payments) =
        crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}/payments"), &buyer_token).await;
    assert_eq!((payments[0]["status"].as_str(), payments[0]["receipt"].is_string()), (Some("succeeded"), true));
    assert_eq!(
        count(
            &app.db,
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account LIKE 'escrow:%'"
        )
        .await,
        6_400_000
    );
    ledger_balances(&app).await;

    // The same callback again: acknowledged, applied once.
    let again = app.client.post(&url).json(&daraja(&checkout, 0, 64_000)).send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM ledger_entries").await, 2);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payments WHERE status = 'succeeded'").await, 1);
    assert_eq!(
        app.post_json(&pay, json!({"phone": "0712345678"}), Some(&buyer_token)).await.status(),
        409,
        "paid already"
    );
    // The audit trail: each state once, with who and from where.
    let trail = format!(
        "SELECT COUNT(*) FROM order_events WHERE order_id = '{order_id}' AND origin = '127.0.0.1' \
         AND ((to_status = 'pending_payment' AND actor_id IS NOT NULL) OR (to_status = 'paid' AND actor_id IS NULL))"
    );
    assert_eq!(count(&app.db, &trail).await, 2);

    // Both were told it is paid.
    app.wait_for_mail("pay-buyer@example.com", "is paid").await;
    app.wait_for_mail("pay-seller@example.com", "is paid").await;

    // Handed over by the seller, confirmed by the buyer, each only by them.
    let (_, money) = crate::leads::get_json(&app, "/api/v1/me/balance", &seller_token).await;
    assert_eq!((money["balance_minor"].as_i64(), money["held_minor"].as_i64()), (Some(0), Some(6_400_000)));
    let step = |s: &str| format!("/api/v1/orders/{order_id}/{s}");
    assert_eq!(
        app.post_json(&step("confirm"), json!({}), Some(&buyer_token)).await.status(),
        409,
        "not handed over yet"
    );
    assert_eq!(app.post_json(&step("fulfil"), json!({}), Some(&buyer_token)).await.status(), 404);
    assert_eq!(app.post_json(&step("fulfil"), json!({}), Some(&stranger)).await.status(), 404);
    assert_eq!(app.post_json(&step("fulfil"), json!({}), Some(&seller_token)).await.status(), 200);
    assert_eq!(app.post_json(&step("confirm"), json!({}), Some(&seller_token)).await.status(), 404);
    let res = app.post_json(&step("confirm"), json!({}), Some(&buyer_token)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "completed");
    assert_eq!(app.post_json(&step("confirm"), json!({}), Some(&buyer_token)).await.status(), 409, "once");
    // 5% commission: the seller gets 95%.
    let (_, money) = crate::leads::get_json(&app, "/api/v1/me/balance", &seller_token).await;
    assert_eq!((money["balance_minor"].as_i64(), money["held_minor"].as_i64()), (Some(6_080_000), Some(0)));
    let platform =
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account = 'platform'";
    assert_eq!(count(&app.db, platform).await, 320_000);
    let escrow =
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE account LIKE 'escrow:%'";
    assert_eq!(count(&app.db, escrow).await, 0);
    ledger_balances(&app).await;
    let seller_pages = TestApp::with_client(&app, crate::helpers::client());
    seller_pages.sign_in("pay-seller@example.com", PASSWORD).await;
    assert!(seller_pages.text("/orders?role=seller").await.contains("Your balance: KES 60,800"));
    let body = app.wait_for_mail("pay-seller@example.com", "is complete").await;
    assert!(body.contains(&format!("/orders/{order_id}")));
    // A receipt for either party, with the M-Pesa receipt number; not for others.
    let receipt = seller_pages.text(&format!("/orders/{order_id}/receipt")).await;
    let (_, paid) = crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}/payments"), &buyer_token).await;
    let mpesa_receipt = paid[0]["receipt"].as_str().unwrap().to_string();
    assert!(receipt.contains(&mpesa_receipt) && receipt.contains("KES 64,000"), "{receipt}");
    let outsider = TestApp::with_client(&app, crate::helpers::client());
    outsider.sign_in("pay-stranger@example.com", PASSWORD).await;
    assert_eq!(outsider.get(&format!("/orders/{order_id}/receipt")).await.status(), 404);
});

both!(a_handed_over_order_completes_by_itself_after_a_week, |app| {
    let (seller_token, id) = product(&app, "ac-seller@example.com", "ac-seller", 2).await;
    let buyer_token = buyer(&app, "ac-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    assert_eq!(
        app.post_json(&format!("/api/v1/orders/{order_id}/pay"), json!({"phone": "0712345678"}), Some(&buyer_token))
            .await
            .status(),
        202
    );
    let (checkout, url) = prompt(&app).await;
    assert_eq!(app.client.post(&url).json(&daraja(&checkout, 0, 32_000)).send().await.unwrap().status(), 200);
    assert_eq!(
        app.post_json(&format!("/api/v1/orders/{order_id}/fulfil"), json!({}), Some(&seller_token)).await.status(),
        200
    );
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let now = dove_domain::clock::now_ms();
    assert_eq!(dove_domain::orders::complete_overdue(&app.db, &site, 500, now).await.unwrap(), 0, "not yet");
    let week_on = now + dove_domain::orders::AUTO_COMPLETE_AFTER_MS + 1;
    assert_eq!(dove_domain::orders::complete_overdue(&app.db, &site, 500, week_on).await.unwrap(), 1);
    assert_eq!(dove_domain::orders::complete_overdue(&app.db, &site, 500, week_on).await.unwrap(), 0, "once");
    let (_, money) = crate::leads::get_json(&app, "/api/v1/me/balance", &seller_token).await;
    assert_eq!(money["balance_minor"].as_i64(), Some(3_040_000));
    ledger_balances(&app).await;
});

both!(a_declined_or_short_paid_prompt_leaves_the_order_payable, |app| {
    let (_seller, id) = product(&app, "dec-seller@example.com", "dec-seller", 3).await;
    let buyer_token = buyer(&app, "dec-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let pay = format!("/api/v1/orders/{order_id}/pay");
    assert_eq!(app.post_json(&pay, json!({"phone": "0712345678"}), Some(&buyer_token)).await.status(), 202);
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("dec-buyer@example.com", PASSWORD).await;
    let (checkout, url) = prompt(&app).await;
    assert_eq!(pages.post_form(&format!("/dev/payments/{checkout}/decline"), &[]).await.status(), 303);
    let (_, payments) =
        crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}/payments"), &buyer_token).await;
    assert_eq!((payments[0]["status"].as_str(), payments[0]["failure"].as_str()), (Some("failed"), Some("cancelled")));
    assert!(pages.text(&format!("/orders/{order_id}")).await.contains("The payment was cancelled on the phone."));

    // Paid, but less than the order: not settled.
    assert_eq!(app.post_json(&pay, json!({"phone": "0712345678"}), Some(&buyer_token)).await.status(), 202);
    let (checkout, _) = prompt(&app).await;
    let res = app.client.post(&url).json(&daraja(&checkout, 0, 100)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (_, o) = crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await;
    assert_eq!(o["status"], "pending_payment");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM ledger_entries").await, 0);
    ledger_balances(&app).await;
});

/// A stand-in for Safaricom's Daraja on loopback, checking what the client
/// sends as the documentation describes it.
async fn fake_daraja() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::http::HeaderMap;
    use base64::Engine;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let tokens = std::sync::Arc::new(AtomicUsize::new(0));
    let issued = tokens.clone();
    let oauth = move |headers: HeaderMap| {
        let issued = issued.clone();
        async move {
            let basic = base64::engine::general_purpose::STANDARD.encode("key:secret");
            if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Basic {basic}")) {
                return (
                    axum::http::StatusCode::UNAUTHORIZED,
                    axum::Json(json!({"errorMessage": "Invalid credentials"})),
                );
            }
            issued.fetch_add(1, Ordering::SeqCst);
            (axum::http::StatusCode::OK, axum::Json(json!({"access_token": "tok-1", "expires_in": "3599"})))
        }
    };
    async fn push(headers: HeaderMap, axum::Json(b): axum::Json<Value>) -> (axum::http::StatusCode, axum::Json<Value>) {
        assert_eq!(headers.get("authorization").unwrap(), "Bearer tok-1");
        let ts = b["Timestamp"].as_str().unwrap();
        assert_eq!(ts.len(), 14);
        let expected = base64::engine::general_purpose::STANDARD.encode(format!("174379passkey{ts}"));
        assert_eq!(b["Password"], expected.as_str());
        assert_eq!((b["BusinessShortCode"].as_str(), b["PartyB"].as_str()), (Some("174379"), Some("174379")));
        assert_eq!(b["TransactionType"], "CustomerPayBillOnline");
        assert_eq!((b["PartyA"].as_str(), b["PhoneNumber"].as_str()), (Some("254712345678"), Some("254712345678")));
        if b["Amount"] == 0 {
            return (
                axum::http::StatusCode::BAD_REQUEST,
                axum::Json(json!({"errorCode": "400.002.02", "errorMessage": "Bad Request - Invalid Amount"})),
            );
        }
        assert!(b["CallBackURL"].as_str().unwrap().starts_with("https://"));
        (
            axum::http::StatusCode::OK,
            axum::Json(
                json!({"MerchantRequestID": "m-1", "CheckoutRequestID": "ws_CO_test_1", "ResponseCode": "0", "ResponseDescription": "Success. Request accepted for processing", "CustomerMessage": "Success"}),
            ),
        )
    }
    async fn query(axum::Json(b): axum::Json<Value>) -> axum::Json<Value> {
        assert_eq!(b["CheckoutRequestID"], "ws_CO_test_1");
        axum::Json(json!({"ResponseCode": "0", "ResultCode": "1032", "ResultDesc": "Request cancelled by user"}))
    }
    async fn b2c(headers: HeaderMap, axum::Json(b): axum::Json<Value>) -> axum::Json<Value> {
        assert_eq!(headers.get("authorization").unwrap(), "Bearer tok-1");
        assert_eq!(
            (b["InitiatorName"].as_str(), b["SecurityCredential"].as_str()),
            (Some("apitest"), Some("credential"))
        );
        assert_eq!((b["CommandID"].as_str(), b["PartyA"].as_str()), (Some("BusinessPayment"), Some("174379")));
        assert_eq!((b["PartyB"].as_str(), b["Amount"].as_i64()), (Some("254722000111"), Some(1_500)));
        assert_eq!(b["OriginatorConversationID"], "payout-1", "our id, for Daraja to refuse repeats");
        assert!(b["ResultURL"].as_str().unwrap().ends_with("/b2c/s") && b["QueueTimeOutURL"] == b["ResultURL"]);
        axum::Json(json!({"ConversationID": "AG_20261124_test", "OriginatorConversationID": "payout-1",
            "ResponseCode": "0", "ResponseDescription": "Accept the service request successfully."}))
    }
    let app = axum::Router::new()
        .route("/oauth/v1/generate", axum::routing::get(oauth))
        .route("/mpesa/stkpush/v1/processrequest", axum::routing::post(push))
        .route("/mpesa/stkpushquery/v1/query", axum::routing::post(query))
        .route("/mpesa/b2c/v3/paymentrequest", axum::routing::post(b2c));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, tokens)
}

#[tokio::test]
async fn the_daraja_client_speaks_the_documented_protocol() {
    use dove_domain::payments::{MpesaGateway, StkPush};
    let (base, tokens) = fake_daraja().await;
    let config = |key: &str| dove::payments::DarajaConfig {
        base_url: base.clone(),
        consumer_key: key.into(),
        consumer_secret: "secret".into(),
        shortcode: "174379".into(),
        passkey: "passkey".into(),
        b2c_initiator: Some("apitest".into()),
        b2c_credential: Some("credential".into()),
    };
    let daraja = dove::payments::DarajaMpesa::new(config("key")).unwrap();
    let push = |amount: i64| StkPush {
        phone: "254712345678".into(),
        amount,
        reference: "DOVE-1".into(),
        description: "Dove Market order".into(),
        callback_url: "https://dove.example/api/v1/payments/mpesa/callback/s".into(),
    };
    assert_eq!(daraja.stk_push(&push(3_200)).await.unwrap(), "ws_CO_test_1");
    assert_eq!(daraja.stk_push(&push(3_200)).await.unwrap(), "ws_CO_test_1");
    assert_eq!(tokens.load(std::sync::atomic::Ordering::SeqCst), 1, "the token is kept until it expires");
    let refused = daraja.stk_push(&push(0)).await.unwrap_err().to_string();
    assert!(refused.contains("Invalid Amount") && !refused.contains("254712345678"), "{refused}");
    let q = daraja.stk_query("ws_CO_test_1").await.unwrap().unwrap();
    assert_eq!(q.result_code, 1032);
    let wrong = dove::payments::DarajaMpesa::new(config("wrong")).unwrap();
    assert!(wrong.stk_push(&push(1)).await.is_err());

    // B2C, for payouts and refunds.
    use dove_domain::payouts::{B2cRequest, PayoutGateway};
    let req = B2cRequest {
        phone: "254722000111".into(),
        amount: 1_500,
        remarks: "Dove Market payout".into(),
        reference: "payout-1".into(),
        result_url: "https://dove.example/api/v1/payments/mpesa/b2c/s".into(),
    };
    assert_eq!(daraja.b2c(&req).await.unwrap(), "AG_20261124_test");
    let unconfigured =
        dove::payments::DarajaMpesa::new(dove::payments::DarajaConfig { b2c_initiator: None, ..config("key") })
            .unwrap();
    assert!(unconfigured.b2c(&req).await.unwrap_err().to_string().contains("not configured"));
}

both!(a_prompt_with_no_callback_is_asked_about_and_times_out, |app| {
    let (_seller, id) = product(&app, "q-seller@example.com", "q-seller", 2).await;
    let buyer_token = buyer(&app, "q-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let pay = format!("/api/v1/orders/{order_id}/pay");
    assert_eq!(app.post_json(&pay, json!({"phone": "0712345678"}), Some(&buyer_token)).await.status(), 202);
    let sandbox = crate::helpers::mpesa_only(dove::payments::SandboxMpesa::new(app.db.clone()).unwrap());
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    // The job's step, on the app's clock, as its worker runs it.
    let query = || app.clock.run(dove_domain::payments::query_stale(&app.db, &site, &sandbox, app.clock.now_ms()));
    assert_eq!(query().await.unwrap(), 0, "too early to ask");
    // Three minutes on, nobody answered the phone.
    app.clock.advance(180_000);
    assert_eq!(query().await.unwrap(), 1);
    let (_, payments) =
        crate::leads::get_json(&app, &format!("/api/v1/orders/{order_id}/payments"), &buyer_token).await;
    assert_eq!(
        (payments[0]["status"].as_str(), payments[0]["failure"].as_str()),
        (Some("failed"), Some("phone-unreachable"))
    );
    // The buyer can try again.
    assert_eq!(app.post_json(&pay, json!({"phone": "0712345678"}), Some(&buyer_token)).await.status(), 202);
});

async fn make_offer(app: &Visitor, token: &str, listing: &str, amount: i64) -> reqwest::Response {
    app.post_json(&format!("/api/v1/listings/{listing}/offers"), json!({"amount_minor": amount}), Some(token)).await
}

async fn reply_offer(app: &Visitor, offer_id: &str, token: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/offers/{offer_id}/reply"), body, Some(token)).await
}

/// A published house for sale.
pub(crate) async fn house_for_sale(app: &TestApp, email: &str, slug: &str) -> (String, String) {
    let token = seller(app, email, slug).await;
    let mut body = crate::listings::house();
    body["offer"] = json!("sale");
    body["property_type"] = json!("maisonette");
    body["title"] = json!("Four bedroom house in Karen");
    body["price_minor"] = json!(2_500_000_000i64);
    let res = app.post_json("/api/v1/listings", body, Some(&token)).await;
    let status = res.status();
    let l: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{l}");
    let id = l["id"].as_str().unwrap().to_string();
    assert_eq!(upload(app, &token, &id, vec![("a.jpg", fx::jpeg(800, 600, 5))]).await.status(), 201);
    let res = act(app, &token, &id, "publish").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    (token, id)
}

both!(offers_on_a_house_for_sale_are_answered_in_turn, |app| {
    let (seller_token, id) = house_for_sale(&app, "of-seller@example.com", "of-seller").await;
    let (_, rent_house) = crate::listings::published(&app, "of-landlord@example.com", "of-landlord").await;
    let buyer_token = buyer(&app, "of-buyer@example.com").await;
    assert_eq!(make_offer(&app, &seller_token, &id, 100).await.status(), 422, "not on one's own house");
    assert_eq!(
        make_offer(&app, &buyer_token, rent_house["id"].as_str().unwrap(), 100).await.status(),
        404,
        "lets take no offers"
    );
    assert_eq!(make_offer(&app, &buyer_token, &id, 0).await.status(), 422);
    let res = make_offer(&app, &buyer_token, &id, 2_200_000_000).await;
    assert_eq!(res.status(), 201);
    let o: Value = res.json().await.unwrap();
    let offer_id = text_of(&o, "id");
    assert_eq!((o["status"].as_str(), o["your_turn"].as_bool()), (Some("open"), Some(false)));
    assert_eq!(make_offer(&app, &buyer_token, &id, 2_300_000_000).await.status(), 409, "one open offer at a time");
    let (_, board) = crate::leads::get_json(&app, "/api/v1/leads", &seller_token).await;
    assert_eq!(board["leads"][0]["stage"], "negotiating");

    assert_eq!(
        reply_offer(&app, &offer_id, &buyer_token, json!({"reply": "accept"})).await.status(),
        409,
        "not the buyer's turn"
    );
    let stranger = crate::orders::buyer(&app, "of-stranger@example.com").await;
    assert_eq!(reply_offer(&app, &offer_id, &stranger, json!({"reply": "accept"})).await.status(), 404);
    assert_eq!(crate::leads::get_json(&app, &format!("/api/v1/offers/{offer_id}"), &stranger).await.0, 404);
    let res =
        reply_offer(&app, &offer_id, &seller_token, json!({"reply": "counter", "amount_minor": 2_400_000_000i64}))
            .await;
    assert_eq!(res.status(), 200);
    let (_, o) = crate::leads::get_json(&app, &format!("/api/v1/offers/{offer_id}"), &buyer_token).await;
    assert_eq!((o["amount_minor"].as_i64(), o["your_turn"].as_bool()), (Some(2_400_000_000), Some(true)));
    let res = reply_offer(&app, &offer_id, &buyer_token, json!({"reply": "accept"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "accepted");
    assert_eq!(reply_offer(&app, &offer_id, &seller_token, json!({"reply": "decline"})).await.status(), 409, "closed");
    let events = "SELECT COUNT(*) FROM lead_events WHERE kind = 'offer'";
    assert_eq!(count(&app.db, events).await, 3, "made, countered, accepted");

    // Through the pages: a clear error, then a new offer.
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("of-buyer@example.com", PASSWORD).await;
    let res = pages.post_form(&format!("/l/{id}/offers"), &[("amount", "twenty million")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Write the amount in shillings, digits only."));
    let res = pages.post_form(&format!("/l/{id}/offers"), &[("amount", "21,000,000")]).await;
    assert_eq!((res.status().as_u16(), location(&res).as_str()), (303, "/offers"));
    assert!(pages.text("/offers").await.contains("KES 21,000,000"));
});
