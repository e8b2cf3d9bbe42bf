//! Phones proved by an SMS code, on both backends: the code goes through
//! the SMS sink; wrong, malformed, expired (moved on the app's clock) and
//! used-up codes are refused by the field; sends are limited per number;
//! only a proved number is shown to buyers or takes payouts.
use crate::helpers::{TestApp, both, code_in, count};
use crate::leads::post;
use dove_domain::clock::{HOUR_MS, MINUTE_MS};
use serde_json::{Value, json};

fn code(p: &Value) -> &str {
    p["errors"][0]["code"].as_str().unwrap_or("")
}

/// Asks for a code to `phone` and returns the code from the text.
async fn code_for(app: &TestApp, token: &str, phone: &str) -> String {
    let e164 = dove_domain::accounts::Phone::parse(phone).unwrap().as_str().to_string();
    let before = app.text_count(&e164);
    let (status, sent) = post(app, "/api/v1/me/phone/code", token, json!({"phone": phone})).await;
    assert_eq!(status, 202, "{sent}");
    assert_eq!(sent["phone"], e164.as_str());
    code_in(&app.wait_for_text(&e164, before).await)
}

both!(a_phone_is_verified_by_the_code_texted_to_it, |app| {
    let (seller, house) = crate::listings::published(&app, "pv-seller@example.com", "pv-seller").await;
    let verify = |code: String| {
        let (app, seller) = (&app, &seller);
        async move { post(app, "/api/v1/me/phone/verify", seller, json!({"code": code})).await }
    };

    // Not a Kenyan mobile number: refused by the field, nothing sent.
    for bad in ["+44 20 7946 0958", "020 123 4567", "call me"] {
        let (status, p) = post(&app, "/api/v1/me/phone/code", &seller, json!({"phone": bad})).await;
        assert_eq!(status, 422, "{bad}");
        assert!(["phone-not-kenyan-mobile", "phone-malformed"].contains(&code(&p)), "{bad}: {p}");
    }
    let (status, p) = verify("123456".into()).await;
    assert_eq!((status, code(&p)), (422, "code-none"));

    // Wrong and malformed codes; then the right one, too late.
    let right = code_for(&app, &seller, "0712 000 333").await;
    let wrong = if right == "000000" { "111111" } else { "000000" };
    let (status, p) = verify(wrong.into()).await;
    assert_eq!((status, code(&p)), (422, "code-wrong"));
    let (status, p) = verify("12ab56".into()).await;
    assert_eq!((status, code(&p)), (422, "code-malformed"));
    app.clock.advance(11 * MINUTE_MS);
    let (status, p) = verify(right).await;
    assert_eq!((status, code(&p)), (422, "code-expired"));

    // Five tries, then even the right code is refused.
    let right = code_for(&app, &seller, "0712 000 333").await;
    let wrong = if right == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        assert_eq!(code(&verify(wrong.into()).await.1), "code-wrong");
    }
    let (status, p) = verify(right).await;
    assert_eq!((status, code(&p)), (422, "code-used-up"));

    // Three codes an hour to one number.
    code_for(&app, &seller, "0712 000 333").await;
    let (status, p) = post(&app, "/api/v1/me/phone/code", &seller, json!({"phone": "0712000333"})).await;
    assert_eq!((status, code(&p)), (429, "code-limited"));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM phone_codes").await, 3);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM phone_codes WHERE code_hash LIKE '%0%' AND length(code_hash) = 64").await,
        3,
        "only hashes are kept"
    );

    // An hour on: a new code proves the number.
    app.clock.advance(HOUR_MS);
    let right = code_for(&app, &seller, "0712 000 333").await;
    let (status, v) = verify(right).await;
    assert_eq!((status, v["phone"].as_str()), (200, Some("+254712000333")));
    let page = app.text(house["url"].as_str().unwrap()).await;
    assert!(page.contains("Phone verified"), "the seller line says so");
});

both!(a_code_used_twice_at_once_proves_the_number_once, |app| {
    let token = crate::orders::buyer(&app, "pr-buyer@example.com").await;
    let right = code_for(&app, &token, "0712 000 444").await;
    let verify = || post(&app, "/api/v1/me/phone/verify", &token, json!({"code": right}));
    let ((a, _), (b, p)) = tokio::join!(verify(), verify());
    let mut statuses = [a, b];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 422], "one use, whichever came first: {p}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM phone_codes WHERE used_at IS NOT NULL").await, 1);
});

both!(an_unproved_number_is_never_shown_nor_paid_to, |app| {
    let (seller, house) = crate::listings::published(&app, "pu-seller@example.com", "pu-seller").await;
    let id = house["id"].as_str().unwrap().to_string();
    crate::helpers::exec(&app.db, "UPDATE users SET phone = '+254712999888' WHERE email = 'pu-seller@example.com'")
        .await;
    let buyer = crate::orders::buyer(&app, "pu-buyer@example.com").await;
    let (status, _) = post(&app, &format!("/api/v1/listings/{id}/contact"), &buyer, json!({"channel": "call"})).await;
    assert_ne!(status, 200, "a number typed but never proved is not shown");
    let res = app
        .client
        .put(app.url("/api/v1/me/payout-number"))
        .bearer_auth(&seller)
        .json(&json!({"phone": "0712999888", "password": crate::helpers::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    assert!(p["errors"].as_array().unwrap().iter().any(|e| e["code"] == "payout-phone-unverified"), "{p}");
    // Once proved, both work.
    app.verify_phone(&seller, "0712 999 888").await;
    let (status, r) = post(&app, &format!("/api/v1/listings/{id}/contact"), &buyer, json!({"channel": "call"})).await;
    assert_eq!((status, r["phone"].as_str()), (200, Some("+254712999888")));
});
