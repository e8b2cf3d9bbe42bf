//! Conversations between buyers and owners, on both backends: the API, the
//! pages, the safety checks, and live delivery over SSE, also across two
//! nodes sharing one PostgreSQL.
use crate::helpers::{Backend, PASSWORD, Storage, TestApp, Visitor, both, count, extract_csrf, location, start};
use crate::listings::published;
use serde_json::{Value, json};
use std::time::Duration;

async fn buyer(app: &TestApp, email: &str) -> String {
    TestApp::with_client(app, crate::helpers::client()).sign_up_confirmed("Wanjiru Buyer", email).await;
    app.api_token(email, PASSWORD).await
}

async fn get_json(app: &Visitor, path: &str, token: &str) -> (u16, Value) {
    let res = app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn post(app: &Visitor, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = app.post_json(path, body, Some(token)).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

both!(buyer_and_seller_talk_through_the_api, |app| {
    let (seller, house) = published(&app, "msg-seller@example.com", "msg-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let buyer = buyer(&app, "msg-buyer@example.com").await;

    let (status, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": listing, "body": "Is it available?"})).await;
    assert_eq!(status, 201, "{started}");
    let id = started["conversation"]["id"].as_str().unwrap().to_string();
    assert_eq!(started["conversation"]["role"], "buyer");
    assert_eq!(started["conversation"]["never_pay_before_viewing"], true, "a house carries the notice");
    // Messaging the same listing again resumes the conversation.
    let (status, again) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": listing, "body": "Can I view it Saturday?"}))
            .await;
    assert_eq!(status, 201);
    assert_eq!(again["conversation"]["id"], id.as_str());
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM conversations").await, 1);

    // The seller sees two unread, reads them, and the buyer sees the receipt.
    assert_eq!(get_json(&app, "/api/v1/me/unread", &seller).await.1["unread"], 2);
    let (_, list) = get_json(&app, "/api/v1/conversations", &seller).await;
    assert_eq!(list[0]["unread"], 2);
    assert_eq!(list[0]["role"], "seller");
    let (status, thread) = get_json(&app, &format!("/api/v1/conversations/{id}"), &seller).await;
    assert_eq!(status, 200);
    assert_eq!(thread["messages"].as_array().unwrap().len(), 2);
    assert_eq!(get_json(&app, "/api/v1/me/unread", &seller).await.1["unread"], 0);
    let (_, seen) = get_json(&app, &format!("/api/v1/conversations/{id}"), &buyer).await;
    let last_at = seen["messages"][1]["created_at"].as_i64().unwrap();
    assert!(seen["conversation"]["other_read_at"].as_i64().unwrap() >= last_at, "read receipt: {seen}");

    // A request for money before any viewing warns the recipient only.
    let (status, _) = post(
        &app,
        &format!("/api/v1/conversations/{id}/messages"),
        &seller,
        json!({"body": "Send a deposit of 5,000 to paybill 123456 to hold it"}),
    )
    .await;
    assert_eq!(status, 201);
    let (_, for_buyer) = get_json(&app, &format!("/api/v1/conversations/{id}"), &buyer).await;
    assert!(for_buyer["messages"][2]["caution"].as_str().unwrap().contains("money"), "{for_buyer}");
    let (_, for_seller) = get_json(&app, &format!("/api/v1/conversations/{id}"), &seller).await;
    assert!(for_seller["messages"][2]["caution"].is_null());

    // The contact became a lead; the reply moved it to contacted.
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM leads WHERE source = 'message' AND stage = 'contacted' AND first_reply_at IS NOT NULL"
        )
        .await,
        1
    );
    // Its history: the first message, then the first reply.
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_events WHERE kind = 'message'").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_events WHERE kind = 'replied'").await, 1);

    // Bad input.
    let path = format!("/api/v1/conversations/{id}/messages");
    let app_ref: &Visitor = &app;
    let send = |token: String, body: Value| {
        let path = path.clone();
        async move { post(app_ref, &path, &token, body).await }
    };
    let (status, p) = send(buyer.clone(), json!({"body": "   "})).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["code"], "message-empty");
    let (status, p) = send(buyer.clone(), json!({"body": "a".repeat(2001)})).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["code"], "message-too-long");
    assert_eq!(send(buyer.clone(), json!({"text": "wrong shape"})).await.0, 422);
    let (status, p) =
        post(&app, "/api/v1/conversations", &seller, json!({"listing_id": listing, "body": "Me to me"})).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["code"], "message-own-listing");
    assert_eq!(
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": "nope", "body": "Hi"})).await.0,
        404,
        "an unknown listing"
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM messages").await, 3, "nothing half-written");

    // Archive: gone from the inbox until a new message brings it back.
    assert_eq!(post(&app, &format!("/api/v1/conversations/{id}/archive"), &buyer, json!({"on": true})).await.0, 204);
    assert_eq!(get_json(&app, "/api/v1/conversations", &buyer).await.1.as_array().unwrap().len(), 0);
    assert_eq!(get_json(&app, "/api/v1/conversations?archived=true", &buyer).await.1[0]["archived"], true);
    assert_eq!(send(seller.clone(), json!({"body": "Still interested?"})).await.0, 201);
    assert_eq!(get_json(&app, "/api/v1/conversations", &buyer).await.1.as_array().unwrap().len(), 1);

    // Block: the blocked buyer can no longer write, here or about another listing.
    assert_eq!(post(&app, &format!("/api/v1/conversations/{id}/block"), &seller, json!({"on": true})).await.0, 204);
    assert_eq!(send(buyer.clone(), json!({"body": "Hello?"})).await.0, 403);
    assert_eq!(send(seller.clone(), json!({"body": "The seller may still write"})).await.0, 201);
    assert_eq!(post(&app, &format!("/api/v1/conversations/{id}/block"), &seller, json!({"on": false})).await.0, 204);
    assert_eq!(send(buyer.clone(), json!({"body": "Thanks"})).await.0, 201);

    // Reports are stored for the admins.
    assert_eq!(post(&app, &format!("/api/v1/conversations/{id}/report"), &buyer, json!({"reason": ""})).await.0, 422);
    assert_eq!(
        post(&app, &format!("/api/v1/conversations/{id}/report"), &buyer, json!({"reason": "Asked for a deposit"}))
            .await
            .0,
        204
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM conversation_reports").await, 1);
});

both!(a_third_party_gets_404_on_every_conversation_route, |app| {
    let (_seller, house) = published(&app, "tp-seller@example.com", "tp-seller").await;
    let buyer = buyer(&app, "tp-buyer@example.com").await;
    let (_, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Is it available?"}))
            .await;
    let id = started["conversation"]["id"].as_str().unwrap().to_string();
    let stranger = {
        let client = crate::helpers::client();
        TestApp::with_client(&app, client).sign_up_confirmed("Stranger", "tp-stranger@example.com").await;
        app.api_token("tp-stranger@example.com", PASSWORD).await
    };
    assert_eq!(get_json(&app, &format!("/api/v1/conversations/{id}"), &stranger).await.0, 404);
    for (path, body) in [
        ("messages", json!({"body": "hi"})),
        ("archive", json!({"on": true})),
        ("block", json!({"on": true})),
        ("report", json!({"reason": "spam"})),
    ] {
        let (status, p) = post(&app, &format!("/api/v1/conversations/{id}/{path}"), &stranger, body).await;
        assert_eq!(status, 404, "{path}: {p}");
    }
    assert_eq!(get_json(&app, "/api/v1/conversations", &stranger).await.1.as_array().unwrap().len(), 0);
    let photo = reqwest::multipart::Form::new()
        .part("photo", reqwest::multipart::Part::bytes(crate::photos_fixture::jpeg(640, 480, 3)).file_name("a.jpg"));
    let res = app
        .client
        .post(app.url(&format!("/api/v1/conversations/{id}/photos")))
        .bearer_auth(&stranger)
        .multipart(photo)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "photos");
    // And through the pages.
    let page = crate::helpers::client();
    let stranger_pages = TestApp::with_client(&app, page);
    stranger_pages.sign_in("tp-stranger@example.com", PASSWORD).await;
    assert_eq!(stranger_pages.get(&format!("/inbox/{id}")).await.status(), 404);
    assert_eq!(stranger_pages.get(&format!("/inbox/{id}/lines")).await.status(), 404);
    assert_eq!(stranger_pages.post_form(&format!("/inbox/{id}"), &[("body", "hi")]).await.status(), 404);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM messages").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM blocks").await, 0);
});

both!(flooding_gets_429_with_retry_after, |app| {
    let (_seller, house) = published(&app, "fl-seller@example.com", "fl-seller").await;
    let buyer = buyer(&app, "fl-buyer@example.com").await;
    let (_, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Hello"})).await;
    let id = started["conversation"]["id"].as_str().unwrap().to_string();
    for i in 1..30 {
        let (status, _) =
            post(&app, &format!("/api/v1/conversations/{id}/messages"), &buyer, json!({"body": format!("m{i}")})).await;
        assert_eq!(status, 201, "message {i}");
    }
    let res = app
        .post_json(&format!("/api/v1/conversations/{id}/messages"), json!({"body": "one too many"}), Some(&buyer))
        .await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM messages").await, 30);
});

both!(message_the_seller_through_the_pages, |app| {
    let (seller, house) = published(&app, "pg-seller@example.com", "pg-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let page = app.text(house["url"].as_str().unwrap()).await;
    assert!(!page.contains("/messages/new"), "no button for the owner");

    let buyer = TestApp::with_client(&app, crate::helpers::client());
    buyer.sign_up_confirmed("Otieno", "pg-buyer@example.com").await;
    let page = buyer.text(house["url"].as_str().unwrap()).await;
    assert!(page.contains(&format!("/messages/new?listing={listing}")));
    let compose = buyer.text(&format!("/messages/new?listing={listing}")).await;
    assert!(compose.contains("still available?") && compose.contains("Never pay a deposit"), "{compose}");
    let res = buyer.post_form("/messages/new", &[("listing", &listing), ("body", " ")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Write a message first."));
    let res = buyer.post_form("/messages/new", &[("listing", &listing), ("body", "Is parking included?")]).await;
    assert_eq!(res.status(), 303);
    let thread_url = location(&res).trim_end_matches("#latest").to_string();
    assert!(thread_url.starts_with("/inbox/"));
    // The compose link now resumes the conversation.
    let res = buyer.get(&format!("/messages/new?listing={listing}")).await;
    assert_eq!(location(&res), thread_url);

    // The seller's header shows the badge; the inbox and thread show it.
    let home = app.text("/").await;
    assert!(home.contains("id=\"unread-badge\"") && !home.contains("hidden>1<"), "badge visible");
    let inbox = app.text("/inbox").await;
    assert!(inbox.contains("Otieno") && inbox.contains("Is parking included?") && inbox.contains("1 unread"));
    let thread = app.text(&thread_url).await;
    assert!(thread.contains("Is parking included?"));
    let res = app.post_form(&thread_url, &[("body", "Yes, one space.")]).await;
    assert_eq!(res.status(), 303);
    let res = app.post_form(&thread_url, &[("body", "")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Write a message first."));
    // The buyer sees the reply, and their own message as seen.
    let theirs = buyer.text(&thread_url).await;
    assert!(theirs.contains("Yes, one space.") && theirs.contains("Seen"), "{theirs}");

    // Block through the page: the buyer's next message is refused, nothing stored.
    let res = app.post_form(&format!("{thread_url}/block"), &[("on", "1")]).await;
    assert_eq!(location(&res), format!("{thread_url}?notice=blocked"));
    let res = buyer.post_form(&thread_url, &[("body", "Hello?")]).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("does not accept your messages"));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM messages").await, 2);
    let _ = seller;
});

/// Reads SSE `update` events from `stream` until one names `conversation`.
async fn next_update(stream: &mut reqwest::Response, buffer: &mut String, conversation: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                let v: Value = serde_json::from_str(data).unwrap();
                if v["conversation"] == conversation {
                    return v;
                }
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.chunk()).await.expect("an update within 5 s");
        buffer.push_str(&String::from_utf8_lossy(&chunk.unwrap().expect("stream open")));
    }
}

/// Opens `/events` for a signed-in page client.
async fn events(app: &Visitor, client: &reqwest::Client) -> reqwest::Response {
    let res = client.get(app.url("/events")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    res
}

both!(new_messages_arrive_live, |app| {
    let (seller, house) = published(&app, "live-seller@example.com", "live-seller").await;
    let buyer_pages = TestApp::with_client(&app, crate::helpers::client());
    buyer_pages.sign_up_confirmed("Akinyi", "live-buyer@example.com").await;
    let buyer = app.api_token("live-buyer@example.com", PASSWORD).await;
    let (_, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Hello"})).await;
    let id = started["conversation"]["id"].as_str().unwrap().to_string();

    let mut stream = events(&app, &buyer_pages.client).await;
    let mut buffer = String::new();
    let (status, _) =
        post(&app, &format!("/api/v1/conversations/{id}/messages"), &seller, json!({"body": "Karibu!"})).await;
    assert_eq!(status, 201);
    let update = next_update(&mut stream, &mut buffer, &id).await;
    assert_eq!(update["unread"], 1);
    // Reading it sends the receipt to the seller's pages, and the badge to zero here.
    assert!(buyer_pages.text(&format!("/inbox/{id}/lines")).await.contains("Karibu!"));
    let update = next_update(&mut stream, &mut buffer, &id).await;
    assert_eq!(update["unread"], 0);
    // Two tabs share the user's channel; closing both removes it.
    let second = events(&app, &buyer_pages.client).await;
    assert!(app.metrics().await.contains("\ndove_live_streams 2\n"));
    drop((stream, second));
    let mut closed = false;
    for _ in 0..50 {
        if app.metrics().await.contains("\ndove_live_streams 0\n") {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(closed, "closed streams are let go");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_sent_through_one_node_arrives_live_on_another() {
    let storage = Storage::new(Backend::Postgres).await;
    let second = Storage { dir: tempfile::tempdir().unwrap(), database_url: storage.database_url.clone() };
    let node_a = start(storage, |c| c).await;
    // Accounts first, through node A alone: the dev mailbox is each node's
    // own memory, and a second node's outbox worker could deliver the
    // confirmation mail into its mailbox instead. Sessions live in the
    // database, so the buyer's cookies then work on node B.
    let (seller, house) = published(&node_a, "two-seller@example.com", "two-seller").await;
    let client = crate::helpers::client();
    TestApp::with_client(&node_a, client.clone()).sign_up_confirmed("Njeri", "two-buyer@example.com").await;
    let buyer = node_a.api_token("two-buyer@example.com", PASSWORD).await;
    let node_b = start(second, |c| c).await;
    let buyer_pages = TestApp::with_client(&node_b, client);
    let (_, started) =
        post(&node_b, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Hello"})).await;
    let id = started["conversation"]["id"].as_str().unwrap().to_string();

    // The buyer's page is on node B; the seller writes through node A.
    let mut stream = events(&node_b, &buyer_pages.client).await;
    let mut buffer = String::new();
    let (status, _) =
        post(&node_a, &format!("/api/v1/conversations/{id}/messages"), &seller, json!({"body": "From node A"})).await;
    assert_eq!(status, 201);
    let update = next_update(&mut stream, &mut buffer, &id).await;
    assert_eq!(update["unread"], 1);
    drop(stream);
    node_b.stop().await;
    node_a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csrf_guards_the_message_forms() {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await;
    let (_seller, house) = published(&app, "csrf-seller@example.com", "csrf-seller").await;
    let buyer = TestApp::with_client(&app, crate::helpers::client());
    buyer.sign_up_confirmed("Kamau", "csrf-buyer@example.com").await;
    let page = buyer.text(&format!("/messages/new?listing={}", house["id"].as_str().unwrap())).await;
    assert!(extract_csrf(&page).is_some());
    let res = buyer
        .client
        .post(app.url("/messages/new"))
        .form(&[("listing", house["id"].as_str().unwrap()), ("body", "no token")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM messages").await, 0);
}

both!(unread_messages_are_mailed_at_most_every_15_minutes, |app| {
    use dove_domain::clock::{MINUTE_MS, now_ms};
    use dove_domain::messages::send_digests;
    let (seller, house) = published(&app, "dg-seller@example.com", "dg-seller").await;
    let buyer = buyer(&app, "dg-buyer@example.com").await;
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let (_, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Is it available?"}))
            .await;
    let id = started["conversation"]["id"].as_str().unwrap().to_string();
    let digests =
        "SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'dg-seller@example.com' AND message = 'mail-unread'";

    // Just sent: the seller may be reading it right now.
    assert_eq!(send_digests(&app.db, &site, now_ms()).await.unwrap(), 0);
    // An hour unread (on the app's clock, which the messages below are
    // written by): one mail.
    app.clock.advance(3_600_000);
    let now = app.clock.now_ms();
    assert_eq!(send_digests(&app.db, &site, now).await.unwrap(), 1);
    assert_eq!(send_digests(&app.db, &site, now).await.unwrap(), 0, "one mail per conversation");
    // Another message within 15 minutes of that mail waits.
    let path = format!("/api/v1/conversations/{id}/messages");
    assert_eq!(post(&app, &path, &buyer, json!({"body": "Hello?"})).await.0, 201);
    assert_eq!(send_digests(&app.db, &site, now + 5 * MINUTE_MS).await.unwrap(), 0);
    // After 15 minutes it is mailed, counting both unread messages.
    assert_eq!(send_digests(&app.db, &site, now + 16 * MINUTE_MS).await.unwrap(), 1);
    assert_eq!(count(&app.db, digests).await, 2);
    // (Queued at the test's future time, so the outbox holds it until then,
    // as its message and values: it is put into words when it is sent.)
    let mailed = format!(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'dg-seller@example.com' AND message = 'mail-unread' \
         AND args LIKE '%\"count\":2%' AND args LIKE '%/inbox/{id}%' AND args LIKE '%Hello?%'"
    );
    assert_eq!(count(&app.db, &mailed).await, 1);
    // Once read, nothing more is sent.
    assert_eq!(get_json(&app, &format!("/api/v1/conversations/{id}"), &seller).await.0, 200);
    assert_eq!(send_digests(&app.db, &site, now + 60 * MINUTE_MS).await.unwrap(), 0);
    assert_eq!(count(&app.db, digests).await, 2);
});

both!(phone_numbers_are_revealed_to_signed_in_buyers_and_become_leads, |app| {
    let (seller, house) = published(&app, "ph-seller@example.com", "ph-seller").await;
    let id = house["id"].as_str().unwrap().to_string();
    app.verify_phone(&seller, "0712 345 678").await;

    // Signed out: the buttons ask to sign in and come back to the listing.
    let visitor = TestApp::with_client(&app, crate::helpers::client());
    let page = visitor.text(house["url"].as_str().unwrap()).await;
    assert!(page.contains(&format!("/l/{id}/contact")) && !page.contains("712345678"));
    let res = visitor.post_form(&format!("/l/{id}/contact"), &[("how", "call")]).await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/signin?next=%2Fl%2F"), "{}", location(&res));

    let buyer_pages = TestApp::with_client(&app, crate::helpers::client());
    buyer_pages.sign_up_confirmed("Mwangi", "ph-buyer@example.com").await;
    let res = buyer_pages.post_form(&format!("/l/{id}/contact"), &[("how", "whatsapp")]).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("+254712345678") && html.contains("https://wa.me/254712345678?text=Hello"), "{html}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM leads WHERE source = 'phone'").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_events WHERE kind = 'whatsapp'").await, 1);

    let token = app.api_token("ph-buyer@example.com", PASSWORD).await;
    let path = format!("/api/v1/listings/{id}/contact");
    let (status, v) = post(&app, &path, &token, json!({"channel": "call"})).await;
    assert_eq!(status, 200);
    assert_eq!(v["tel_url"], "tel:+254712345678");
    assert_eq!(post(&app, &path, &token, json!({"channel": "sms"})).await.0, 422);
    assert_eq!(post(&app, "/api/v1/listings/nope/contact", &token, json!({"channel": "call"})).await.0, 404);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM leads").await, 1, "one lead per buyer and listing");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_events").await, 2);

    // Scraping stops at 20 reveals an hour.
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(post(&app, &path, &token, json!({"channel": "call"})).await.0);
    }
    // Three reveals were spent above, the unknown listing among them: probing counts.
    assert!(
        statuses.iter().filter(|s| **s == 200).count() == 17 && statuses.ends_with(&[429, 429, 429]),
        "{statuses:?}"
    );

    // A seller without a number takes messages only.
    crate::helpers::exec(&app.db, "UPDATE users SET phone = NULL WHERE email = 'ph-seller@example.com'").await;
    let other = buyer_pages.post_form(&format!("/l/{id}/contact"), &[("how", "call")]).await;
    assert_eq!(other.status(), 429, "the page shares the account's budget");
    let fresh = buyer(&app, "ph-other@example.com").await;
    let (status, p) = post(&app, &path, &fresh, json!({"channel": "call"})).await;
    assert_eq!(status, 409, "{p}");
});

both!(photos_travel_in_messages, |app| {
    use crate::photos_fixture as fx;
    let (_seller, house) = published(&app, "pm-seller@example.com", "pm-seller").await;
    let buyer = buyer(&app, "pm-buyer@example.com").await;
    let (_, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Is it available?"}))
            .await;
    let id = started["conversation"]["id"].as_str().unwrap().to_string();
    let send = |files: Vec<(&'static str, Vec<u8>)>, body: &'static str| {
        let mut form = reqwest::multipart::Form::new().text("body", body);
        for (name, bytes) in files {
            form = form.part("photo", reqwest::multipart::Part::bytes(bytes).file_name(name));
        }
        app.client
            .post(app.url(&format!("/api/v1/conversations/{id}/photos")))
            .bearer_auth(&buyer)
            .multipart(form)
            .send()
    };
    // A photo alone is a message; it is re-encoded and served by size.
    let res = send(vec![("room.jpg", fx::jpeg(1024, 768, 7))], "").await.unwrap();
    assert_eq!(res.status(), 201);
    let m: Value = res.json().await.unwrap();
    assert_eq!(m["photos"][0]["width"], 1024);
    let url = m["photos"][0]["jpeg"][0].as_str().unwrap().to_string();
    assert!(url.starts_with("/media/") && url.ends_with("-320.jpg"), "{url}");
    let img = app.get(&url).await;
    assert_eq!(img.headers()["content-type"], "image/jpeg");
    // Not a photo, or too many: refused, nothing sent.
    let res = send(vec![("page.jpg", b"<html><script>alert(1)</script></html>".to_vec())], "look").await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["code"], "photo-not-image");
    let four = (0..4).map(|i| ("p.jpg", fx::jpeg(400, 300, i))).collect();
    let res = send(four, "").await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["code"], "message-too-many-photos");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM messages").await, 2);
    let (_, inbox) = get_json(&app, "/api/v1/conversations", &buyer).await;
    assert_eq!(inbox[0]["last_message"], "📷 Photo");

    // Through the page's multipart form, with text and a photo.
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("pm-buyer@example.com", PASSWORD).await;
    let html = pages.text(&format!("/inbox/{id}")).await;
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains(&url), "{html}");
    let csrf = extract_csrf(&html).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("body", "The view from the balcony")
        .part("photo", reqwest::multipart::Part::bytes(fx::png(640, 480)).file_name("b.png"));
    let res = pages.client.post(pages.url(&format!("/inbox/{id}/send"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let html = pages.text(&format!("/inbox/{id}")).await;
    assert!(html.contains("The view from the balcony") && html.matches("class=\"msg-photo\"").count() == 2);
    // Text alone, as a browser sends the form: the empty file input is
    // still a part, with an empty file name and no bytes.
    let form = reqwest::multipart::Form::new()
        .text("csrf", extract_csrf(&html).unwrap())
        .text("body", "Text with no photo")
        .part(
            "photo",
            reqwest::multipart::Part::bytes(Vec::new()).file_name("").mime_str("application/octet-stream").unwrap(),
        );
    let res = pages.client.post(pages.url(&format!("/inbox/{id}/send"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 303, "an empty file input is no photo");
    assert!(pages.text(&format!("/inbox/{id}")).await.contains("Text with no photo"));
    // Without the token, nothing.
    let form = reqwest::multipart::Form::new().text("body", "forged");
    let res = pages.client.post(pages.url(&format!("/inbox/{id}/send"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 403);
});
