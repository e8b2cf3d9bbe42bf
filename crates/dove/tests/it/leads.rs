//! The seller's leads pipeline, on both backends: stages and their rules,
//! notes, tasks and reminders, filters, the CSV export, response times, and
//! another seller's lead ids answering 404 everywhere.
use crate::helpers::{PASSWORD, TestApp, Visitor, both, count, location};
use crate::listings::published;
use serde_json::{Value, json};

pub async fn get_json(app: &Visitor, path: &str, token: &str) -> (u16, Value) {
    let res = app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn post(app: &Visitor, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = app.post_json(path, body, Some(token)).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

both!(a_lead_moves_through_the_pipeline, |app| {
    use dove_domain::clock::{HOUR_MS, now_ms};
    let (owner, house) = published(&app, "ld-seller@example.com", "ld-seller").await;
    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Halima", "ld-buyer@example.com").await;
    let buyer = app.api_token("ld-buyer@example.com", PASSWORD).await;
    let (_, started) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Is it available?"}))
            .await;
    let conversation = started["conversation"]["id"].as_str().unwrap().to_string();

    let (status, board) = get_json(&app, "/api/v1/leads", &owner).await;
    assert_eq!(status, 200);
    let lead = &board["leads"][0];
    assert_eq!((lead["stage"].as_str(), lead["source"].as_str()), (Some("new"), Some("message")));
    assert_eq!(board["response_times"]["answered"], 0);
    let id = lead["id"].as_str().unwrap().to_string();

    // The first reply moves it to contacted and counts as answered in time.
    let (status, _) =
        post(&app, &format!("/api/v1/conversations/{conversation}/messages"), &owner, json!({"body": "Yes!"})).await;
    assert_eq!(status, 201);
    let (_, board) = get_json(&app, "/api/v1/leads", &owner).await;
    assert_eq!(board["leads"][0]["stage"], "contacted");
    assert_eq!(board["response_times"]["within_hour_percent"], 100);

    let stage = format!("/api/v1/leads/{id}/stage");
    assert_eq!(post(&app, &stage, &owner, json!({"stage": "viewing"})).await.0, 200);
    assert_eq!(post(&app, &stage, &owner, json!({"stage": "won"})).await.0, 200);
    let (status, p) = post(&app, &stage, &owner, json!({"stage": "lost", "reason": "x"})).await;
    assert_eq!(status, 409, "won → lost needs a reopen: {p}");
    assert_eq!(post(&app, &stage, &owner, json!({"stage": "contacted"})).await.0, 200, "reopen");
    let (status, p) = post(&app, &stage, &owner, json!({"stage": "lost"})).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("lost-reason-required")));
    assert_eq!(post(&app, &stage, &owner, json!({"stage": "done"})).await.0, 422);
    let (status, moved) =
        post(&app, &stage, &owner, json!({"stage": "lost", "reason": "Found a place nearer work"})).await;
    assert_eq!(status, 200);
    assert_eq!(moved["lost_reason"], "Found a place nearer work");

    // Notes and tasks.
    let notes = format!("/api/v1/leads/{id}/notes");
    assert_eq!(post(&app, &notes, &owner, json!({"body": " "})).await.0, 422);
    assert_eq!(post(&app, &notes, &owner, json!({"body": "Prefers Saturdays"})).await.0, 201);
    let tasks = format!("/api/v1/leads/{id}/tasks");
    assert_eq!(post(&app, &tasks, &owner, json!({"title": "Call back"})).await.0, 422, "no due date");
    assert_eq!(
        post(&app, &tasks, &owner, json!({"title": "Call back", "due_at": now_ms() - 2 * HOUR_MS})).await.0,
        422
    );
    let (status, task) = post(&app, &tasks, &owner, json!({"title": "Call back", "due_at": now_ms() + HOUR_MS})).await;
    assert_eq!(status, 201);
    let task_id = task["id"].as_str().unwrap().to_string();

    // The reminder goes out once, when it falls due.
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    assert_eq!(dove_domain::leads::send_task_reminders(&app.db, &site, now_ms()).await.unwrap(), 0);
    assert_eq!(dove_domain::leads::send_task_reminders(&app.db, &site, now_ms() + 2 * HOUR_MS).await.unwrap(), 1);
    assert_eq!(dove_domain::leads::send_task_reminders(&app.db, &site, now_ms() + 2 * HOUR_MS).await.unwrap(), 0);
    let reminded = format!(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'ld-seller@example.com' \
         AND message = 'mail-task-due' AND args LIKE '%Call back%' AND args LIKE '%/leads/{id}%'"
    );
    assert_eq!(count(&app.db, &reminded).await, 1);
    let done = |task: &str| {
        app.client.post(app.url(&format!("/api/v1/leads/{id}/tasks/{task}/done"))).bearer_auth(&owner).send()
    };
    assert_eq!(done(&task_id).await.unwrap().status(), 204);
    assert_eq!(done("nope").await.unwrap().status(), 404);

    let (_, detail) = get_json(&app, &format!("/api/v1/leads/{id}"), &owner).await;
    let kinds: Vec<&str> = detail["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["message", "replied", "stage", "stage", "stage", "stage"], "{detail}");
    assert_eq!(detail["notes"][0]["body"], "Prefers Saturdays");
    assert_eq!(detail["tasks"][0]["done"], true);

    // Filters.
    assert_eq!(get_json(&app, "/api/v1/leads?stage=lost", &owner).await.1["leads"].as_array().unwrap().len(), 1);
    assert_eq!(get_json(&app, "/api/v1/leads?stage=won", &owner).await.1["leads"].as_array().unwrap().len(), 0);
    assert_eq!(get_json(&app, "/api/v1/leads?source=phone", &owner).await.1["leads"].as_array().unwrap().len(), 0);
    assert_eq!(get_json(&app, "/api/v1/leads?stage=bogus", &owner).await.0, 400);
    assert_eq!(get_json(&app, "/api/v1/leads?days=0", &owner).await.0, 400);

    // Pages: the board, the lead, a stage move by the plain form, and the CSV.
    let board = app.text("/leads").await;
    assert!(board.contains("Halima") && board.contains("You reply in"), "{board}");
    let res =
        app.post_form(&format!("/leads/{id}/stage"), &[("stage", "won"), ("reason", ""), ("back", "board")]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("move it to Contacted to reopen it first"));
    let res = app.post_form(&format!("/leads/{id}/stage"), &[("stage", "contacted"), ("back", "board")]).await;
    assert_eq!(location(&res), "/leads");
    let res = app.post_form(&format!("/leads/{id}/notes"), &[("body", "")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Write the note first."));
    let csv = app.get("/leads.csv").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("lead_id,buyer,listing") && csv.contains("\"Halima\"") && csv.contains("\"contacted\""));

    // Another seller sees none of it.
    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Rival", "ld-rival@example.com").await;
    let rival = app.api_token("ld-rival@example.com", PASSWORD).await;
    assert_eq!(post(&app, "/api/v1/me/store", &rival, json!({"name": "Rival", "slug": "ld-rival"})).await.0, 201);
    assert_eq!(get_json(&app, &format!("/api/v1/leads/{id}"), &rival).await.0, 404);
    for (path, body) in [
        ("stage", json!({"stage": "won"})),
        ("notes", json!({"body": "mine now"})),
        ("tasks", json!({"title": "x", "due_at": now_ms() + HOUR_MS})),
        (&format!("tasks/{task_id}/done")[..], json!({})),
    ] {
        assert_eq!(post(&app, &format!("/api/v1/leads/{id}/{path}"), &rival, body).await.0, 404, "{path}");
    }
    assert_eq!(get_json(&app, "/api/v1/leads", &rival).await.1["leads"].as_array().unwrap().len(), 0);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_notes").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_tasks").await, 1);
});

both!(saved_listings_become_leads_only_when_the_buyer_shares_them, |app| {
    let (owner, house) = published(&app, "fv-seller@example.com", "fv-seller").await;
    let id = house["id"].as_str().unwrap().to_string();
    let save = format!("/api/v1/me/favourites/{id}");
    for (email, share) in [("fv-private@example.com", false), ("fv-shares@example.com", true)] {
        TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Saver", email).await;
        let token = app.api_token(email, PASSWORD).await;
        let res = app
            .client
            .put(app.url("/api/v1/me/preferences"))
            .bearer_auth(&token)
            .json(&json!({"share_favourites": share, "sms_lead_alerts": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let res = app.client.put(app.url(&save)).bearer_auth(&token).send().await.unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        // Saving again is not a second lead event.
        app.client.put(app.url(&save)).bearer_auth(&token).send().await.unwrap();
    }
    let (_, board) = get_json(&app, "/api/v1/leads", &owner).await;
    let leads = board["leads"].as_array().unwrap();
    assert_eq!(leads.len(), 1, "only the buyer who shares: {board}");
    assert_eq!((leads[0]["source"].as_str(), leads[0]["buyer_name"].as_str()), (Some("favourite"), Some("Saver")));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM lead_events WHERE kind = 'favourited'").await, 1);
});

both!(new_leads_are_texted_to_sellers_who_opt_in, |app| {
    let (owner, house) = published(&app, "sms-seller@example.com", "sms-seller").await;
    let prefs = |token: &str, sms: bool| {
        app.client
            .put(app.url("/api/v1/me/preferences"))
            .bearer_auth(token.to_string())
            .json(&json!({"share_favourites": false, "sms_lead_alerts": sms}))
            .send()
    };
    // No phone on the account: nowhere to text.
    let res = prefs(&owner, true).await.unwrap();
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "sms-needs-phone");
    app.verify_phone(&owner, "0711 000 222").await;
    assert_eq!(prefs(&owner, true).await.unwrap().status(), 200);
    let (_, read) = get_json(&app, "/api/v1/me/preferences", &owner).await;
    assert_eq!(read["sms_lead_alerts"], true);

    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Baraka", "sms-buyer@example.com").await;
    let buyer = app.api_token("sms-buyer@example.com", PASSWORD).await;
    let (status, _) =
        post(&app, "/api/v1/conversations", &buyer, json!({"listing_id": house["id"], "body": "Still free?"})).await;
    assert_eq!(status, 201);
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let now = dove_domain::clock::now_ms();
    assert_eq!(
        dove_domain::sms::send_lead_alerts(&app.db, &site, &dove_web::TextWords, now).await.unwrap(),
        1,
        "one text"
    );
    assert_eq!(dove_domain::sms::send_lead_alerts(&app.db, &site, &dove_web::TextWords, now).await.unwrap(), 0);
    // The sink received it (after the code that proved the number).
    let text = app.wait_for_text("+254711000222", 1).await;
    assert!(text.starts_with("Dove: Baraka messaged you about"), "{text}");
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE channel = 'sms'").await,
        2,
        "the code, the alert"
    );
    // A seller who reads Swahili is texted in Swahili.
    crate::helpers::exec(&app.db, "UPDATE users SET lang = 'sw' WHERE email = 'sms-seller@example.com'").await;
    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Zawadi", "sms-buyer2@example.com").await;
    let other = app.api_token("sms-buyer2@example.com", PASSWORD).await;
    post(&app, "/api/v1/conversations", &other, json!({"listing_id": house["id"], "body": "Hello"})).await;
    assert_eq!(dove_domain::sms::send_lead_alerts(&app.db, &site, &dove_web::TextWords, now).await.unwrap(), 1);
    let sw = crate::helpers::text_value(
        &app.db,
        "SELECT body_text FROM mail_outbox WHERE channel = 'sms' AND body_text LIKE 'Dove: Zawadi%'",
    )
    .await;
    assert!(sw.starts_with("Dove: Zawadi amekutumia ujumbe kuhusu \""), "{sw}");
    // Opting out stops them.
    assert_eq!(prefs(&owner, false).await.unwrap().status(), 200);
    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Amani", "sms-buyer3@example.com").await;
    let third = app.api_token("sms-buyer3@example.com", PASSWORD).await;
    post(&app, "/api/v1/conversations", &third, json!({"listing_id": house["id"], "body": "Hello"})).await;
    assert_eq!(
        dove_domain::sms::send_lead_alerts(&app.db, &site, &dove_web::TextWords, dove_domain::clock::now_ms())
            .await
            .unwrap(),
        0
    );
});

both!(the_inbox_and_the_board_page_through_many_buyers, |app| {
    use dove_domain::messages::{Message, MessageRepo};
    let (owner, house) = published(&app, "pg-seller@example.com", "pg-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let seller_id =
        crate::helpers::text_value(&app.db, "SELECT id FROM users WHERE email = 'pg-seller@example.com'").await;
    // 120 buyers write once each (through the store: sign-ups would take long).
    for i in 0..120 {
        let buyer = format!("pg-buyer-{i:03}");
        crate::helpers::exec(
            &app.db,
            &format!(
                "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) \
                 VALUES ('{buyer}', '{buyer}@example.com', 'Buyer {i}', 'x', 0, 0)"
            ),
        )
        .await;
        let id = dove_domain::new_id();
        let m = Message {
            id: dove_domain::new_id(),
            conversation_id: id.clone(),
            sender_id: buyer.clone(),
            body: format!("Hello {i}"),
            photos: Vec::new(),
            caution: None,
            created_at: 1_000_000 + i,
        };
        app.db.open_conversation(&id, &listing, &buyer, &seller_id, &m).await.unwrap();
    }
    let (_, unread) = get_json(&app, "/api/v1/me/unread", &owner).await;
    assert_eq!(unread["unread"], 120);

    // The inbox: 50 a page, newest first, each once, following the Link header.
    let mut seen = Vec::new();
    let mut next = Some("/api/v1/conversations".to_string());
    while let Some(path) = next.take() {
        let res = app.client.get(app.url(&path)).bearer_auth(&owner).send().await.unwrap();
        next = res.headers().get("link").map(|l| {
            let l = l.to_str().unwrap();
            l[l.find('<').unwrap() + 1..l.find('>').unwrap()].to_string()
        });
        let page: Value = res.json().await.unwrap();
        assert!(page.as_array().unwrap().len() <= 50);
        seen.extend(page.as_array().unwrap().iter().map(|c| c["last_message"].as_str().unwrap().to_string()));
    }
    let expected: Vec<String> = (0..120).rev().map(|i| format!("Hello {i}")).collect();
    assert_eq!(seen, expected);
    assert_eq!(get_json(&app, "/api/v1/conversations?before=nonsense", &owner).await.0, 400);

    // Reading one brings the badge down by one, and the page's count with it.
    let (_, first) = get_json(&app, "/api/v1/conversations", &owner).await;
    let id = first[0]["id"].as_str().unwrap().to_string();
    assert_eq!(first[0]["unread"], 1);
    get_json(&app, &format!("/api/v1/conversations/{id}"), &owner).await;
    let (_, unread) = get_json(&app, "/api/v1/me/unread", &owner).await;
    assert_eq!(unread["unread"], 119);
    let (_, first) = get_json(&app, "/api/v1/conversations", &owner).await;
    assert_eq!(first[0]["unread"], 0);

    // The board: 100 a page with every stage's full count, then the rest.
    let (_, board) = get_json(&app, "/api/v1/leads", &owner).await;
    assert_eq!(board["leads"].as_array().unwrap().len(), 100);
    assert_eq!(board["counts"]["new"], 120);
    let next = board["next"].as_str().unwrap().to_string();
    let (_, rest) = get_json(&app, &format!("/api/v1/leads?before={next}"), &owner).await;
    assert_eq!(rest["leads"].as_array().unwrap().len(), 20);
    assert!(rest["next"].is_null());
    let mut ids: Vec<&str> = board["leads"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["leads"].as_array().unwrap())
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 120, "no lead twice, none missed");
    // The page shows the next link, and the CSV has them all.
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_in("pg-seller@example.com", PASSWORD).await;
    let html = pages.text("/leads?source=message").await;
    assert!(html.contains("/leads?source=message&#38;before="), "the next page keeps the filter");
    let csv = pages.text("/leads.csv").await;
    assert_eq!(csv.lines().count(), 121);
    let html = pages.text("/inbox").await;
    assert!(html.contains("/inbox?before="));
});

both!(preferences_through_the_pages, |app| {
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_up_confirmed("Chebet", "pref@example.com").await;
    let html = pages.text("/account/preferences").await;
    assert!(html.contains("name=\"share_favourites\"") && !html.contains(" checked"), "everything starts off");
    let res = pages.post_form("/account/preferences", &[("share_favourites", "1")]).await;
    assert_eq!((res.status().as_u16(), location(&res).as_str()), (303, "/account/preferences?saved=1"));
    let html = pages.text("/account/preferences?saved=1").await;
    assert!(html.contains("name=\"share_favourites\" value=\"1\" checked"));
    // SMS alerts need a phone number: the error sits by the box.
    let res = pages.post_form("/account/preferences", &[("sms_lead_alerts", "1")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("id=\"sms_lead_alerts-error\""));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM user_preferences WHERE sms_lead_alerts").await, 0);
});
