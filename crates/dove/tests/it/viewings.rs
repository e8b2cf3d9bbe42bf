//! Viewings, on both backends: proposing times, answering in turn, the
//! calendar file and the reminder, the lead they make, the rules on bad
//! times, and strangers getting 404 on every route.
use crate::helpers::{PASSWORD, TestApp, Visitor, both, count, location};
use crate::listings::published;
use dove_domain::clock::{DAY_MS, HOUR_MS, MINUTE_MS, local_input, now_ms};
use serde_json::{Value, json};

async fn buyer(app: &TestApp, name: &str, email: &str) -> String {
    TestApp::with_client(app, crate::helpers::client()).sign_up_confirmed(name, email).await;
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

fn code(p: &Value) -> &str {
    p["errors"][0]["code"].as_str().unwrap_or("")
}

/// A start time `days` ahead at 10:00 or so, on the quarter hour.
fn ahead(days: i64, hour: i64) -> i64 {
    let t = now_ms() + days * DAY_MS + hour * HOUR_MS;
    t - t % (15 * MINUTE_MS)
}

both!(a_viewing_is_proposed_answered_and_reminded, |app| {
    let (seller, house) = published(&app, "vw-seller@example.com", "vw-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let buyer = buyer(&app, "Achieng", "vw-buyer@example.com").await;
    let request = format!("/api/v1/listings/{listing}/viewings");

    // Bad times are refused with the reason.
    for (slots, expected) in [
        (json!([]), "viewing-slots-required"),
        (json!([now_ms() - HOUR_MS]), "viewing-slot-past"),
        (json!([ahead(1, 0), ahead(1, 0) + 30 * MINUTE_MS]), "viewing-slots-overlap"),
        (json!([ahead(1, 0), ahead(2, 0), ahead(3, 0), ahead(4, 0)]), "viewing-slots-too-many"),
        (json!([ahead(120, 0)]), "viewing-slot-too-far"),
    ] {
        let (status, p) = post(&app, &request, &buyer, json!({ "slots": slots })).await;
        assert_eq!((status, code(&p)), (422, expected), "{p}");
    }
    assert_eq!(post(&app, &request, &seller, json!({"slots": [ahead(1, 0)]})).await.0, 422, "own listing");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM viewings").await, 0);

    let (first, second) = (ahead(1, 1), ahead(2, 3));
    let (status, v) =
        post(&app, &request, &buyer, json!({"slots": [second, first], "note": "After work if possible"})).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!((v["status"].as_str(), v["your_turn"].as_bool()), (Some("requested"), Some(false)));
    assert_eq!(v["slots"], json!([first, second]), "earliest first");
    let id = v["id"].as_str().unwrap().to_string();
    let conversation = v["conversation_id"].as_str().unwrap().to_string();
    let (status, p) = post(&app, &request, &buyer, json!({"slots": [ahead(3, 0)]})).await;
    assert_eq!((status, p["detail"].as_str().is_some()), (409, true), "one open request per conversation");

    // It posted a message and made a lead from the viewing.
    let (_, thread) = get_json(&app, &format!("/api/v1/conversations/{conversation}"), &seller).await;
    assert!(thread["messages"][0]["body"].as_str().unwrap().starts_with("Viewing requested: "), "{thread}");
    let (_, board) = get_json(&app, "/api/v1/leads", &seller).await;
    assert_eq!(
        (board["leads"][0]["source"].as_str(), board["leads"][0]["stage"].as_str()),
        (Some("viewing"), Some("new"))
    );

    // Turns: the seller answers a buyer's proposal, and then the other way.
    let accept = format!("/api/v1/viewings/{id}/accept");
    let (status, _) = post(&app, &accept, &buyer, json!({"slot": first})).await;
    assert_eq!(status, 409, "the buyer can't accept their own times");
    let third = ahead(3, 2);
    let (status, v) = post(&app, &format!("/api/v1/viewings/{id}/propose"), &seller, json!({"slots": [third]})).await;
    assert_eq!((status, v["your_turn"].as_bool()), (200, Some(false)), "{v}");
    let (_, v) = get_json(&app, &format!("/api/v1/viewings/{id}"), &buyer).await;
    assert_eq!((v["your_turn"].as_bool(), v["slots"].clone()), (Some(true), json!([third])));
    let (status, p) = post(&app, &accept, &buyer, json!({"slot": first})).await;
    assert_eq!((status, code(&p)), (422, "viewing-slot-unknown"), "only a proposed time");
    let (status, v) = post(&app, &accept, &buyer, json!({"slot": third})).await;
    assert_eq!((status, v["status"].as_str(), v["starts_at"].as_i64()), (200, Some("accepted"), Some(third)));
    assert_eq!(post(&app, &accept, &buyer, json!({"slot": third})).await.0, 409, "answered already");

    // Accepted: the lead moves to viewing, both get a calendar link.
    let (_, board) = get_json(&app, "/api/v1/leads", &seller).await;
    assert_eq!(board["leads"][0]["stage"], "viewing");
    for to in ["vw-buyer@example.com", "vw-seller@example.com"] {
        let body = app.wait_for_mail(to, "Viewing confirmed").await;
        assert!(body.contains(&format!("/viewings/{id}.ics")), "{body}");
    }
    let res = app
        .client
        .get(app.url(&format!("/api/v1/viewings/{id}/calendar.ics")))
        .bearer_auth(&buyer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("TRIGGER:-PT2H"), "{ics}");
    assert!(ics.contains(&format!("UID:{id}@")) && ics.contains("DTSTART:"), "{ics}");

    // A second request while this one is ahead is refused.
    let (status, _) = post(&app, &request, &buyer, json!({"slots": [ahead(5, 0)]})).await;
    assert_eq!(status, 409);

    // The reminder goes out once, two hours before, to both.
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    assert_eq!(dove_domain::viewings::send_reminders(&app.db, &site, now_ms()).await.unwrap(), 0);
    assert_eq!(dove_domain::viewings::send_reminders(&app.db, &site, third - HOUR_MS).await.unwrap(), 1);
    assert_eq!(dove_domain::viewings::send_reminders(&app.db, &site, third - HOUR_MS).await.unwrap(), 0);
    // (Queued as of that later time, so the outbox holds them until then.)
    let reminders = "SELECT COUNT(*) FROM mail_outbox WHERE message = 'mail-viewing-reminder' \
         AND args LIKE '%\"hours\":1,%' AND args LIKE '%\"minutes\":\"00\"%' \
         AND to_addr IN ('vw-buyer@example.com', 'vw-seller@example.com')";
    assert_eq!(count(&app.db, reminders).await, 2);

    // Another buyer can't take the seller's agreed hour.
    let other = crate::viewings::buyer(&app, "Kip", "vw-other@example.com").await;
    let (status, v2) = post(&app, &request, &other, json!({"slots": [third + 30 * MINUTE_MS, ahead(4, 0)]})).await;
    assert_eq!(status, 201);
    let id2 = v2["id"].as_str().unwrap();
    let (status, p) =
        post(&app, &format!("/api/v1/viewings/{id2}/accept"), &seller, json!({"slot": third + 30 * MINUTE_MS})).await;
    assert_eq!((status, code(&p)), (422, "viewing-slot-taken"));
    let (status, v2) = post(&app, &format!("/api/v1/viewings/{id2}/decline"), &seller, json!({})).await;
    assert_eq!((status, v2["status"].as_str()), (200, Some("declined")));

    // Strangers see nothing, through any route.
    for path in [format!("/api/v1/viewings/{id}"), format!("/api/v1/viewings/{id}/calendar.ics")] {
        assert_eq!(get_json(&app, &path, &other).await.0, 404, "{path}");
    }
    for action in ["accept", "propose", "decline", "cancel"] {
        let body = json!({"slot": third, "slots": [ahead(6, 0)]});
        let (status, p) = post(&app, &format!("/api/v1/viewings/{id}/{action}"), &other, body).await;
        assert_eq!(status, 404, "{action}: {p}");
    }
    let (_, mine) = get_json(&app, "/api/v1/viewings", &other).await;
    assert_eq!(mine.as_array().unwrap().len(), 0, "a declined request is not upcoming");
    let (_, mine) = get_json(&app, "/api/v1/viewings", &seller).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);

    // Talk of deposits warns the buyer before the viewing, not after it.
    let send = format!("/api/v1/conversations/{conversation}/messages");
    post(&app, &send, &seller, json!({"body": "Bring the deposit in cash"})).await;
    // An hour after the viewing, on the app's clock.
    app.clock.advance(third + HOUR_MS - now_ms());
    post(&app, &send, &seller, json!({"body": "Now the deposit goes to paybill 123"})).await;
    let (_, thread) = get_json(&app, &format!("/api/v1/conversations/{conversation}"), &buyer).await;
    let msgs = thread["messages"].as_array().unwrap();
    let n = msgs.len();
    assert!(msgs[n - 2]["caution"].is_string(), "before the viewing: {}", msgs[n - 2]);
    assert!(msgs[n - 1]["caution"].is_null(), "after it: {}", msgs[n - 1]);
    let (status, _) = post(&app, &format!("/api/v1/viewings/{id}/cancel"), &buyer, json!({})).await;
    assert_eq!(status, 409, "a viewing that happened can't be cancelled");
});

both!(viewings_through_the_pages, |app| {
    let (_seller, house) = published(&app, "vp-seller@example.com", "vp-seller").await;
    let listing = house["id"].as_str().unwrap().to_string();
    let buyer = TestApp::with_client(&app, crate::helpers::client());
    buyer.sign_up_confirmed("Njeri", "vp-buyer@example.com").await;
    let form = format!("/l/{listing}/viewing");
    let html = buyer.text(&form).await;
    assert!(html.contains("type=\"datetime-local\"") && html.contains("name=\"slot3\""), "{html}");

    let past = local_input(now_ms() - DAY_MS);
    let res = buyer.post_form(&form, &[("slot1", &past), ("slot2", ""), ("slot3", ""), ("note", "")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"slots-error\"") && html.contains(&past), "the error sits by the times, which stay");
    let (a, b) = (local_input(ahead(2, 0)), local_input(ahead(2, 0) + 30 * MINUTE_MS));
    let res = buyer.post_form(&form, &[("slot1", &a), ("slot2", &b), ("slot3", ""), ("note", "")]).await;
    assert_eq!(res.status(), 422, "overlapping");

    let res = buyer.post_form(&form, &[("slot1", &a), ("slot2", ""), ("slot3", ""), ("note", "Saturday works")]).await;
    assert_eq!(res.status(), 303);
    let to = location(&res);
    assert!(to.starts_with("/inbox/") && to.ends_with("?notice=viewing-requested#viewing"), "{to}");
    let conversation = to.trim_start_matches("/inbox/").split('?').next().unwrap().to_string();

    // The seller answers from the conversation.
    let seller = TestApp::with_client(&app, crate::helpers::client());
    seller.sign_in("vp-seller@example.com", PASSWORD).await;
    let html = seller.text(&format!("/inbox/{conversation}")).await;
    assert!(html.contains("id=\"viewing\"") && html.contains("name=\"slot\""), "{html}");
    let start = html.find("name=\"slot\" value=\"").unwrap() + "name=\"slot\" value=\"".len();
    let slot: String = html[start..].chars().take_while(|c| c.is_ascii_digit()).collect();
    let action_start = html.find("action=\"/viewings/").unwrap() + "action=\"/viewings/".len();
    let id: String = html[action_start..].chars().take_while(|c| *c != '/').collect();
    let res = seller.post_form(&format!("/viewings/{id}/accept"), &[("slot", &slot)]).await;
    assert_eq!(res.status(), 303);
    let html = buyer.text(&format!("/inbox/{conversation}")).await;
    assert!(html.contains(&format!("/viewings/{id}.ics")), "the buyer sees the calendar link");
    let res = buyer.get(&format!("/viewings/{id}.ics")).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("BEGIN:VEVENT"));
    let list = buyer.text("/viewings").await;
    assert!(list.contains(&conversation), "the upcoming list links the conversation");

    // A stranger gets 404 on the pages too.
    let stranger = TestApp::with_client(&app, crate::helpers::client());
    stranger.sign_up_confirmed("Otieno", "vp-stranger@example.com").await;
    assert_eq!(stranger.get(&format!("/viewings/{id}.ics")).await.status(), 404);
    assert_eq!(stranger.post_form(&format!("/viewings/{id}/cancel"), &[]).await.status(), 404);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM viewings WHERE status = 'accepted'").await, 1);
});
