//! Renting through the platform, on both backends: short stays booked from
//! the host's calendar (with no overlapping bookings however many guests
//! try at once), and long-term lets reserved with a holding deposit that
//! reaches the landlord after the move-in.
use crate::helpers::{TestApp, Visitor, both, count, exec};
use crate::leads::get_json;
use crate::orders::{buyer, daraja, prompt, text_of};
use dove_domain::clock::{Day, now_ms};
use serde_json::{Value, json};

fn day(offset: i64) -> String {
    Day::today(now_ms()).plus(offset).to_string()
}

/// A published two-bedroom to rent, let by the night at KES 5,000 for at
/// least two nights.
async fn stay(app: &TestApp, email: &str, slug: &str) -> (String, String) {
    let (token, l) = crate::listings::published(app, email, slug).await;
    let id = l["id"].as_str().unwrap().to_string();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/listings/{id}/stay")))
        .bearer_auth(&token)
        .json(&json!({"nightly_price_minor": 500_000, "min_nights": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    (token, id)
}

async fn book(app: &Visitor, token: &str, listing: &str, check_in: &str, check_out: &str) -> (u16, Value) {
    let res = app
        .post_json(
            "/api/v1/bookings",
            json!({"listing_id": listing, "check_in": check_in, "check_out": check_out}),
            Some(token),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Pays an order through the sandbox's callback, as Daraja would.
pub(crate) async fn pay(app: &TestApp, token: &str, order_id: &str, total_minor: i64) {
    let res =
        app.post_json(&format!("/api/v1/orders/{order_id}/pay"), json!({"phone": "0712345678"}), Some(token)).await;
    assert_eq!(res.status(), 202);
    let (checkout, url) = prompt(app).await;
    let res = app.client.post(&url).json(&daraja(&checkout, 0, total_minor / 100)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (_, o) = get_json(app, &format!("/api/v1/orders/{order_id}"), token).await;
    assert_eq!(o["status"], "paid");
}

async fn block(app: &Visitor, id: &str, token: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/listings/{id}/availability"), body, Some(token)).await
}

async fn reserve(app: &Visitor, id: &str, token: &str, move_in: String) -> reqwest::Response {
    app.post_json("/api/v1/lets", json!({"listing_id": id, "move_in": move_in}), Some(token)).await
}

async fn nights(app: &TestApp, listing: &str, month: &str) -> Value {
    let (status, a) = get_json(app, &format!("/api/v1/listings/{listing}/availability?month={month}"), "none").await;
    assert_eq!(status, 200, "{a}");
    a
}

fn state_of(a: &Value, d: &str) -> String {
    a["nights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["day"] == d)
        .map(|n| n["state"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

both!(short_stays_are_booked_from_the_calendar, |app| {
    let (host, id) = stay(&app, "st-host@example.com", "st-host").await;
    let guest = buyer(&app, "st-guest@example.com").await;
    let stranger = buyer(&app, "st-stranger@example.com").await;
    // Only the host changes the calendar.
    assert_eq!(block(&app, &id, &stranger, json!({"from": day(20), "blocked": true})).await.status(), 404);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/listings/{id}/stay")))
        .bearer_auth(&stranger)
        .json(&json!({"nightly_price_minor": 100, "min_nights": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = block(&app, &id, &host, json!({"from": day(20), "to": day(21), "blocked": true})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["changed"], 2);
    assert_eq!(block(&app, &id, &host, json!({"from": day(-1), "blocked": true})).await.status(), 422, "not the past");

    // Bad dates: a clear error each, nothing written.
    for (i, o, field, code) in [
        (day(-2), day(1), "check_in", "date-past"),
        (day(5), day(3), "check_out", "date-before-start"),
        (day(5), day(6), "check_out", "stay-too-short"),
        ("2026-02-30".to_string(), day(6), "check_in", "date-invalid"),
        (day(19), day(22), "check_in", "nights-taken"),
    ] {
        let (status, p) = book(&app, &guest, &id, &i, &o).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(
            (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{p}"
        );
    }
    assert_eq!(book(&app, &host, &id, &day(3), &day(5)).await.1["errors"][0]["code"], "order-own-listing");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 0);

    // Three nights: held at once, for everyone to see.
    let (status, o) = book(&app, &guest, &id, &day(3), &day(6)).await;
    assert_eq!(status, 201, "{o}");
    assert_eq!((o["kind"].as_str(), o["total_minor"].as_i64()), (Some("stay"), Some(1_500_000)));
    assert_eq!((o["start_day"].as_str(), o["end_day"].as_str()), (Some(day(3).as_str()), Some(day(6).as_str())));
    let a = nights(&app, &id, &day(3)[..7]).await;
    assert_eq!(state_of(&a, &day(3)), "booked");
    let (status, p) = book(&app, &stranger, &id, &day(5), &day(8)).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("nights-taken")), "the last night overlaps");
    let (status, _) = book(&app, &stranger, &id, &day(6), &day(8)).await;
    assert_eq!(status, 201, "check-out day is free for the next guest");

    // Cancelled, the nights are free again.
    let order_id = text_of(&o, "id");
    assert_eq!(
        app.post_json(&format!("/api/v1/orders/{order_id}/cancel"), json!({}), Some(&guest)).await.status(),
        200
    );
    let a = nights(&app, &id, &day(3)[..7]).await;
    assert_eq!(state_of(&a, &day(4)), "free");

    // Booked again and paid: the host cannot "hand over" a stay; the guest
    // confirms arrival and the host is paid less the commission.
    let (_, o) = book(&app, &guest, &id, &day(3), &day(5)).await;
    let order_id = text_of(&o, "id");
    pay(&app, &guest, &order_id, 1_000_000).await;
    assert_eq!(app.post_json(&format!("/api/v1/orders/{order_id}/fulfil"), json!({}), Some(&host)).await.status(), 409);
    assert_eq!(
        app.post_json(&format!("/api/v1/orders/{order_id}/confirm"), json!({}), Some(&host)).await.status(),
        404
    );
    let res = app.post_json(&format!("/api/v1/orders/{order_id}/confirm"), json!({}), Some(&guest)).await;
    assert_eq!(res.status(), 200);
    let (_, money) = get_json(&app, "/api/v1/me/balance", &host).await;
    assert_eq!(money["balance_minor"], 950_000);
});

both!(the_host_manages_the_calendar_in_the_browser, |app| {
    let (_, id) = stay(&app, "sp-host@example.com", "sp-host").await;
    let host = TestApp::with_client(&app, crate::helpers::client());
    host.sign_in("sp-host@example.com", crate::helpers::PASSWORD).await;
    let page = host.text(&format!("/l/{id}/calendar")).await;
    assert!(page.contains("Nightly price") && page.contains("Block or free dates"), "{page}");
    let res = host
        .post_form(&format!("/l/{id}/calendar/block"), &[("from", &day(9)), ("to", &day(2)), ("action", "block")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Choose a day after the first one."));
    let res =
        host.post_form(&format!("/l/{id}/calendar/block"), &[("from", &day(9)), ("to", ""), ("action", "block")]).await;
    assert_eq!(res.status(), 303);
    let res = host.post_form(&format!("/l/{id}/stay"), &[("nightly_price", "abc"), ("min_nights", "3")]).await;
    assert_eq!(res.status(), 422);
    let res = host.post_form(&format!("/l/{id}/stay"), &[("nightly_price", "6,500"), ("min_nights", "3")]).await;
    assert_eq!(res.status(), 303);

    // A guest books in the browser; too short a stay is explained by the field.
    crate::orders::buyer(&app, "sp-guest@example.com").await;
    let guest = TestApp::with_client(&app, crate::helpers::client());
    guest.sign_in("sp-guest@example.com", crate::helpers::PASSWORD).await;
    let canonical = crate::helpers::location(&guest.get(&format!("/l/{id}")).await);
    let listing = guest.text(&canonical).await;
    assert!(listing.contains("KES 6,500 a night") && listing.contains(&format!("/l/{id}/calendar")), "{listing}");
    let res = guest.post_form(&format!("/l/{id}/book"), &[("check_in", &day(2)), ("check_out", &day(4))]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("shorter than the host"));
    let res = guest.post_form(&format!("/l/{id}/book"), &[("check_in", &day(2)), ("check_out", &day(5))]).await;
    assert_eq!(res.status(), 303);
    let order = crate::helpers::location(&res);
    let page = guest.text(&order).await;
    assert!(page.contains("3 nights") && page.contains("KES 19,500"), "{page}");
    let cal = guest.text(&format!("/l/{id}/calendar?month={}", &day(2)[..7])).await;
    assert!(cal.contains(&format!("class=\"night booked\" data-day=\"{}\"", day(2))), "{cal}");
});

both!(twenty_guests_booking_overlapping_nights_at_once_get_one_booking, |app| {
    let (_host, id) = stay(&app, "race-host@example.com", "race-host").await;
    let mut tokens = Vec::new();
    for i in 0..20 {
        let user = format!("race-guest-{i:02}");
        exec(
            &app.db,
            &format!(
                "INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at) \
                 VALUES ('{user}', '{user}@example.com', 'Guest {i}', 'x', 0, 0, 0)"
            ),
        )
        .await;
        let token = format!("dove_stay_race_{i}");
        exec(
            &app.db,
            &format!(
                "INSERT INTO api_tokens (id, user_id, token_hash, name, created_at, expires_at) VALUES ('{user}-t', '{user}', '{}', 'race', 0, 9000000000000)",
                dove_domain::tokens::hash_token(&token)
            ),
        )
        .await;
        tokens.push(token);
    }
    // Every range holds night 12; none can share it.
    let attempts = tokens.iter().enumerate().map(|(i, token)| {
        let start = 10 + (i as i64 % 3);
        let (app, id) = (&app, &id);
        async move { book(app, token, id, &day(start), &day(start + 3)).await.0 }
    });
    let statuses = futures::future::join_all(attempts).await;
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 422), "{statuses:?}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listing_nights").await, 3);
});

both!(a_let_is_reserved_with_a_deposit_released_after_move_in, |app| {
    let (landlord, l) = crate::listings::published(&app, "let-owner@example.com", "let-owner").await;
    let id = l["id"].as_str().unwrap().to_string();
    let tenant = buyer(&app, "let-tenant@example.com").await;
    let other = buyer(&app, "let-other@example.com").await;
    let res = reserve(&app, &id, &tenant, day(-1)).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["code"], "date-past");
    assert_eq!(reserve(&app, &id, &landlord, day(10)).await.status(), 422, "not one's own");
    // Nightly routes do not apply to a long-term let.
    assert_eq!(book(&app, &tenant, &id, &day(3), &day(6)).await.0, 404);

    let res = reserve(&app, &id, &tenant, day(10)).await;
    assert_eq!(res.status(), 201);
    let o: Value = res.json().await.unwrap();
    assert_eq!((o["kind"].as_str(), o["total_minor"].as_i64()), (Some("let"), Some(4_500_000)), "a month's rent");
    let res = reserve(&app, &id, &other, day(12)).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["code"], "let-reserved");

    let order_id = text_of(&o, "id");
    pay(&app, &tenant, &order_id, 4_500_000).await;
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let now = now_ms();
    assert_eq!(dove_domain::orders::complete_overdue(&app.db, &site, 500, now).await.unwrap(), 0, "not before move-in");
    // Eight days after the move-in day, nobody complained: released.
    exec(&app.db, &format!("UPDATE bookings SET start_day = {} WHERE order_id = '{order_id}'", Day::today(now).0 - 8))
        .await;
    let done = dove_domain::orders::complete_overdue(&app.db, &site, 500, now).await.unwrap();
    assert_eq!(done, 1, "released once");
    let (_, o) = get_json(&app, &format!("/api/v1/orders/{order_id}"), &tenant).await;
    assert_eq!(o["status"], "completed");
    let (_, money) = get_json(&app, "/api/v1/me/balance", &landlord).await;
    assert_eq!(money["balance_minor"], 4_275_000);
});
