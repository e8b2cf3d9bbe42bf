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
