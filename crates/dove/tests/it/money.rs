//! Money after the order, on both backends: the cart's one-order-per-seller
//! checkout, refunds within what was paid, disputes settled by an admin,
//! payouts through B2C, card payments through Stripe's signed webhooks,
//! the admin's reconciliation and risk flags, and the matrix proving that
//! a third party gets 404 on every route about someone else's things.
use crate::bookings::pay;
use crate::helpers::{PASSWORD, Storage, TestApp, both, count, each_backend, exec, location, start};
use crate::leads::get_json;
use crate::orders::{buyer, order, product, stock, text_of};
use serde_json::{Value, json};

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = app.post_json(path, body, Some(token)).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn put_line(app: &TestApp, token: &str, listing: &str, quantity: i64) -> (u16, Value) {
    let res = app
        .client
        .put(app.url(&format!("/api/v1/cart/items/{listing}")))
        .bearer_auth(token)
        .json(&json!({"quantity": quantity}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A paid order of two phones (KES 64,000): (seller token, buyer token, order id, listing id).
async fn paid_order(app: &TestApp, tag: &str) -> (String, String, String, String) {
    let (seller, id) = product(app, &format!("{tag}-seller@example.com"), &format!("{tag}-seller"), 3).await;
    let buyer = buyer(app, &format!("{tag}-buyer@example.com")).await;
    let (_, o) = order(app, &buyer, json!({"listing_id": id, "quantity": 2, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    pay(app, &buyer, &order_id, 6_400_000).await;
    (seller, buyer, order_id, id)
}

/// Waits (briefly) for the sandbox's B2C result to settle the newest payout.
async fn payout_settled(app: &TestApp) -> String {
    for _ in 0..100 {
        let status =
            crate::helpers::text_value(&app.db, "SELECT status FROM payouts ORDER BY created_at DESC LIMIT 1").await;
        if status != "pending" {
            return status;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the payout never settled");
}

async fn make_admin(app: &TestApp, email: &str) -> String {
    let token = buyer(app, email).await;
    exec(&app.db, &format!("UPDATE users SET role = 'admin' WHERE email = '{email}'")).await;
    token
}

both!(the_cart_checks_out_one_order_per_seller, |app| {
    let (_, phone) = product(&app, "cart-a@example.com", "cart-a", 3).await;
    let (_, other) = product(&app, "cart-b@example.com", "cart-b", 1).await;
    let buyer_token = buyer(&app, "cart-buyer@example.com").await;
    assert_eq!(post(&app, "/api/v1/cart/checkout", &buyer_token, json!({})).await.1["errors"][0]["code"], "cart-empty");
    assert_eq!(put_line(&app, &buyer_token, &phone, 0).await.0, 422);
    assert_eq!(put_line(&app, &buyer_token, &phone, 4).await.1["errors"][0]["code"], "quantity-above-stock");
    assert_eq!(put_line(&app, &buyer_token, "no-such-listing", 1).await.0, 404);
    assert_eq!(put_line(&app, &buyer_token, &phone, 2).await.0, 200);
    let (status, cart) = put_line(&app, &buyer_token, &other, 1).await;
    assert_eq!(status, 200);
    assert_eq!(cart.as_array().unwrap().len(), 2, "grouped by seller: {cart}");
    assert_eq!(cart[0]["subtotal_minor"], 6_400_000);

    // Someone buys the other shop's last one: checkout places nothing.
    let rival = buyer(&app, "cart-rival@example.com").await;
    let (s, o) = order(&app, &rival, json!({"listing_id": other, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!(s, 201);
    let (status, p) = post(&app, "/api/v1/cart/checkout", &buyer_token, json!({})).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("cart-line-unavailable")), "{p}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 1, "all or nothing");
    assert_eq!(stock(&app, &phone).await, 3);
    assert_eq!(post(&app, &format!("/api/v1/orders/{}/cancel", text_of(&o, "id")), &rival, json!({})).await.0, 200);

    // Checkout: two orders, stock held, the cart empty; a retry with the
    // same key places nothing more.
    let seller_b =
        crate::helpers::text_value(&app.db, &format!("SELECT seller_id FROM listings WHERE id = '{other}'")).await;
    let body = json!({"fulfilment": {seller_b.clone(): "delivery"}});
    let res = app
        .client
        .post(app.url("/api/v1/cart/checkout"))
        .bearer_auth(&buyer_token)
        .header("Idempotency-Key", "cart-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let orders: Value = res.json().await.unwrap();
    assert_eq!(orders.as_array().unwrap().len(), 2);
    assert_eq!(
        (orders[0]["total_minor"].as_i64(), orders[1]["fulfilment"].as_str()),
        (Some(6_400_000), Some("delivery"))
    );
    let res = app
        .client
        .post(app.url("/api/v1/cart/checkout"))
        .bearer_auth(&buyer_token)
        .header("Idempotency-Key", "cart-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap(), orders, "the same answer replayed");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders WHERE buyer_id <> (SELECT id FROM users WHERE email = 'cart-rival@example.com')").await, 2);
    assert_eq!((stock(&app, &phone).await, stock(&app, &other).await), (1, 0));
    assert_eq!(get_json(&app, "/api/v1/cart", &buyer_token).await.1, json!([]));

    // And in the browser: add to cart, see it, check out.
    let (_, third) = product(&app, "cart-c@example.com", "cart-c", 5).await;
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("cart-buyer@example.com", PASSWORD).await;
    let res = pages.post_form("/cart", &[("listing", &third), ("quantity", "2")]).await;
    assert_eq!(location(&res), "/cart");
    let page = pages.text("/cart").await;
    assert!(page.contains("Store cart-c") && page.contains("KES 64,000"), "{page}");
    let res = pages.post_form("/cart", &[("listing", &third), ("quantity", "9")]).await;
    assert_eq!(res.status(), 422, "2 + 9 is above the stock");
    let res = pages.post_form("/cart/checkout", &[]).await;
    assert!(location(&res).starts_with("/orders/"), "one seller: straight to the order");
});

both!(refunds_never_exceed_what_was_paid, |app| {
    let (seller, buyer_token, order_id, listing) = paid_order(&app, "rf").await;
    let refund = format!("/api/v1/orders/{order_id}/refund");
    assert_eq!(
        post(&app, &refund, &buyer_token, json!({"amount_minor": 100, "reason": "Because"})).await.0,
        404,
        "the seller refunds"
    );
    let (status, p) = post(&app, &refund, &seller, json!({"amount_minor": 6_400_100, "reason": "Too much"})).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("refund-above-paid")));
    assert_eq!(
        post(&app, &refund, &seller, json!({"amount_minor": 100_000, "reason": ""})).await.1["errors"][0]["code"],
        "reason-short"
    );

    // Part of it: the order goes on, holding less; the money goes back to
    // the paying phone by B2C.
    let (status, o) =
        post(&app, &refund, &seller, json!({"amount_minor": 400_000, "reason": "One case was missing"})).await;
    assert_eq!(status, 200, "{o}");
    assert_eq!((o["status"].as_str(), o["refunded_minor"].as_i64()), (Some("paid"), Some(400_000)));
    assert_eq!(payout_settled(&app).await, "succeeded");
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM payouts WHERE purpose = 'refund' AND phone = '+254712345678'").await,
        1
    );
    let (status, p) =
        post(&app, &refund, &seller, json!({"amount_minor": 6_000_001, "reason": "The rest and more"})).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("refund-above-paid")), "only what is left");

    // The rest: refunded in full, stock back, nothing left to release.
    let (status, o) =
        post(&app, &refund, &seller, json!({"amount_minor": 6_000_000, "reason": "Out of stock after all"})).await;
    assert_eq!((status, o["status"].as_str()), (200, Some("refunded")));
    assert_eq!(stock(&app, &listing).await, 3);
    assert_eq!(post(&app, &refund, &seller, json!({"amount_minor": 100, "reason": "Once more"})).await.0, 409);
    payout_settled(&app).await;
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM money_events WHERE subject = 'refund'").await, 2, "audited");
    // The payment's audit trail: started by the buyer from their address,
    // settled by the gateway's callback.
    let trail = "SELECT COUNT(*) FROM money_events WHERE subject = 'payment' AND actor_id IS NOT NULL \
                 AND origin = '127.0.0.1' AND from_status IS NULL AND to_status = 'pending'";
    assert_eq!(count(&app.db, trail).await, 1);
    let settled = "SELECT COUNT(*) FROM money_events WHERE subject = 'payment' AND from_status = 'pending' AND to_status = 'succeeded'";
    assert_eq!(count(&app.db, settled).await, 1);
    // The seller's sales, filtered by state.
    let (_, refunded) = get_json(&app, "/api/v1/orders?role=seller&status=refunded", &seller).await;
    assert_eq!(refunded.as_array().unwrap().len(), 1);
    assert_eq!(get_json(&app, "/api/v1/orders?role=seller&status=paid", &seller).await.1, json!([]));
    assert_eq!(get_json(&app, "/api/v1/orders?status=lost", &seller).await.0, 400);
    let page = TestApp::with_client(&app, crate::helpers::client());
    page.sign_in("rf-seller@example.com", PASSWORD).await;
    let html = page.text("/orders?role=seller&status=paid").await;
    assert!(html.contains("No orders") || !html.contains(&format!("/orders/{order_id}")), "{html}");
    assert!(page.text("/orders?role=seller&status=refunded").await.contains(&format!("/orders/{order_id}")));
});

both!(disputes_hold_the_money_until_an_admin_settles_them, |app| {
    let (seller, buyer_token, order_id, _) = paid_order(&app, "dp").await;
    let admin = make_admin(&app, "dp-admin@example.com").await;
    assert_eq!(post(&app, &format!("/api/v1/orders/{order_id}/fulfil"), &seller, json!({})).await.0, 200);
    let dispute = format!("/api/v1/orders/{order_id}/dispute");
    assert_eq!(post(&app, &dispute, &seller, json!({"reason": "I am the seller"})).await.0, 404);
    assert_eq!(post(&app, &dispute, &buyer_token, json!({"reason": "no"})).await.0, 422);
    let (status, o) = post(&app, &dispute, &buyer_token, json!({"reason": "The phone does not turn on."})).await;
    assert_eq!((status, o["status"].as_str()), (200, Some("disputed")));
    // Neither a week passing nor the seller's refund moves it now.
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let week_on = dove_domain::clock::now_ms() + 8 * dove_domain::clock::DAY_MS;
    dove_domain::orders::complete_overdue(&app.db, &site, 500, week_on).await.unwrap();
    assert_eq!(get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await.1["status"], "disputed");
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/orders/{order_id}/refund"),
            &seller,
            json!({"amount_minor": 100, "reason": "Sorry about it"})
        )
        .await
        .0,
        409
    );

    // Only an admin settles: half back, half to the seller less 5%.
    let resolve = format!("/api/v1/admin/orders/{order_id}/resolve");
    let body = json!({"refund_minor": 3_200_000, "note": "Half back: the phone works with a new battery."});
    assert_eq!(post(&app, &resolve, &seller, body.clone()).await.0, 404);
    assert_eq!(post(&app, &resolve, &buyer_token, body.clone()).await.0, 404);
    let (_, monitor) = get_json(&app, "/api/v1/admin/money", &admin).await;
    assert_eq!(monitor["disputes"][0]["order_id"], order_id.as_str());
    assert_eq!(
        post(&app, &resolve, &admin, json!({"refund_minor": 6_400_001, "note": "Too much here"})).await.1["errors"][0]
            ["code"],
        "refund-above-paid"
    );
    let (status, o) = post(&app, &resolve, &admin, body.clone()).await;
    assert_eq!(
        (status, o["status"].as_str(), o["refunded_minor"].as_i64()),
        (200, Some("completed"), Some(3_200_000)),
        "{o}"
    );
    assert_eq!(post(&app, &resolve, &admin, body).await.0, 409, "once");
    assert_eq!(get_json(&app, "/api/v1/me/balance", &seller).await.1["balance_minor"], 3_040_000);
    payout_settled(&app).await;
});

both!(sellers_withdraw_their_balance_to_mpesa, |app| {
    let (seller, buyer_token, order_id, _) = paid_order(&app, "po").await;
    // Payouts go only to the payout number (see hardening_payouts).
    let res = app
        .client
        .put(app.url("/api/v1/me/payout-number"))
        .bearer_auth(&seller)
        .json(&json!({"phone": "+44 20 7946 0958", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["errors"][0]["code"], "phone-not-mpesa");
    app.verify_phone(&seller, "0722 000 111").await;
    crate::hardening_payouts::set_payout_number(&app, &seller, "po-seller@example.com", "0722000111").await;
    assert_eq!(
        post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 100_000})).await.1["errors"][0]["code"],
        "payout-above-balance"
    );
    assert_eq!(post(&app, &format!("/api/v1/orders/{order_id}/fulfil"), &seller, json!({})).await.0, 200);
    assert_eq!(post(&app, &format!("/api/v1/orders/{order_id}/confirm"), &buyer_token, json!({})).await.0, 200);
    for (amount, code) in
        [(5_000, "payout-too-small"), (100_050, "mpesa-whole-shillings"), (6_080_100, "payout-above-balance")]
    {
        let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": amount})).await;
        assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some(code)), "{p}");
    }
    let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 5_000_000})).await;
    assert_eq!((status, p["status"].as_str()), (202, Some("pending")), "{p}");
    assert!(!p.to_string().contains("722000111"), "the number is masked: {p}");
    assert_eq!(get_json(&app, "/api/v1/me/payouts", &seller).await.1["balance_minor"], 1_080_000, "taken at once");
    assert_eq!(payout_settled(&app).await, "succeeded");
    let (_, money) = get_json(&app, "/api/v1/me/payouts", &seller).await;
    assert_eq!(
        (money["payouts"][0]["status"].as_str(), money["payouts"][0]["receipt"].is_string()),
        (Some("succeeded"), true)
    );

    // A payout M-Pesa fails puts the money back; a forged or unknown result changes nothing.
    let (_, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000})).await;
    let failed_id = text_of(&p, "id");
    let url = format!("{}/api/v1/payments/mpesa/b2c/", app.base);
    let secret =
        crate::helpers::text_value(&app.db, "SELECT value FROM settings WHERE key = 'mpesa_callback_secret'").await;
    let result = |conversation: &str, code: i64| json!({"Result": {"ResultType": 0, "ResultCode": code, "ResultDesc": "The initiator information is invalid.", "OriginatorConversationID": "x", "ConversationID": conversation, "TransactionID": "NLJ0000000"}});
    // Beat the sandbox's own result: fail it first.
    let conversation = crate::helpers::text_value(
        &app.db,
        &format!("SELECT COALESCE(gateway_ref, '') FROM payouts WHERE id = '{failed_id}'"),
    )
    .await;
    assert_eq!(
        app.client.post(format!("{url}wrong")).json(&result(&conversation, 2001)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        app.client.post(format!("{url}{secret}")).json(&result("AG_nobody", 0)).send().await.unwrap().status(),
        200
    );
    let res = app.client.post(format!("{url}{secret}")).json(&result(&conversation, 2001)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(payout_settled(&app).await, "failed");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(get_json(&app, "/api/v1/me/payouts", &seller).await.1["balance_minor"], 1_080_000, "back, once");
    let page = TestApp::with_client(&app, crate::helpers::client());
    page.sign_in("po-seller@example.com", PASSWORD).await;
    let html = page.text("/account/money").await;
    assert!(html.contains("KES 10,800") && html.contains("Failed: the money is back"), "{html}");
});

/// Stripe on loopback: a Checkout Session endpoint that checks what the
/// client sends as Stripe documents it, and counts sessions per key.
async fn fake_stripe() -> String {
    use axum::http::HeaderMap;
    async fn sessions(headers: HeaderMap, body: String) -> axum::response::Response {
        use axum::response::IntoResponse;
        if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer sk_test_dove") {
            return (
                axum::http::StatusCode::UNAUTHORIZED,
                axum::Json(json!({"error": {"message": "Invalid API Key provided"}})),
            )
                .into_response();
        }
        let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(key.starts_with("dove-checkout-"), "{key}");
        let form: std::collections::HashMap<String, String> =
            form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        assert_eq!(form["mode"], "payment");
        assert_eq!(form["line_items[0][price_data][currency]"], "kes");
        assert!(form["success_url"].contains("/orders/"));
        // The session closes when the order stops waiting (Stripe allows no
        // less than 30 minutes), not after Stripe's default 24 hours.
        let expires: i64 = form["expires_at"].parse().unwrap();
        let now = dove_domain::clock::now_ms() / 1000;
        assert!((now + 30 * 60..=now + 32 * 60).contains(&expires), "expires_at {expires}, now {now}");
        let id = format!("cs_test_{}", &key[key.len() - 12..]);
        axum::Json(json!({"id": id, "object": "checkout.session", "url": format!("https://checkout.stripe.test/c/pay/{id}"), "amount_total": form["line_items[0][price_data][unit_amount]"].parse::<i64>().unwrap()})).into_response()
    }
    async fn refunds(headers: HeaderMap, body: String) -> axum::Json<Value> {
        assert_eq!(headers.get("authorization").and_then(|v| v.to_str().ok()), Some("Bearer sk_test_dove"));
        let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(key.starts_with("dove-refund-"), "{key}");
        let form: std::collections::HashMap<String, String> =
            form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        assert_eq!((form["payment_intent"].as_str(), form["amount"].as_str()), ("pi_1", "1000000"));
        axum::Json(json!({"id": format!("re_{}", &key[key.len() - 12..]), "object": "refund", "status": "succeeded"}))
    }
    let app = axum::Router::new()
        .route("/v1/checkout/sessions", axum::routing::post(sessions))
        .route("/v1/refunds", axum::routing::post(refunds));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn event(id: &str, kind: &str, session: &str, amount: i64) -> Vec<u8> {
    serde_json::to_vec(&json!({"id": id, "object": "event", "type": kind, "created": 1_800_000_000,
        "data": {"object": {"id": session, "object": "checkout.session", "payment_status": if kind.ends_with("completed") { "paid" } else { "unpaid" }, "amount_total": amount, "payment_intent": "pi_1"}}}))
    .unwrap()
}

async fn webhook(app: &TestApp, body: &[u8], signature: &str) -> u16 {
    app.client
        .post(app.url("/api/v1/payments/stripe/webhook"))
        .header("Stripe-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

const WHSEC: &str = "whsec_test_dove";

async fn stripe_webhooks_are_verified_and_applied_once(backend: crate::helpers::Backend) {
    let stripe = fake_stripe().await;
    // Real gateway keys: production mode, as demo and dev refuse them.
    let app = start(Storage::new(backend).await, |mut c| {
        c.dev = false;
        c.stripe = Some(dove::cards::StripeConfig {
            base_url: stripe,
            secret_key: "sk_test_dove".into(),
            webhook_secret: WHSEC.into(),
        });
        c
    })
    .await;
    let (_, id) = product(&app, "card-seller@example.com", "card-seller", 3).await;
    let buyer_token = buyer(&app, "card-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let (status, p) = post(&app, &format!("/api/v1/orders/{order_id}/pay-card"), &buyer_token, json!({})).await;
    assert_eq!((status, p["method"].as_str()), (202, Some("card")), "{p}");
    assert!(p["checkout_url"].as_str().unwrap().starts_with("https://checkout.stripe.test/"));
    let (_, again) = post(&app, &format!("/api/v1/orders/{order_id}/pay-card"), &buyer_token, json!({})).await;
    assert_eq!(again["checkout_url"], p["checkout_url"], "the open session is reused");
    assert_eq!(
        post(&app, &format!("/api/v1/orders/{order_id}/pay"), &buyer_token, json!({"phone": "0712345678"})).await.0,
        409
    );
    let session =
        crate::helpers::text_value(&app.db, &format!("SELECT gateway_ref FROM payments WHERE order_id = '{order_id}'"))
            .await;

    let now = dove_domain::clock::now_ms() / 1000;
    let paid = event("evt_paid", "checkout.session.completed", &session, 3_200_000);
    let mut tampered = paid.clone();
    let at = tampered.len() - 5;
    tampered[at] ^= 1;
    let sign = dove::stripe_webhook::sign;
    assert_eq!(webhook(&app, &tampered, &sign(WHSEC, now, &paid)).await, 400, "one byte changed");
    assert_eq!(webhook(&app, &paid, &sign("whsec_wrong", now, &paid)).await, 400, "wrong secret");
    assert_eq!(webhook(&app, &paid, &sign(WHSEC, now - 301, &paid)).await, 400, "stale");
    assert_eq!(webhook(&app, &paid, "").await, 400, "unsigned");
    assert_eq!(
        get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await.1["status"],
        "pending_payment"
    );

    // A mismatched amount settles nothing.
    let short = event("evt_short", "checkout.session.completed", &session, 100);
    assert_eq!(webhook(&app, &short, &sign(WHSEC, now, &short)).await, 200);
    assert_eq!(
        get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await.1["status"],
        "pending_payment"
    );

    // Paid, then the same event again, then a late "expired": one payment.
    assert_eq!(webhook(&app, &paid, &sign(WHSEC, now, &paid)).await, 200);
    assert_eq!(webhook(&app, &paid, &sign(WHSEC, now, &paid)).await, 200);
    let late = event("evt_late", "checkout.session.expired", &session, 3_200_000);
    assert_eq!(webhook(&app, &late, &sign(WHSEC, now, &late)).await, 200);
    assert_eq!(get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await.1["status"], "paid");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payments WHERE status = 'succeeded'").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM ledger_entries WHERE account = 'card'").await, 1);

    // Part of it back to the card: Stripe is asked once, with our key.
    let seller = app.api_token("card-seller@example.com", PASSWORD).await;
    let (status, o) = post(
        &app,
        &format!("/api/v1/orders/{order_id}/refund"),
        &seller,
        json!({"amount_minor": 1_000_000, "reason": "A scratch on the back"}),
    )
    .await;
    assert_eq!((status, o["refunded_minor"].as_i64()), (200, Some(1_000_000)), "{o}");
    let sent = crate::helpers::text_value(&app.db, "SELECT COALESCE(gateway_ref, '') FROM refunds").await;
    assert!(sent.starts_with("re_"), "{sent}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payouts").await, 0, "no B2C for a card");

    // Out of order the other way: "expired" first, then the money comes.
    let (_, o2) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let second = text_of(&o2, "id");
    post(&app, &format!("/api/v1/orders/{second}/pay-card"), &buyer_token, json!({})).await;
    let session =
        crate::helpers::text_value(&app.db, &format!("SELECT gateway_ref FROM payments WHERE order_id = '{second}'"))
            .await;
    let expired = event("evt_2_expired", "checkout.session.expired", &session, 3_200_000);
    let completed = event("evt_2_paid", "checkout.session.completed", &session, 3_200_000);
    assert_eq!(webhook(&app, &expired, &sign(WHSEC, now, &expired)).await, 200);
    assert_eq!(webhook(&app, &completed, &sign(WHSEC, now, &completed)).await, 200);
    assert_eq!(get_json(&app, &format!("/api/v1/orders/{second}"), &buyer_token).await.1["status"], "paid");
    crate::helpers::check_ledger(&app.db).await;
}

each_backend!(stripe_webhooks_are_verified_and_applied_once);

both!(the_card_sandbox_pays_through_a_signed_webhook, |app| {
    let (_, id) = product(&app, "cs-seller@example.com", "cs-seller", 3).await;
    let buyer_token = buyer(&app, "cs-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("cs-buyer@example.com", PASSWORD).await;
    let res = pages.post_form(&format!("/orders/{order_id}/pay-card"), &[]).await;
    let checkout = location(&res);
    assert!(checkout.starts_with("/dev/card/cs_test_"), "{checkout}");
    assert!(pages.text(&checkout).await.contains("KES 32,000"));
    let res = pages.post_form(&format!("{checkout}/pay"), &[]).await;
    assert!(location(&res).contains(&format!("/orders/{order_id}?card=done")));
    assert_eq!(get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await.1["status"], "paid");
});

both!(admins_see_reconciliation_and_risk_flags, |app| {
    let admin = make_admin(&app, "rk-admin@example.com").await;
    let (_, id) = product(&app, "rk-seller@example.com", "rk-seller", 9).await;
    let buyer_token = buyer(&app, "rk-buyer@example.com").await;
    assert_eq!(get_json(&app, "/api/v1/admin/money", &buyer_token).await.0, 404, "admins only");
    let (_, m) = get_json(&app, "/api/v1/admin/money", &admin).await;
    assert_eq!(m["clean"], true, "{m}");

    // Three declined prompts from one phone, then an unknown callback.
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let mut url = String::new();
    for _ in 0..3 {
        assert_eq!(
            post(&app, &format!("/api/v1/orders/{order_id}/pay"), &buyer_token, json!({"phone": "0733444555"})).await.0,
            202
        );
        let (checkout, callback) = crate::orders::prompt(&app).await;
        url = callback;
        app.client.post(&url).json(&crate::orders::daraja(&checkout, 2001, 0)).send().await.unwrap();
    }
    app.client.post(&url).json(&crate::orders::daraja("ws_CO_stranger", 0, 32_000)).send().await.unwrap();
    // Four more orders within the hour from this week-old account: a burst.
    // Each is cancelled before the next (a buyer holds one unpaid order per
    // listing at a time), and every one still counts towards the burst.
    let (app_ref, token_ref) = (&app, &buyer_token);
    let cancel = |o: String| async move {
        let res = app_ref.post_json(&format!("/api/v1/orders/{o}/cancel"), json!({}), Some(token_ref)).await;
        assert_eq!(res.status(), 200);
    };
    cancel(order_id.clone()).await;
    for _ in 0..4 {
        let (status, o) =
            order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
        assert_eq!(status, 201);
        cancel(text_of(&o, "id")).await;
    }
    let (_, m) = get_json(&app, "/api/v1/admin/money", &admin).await;
    assert_eq!(m["clean"], false);
    assert_eq!(m["reconciliation"]["unknown_payments"][0]["gateway_ref"], "ws_CO_stranger");
    let flags = m["flags"].as_array().unwrap();
    let flag = |kind: &str| flags.iter().find(|f| f["kind"] == kind).cloned().unwrap_or(Value::Null);
    assert_eq!(flag("repeated-failures")["subject"], "+254 7•• ••• 555", "{m}");
    assert_eq!(flag("order-burst")["detail"], "5 orders in an hour from an account less than a week old", "{m}");
    let page = TestApp::with_client(&app, crate::helpers::client());
    page.sign_in("rk-admin@example.com", PASSWORD).await;
    let html = page.text("/admin/money").await;
    assert!(html.contains("ws_CO_stranger") && html.contains("Repeated failures"), "{html}");
    let other = TestApp::with_client(&app, crate::helpers::client());
    other.sign_in("rk-buyer@example.com", PASSWORD).await;
    assert_eq!(other.get("/admin/money").await.status(), 404);
});
