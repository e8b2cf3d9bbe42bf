//! Reviews, on both backends: only the parties of a completed order or of a
//! viewing both sides confirmed write one; neither side sees the other's
//! until both are written or the window closes (moved on the app's clock);
//! edits stop at publication; one reply; contact details are stripped; an
//! admin hides with a reason; strangers get 404; reminders go out once on
//! day 1 and day 10.
use crate::helpers::{PASSWORD, TestApp, both, count};
use crate::leads::{get_json, post};
use crate::orders::{buyer, daraja, order, product, prompt, text_of};
use dove_domain::clock::{DAY_MS, HOUR_MS, MINUTE_MS, now_ms};
use dove_domain::reviews::WINDOW_MS;
use serde_json::{Value, json};

fn code(p: &Value) -> &str {
    p["errors"][0]["code"].as_str().unwrap_or("")
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = app.client.put(app.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A product order, paid through the sandbox and handed over: `(seller,
/// buyer, order id, listing id)`. Completed only if `complete`.
pub(crate) async fn order_for_review(app: &TestApp, tag: &str, complete: bool) -> (String, String, String, String) {
    let (seller, listing) = product(app, &format!("{tag}-seller@example.com"), &format!("{tag}-seller"), 3).await;
    let buyer = buyer(app, &format!("{tag}-buyer@example.com")).await;
    let (status, o) =
        order(app, &buyer, json!({"listing_id": listing, "quantity": 1, "fulfilment": "pickup"}), None).await;
    assert_eq!(status, 201, "{o}");
    let id = text_of(&o, "id");
    let (status, _) = post(app, &format!("/api/v1/orders/{id}/pay"), &buyer, json!({"phone": "0712345678"})).await;
    assert_eq!(status, 202);
    let (checkout, url) = prompt(app).await;
    assert_eq!(app.client.post(&url).json(&daraja(&checkout, 0, 32_000)).send().await.unwrap().status(), 200);
    assert_eq!(post(app, &format!("/api/v1/orders/{id}/fulfil"), &seller, json!({})).await.0, 200);
    if complete {
        assert_eq!(post(app, &format!("/api/v1/orders/{id}/confirm"), &buyer, json!({})).await.0, 200);
    }
    (seller, buyer, id, listing)
}

/// The listing's page, through its canonical `/l/{id}-{slug}` address.
async fn listing_page(app: &TestApp, id: &str) -> String {
    let res = app.get(&format!("/l/{id}")).await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    app.text(&to).await
}

fn product_review(order: &str, body: &str) -> Value {
    json!({"occasion": "order", "occasion_id": order, "score": 5, "body": body,
           "scores": {"as_described": 5, "communication": 4, "delivery": 5}, "private_note": "Thanks!"})
}

both!(a_completed_order_is_reviewed_double_blind, |app| {
    let (seller, buyer, order_id, listing) = order_for_review(&app, "rv", false).await;
    let stranger = crate::orders::buyer(&app, "rv-stranger@example.com").await;

    // Handed over but not completed: no review yet.
    let (status, p) = post(&app, "/api/v1/reviews", &buyer, product_review(&order_id, "Great")).await;
    assert_eq!(status, 409, "{p}");
    assert_eq!(post(&app, &format!("/api/v1/orders/{order_id}/confirm"), &buyer, json!({})).await.0, 200);

    // A third party: 404 on the order's reviews, whatever it sends.
    assert_eq!(post(&app, "/api/v1/reviews", &stranger, product_review(&order_id, "Fake praise")).await.0, 404);
    assert_eq!(get_json(&app, &format!("/api/v1/reviews?occasion=order&id={order_id}"), &stranger).await.0, 404);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM reviews").await, 0);

    // Bad input, by the field, and nothing written.
    let mut bad = product_review(&order_id, "x");
    bad["score"] = json!(6);
    let (status, p) = post(&app, "/api/v1/reviews", &buyer, bad).await;
    assert_eq!((status, code(&p)), (422, "review-score-range"));
    let mut bad = product_review(&order_id, "x");
    bad["scores"] = json!({"as_described": 5});
    let (status, p) = post(&app, "/api/v1/reviews", &buyer, bad).await;
    assert_eq!((status, code(&p)), (422, "review-category-missing"));
    let (status, p) = post(&app, "/api/v1/reviews", &buyer, product_review(&order_id, &"long ".repeat(201))).await;
    assert_eq!((status, code(&p)), (422, "review-body-long"));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM reviews").await, 0);

    // The buyer writes; a phone number and a link are taken out, and they are told.
    let (status, w) = post(
        &app,
        "/api/v1/reviews",
        &buyer,
        product_review(&order_id, "As described. Call 0712 345 678 or see https://evil.example/pay"),
    )
    .await;
    assert_eq!(status, 201, "{w}");
    assert_eq!(w["contacts_removed"], true);
    assert_eq!(w["review"]["body"], "As described. Call [removed] or see [removed]");
    assert_eq!(w["review"]["published"], false);
    let buyers = text_of(&w["review"], "id");
    // A second review of the same order: refused.
    let (status, p) = post(&app, "/api/v1/reviews", &buyer, product_review(&order_id, "Again")).await;
    assert_eq!((status, p["detail"].as_str().is_some()), (409, true));

    // Double-blind: the seller, a stranger and the public see nothing yet.
    assert_eq!(get_json(&app, &format!("/api/v1/reviews/{buyers}"), &seller).await.0, 404);
    assert_eq!(get_json(&app, &format!("/api/v1/reviews/{buyers}"), &stranger).await.0, 404);
    assert_eq!(app.client.get(app.url(&format!("/api/v1/reviews/{buyers}"))).send().await.unwrap().status(), 404);
    let (_, standing) = get_json(&app, &format!("/api/v1/reviews?occasion=order&id={order_id}"), &seller).await;
    assert_eq!(standing["can_write"], true);
    assert!(standing["theirs"].is_null(), "the seller can't see the buyer's review: {standing}");
    let (_, of_listing) = get_json(&app, &format!("/api/v1/listings/{listing}/reviews"), &stranger).await;
    assert_eq!(of_listing["reviews"].as_array().unwrap().len(), 0);
    assert!(!listing_page(&app, &listing).await.contains("As described."));

    // Until it is published, the author may change it; no one else may.
    let edit = json!({"score": 4, "body": "As described, quick handover.", "private_note": "Thanks!",
                      "scores": {"as_described": 5, "communication": 4, "delivery": 4}});
    assert_eq!(put(&app, &format!("/api/v1/reviews/{buyers}"), &seller, edit.clone()).await.0, 404);
    let (status, w) = put(&app, &format!("/api/v1/reviews/{buyers}"), &buyer, edit.clone()).await;
    assert_eq!((status, w["review"]["score"].as_i64()), (200, Some(4)));
    // The reviewed party can't reply before publication; a stranger never.
    let (status, _) = post(&app, &format!("/api/v1/reviews/{buyers}/reply"), &seller, json!({"reply": "Thanks"})).await;
    assert_eq!(status, 409);
    assert_eq!(post(&app, &format!("/api/v1/reviews/{buyers}/reply"), &stranger, json!({"reply": "x"})).await.0, 404);

    // The seller writes theirs (no categories for a buyer): both publish together.
    let (status, w) = post(
        &app,
        "/api/v1/reviews",
        &seller,
        json!({"occasion": "order", "occasion_id": order_id, "score": 5, "body": "Paid on time.", "private_note": "Come again"}),
    )
    .await;
    assert_eq!(status, 201, "{w}");
    assert_eq!(w["review"]["published"], true);
    let sellers = text_of(&w["review"], "id");
    let (status, r) = get_json(&app, &format!("/api/v1/reviews/{buyers}"), &seller).await;
    assert_eq!((status, r["published"].as_bool()), (200, Some(true)));
    assert_eq!(r["private_note"], "Thanks!", "the reviewed party reads the private note");
    let (_, r) = get_json(&app, &format!("/api/v1/reviews/{buyers}"), &stranger).await;
    assert!(r["private_note"].is_null(), "nobody else does: {r}");
    let (_, standing) = get_json(&app, &format!("/api/v1/reviews?occasion=order&id={order_id}"), &buyer).await;
    assert_eq!(standing["theirs"]["id"], sellers.as_str());

    // Published: no more edits; one reply, by the reviewed party alone.
    let (status, p) = put(&app, &format!("/api/v1/reviews/{buyers}"), &buyer, edit).await;
    assert_eq!((status, p["detail"].as_str().is_some()), (409, true));
    assert_eq!(post(&app, &format!("/api/v1/reviews/{buyers}/reply"), &buyer, json!({"reply": "Me"})).await.0, 404);
    let (status, w) =
        post(&app, &format!("/api/v1/reviews/{buyers}/reply"), &seller, json!({"reply": "Thank you, come again!"}))
            .await;
    assert_eq!(status, 200, "{w}");
    assert_eq!(post(&app, &format!("/api/v1/reviews/{buyers}/reply"), &seller, json!({"reply": "More"})).await.0, 409);

    // Where it shows: the listing (the buyer's review only, "New" under
    // three), the store with its average, the seller line.
    let (_, of_listing) = get_json(&app, &format!("/api/v1/listings/{listing}/reviews"), &stranger).await;
    assert_eq!(of_listing["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(of_listing["rating"], json!({"count": 1, "average": null}));
    let page = listing_page(&app, &listing).await;
    assert!(page.contains("As described, quick handover.") && page.contains("Thank you, come again!"), "{page}");
    let at = page.find("seller-card").unwrap_or(0);
    assert!(
        page.contains(">New<") && page.contains("4.0 ★ (1)"),
        "listing: New; seller line: 4.0 ★ (1): {}",
        &page[at..(at + 600).min(page.len())]
    );
    assert!(!page.contains("Paid on time."), "the seller's review of the buyer is not the listing's");
    assert!(app.text("/s/rv-seller").await.contains("4.0 ★ (1)"));

    // An admin hides it, with a reason the author is mailed; others get 404.
    let hide = format!("/api/v1/reviews/{buyers}/hide");
    assert_eq!(post(&app, &hide, &seller, json!({"reason": "I don't like it"})).await.0, 404);
    dove_domain::accounts::create_admin(&app.db, "rv-admin@example.com", "Admin", PASSWORD).await.unwrap();
    let admin = app.api_token("rv-admin@example.com", PASSWORD).await;
    let (status, p) = post(&app, &hide, &admin, json!({"reason": " "})).await;
    assert_eq!((status, code(&p)), (422, "review-hide-reason"));
    let (status, _) = post(&app, &hide, &admin, json!({"reason": "Names a private person"})).await;
    assert_eq!(status, 200);
    assert_eq!(post(&app, &hide, &admin, json!({"reason": "Again"})).await.0, 409);
    let (_, of_listing) = get_json(&app, &format!("/api/v1/listings/{listing}/reviews"), &stranger).await;
    assert_eq!(of_listing["reviews"].as_array().unwrap().len(), 0);
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM reviews WHERE hidden_reason = 'Names a private person' AND hidden_by IS NOT NULL"
        )
        .await,
        1
    );
    let mail = app.wait_for_mail("rv-buyer@example.com", "was hidden").await;
    assert!(mail.contains("Names a private person"), "{mail}");
    let (_, log) = get_json(&app, "/api/v1/admin/audit", &admin).await;
    assert_eq!(
        (log[0]["action"].as_str(), log[0]["subject_id"].as_str()),
        (Some("hide-review"), Some(buyers.as_str()))
    );
});

both!(both_sides_writing_at_once_are_published_together, |app| {
    // The race the review tally is for: the two reviews of an order land at
    // the same moment; whichever commits second must see the first and
    // publish both.
    for round in 0..3 {
        let (seller, buyer, order_id, _) = order_for_review(&app, &format!("rr{round}"), true).await;
        let by_buyer = product_review(&order_id, "Fine");
        let by_seller = json!({"occasion": "order", "occasion_id": order_id, "score": 5, "body": "Fine too"});
        let ((s1, w1), (s2, w2)) = tokio::join!(
            post(&app, "/api/v1/reviews", &buyer, by_buyer),
            post(&app, "/api/v1/reviews", &seller, by_seller)
        );
        assert_eq!((s1, s2), (201, 201), "{w1} {w2}");
        for (id, reader) in [(text_of(&w1["review"], "id"), &seller), (text_of(&w2["review"], "id"), &buyer)] {
            let (status, r) = get_json(&app, &format!("/api/v1/reviews/{id}"), reader).await;
            assert_eq!((status, r["published"].as_bool()), (200, Some(true)), "round {round}");
        }
    }
});

both!(a_lone_review_is_published_when_the_window_closes, |app| {
    let (seller, buyer, order_id, listing) = order_for_review(&app, "rw", true).await;
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let (status, w) = post(&app, "/api/v1/reviews", &buyer, product_review(&order_id, "Good phone")).await;
    assert_eq!(status, 201);
    let id = text_of(&w["review"], "id");
    assert_eq!(get_json(&app, &format!("/api/v1/reviews/{id}"), &seller).await.0, 404);

    // Reminders to the seller, who has not written: on the first day of the
    // window (at once), and on the tenth; each once.
    let remind = |at: i64| {
        let db = app.db.clone();
        let site = site.clone();
        async move { dove_domain::reviews::send_reminders(&db, &site, at).await.unwrap() }
    };
    let now = now_ms();
    assert_eq!(remind(now).await, 1, "day 1: the seller");
    assert_eq!(remind(now + HOUR_MS).await, 0, "once");
    assert_eq!(remind(now + 8 * DAY_MS).await, 0, "day 9: nothing");
    assert_eq!(remind(now + 9 * DAY_MS + HOUR_MS).await, 1, "day 10");
    assert_eq!(remind(now + 11 * DAY_MS).await, 0);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'rw-seller@example.com' AND message = 'mail-review-reminder'")
            .await,
        2
    );

    // The window closes: what was written is public, and nothing more can be.
    app.clock.advance(WINDOW_MS + MINUTE_MS);
    let (status, r) = get_json(&app, &format!("/api/v1/reviews/{id}"), &seller).await;
    assert_eq!((status, r["published"].as_bool()), (200, Some(true)));
    let (_, of_listing) = get_json(&app, &format!("/api/v1/listings/{listing}/reviews"), &seller).await;
    assert_eq!(of_listing["reviews"].as_array().unwrap().len(), 1);
    let (status, p) = post(
        &app,
        "/api/v1/reviews",
        &seller,
        json!({"occasion": "order", "occasion_id": order_id, "score": 1, "body": "Late revenge"}),
    )
    .await;
    assert_eq!(status, 409, "{p}");
    let edit = json!({"score": 1, "scores": {"as_described": 1, "communication": 1, "delivery": 1}});
    assert_eq!(put(&app, &format!("/api/v1/reviews/{id}"), &buyer, edit).await.0, 409);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM reviews").await, 1);
});

both!(a_viewing_both_sides_confirm_is_reviewed_by_the_visitor, |app| {
    let (seller, house) = crate::listings::published(&app, "rvw-seller@example.com", "rvw-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let visitor = crate::orders::buyer(&app, "rvw-buyer@example.com").await;
    let start = {
        let t = now_ms() + DAY_MS + 10 * HOUR_MS;
        t - t % (15 * MINUTE_MS)
    };
    let (status, v) =
        post(&app, &format!("/api/v1/listings/{listing}/viewings"), &visitor, json!({"slots": [start]})).await;
    assert_eq!(status, 201, "{v}");
    let viewing = text_of(&v, "id");
    assert_eq!(post(&app, &format!("/api/v1/viewings/{viewing}/accept"), &seller, json!({"slot": start})).await.0, 200);
    let attended = format!("/api/v1/viewings/{viewing}/attended");
    let review = json!({"occasion": "viewing", "occasion_id": viewing, "score": 2, "body": "Smaller than the photos.",
                        "scores": {"accuracy": 1, "communication": 4, "location": 3, "value": 2}});

    // Before the viewing: nothing to say, nothing to review.
    let (status, p) = post(&app, &attended, &visitor, json!({"took_place": true})).await;
    assert_eq!(status, 409, "{p}");
    assert_eq!(post(&app, "/api/v1/reviews", &visitor, review.clone()).await.0, 409);

    app.clock.advance(DAY_MS + 12 * HOUR_MS);
    let (status, v) = post(&app, &attended, &visitor, json!({"took_place": true})).await;
    assert_eq!((status, v["you_said_attended"].as_bool()), (200, Some(true)));
    assert_eq!(post(&app, &attended, &visitor, json!({"took_place": false})).await.0, 409, "once");
    // One side's word is not enough.
    assert_eq!(post(&app, "/api/v1/reviews", &visitor, review.clone()).await.0, 409);
    let stranger = crate::orders::buyer(&app, "rvw-stranger@example.com").await;
    assert_eq!(post(&app, &attended, &stranger, json!({"took_place": true})).await.0, 404);
    let (status, v) = post(&app, &attended, &seller, json!({"took_place": true})).await;
    assert_eq!(status, 200);
    assert!(v["held_at"].as_i64().is_some());

    // The owner has nothing to review; the visitor reviews owner and listing,
    // published at once (no other review is awaited).
    assert_eq!(post(&app, "/api/v1/reviews", &seller, review.clone()).await.0, 404);
    let mut no_location = review.clone();
    no_location["scores"] = json!({"accuracy": 1, "communication": 4, "value": 2});
    let (status, p) = post(&app, "/api/v1/reviews", &visitor, no_location).await;
    assert_eq!((status, code(&p)), (422, "review-category-missing"));
    let (status, w) = post(&app, "/api/v1/reviews", &visitor, review).await;
    assert_eq!(status, 201, "{w}");
    assert_eq!(w["review"]["published"], true);
    assert_eq!(w["review"]["role"], "visitor");
    let (_, of_listing) = get_json(&app, &format!("/api/v1/listings/{listing}/reviews"), &stranger).await;
    assert_eq!(of_listing["reviews"][0]["body"], "Smaller than the photos.");
    assert_eq!(of_listing["reviews"][0]["scores"]["accuracy"], 1);
});

both!(reviews_are_written_through_the_pages_without_javascript, |app| {
    let (_, _, order_id, listing) = order_for_review(&app, "rp", true).await;
    let buyer = TestApp::with_client(&app, crate::helpers::client());
    assert_eq!(buyer.sign_in("rp-buyer@example.com", PASSWORD).await.status(), 303);
    let seller = TestApp::with_client(&app, crate::helpers::client());
    assert_eq!(seller.sign_in("rp-seller@example.com", PASSWORD).await.status(), 303);

    let order_page = buyer.text(&format!("/orders/{order_id}")).await;
    let new = format!("/reviews/new?occasion=order&amp;id={order_id}");
    assert!(order_page.contains(&new), "the completed order offers a review");
    let form = buyer.text(&format!("/reviews/new?occasion=order&id={order_id}")).await;
    assert!(form.contains(r#"name="s_as_described""#) && form.contains(r#"name="score""#), "{form}");

    // Missing scores: the form again, with the error by the field.
    let fields = |score: &'static str| {
        vec![
            ("occasion", "order"),
            ("occasion_id", order_id.as_str()),
            ("score", score),
            ("s_as_described", "5"),
            ("s_communication", "5"),
            ("s_delivery", "4"),
            ("body", "Honest seller. WhatsApp me on +254 712 345 678"),
            ("private_note", ""),
        ]
    };
    let res = buyer.post_form("/reviews/new", &fields("")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Choose an overall score from 1 to 5."));
    let res = buyer.post_form("/reviews/new", &fields("5")).await;
    assert_eq!(res.status(), 303);
    let to = crate::helpers::location(&res);
    assert!(to.starts_with("/reviews/") && to.ends_with("?notice=removed"), "{to}");
    let id = to.trim_start_matches("/reviews/").trim_end_matches("?notice=removed").to_string();
    let page = buyer.text(&to).await;
    assert!(page.contains("We removed a phone number or link") && page.contains("Not published yet"), "{page}");
    assert!(page.contains("Honest seller. WhatsApp me on [removed]"));
    // The seller can't open it yet; the edit form is the author's.
    assert_eq!(seller.get(&format!("/reviews/{id}")).await.status(), 404);
    assert_eq!(seller.get(&format!("/reviews/{id}/edit")).await.status(), 404);
    assert!(buyer.text(&format!("/reviews/{id}/edit")).await.contains("Honest seller."));
    let res = buyer
        .post_form(
            &format!("/reviews/{id}/edit"),
            &[
                ("score", "4"),
                ("s_as_described", "4"),
                ("s_communication", "4"),
                ("s_delivery", "4"),
                ("body", "Honest seller."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    // The seller reviews the buyer through the page: both publish together.
    let seller_form = seller.text(&format!("/reviews/new?occasion=order&id={order_id}")).await;
    assert!(!seller_form.contains("s_as_described"), "a buyer is scored overall only");
    let res = seller
        .post_form(
            "/reviews/new",
            &[("occasion", "order"), ("occasion_id", &order_id), ("score", "5"), ("body", "Quick to collect.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let order_page = buyer.text(&format!("/orders/{order_id}")).await;
    assert!(order_page.contains("Quick to collect."), "the buyer now sees the seller's review");
    let page = seller.text(&format!("/reviews/{id}")).await;
    assert!(page.contains("Honest seller.") && page.contains(r#"action="/reviews/"#), "the seller may reply");
    let res = seller.post_form(&format!("/reviews/{id}/reply"), &[("text", "")]).await;
    assert_eq!(res.status(), 422);
    let res = seller.post_form(&format!("/reviews/{id}/reply"), &[("text", "Thank you!")]).await;
    assert_eq!(res.status(), 303);
    assert!(listing_page(&app, &listing).await.contains("Thank you!"));

    // The admin list is for admins.
    assert_eq!(seller.get("/admin/reviews").await.status(), 404);
    dove_domain::accounts::create_admin(&app.db, "rp-admin@example.com", "Admin", PASSWORD).await.unwrap();
    let admin = TestApp::with_client(&app, crate::helpers::client());
    assert_eq!(admin.sign_in("rp-admin@example.com", PASSWORD).await.status(), 303);
    assert!(admin.text("/admin/reviews").await.contains("Honest seller."));
    let res = admin.post_form(&format!("/reviews/{id}/hide"), &[("text", "Off-topic")]).await;
    assert_eq!(res.status(), 303);
    assert!(!listing_page(&app, &listing).await.contains("Honest seller."));
});
