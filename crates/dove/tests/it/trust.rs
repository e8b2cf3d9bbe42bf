//! Trust and safety, on both backends: reports of what the reporter can
//! see gather into one case per thing; the queue is for admins only; an
//! admin's decision is logged, mailed and takes effect everywhere at once
//! (sessions, tokens, search on two nodes, escrow held); one appeal goes
//! back into the queue; a suspension ends on its date.
use crate::helpers::{Backend, PASSWORD, Storage, TestApp, both, count, start};
use crate::leads::{get_json, post};
use crate::orders::{buyer, text_of};
use dove_domain::clock::{DAY_MS, now_ms};
use serde_json::{Value, json};
use std::time::Duration;

fn code(p: &Value) -> &str {
    p["errors"][0]["code"].as_str().unwrap_or("")
}

async fn total(app: &TestApp, q: &str) -> u64 {
    let (_, v) = get_json(app, &format!("/api/v1/search?q={q}"), "none").await;
    v["total"].as_u64().unwrap_or(u64::MAX)
}

/// Waits (on the search follower, which runs in real time) for `q` to have
/// `n` results.
async fn wait_total(app: &TestApp, q: &str, n: u64) {
    for _ in 0..200 {
        if total(app, q).await == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("search {q:?} never reached {n} results on {}", app.base);
}

async fn admin(app: &TestApp, email: &str) -> String {
    dove_domain::accounts::create_admin(&app.db, email, "Admin", PASSWORD).await.unwrap();
    app.api_token(email, PASSWORD).await
}

both!(reports_reach_one_queue_and_a_suspension_takes_effect_everywhere, |app| {
    let (seller, house) = crate::listings::published(&app, "ts-seller@example.com", "ts-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let seller_id =
        crate::helpers::text_value(&app.db, "SELECT id FROM users WHERE email = 'ts-seller@example.com'").await;
    let first = buyer(&app, "ts-one@example.com").await;
    let second = buyer(&app, "ts-two@example.com").await;
    wait_total(&app, "kilimani", 1).await;

    // Bad input, and things that don't exist or aren't the reporter's to see.
    let report = |subject: &str, id: &str, reason: &str| json!({"subject": subject, "id": id, "reason": reason, "detail": "Asked for a viewing fee by M-Pesa"});
    let (status, p) = post(&app, "/api/v1/reports", &first, report("listing", &listing, "ugly")).await;
    assert_eq!((status, code(&p)), (422, "trust-reason-unknown"));
    assert_eq!(post(&app, "/api/v1/reports", &first, report("listing", "no-such-id", "scam")).await.0, 404);
    assert_eq!(
        post(&app, "/api/v1/reports", &seller, report("listing", &listing, "scam")).await.0,
        404,
        "not your own"
    );
    assert_eq!(post(&app, "/api/v1/reports", &first, report("message", "no-such-message", "scam")).await.0, 404);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM trust_reports").await, 0);

    // Two reports of one listing: one case, two reports.
    assert_eq!(post(&app, "/api/v1/reports", &first, report("listing", &listing, "scam")).await.0, 202);
    assert_eq!(post(&app, "/api/v1/reports", &second, report("listing", &listing, "unavailable")).await.0, 202);
    assert_eq!(get_json(&app, "/api/v1/admin/trust", &first).await.0, 404, "the queue is for admins");
    let admin = admin(&app, "ts-admin@example.com").await;
    let (status, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    assert_eq!(status, 200);
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["reports"].as_array().unwrap().len(), 2);
    assert_eq!(queue[0]["summary"], "Two bedroom apartment in Kilimani");
    let case = text_of(&queue[0], "id");

    // Ten reports an hour, then 429.
    for _ in 0..9 {
        assert_eq!(post(&app, "/api/v1/reports", &first, report("user", &seller_id, "scam")).await.0, 202);
    }
    let res = app.post_json("/api/v1/reports", report("user", &seller_id, "scam"), Some(&first)).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));

    // Deciding: bad input by the field, then a 30-day suspension.
    let decide = format!("/api/v1/admin/trust/{case}");
    assert_eq!(post(&app, &decide, &first, json!({"action": "ban", "reason": "x"})).await.0, 404);
    let (status, p) =
        post(&app, &decide, &admin, json!({"action": "suspend", "reason": "Viewing fees", "days": 0})).await;
    assert_eq!((status, code(&p)), (422, "trust-days-range"));
    let (status, p) = post(&app, &decide, &admin, json!({"action": "warn", "reason": " "})).await;
    assert_eq!((status, code(&p)), (422, "trust-text-required"));
    let (status, closed) =
        post(&app, &decide, &admin, json!({"action": "suspend", "reason": "Asked for viewing fees", "days": 30})).await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["open"], false);
    assert_eq!(post(&app, &decide, &admin, json!({"action": "ban", "reason": "again"})).await.0, 409);

    // Everywhere at once: the token is dead, signing in is refused with the
    // reason, the listing is out of search and off its page.
    assert_eq!(get_json(&app, "/api/v1/me", &seller).await.0, 401);
    let res = app
        .post_json(
            "/api/v1/auth/tokens",
            json!({"email": "ts-seller@example.com", "password": PASSWORD, "name": "again"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Asked for viewing fees"));
    wait_total(&app, "kilimani", 0).await;
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}")).await.status(), 404);
    let mail = app.wait_for_mail("ts-seller@example.com", "About your Dove Market account").await;
    assert!(mail.contains("Asked for viewing fees") && mail.contains("Two bedroom apartment in Kilimani"), "{mail}");
    let (_, log) = get_json(&app, "/api/v1/admin/audit", &admin).await;
    assert_eq!(log[0]["action"], "suspend");
    assert_eq!(log[0]["reason"], "Asked for viewing fees");
    assert!(log[0]["until_at"].as_i64().unwrap() > now_ms() + 29 * DAY_MS);

    // One appeal, through the page, with the password; it joins the queue.
    let page = TestApp::with_client(&app, crate::helpers::client());
    let appeal = |password: &'static str| {
        let page = &page;
        async move {
            page.post_form(
                "/appeal",
                &[("email", "ts-seller@example.com"), ("password", password), ("appeal", "The fee was for the agent")],
            )
            .await
        }
    };
    assert_eq!(appeal("wrong password").await.status(), 401);
    let res = appeal(PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Your appeal is with the admins"));
    assert_eq!(appeal(PASSWORD).await.status(), 409, "once");
    let (_, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    let appeals: Vec<&Value> = queue
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["reports"].as_array().unwrap().iter().any(|r| r["reason"] == "signal-appeal"))
        .collect();
    assert_eq!(appeals.len(), 1, "{queue}");
    // Signing in through the page says why, and where to appeal.
    let res = page.sign_in("ts-seller@example.com", PASSWORD).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("This account is suspended until"));

    // The admin upholds the appeal: the account and its listing are back.
    let appeal_case = text_of(appeals[0], "id");
    let (status, _) = post(
        &app,
        &format!("/api/v1/admin/trust/{appeal_case}"),
        &admin,
        json!({"action": "restore", "reason": "The fee was the agent's, refunded"}),
    )
    .await;
    assert_eq!(status, 200);
    wait_total(&app, "kilimani", 1).await;
    assert_eq!(app.sign_in("ts-seller@example.com", PASSWORD).await.status(), 303);
});

both!(a_suspension_ends_on_its_date, |app| {
    let (_, house) = crate::listings::published(&app, "tl-seller@example.com", "tl-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let reporter = buyer(&app, "tl-reporter@example.com").await;
    let report = json!({"subject": "listing", "id": listing, "reason": "wrong-price", "detail": ""});
    assert_eq!(post(&app, "/api/v1/reports", &reporter, report).await.0, 202);
    let admin = admin(&app, "tl-admin@example.com").await;
    let (_, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    let case = text_of(&queue[0], "id");
    let body = json!({"action": "suspend", "reason": "Bait price", "days": 2});
    assert_eq!(post(&app, &format!("/api/v1/admin/trust/{case}"), &admin, body).await.0, 200);
    wait_total(&app, "kilimani", 0).await;
    assert_eq!(dove_domain::trust::scan(&app.db, now_ms(), now_ms() + DAY_MS).await.unwrap(), 0);
    assert_eq!(app.sign_in("tl-seller@example.com", PASSWORD).await.status(), 403, "a day on: still suspended");
    dove_domain::trust::scan(&app.db, now_ms(), now_ms() + 3 * DAY_MS).await.unwrap();
    wait_total(&app, "kilimani", 1).await;
    assert_eq!(app.sign_in("tl-seller@example.com", PASSWORD).await.status(), 303);
});

both!(a_suspended_sellers_escrow_stays_held, |app| {
    let (_, _, order_id, _) = crate::reviews::order_for_review(&app, "te", false).await;
    let seller_id =
        crate::helpers::text_value(&app.db, "SELECT id FROM users WHERE email = 'te-seller@example.com'").await;
    let reporter = buyer(&app, "te-reporter@example.com").await;
    let (status, _) = post(
        &app,
        "/api/v1/reports",
        &reporter,
        json!({"subject": "user", "id": seller_id, "reason": "scam", "detail": ""}),
    )
    .await;
    assert_eq!(status, 202);
    let admin = admin(&app, "te-admin@example.com").await;
    let (_, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    let case = text_of(&queue[0], "id");
    let (status, _) =
        post(&app, &format!("/api/v1/admin/trust/{case}"), &admin, json!({"action": "ban", "reason": "Fraud"})).await;
    assert_eq!(status, 200);
    // A week after the handover the worker would release the money: not to
    // a banned seller.
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let week_on = now_ms() + dove_domain::orders::AUTO_COMPLETE_AFTER_MS + 1;
    assert_eq!(dove_domain::orders::complete_overdue(&app.db, &site, 500, week_on).await.unwrap(), 0);
    assert_eq!(
        crate::helpers::text_value(&app.db, &format!("SELECT status FROM orders WHERE id = '{order_id}'")).await,
        "fulfilled"
    );
    // A ban has no end date: the scan leaves it.
    dove_domain::trust::scan(&app.db, now_ms(), now_ms() + 400 * DAY_MS).await.unwrap();
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users WHERE suspended_at IS NOT NULL").await, 1);
    crate::helpers::check_ledger(&app.db).await;
});

both!(a_dispute_raises_a_case_once, |app| {
    let (_, buyer_token, order_id, _) = crate::reviews::order_for_review(&app, "td", false).await;
    let (status, _) = post(
        &app,
        &format!("/api/v1/orders/{order_id}/dispute"),
        &buyer_token,
        json!({"reason": "Not the phone I paid for"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(dove_domain::trust::scan(&app.db, now_ms() - DAY_MS, now_ms()).await.unwrap(), 1);
    assert_eq!(dove_domain::trust::scan(&app.db, now_ms() - DAY_MS, now_ms()).await.unwrap(), 0, "once");
    let admin = admin(&app, "td-admin@example.com").await;
    let (_, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    assert_eq!(queue[0]["reports"][0]["reason"], "signal-dispute");
    assert!(queue[0]["reports"][0]["detail"].as_str().unwrap().contains("Not the phone I paid for"));
});

/// Two nodes on one PostgreSQL: a suspension decided through node A takes
/// the seller's listing out of search on node B too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspended_sellers_listings_leave_search_on_every_node() {
    let storage = Storage::new(Backend::Postgres).await;
    let second = Storage { dir: tempfile::tempdir().unwrap(), database_url: storage.database_url.clone() };
    let node_a = start(storage, |c| c).await;
    let (_, house) = crate::listings::published(&node_a, "tn-seller@example.com", "tn-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let reporter = buyer(&node_a, "tn-reporter@example.com").await;
    let admin = admin(&node_a, "tn-admin@example.com").await;
    let node_b = start(second, |c| c).await;
    wait_total(&node_a, "kilimani", 1).await;
    wait_total(&node_b, "kilimani", 1).await;
    let (status, _) = post(
        &node_b,
        "/api/v1/reports",
        &reporter,
        json!({"subject": "listing", "id": listing, "reason": "stolen-photos", "detail": ""}),
    )
    .await;
    assert_eq!(status, 202);
    let (_, queue) = get_json(&node_a, "/api/v1/admin/trust", &admin).await;
    let case = text_of(&queue[0], "id");
    let (status, _) = post(
        &node_a,
        &format!("/api/v1/admin/trust/{case}"),
        &admin,
        json!({"action": "ban", "reason": "Stolen photos"}),
    )
    .await;
    assert_eq!(status, 200);
    wait_total(&node_a, "kilimani", 0).await;
    wait_total(&node_b, "kilimani", 0).await;
    node_b.stop().await;
    node_a.stop().await;
}

both!(the_queue_works_through_the_pages_without_javascript, |app| {
    let (_, house) = crate::listings::published(&app, "tp-seller@example.com", "tp-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let reporter = TestApp::with_client(&app, crate::helpers::client());
    reporter.sign_up_confirmed("Wambui", "tp-reporter@example.com").await;
    // The listing page offers the report form to a signed-in visitor.
    let res = reporter.get(&format!("/l/{listing}")).await;
    let page = reporter.text(&crate::helpers::location(&res)).await;
    assert!(page.contains(r#"action="/report""#) && page.contains("Report this listing"), "the form is there");
    let res = reporter
        .post_form(
            "/report",
            &[
                ("subject", "listing"),
                ("id", &listing),
                ("reason", "scam"),
                ("detail", "Wants KES 2,000 to view"),
                ("back", "/"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("An admin will look at it"));

    // Admins only; the queue, the case with its evidence, the decision.
    assert_eq!(reporter.get("/admin/trust").await.status(), 404);
    dove_domain::accounts::create_admin(&app.db, "tp-admin@example.com", "Admin", PASSWORD).await.unwrap();
    let admin = TestApp::with_client(&app, crate::helpers::client());
    assert_eq!(admin.sign_in("tp-admin@example.com", PASSWORD).await.status(), 303);
    let queue = admin.text("/admin/trust").await;
    assert!(queue.contains("Two bedroom apartment in Kilimani"), "{queue}");
    let case = crate::helpers::text_value(&app.db, "SELECT id FROM trust_cases").await;
    let file = admin.text(&format!("/admin/trust/{case}")).await;
    assert!(
        file.contains("Wants KES 2,000 to view") && file.contains("tp-seller@example.com"),
        "evidence side by side"
    );
    assert!(file.contains(r#"value="hide-listing""#), "a listing's case can hide it");
    let res = admin
        .post_form(&format!("/admin/trust/{case}"), &[("action", "hide-listing"), ("reason", ""), ("days", "")])
        .await;
    assert_eq!(res.status(), 422, "a reason is required");
    let res = admin
        .post_form(
            &format!("/admin/trust/{case}"),
            &[("action", "hide-listing"), ("reason", "Viewing fee"), ("days", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}")).await.status(), 404, "hidden");
    assert!(admin.text("/admin/audit").await.contains("Viewing fee"));
    assert_eq!(reporter.get("/admin/audit").await.status(), 404);
});

both!(a_photo_copied_from_another_sellers_listing_is_flagged, |app| {
    use crate::listings::{act, create, house, seller, upload};
    use crate::photos_fixture as fx;
    let original = fx::scene(1200, 900, 1.0);
    // The owner's listing, with the photo.
    let owner = seller(&app, "tc-owner@example.com", "tc-owner").await;
    let theirs = create(&app, &owner, house()).await;
    let theirs = text_of(&theirs, "id");
    let jpeg = dove_photos::encode_jpeg(&original, 90).unwrap();
    assert_eq!(upload(&app, &owner, &theirs, vec![("house.jpg", jpeg.clone())]).await.status(), 201);
    assert_eq!(act(&app, &owner, &theirs, "publish").await.status(), 200);
    // The owner using their own photo again is no copy.
    let second = text_of(&create(&app, &owner, house()).await, "id");
    assert_eq!(upload(&app, &owner, &second, vec![("again.jpg", jpeg)]).await.status(), 201);

    // Someone else takes it, shrinks it and saves it again at low quality.
    let copier = seller(&app, "tc-copier@example.com", "tc-copier").await;
    let fake = text_of(&create(&app, &copier, house()).await, "id");
    let smaller = image::imageops::resize(&original, 800, 600, image::imageops::FilterType::Lanczos3);
    let copy = dove_photos::encode_jpeg(&smaller, 45).unwrap();
    let other = dove_photos::encode_jpeg(&fx::scene(1200, 900, 4.0), 90).unwrap();
    assert_eq!(upload(&app, &copier, &fake, vec![("mine.jpg", other)]).await.status(), 201);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM trust_reports").await, 0, "a different photo is no copy");
    assert_eq!(upload(&app, &copier, &fake, vec![("mine2.jpg", copy)]).await.status(), 201);

    let admin = admin(&app, "tc-admin@example.com").await;
    let (_, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["subject_id"], fake.as_str());
    assert_eq!(queue[0]["reports"][0]["reason"], "signal-copied-photo");
    let detail = queue[0]["reports"][0]["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("/l/{theirs}")) || detail.contains(&format!("/l/{second}")), "{detail}");
});

both!(a_bait_price_far_below_the_area_is_flagged, |app| {
    use crate::listings::{act, create, house, seller, upload};
    use crate::photos_fixture as fx;
    // Each listing its own picture (the copied-photo check is not what is
    // tested here): scenes a radian or more apart, the bait a gradient.
    let publish = |token: String, price: i64, seed: Option<f32>| {
        let app = &app;
        async move {
            let mut body = house();
            body["price_minor"] = json!(price);
            let id = text_of(&create(app, &token, body).await, "id");
            let photo = match seed {
                Some(seed) => dove_photos::encode_jpeg(&fx::scene(800, 600, seed), 85).unwrap(),
                None => fx::jpeg(800, 600, 200),
            };
            assert_eq!(upload(app, &token, &id, vec![("a.jpg", photo)]).await.status(), 201);
            assert_eq!(act(app, &token, &id, "publish").await.status(), 200);
            id
        }
    };
    // Nine two-bedroom flats in Nairobi at KES 45,000 a month.
    let landlord = seller(&app, "lp-owner@example.com", "lp-owner").await;
    for i in 0..9 {
        publish(landlord.clone(), 4_500_000, Some(i as f32)).await;
    }
    let scammer = seller(&app, "lp-bait@example.com", "lp-bait").await;
    let bait = publish(scammer, 1_500_000, None).await;
    let now = now_ms();
    assert_eq!(
        dove_domain::trust::check_low_prices(&app.db, 0, now).await.unwrap(),
        0,
        "nine comparables say too little"
    );
    publish(landlord.clone(), 4_500_000, Some(9.0)).await;
    assert_eq!(dove_domain::trust::check_low_prices(&app.db, 0, now).await.unwrap(), 1, "a third of the median");
    assert_eq!(dove_domain::trust::check_low_prices(&app.db, 0, now).await.unwrap(), 0, "once per listing and price");
    let admin = admin(&app, "lp-admin@example.com").await;
    let (_, queue) = get_json(&app, "/api/v1/admin/trust", &admin).await;
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["subject_id"], bait.as_str());
    assert_eq!(queue[0]["reports"][0]["reason"], "signal-low-price");
    assert!(queue[0]["reports"][0]["detail"].as_str().unwrap().contains("KES 15,000"), "{queue}");
});
