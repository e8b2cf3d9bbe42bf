//! The seller's leads pipeline, on both backends: stages and their rules,
//! notes, tasks and reminders, filters, the CSV export, response times, and
//! another seller's lead ids answering 404 everywhere.
use crate::helpers::{PASSWORD, TestApp, Visitor, both, count, location};
use crate::listings::published;
use serde_json::{Value, json};

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
         AND subject = 'Reminder: Call back' AND body_text LIKE '%/leads/{id}%'"
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
    crate::helpers::exec(&app.db, "UPDATE users SET phone = '+254711000222' WHERE email = 'sms-seller@example.com'").await;
    let owner = app.api_token("sms-seller@example.com", PASSWORD).await;
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
    // The app's own worker may get there first; either way one text goes out.
    let queued = dove_domain::sms::send_lead_alerts(&app.db, &site, now).await.unwrap();
    assert!(queued <= 1);
    assert_eq!(dove_domain::sms::send_lead_alerts(&app.db, &site, now).await.unwrap(), 0);
    let mut text = None;
    for _ in 0..100 {
        let kept = dove_domain::mail::MailboxRepo::list_mailbox(&app.db, 100).await.unwrap();
        if let Some(m) = kept.into_iter().find(|m| m.channel == dove_domain::mail::Channel::Sms) {
            text = Some(m);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let sms = text.expect("the sink received the text");
    assert_eq!(sms.mail.to, "+254711000222");
    assert!(sms.mail.body_text.starts_with("Dove: Baraka messaged you about"), "{}", sms.mail.body_text);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM mail_outbox WHERE channel = 'sms'").await, 1);
    // Opting out stops them.
    assert_eq!(prefs(&owner, false).await.unwrap().status(), 200);
    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Zawadi", "sms-buyer2@example.com").await;
    let other = app.api_token("sms-buyer2@example.com", PASSWORD).await;
    post(&app, "/api/v1/conversations", &other, json!({"listing_id": house["id"], "body": "Hello"})).await;
    assert_eq!(dove_domain::sms::send_lead_alerts(&app.db, &site, dove_domain::clock::now_ms()).await.unwrap(), 0);
});
