//! Issue 12's surface findings, each as the attack it stops, on both
//! backends: reversing a private pin, uploads that cost the server before
//! they are allowed, live streams without end, a CSRF token in a URL, and
//! holding stock or homes with orders never paid.
use crate::helpers::{PASSWORD, TestApp, Visitor, both, count, extract_csrf};
use crate::listings::{act, create, house, seller, upload};
use crate::orders::{buyer, order, product};
use crate::photos_fixture as fx;
use dove_domain::clock::{Day, now_ms};
use dove_domain::mail::Site;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a test waits for an answer that must come without the rest of
/// a body: only a guard against hanging, never a measure of speed.
const HANG_GUARD: Duration = Duration::from_secs(20);

/// Metres between two points (equirectangular; fine at these distances).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let dlat = (a.0 - b.0) * 111_320.0;
    let dlng = (a.1 - b.1) * 111_320.0 * a.0.to_radians().cos();
    (dlat * dlat + dlng * dlng).sqrt()
}

/// A published house to rent at this exact pin, kept private.
async fn house_at(app: &TestApp, token: &str, lat: f64, lng: f64) -> String {
    let mut body = house();
    body["lat"] = json!(lat);
    body["lng"] = json!(lng);
    let l = create(app, token, body).await;
    let id = l["id"].as_str().unwrap().to_string();
    assert_eq!(upload(app, token, &id, vec![("a.jpg", fx::jpeg(800, 600, 2))]).await.status(), 201);
    assert_eq!(act(app, token, &id, "publish").await.status(), 200);
    id
}

async fn public_point(app: &TestApp, id: &str) -> (f64, f64) {
    let v: Value =
        app.client.get(app.url(&format!("/api/v1/listings/{id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["location"]["exact"], false);
    (v["location"]["lat"].as_f64().unwrap(), v["location"]["lng"].as_f64().unwrap())
}

// ---- 1. The approximate pin ---------------------------------------------

both!(a_private_pin_publishes_only_its_grid_cell, |app| {
    let token = seller(&app, "pin-seller@example.com", "pin-seller").await;
    // Two homes about 200 m apart in one cell of the grid, a third in the
    // next cell north.
    let exact_a = (-1.2921, 36.7856);
    let exact_b = (-1.2909, 36.7869);
    let exact_c = (-1.2879, 36.7856);
    let a = house_at(&app, &token, exact_a.0, exact_a.1).await;
    let b = house_at(&app, &token, exact_b.0, exact_b.1).await;
    let c = house_at(&app, &token, exact_c.0, exact_c.1).await;
    let (pa, pb, pc) = (public_point(&app, &a).await, public_point(&app, &b).await, public_point(&app, &c).await);
    // The attack on the old scheme: the offset came from the public id, so
    // subtracting it gave the pin back. Now every pin in a cell publishes
    // the same point, whatever its id: there is nothing per listing to
    // subtract, and the point tells a pin apart from any other in its
    // cell (about 556 m a side) not at all.
    assert_eq!(pa, pb, "two pins in one cell publish one point");
    assert_ne!(pa, pc, "the next cell has its own point");
    for (p, exact) in [(pa, exact_a), (pb, exact_b), (pc, exact_c)] {
        let d = metres(p, exact);
        assert!(d > 0.0 && d < 500.0, "the pin lies in the 500 m circle around the point: {d} m");
    }
    // The page and the search results show that same point, and never the pin.
    let v: Value =
        app.client.get(app.url(&format!("/api/v1/listings/{a}"))).send().await.unwrap().json().await.unwrap();
    let html = app.text(v["url"].as_str().unwrap()).await;
    assert!(html.contains(&format!("data-lat=\"{}\" data-lng=\"{}\"", pa.0, pa.1)), "page map at the cell");
    assert!(!html.contains("-1.2921") && !html.contains("36.7856"), "the exact pin stays off the page");
    let mut hits = Vec::new();
    for _ in 0..100 {
        let v: Value = app.client.get(app.url("/api/v1/search?q=kilimani")).send().await.unwrap().json().await.unwrap();
        hits = v["items"].as_array().cloned().unwrap_or_default();
        if hits.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(hits.len(), 3, "indexed");
    for h in &hits {
        let p = (h["lat"].as_f64().unwrap(), h["lng"].as_f64().unwrap());
        let want = if h["card"]["id"] == c.as_str() { pc } else { pa };
        assert_eq!(p, want, "search holds the cell's point");
    }
});

// ---- 2. Uploads ---------------------------------------------------------

/// Opens a connection and sends a POST's head and the start of a body
/// that promises far more (`Content-Length`), then sends nothing more. A
/// server that needs the body before it answers never answers.
async fn stalled_post(app: &Visitor, path: &str, headers: &[(&str, &str)], start: &str) -> TcpStream {
    let addr = app.base.trim_start_matches("http://");
    let mut conn = TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {}\r\n",
        50 * 1024 * 1024
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(start);
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.flush().await.unwrap();
    conn
}

/// The status of the answer on `conn`, which must come without the rest
/// of the body.
async fn status_of(conn: &mut TcpStream) -> u16 {
    head_of(conn).await.0
}

/// The status and the head (lower-cased) of the answer on `conn`.
async fn head_of(conn: &mut TcpStream) -> (u16, String) {
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 1024];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = conn.read(&mut buf).await.unwrap();
            assert!(n > 0, "connection closed without an answer");
            got.extend_from_slice(&buf[..n]);
        }
    };
    tokio::time::timeout(HANG_GUARD, read).await.expect("an answer without the rest of the body");
    let head = String::from_utf8_lossy(&got).to_lowercase();
    (head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0), head)
}

fn file_part_start(name: &str) -> String {
    format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u{ff}"
    )
}

both!(an_upload_is_judged_before_its_body_is_read, |app| {
    let owner = seller(&app, "up-owner@example.com", "up-owner").await;
    let draft = create(&app, &owner, house()).await["id"].as_str().unwrap().to_string();
    TestApp::with_client(&app, crate::helpers::client()).sign_up_confirmed("Stranger", "up-stranger@example.com").await;
    let stranger = app.api_token("up-stranger@example.com", PASSWORD).await;

    // The API: a stranger's upload to someone else's listing is a 404 while
    // the 50 MB it promised are still unsent.
    let bearer = format!("Bearer {stranger}");
    let api = format!("/api/v1/listings/{draft}/photos");
    let mut conn = stalled_post(&app, &api, &[("Authorization", &bearer)], &file_part_start("photo")).await;
    assert_eq!(status_of(&mut conn).await, 404);

    // The page form: the same, once its token (the first field) is read.
    let (cookie, csrf) = session_cookie(&app, "up-stranger@example.com").await;
    let start = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n{}",
        file_part_start("photos")
    );
    let mut conn = stalled_post(&app, &format!("/listings/{draft}/photos"), &[("Cookie", &cookie)], &start).await;
    assert_eq!(status_of(&mut conn).await, 404);

    // A conversation's photos: only its two parties may send them.
    let (_, home) = crate::listings::published(&app, "up-landlord@example.com", "up-landlord").await;
    let tenant = buyer(&app, "up-tenant@example.com").await;
    let (status, started) =
        post(&app, "/api/v1/conversations", &tenant, json!({"listing_id": home["id"], "body": "Is it free?"})).await;
    assert_eq!(status, 201, "{started}");
    let talk = started["conversation"]["id"].as_str().unwrap();
    let start =
        format!("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n{}", file_part_start("photo"));
    let mut conn = stalled_post(&app, &format!("/inbox/{talk}/send"), &[("Cookie", &cookie)], &start).await;
    assert_eq!(status_of(&mut conn).await, 404);

    // A listing with no room left refuses the next photo before reading it.
    let twenty: Vec<(&str, Vec<u8>)> = (0..20).map(|i| ("p.jpg", fx::jpeg(400, 300, i as u8))).collect();
    assert_eq!(upload(&app, &owner, &draft, twenty).await.status(), 201);
    let bearer = format!("Bearer {owner}");
    let mut conn = stalled_post(&app, &api, &[("Authorization", &bearer)], &file_part_start("photo")).await;
    assert_eq!(status_of(&mut conn).await, 422);
    assert_eq!(count(&app.db, &format!("SELECT COUNT(*) FROM listing_photos WHERE listing_id = '{draft}'")).await, 20);
});

/// A raw `Cookie` header for a fresh session of `email`, and the CSRF token
/// bound to that session.
async fn session_cookie(app: &TestApp, email: &str) -> (String, String) {
    let visitor = TestApp::with_client(app, crate::helpers::client());
    let csrf = visitor.csrf().await;
    let res = visitor
        .client
        .post(visitor.url("/signin"))
        .form(&[("email", email), ("password", PASSWORD), ("next", ""), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "signed in");
    let session = crate::helpers::set_cookies(&res)
        .into_iter()
        .find(|c| !c.contains("Max-Age=0") && !c.contains("dove_csrf=") && !c.contains("dove_lang="))
        .expect("a session cookie");
    let pair = session.split(';').next().unwrap().to_string();
    let html = reqwest::Client::new()
        .get(app.url("/password/forgot"))
        .header("Cookie", &pair)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (pair, extract_csrf(&html).expect("a CSRF field"))
}

both!(oversized_photos_are_refused_with_413, |app| {
    let owner = seller(&app, "big-owner@example.com", "big-owner").await;
    let draft = create(&app, &owner, house()).await["id"].as_str().unwrap().to_string();
    let big = vec![0xffu8; dove_web_upload_cap() + 1];
    let res = upload(&app, &owner, &draft, vec![("big.jpg", big.clone())]).await;
    assert_eq!(res.status(), 413);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "photo-too-large");
    // The page form too, with the token in its first field.
    let html = app.text(&format!("/listings/{draft}/edit/photos")).await;
    let csrf = extract_csrf(&html).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("photos", reqwest::multipart::Part::bytes(big).file_name("big.jpg"));
    let res = app.client.post(app.url(&format!("/listings/{draft}/photos"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 413);
    assert!(res.text().await.unwrap().contains("A photo can be at most 15 MB."));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listing_photos").await, 0);
});

fn dove_web_upload_cap() -> usize {
    15 * 1024 * 1024
}

both!(a_node_takes_a_few_uploads_at_once, |app| {
    let owner = seller(&app, "many-owner@example.com", "many-owner").await;
    let draft = create(&app, &owner, house()).await["id"].as_str().unwrap().to_string();
    let bearer = format!("Bearer {owner}");
    let path = format!("/api/v1/listings/{draft}/photos");
    // Eight uploads that never finish hold every slot…
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(stalled_post(&app, &path, &[("Authorization", &bearer)], &file_part_start("photo")).await);
    }
    let mut busy = false;
    for _ in 0..200 {
        if app.metrics().await.contains("\ndove_uploads_in_flight 8\n") {
            busy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(busy, "eight uploads in flight");
    // …so the ninth is told to come back, at once and without its body read.
    let mut ninth = stalled_post(&app, &path, &[("Authorization", &bearer)], &file_part_start("photo")).await;
    let (status, head) = head_of(&mut ninth).await;
    assert_eq!(status, 503);
    assert!(head.contains("retry-after:") && head.contains("application/problem+json"), "{head}");
    // Once they go, uploads work again.
    drop(held);
    let mut freed = false;
    for _ in 0..200 {
        if app.metrics().await.contains("\ndove_uploads_in_flight 0\n") {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(freed, "slots come back when the uploads end");
    assert_eq!(upload(&app, &owner, &draft, vec![("a.jpg", fx::jpeg(800, 600, 3))]).await.status(), 201);
});

// ---- 3. Live streams ----------------------------------------------------

async fn open_events(client: &reqwest::Client, app: &Visitor) -> reqwest::Response {
    client.get(app.url("/events")).send().await.unwrap()
}

both!(live_streams_are_capped_and_end_at_sign_out, |app| {
    let pages = TestApp::with_client(&app, crate::helpers::client());
    pages.sign_up_confirmed("Streamer", "streamer@example.com").await;
    let mut open = Vec::new();
    for _ in 0..10 {
        let res = open_events(&pages.client, &pages).await;
        assert_eq!(res.status(), 200);
        open.push(res);
    }
    let eleventh = open_events(&pages.client, &pages).await;
    assert_eq!(eleventh.status(), 429, "the 11th stream of one user is refused");
    assert!(eleventh.headers().contains_key("retry-after"));
    drop(open);

    // Signing out ends the stream that session opened.
    let mut stream = open_events(&pages.client, &pages).await;
    assert_eq!(stream.status(), 200);
    let csrf = pages.csrf().await;
    let res = pages.client.post(pages.url("/signout")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let ended = async { while let Some(_chunk) = stream.chunk().await.unwrap_or(None) {} };
    tokio::time::timeout(HANG_GUARD, ended).await.expect("the stream ends at sign-out");
});

// ---- 4. No CSRF token in a URL ------------------------------------------

both!(a_multipart_form_takes_its_token_from_a_field_not_the_url, |app| {
    let owner = seller(&app, "csrf-owner@example.com", "csrf-owner").await;
    let draft = create(&app, &owner, house()).await["id"].as_str().unwrap().to_string();
    let html = app.text(&format!("/listings/{draft}/edit/photos")).await;
    assert!(!html.contains("?csrf="), "no form puts the token in its URL");
    let csrf = extract_csrf(&html).unwrap();
    let photo = || reqwest::multipart::Part::bytes(fx::jpeg(800, 600, 7)).file_name("a.jpg");
    // The token only in the query string: refused.
    let form = reqwest::multipart::Form::new().part("photos", photo());
    let res = app
        .client
        .post(app.url(&format!("/listings/{draft}/photos?csrf={csrf}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listing_photos").await, 0);
    // The token as the first field: taken.
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("photos", photo());
    let res = app.client.post(app.url(&format!("/listings/{draft}/photos"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listing_photos").await, 1);
});

// ---- 5. Holds without end -----------------------------------------------

fn code(p: &Value) -> String {
    p["errors"][0]["code"].as_str().unwrap_or_default().to_string()
}

fn day(offset: i64) -> String {
    Day::today(now_ms()).plus(offset).to_string()
}

async fn post(app: &Visitor, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = app.post_json(path, body, Some(token)).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

both!(a_buyer_holds_one_of_each_and_five_in_all, |app| {
    let (_, p1) = product(&app, "h-seller1@example.com", "h-seller1", 10).await;
    let buyer_pages = TestApp::with_client(&app, crate::helpers::client());
    buyer_pages.sign_up_confirmed("Holder", "holder@example.com").await;
    let b = app.api_token("holder@example.com", PASSWORD).await;
    let buy = |id: &str| json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"});

    // One unpaid order per listing: the second would only hold more stock.
    assert_eq!(order(&app, &b, buy(&p1), None).await.0, 201);
    let (status, p) = order(&app, &b, buy(&p1), None).await;
    assert_eq!((status, code(&p).as_str()), (429, "hold-open-on-listing"), "{p}");
    assert_eq!(p["type"], "about:blank");

    // A let, reserved once; a second reservation of it is refused.
    let (_, home) = crate::listings::published(&app, "h-landlord@example.com", "h-landlord").await;
    let home = home["id"].as_str().unwrap().to_string();
    let (status, _) = post(&app, "/api/v1/lets", &b, json!({"listing_id": home, "move_in": day(10)})).await;
    assert_eq!(status, 201);
    let (status, p) = post(&app, "/api/v1/lets", &b, json!({"listing_id": home, "move_in": day(11)})).await;
    assert_eq!((status, code(&p).as_str()), (429, "hold-open-on-listing"), "{p}");

    // A stay: the same guest can't hold night after night of one calendar.
    let (host, stay) = crate::listings::published(&app, "h-host@example.com", "h-host").await;
    let stay = stay["id"].as_str().unwrap().to_string();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/listings/{stay}/stay")))
        .bearer_auth(&host)
        .json(&json!({"nightly_price_minor": 500_000, "min_nights": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let nights = |a: i64, b: i64| json!({"listing_id": stay, "check_in": day(a), "check_out": day(b)});
    assert_eq!(post(&app, "/api/v1/bookings", &b, nights(3, 5)).await.0, 201);
    let (status, p) = post(&app, "/api/v1/bookings", &b, nights(8, 10)).await;
    assert_eq!((status, code(&p).as_str()), (429, "hold-open-on-listing"), "{p}");

    // Five open in all: two more products fill it, the cart can't add a sixth.
    let (_, p2) = product(&app, "h-seller2@example.com", "h-seller2", 10).await;
    let (_, p3) = product(&app, "h-seller3@example.com", "h-seller3", 10).await;
    let (_, p4) = product(&app, "h-seller4@example.com", "h-seller4", 10).await;
    assert_eq!(order(&app, &b, buy(&p2), None).await.0, 201);
    assert_eq!(order(&app, &b, buy(&p3), None).await.0, 201);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/cart/items/{p4}")))
        .bearer_auth(&b)
        .json(&json!({"quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (status, p) = post(&app, "/api/v1/cart/checkout", &b, json!({})).await;
    assert_eq!((status, code(&p).as_str()), (429, "hold-too-many-open"), "{p}");
    assert_eq!(p["errors"][0]["field"], "cart");
    // The page says why, by the form.
    let csrf = buyer_pages.csrf().await;
    let res = buyer_pages
        .client
        .post(buyer_pages.url("/orders"))
        .form(&[("listing", p4.as_str()), ("quantity", "1"), ("fulfilment", "pickup"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("You have 5 unpaid orders open"));
    let open = "SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.buyer_id \
                WHERE u.email = 'holder@example.com' AND o.status = 'pending_payment'";
    assert_eq!(count(&app.db, open).await, 5);
    // Another buyer is not held back by this one.
    let other = buyer(&app, "h-other@example.com").await;
    assert_eq!(order(&app, &other, buy(&p4), None).await.0, 201);
});

both!(placing_and_cancelling_again_and_again_is_slowed, |app| {
    let (_, p) = product(&app, "r-seller@example.com", "r-seller", 5).await;
    let b = buyer(&app, "r-buyer@example.com").await;
    let buy = json!({"listing_id": p, "quantity": 5, "fulfilment": "pickup"});
    // Take all the stock, let it go just before it would expire, take it again…
    for round in 0..10 {
        let (status, o) = order(&app, &b, buy.clone(), None).await;
        assert_eq!(status, 201, "round {round}: {o}");
        let id = o["id"].as_str().unwrap();
        let res = app.post_json(&format!("/api/v1/orders/{id}/cancel"), json!({}), Some(&b)).await;
        assert_eq!(res.status(), 200);
    }
    // …until the hour's allowance of unpaid orders is spent.
    let (status, o) = order(&app, &b, buy.clone(), None).await;
    assert_eq!((status, code(&o).as_str()), (429, "hold-too-fast"), "{o}");
    assert_eq!(crate::orders::stock(&app, &p).await, 5, "the stock stays on sale");
});

both!(a_buyer_whose_holds_keep_expiring_is_paused, |app| {
    let (_, p) = product(&app, "x-seller@example.com", "x-seller", 5).await;
    let buyer_pages = TestApp::with_client(&app, crate::helpers::client());
    buyer_pages.sign_up_confirmed("Expirer", "expirer@example.com").await;
    let b = app.api_token("expirer@example.com", PASSWORD).await;
    let buy = json!({"listing_id": p, "quantity": 5, "fulfilment": "pickup"});
    let site = Site::new("http://127.0.0.1");
    for round in 0..3 {
        let (status, o) = order(&app, &b, buy.clone(), None).await;
        assert_eq!(status, 201, "round {round}: {o}");
        // Its 15 minutes pass unpaid (the worker's step, run with a later clock).
        let later = now_ms() + dove_domain::orders::PAY_WITHIN_MS + 1;
        dove_domain::orders::expire_overdue(&app.db, &site, later).await.unwrap();
        let status_now =
            format!("SELECT COUNT(*) FROM orders WHERE id = '{}' AND status = 'expired'", o["id"].as_str().unwrap());
        assert_eq!(count(&app.db, &status_now).await, 1);
    }
    let (status, o) = order(&app, &b, buy.clone(), None).await;
    assert_eq!((status, code(&o).as_str()), (429, "hold-cooldown"), "{o}");
    let csrf = buyer_pages.csrf().await;
    let res = buyer_pages
        .client
        .post(buyer_pages.url("/orders"))
        .form(&[("listing", p.as_str()), ("quantity", "1"), ("fulfilment", "pickup"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("new orders are paused for a few hours"));
    assert_eq!(crate::orders::stock(&app, &p).await, 5);
});
