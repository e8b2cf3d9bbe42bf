//! Listings and photos through the API and the pages, on both backends.
use crate::helpers::{PASSWORD, TestApp, both, count, location};
use crate::photos_fixture as fx;
use serde_json::{Value, json};

/// A confirmed seller with a store; returns their bearer token.
pub async fn seller(app: &TestApp, email: &str, slug: &str) -> String {
    app.sign_up_confirmed("Seller", email).await;
    let token = app.api_token(email, PASSWORD).await;
    let res =
        app.post_json("/api/v1/me/store", json!({"name": format!("Store {slug}"), "slug": slug}), Some(&token)).await;
    assert_eq!(res.status(), 201);
    token
}

pub fn house() -> Value {
    json!({
        "kind": "property", "offer": "rent", "property_type": "apartment",
        "title": "Two bedroom apartment in Kilimani",
        "description": "A bright apartment close to Yaya Centre, with a borehole and parking.",
        "price_minor": 4_500_000, "bedrooms": 2, "bathrooms": 1, "amenities": ["water", "security"],
        "county": "Nairobi", "town": "Nairobi", "neighbourhood": "Kilimani", "lat": -1.2921, "lng": 36.7856
    })
}

pub async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.post_json("/api/v1/listings", body, Some(token)).await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

pub async fn upload(app: &TestApp, token: &str, id: &str, files: Vec<(&str, Vec<u8>)>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in files {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str("image/jpeg").unwrap(),
        );
    }
    app.client
        .post(app.url(&format!("/api/v1/listings/{id}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

pub async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> reqwest::Response {
    app.client.post(app.url(&format!("/api/v1/listings/{id}/{action}"))).bearer_auth(token).send().await.unwrap()
}

async fn get(app: &TestApp, token: Option<&str>, id: &str) -> reqwest::Response {
    let mut req = app.client.get(app.url(&format!("/api/v1/listings/{id}")));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn patch(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.client.patch(app.url(&format!("/api/v1/listings/{id}"))).bearer_auth(token).json(&body).send().await.unwrap()
}

/// A published house listing with one photo; returns (token, listing).
pub async fn published(app: &TestApp, email: &str, slug: &str) -> (String, Value) {
    let token = seller(app, email, slug).await;
    let l = create(app, &token, house()).await;
    let id = l["id"].as_str().unwrap().to_string();
    assert_eq!(upload(app, &token, &id, vec![("a.jpg", fx::jpeg(800, 600, 1))]).await.status(), 201);
    let res = act(app, &token, &id, "publish").await;
    assert_eq!(res.status(), 200);
    (token, res.json().await.unwrap())
}

fn field_codes(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

both!(lifecycle_through_the_api, |app| {
    let token = seller(&app, "a@example.com", "seller-a").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap().to_string();
    assert_eq!(l["status"], "draft");

    // Publishing needs a photo.
    let res = act(&app, &token, &id, "publish").await;
    assert_eq!(res.status(), 422);
    assert!(field_codes(&res.json().await.unwrap()).contains(&("photos".into(), "photos-required".into())));
    assert_eq!(upload(&app, &token, &id, vec![("a.jpg", fx::jpeg(800, 600, 1))]).await.status(), 201);
    let live: Value = act(&app, &token, &id, "publish").await.json().await.unwrap();
    assert_eq!(live["status"], "published");
    let sixty_days = 60 * 24 * 3600 * 1000i64;
    assert_eq!(live["expires_at"].as_i64().unwrap() - live["published_at"].as_i64().unwrap(), sixty_days);

    // The public sees it, with the location blurred.
    let public: Value = get(&app, None, &id).await.json().await.unwrap();
    assert_eq!(public["location"]["exact"], false);
    assert_ne!(public["location"]["lat"].as_f64().unwrap(), -1.2921);
    assert!(public["view_count"].is_null());
    let d = ((public["location"]["lat"].as_f64().unwrap() + 1.2921).powi(2)
        + (public["location"]["lng"].as_f64().unwrap() - 36.7856).powi(2))
    .sqrt();
    assert!(d < 0.005, "within about 500 m: {d}");

    assert_eq!(act(&app, &token, &id, "pause").await.status(), 200);
    assert_eq!(get(&app, None, &id).await.status(), 404, "paused listings are private");
    assert_eq!(act(&app, &token, &id, "resume").await.status(), 200);
    let wrong = act(&app, &token, &id, "mark-sold").await;
    assert_eq!(wrong.status(), 409, "a rental is rented, not sold");
    assert_eq!(act(&app, &token, &id, "mark-rented").await.status(), 200);
    let res = act(&app, &token, &id, "publish").await;
    assert_eq!(res.status(), 409);
    assert!(res.json::<Value>().await.unwrap()["detail"].as_str().unwrap().contains("rented"));
    assert_eq!(act(&app, &token, &id, "archive").await.status(), 200);
    assert_eq!(
        app.client
            .delete(app.url(&format!("/api/v1/listings/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        409
    );

    let copy: Value = act(&app, &token, &id, "duplicate").await.json().await.unwrap();
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["photos"].as_array().unwrap().len(), 1);
    assert_eq!(copy["title"], live["title"]);
    let copy_id = copy["id"].as_str().unwrap();
    assert_eq!(
        app.client
            .delete(app.url(&format!("/api/v1/listings/{copy_id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(get(&app, Some(&token), copy_id).await.status(), 404);
    assert_eq!(act(&app, &token, &id, "no-such-action").await.status(), 404);
});

both!(status_owner_and_timestamps_in_a_body_are_ignored, |app| {
    let token = seller(&app, "b@example.com", "seller-b").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap();
    let res = patch(&app, &token, id, json!({"status": "published", "seller_id": "someone", "created_at": 1, "view_count": 999, "title": "Renamed two bedroom flat"})).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "draft");
    assert_eq!(v["title"], "Renamed two bedroom flat");
    assert_eq!(v["created_at"], l["created_at"]);
    assert_eq!(v["view_count"], 0);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listings WHERE seller_id = 'someone'").await, 0);
});

both!(seller_a_cannot_touch_seller_b, |app| {
    let (token_a, live) = published(&app, "owner-a@example.com", "owner-a").await;
    let live_id = live["id"].as_str().unwrap().to_string();
    let draft = create(&app, &token_a, house()).await;
    let draft_id = draft["id"].as_str().unwrap().to_string();
    let photo_id = live["photos"][0]["id"].as_str().unwrap().to_string();
    let token_b = seller(&app, "intruder-b@example.com", "intruder-b").await;

    assert_eq!(get(&app, Some(&token_b), &draft_id).await.status(), 404);
    assert_eq!(get(&app, Some(&token_b), &live_id).await.status(), 200, "public listings are public");
    for id in [&draft_id, &live_id] {
        assert_eq!(patch(&app, &token_b, id, json!({"title": "Hijacked listing title"})).await.status(), 404);
        for action in ["publish", "pause", "archive", "renew", "duplicate"] {
            assert_eq!(act(&app, &token_b, id, action).await.status(), 404, "{action}");
        }
        assert_eq!(upload(&app, &token_b, id, vec![("x.jpg", fx::jpeg(400, 300, 2))]).await.status(), 404);
        assert_eq!(
            app.client
                .delete(app.url(&format!("/api/v1/listings/{id}")))
                .bearer_auth(&token_b)
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
    let del = app
        .client
        .delete(app.url(&format!("/api/v1/listings/{live_id}/photos/{photo_id}")))
        .bearer_auth(&token_b)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 404);
    let order = app
        .client
        .put(app.url(&format!("/api/v1/listings/{live_id}/photos/order")))
        .bearer_auth(&token_b)
        .json(&json!({"ids": [photo_id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(order.status(), 404);

    // Pages: B is signed in through the client (the last sign-up).
    assert_eq!(app.get(&format!("/listings/{draft_id}/edit/what")).await.status(), 404);
    assert_eq!(app.get(&format!("/listings/{live_id}/edit/price")).await.status(), 404);
    assert_eq!(app.post_form(&format!("/listings/{live_id}/action/pause"), &[]).await.status(), 404);
    assert_eq!(
        app.post_form(&format!("/listings/{live_id}/edit/what"), &[("title", "Hijacked listing title")]).await.status(),
        404
    );
    assert_eq!(app.post_form(&format!("/listings/{live_id}/photos/{photo_id}/delete"), &[]).await.status(), 404);
    assert_eq!(app.get(&format!("/l/{draft_id}-x")).await.status(), 404);

    // Nothing changed.
    let after: Value = get(&app, Some(&token_a), &live_id).await.json().await.unwrap();
    assert_eq!(after["title"], live["title"]);
    assert_eq!(after["status"], "published");
    assert_eq!(after["photos"].as_array().unwrap().len(), 1);

    // An admin can manage it; a buyer without a store cannot list.
    dove_domain::accounts::create_admin(&app.db, "admin@example.com", "Admin", PASSWORD).await.unwrap();
    let admin = app.api_token("admin@example.com", PASSWORD).await;
    assert_eq!(patch(&app, &admin, &live_id, json!({"title": "Moderated apartment title"})).await.status(), 200);
    app.sign_up_confirmed("Buyer", "just-a-buyer@example.com").await;
    let buyer = app.api_token("just-a-buyer@example.com", PASSWORD).await;
    assert_eq!(app.post_json("/api/v1/listings", house(), Some(&buyer)).await.status(), 403);
});

both!(bad_listing_input_is_refused_field_by_field, |app| {
    let token = seller(&app, "c@example.com", "seller-c").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap();
    let cases = [
        (json!({"price_minor": -500}), "price", "price-not-positive"),
        (json!({"price_minor": 0}), "price", "price-not-positive"),
        (json!({"price_minor": 9_000_000_000_000_000i64}), "price", "price-absurd"),
        (json!({"bedrooms": 99}), "bedrooms", "bedrooms-range"),
        (json!({"bedrooms": "two"}), "bedrooms", "bedrooms-range"),
        (json!({"lat": 91, "lng": 36.8}), "lat", "lat-range"),
        (json!({"lat": -1.29, "lng": 200}), "lng", "lng-range"),
        (json!({"lat": 51.5, "lng": -0.12}), "lat", "location-outside-kenya"),
        (json!({"lat": -4.04, "lng": 39.67}), "lat", "location-far-from-county"),
        (json!({"title": "x".repeat(101)}), "title", "title-long"),
        (json!({"title": "ab"}), "title", "title-short"),
        (json!({"description": "y".repeat(5001)}), "description", "description-long"),
        (json!({"county": "Atlantis"}), "county", "county-unknown"),
        (json!({"property_type": "castle"}), "property_type", "property-type-unknown"),
        (json!({"available_from": "2026-02-30"}), "available_from", "date-invalid"),
    ];
    for (body, field, code) in cases {
        let res = patch(&app, &token, id, body.clone()).await;
        assert_eq!(res.status(), 422, "{body}");
        let p: Value = res.json().await.unwrap();
        assert!(field_codes(&p).contains(&(field.to_string(), code.to_string())), "{body}: {p}");
    }
    // A non-numeric price in JSON is a shape error.
    assert_eq!(patch(&app, &token, id, json!({"price_minor": "lots"})).await.status(), 422);
    let after: Value = get(&app, Some(&token), id).await.json().await.unwrap();
    assert_eq!(after["price_minor"], 4_500_000, "nothing half-written");
    assert_eq!(after["bedrooms"], 2);
    assert_eq!(after["location"]["lat"], -1.2921);

    // The same rules on the page, shown beside the field.
    let res = app
        .post_form(
            &format!("/listings/{id}/edit/price"),
            &[("price", "-5"), ("deposit_months", ""), ("service_charge", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"price-error\"") && html.contains("Enter a price above zero"), "{html}");
    let res = app.post_form(&format!("/listings/{id}/edit/price"), &[("price", "abc")]).await;
    assert!(res.text().await.unwrap().contains("Enter the price as a number"));
    let res =
        app.post_form(&format!("/listings/{id}/edit/details"), &[("bedrooms", "51"), ("description", "fine")]).await;
    assert!(res.text().await.unwrap().contains("id=\"bedrooms-error\""));
    let res = app
        .post_form(
            &format!("/listings/{id}/edit/where"),
            &[("county", "Nairobi"), ("town", "Nairobi"), ("lat", "51.5"), ("lng", "-0.12")],
        )
        .await;
    assert!(res.text().await.unwrap().contains("The pin must be in Kenya"));
});

both!(script_in_title_and_description_is_shown_escaped, |app| {
    let token = seller(&app, "d@example.com", "seller-d").await;
    let mut body = house();
    body["title"] = json!("<script>alert(1)</script> flat");
    body["description"] = json!("Nice.\n<script>alert('x')</script>\n<img src=x onerror=alert(2)>");
    let l = create(&app, &token, body).await;
    let id = l["id"].as_str().unwrap();
    upload(&app, &token, id, vec![("a.jpg", fx::jpeg(800, 600, 3))]).await;
    act(&app, &token, id, "publish").await;
    let url = l["url"].as_str().unwrap();
    let html = app.text(url).await;
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "no live markup");
    // askama escapes with numeric entities.
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62; flat"), "shown as text");
    assert!(html.contains("&#60;img src=x onerror=alert(2)&#62;"));
    // JSON-LD escapes '<' too, so it cannot close its script element.
    let ld_start = html.find("application/ld+json").unwrap();
    let ld = &html[ld_start..ld_start + html[ld_start..].find("</script>").unwrap()];
    assert!(!ld.contains("<script"), "{ld}");
});

fn photo_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.storage.data_dir().join("photos")).map(|d| d.count()).unwrap_or(0)
}

both!(bad_photos_are_refused_and_leave_nothing, |app| {
    let token = seller(&app, "e@example.com", "seller-e").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap();
    let before = photo_files(&app);
    let mut truncated = fx::jpeg(800, 600, 4);
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("notes.jpg", b"this is a text file, not a photo at all".to_vec(), "photo-not-image"),
        ("half.jpg", truncated, "photo-corrupt"),
        ("bomb.png", fx::png_bomb_header(), "photo-too-many-pixels"),
        ("tiny.jpg", fx::jpeg(100, 80, 5), "photo-too-small"),
        ("page.jpg", b"<html><script>alert(1)</script></html>".to_vec(), "photo-not-image"),
    ];
    for (name, bytes, code) in cases {
        let res = upload(&app, &token, id, vec![(name, bytes)]).await;
        assert_eq!(res.status(), 422, "{name}");
        let p: Value = res.json().await.unwrap();
        assert_eq!(field_codes(&p), vec![("photos".to_string(), code.to_string())], "{name}");
    }
    assert_eq!(photo_files(&app), before, "no orphan files");
    let v: Value = get(&app, Some(&token), id).await.json().await.unwrap();
    assert!(v["photos"].as_array().unwrap().is_empty());
    // A PNG is fine.
    assert_eq!(upload(&app, &token, id, vec![("ok.png", fx::png(640, 480))]).await.status(), 201);
});

both!(at_most_twenty_photos, |app| {
    let token = seller(&app, "f@example.com", "seller-f").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap();
    let twenty: Vec<(&str, Vec<u8>)> = (0..20).map(|i| ("p.jpg", fx::jpeg(400, 300, i as u8))).collect();
    let res = upload(&app, &token, id, twenty).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap().as_array().unwrap().len(), 20);
    let res = upload(&app, &token, id, vec![("21.jpg", fx::jpeg(400, 300, 99))]).await;
    assert_eq!(res.status(), 422);
    assert_eq!(field_codes(&res.json().await.unwrap()), vec![("photos".to_string(), "photos-too-many".to_string())]);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listing_photos").await, 20);
});

both!(exif_is_applied_then_stripped, |app| {
    let token = seller(&app, "g@example.com", "seller-g").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap();
    let original = fx::jpeg_with_gps_and_rotation(800, 600);
    assert!(original.windows(4).any(|w| w == b"Exif"));
    let res = upload(&app, &token, id, vec![("phone.jpg", original)]).await;
    assert_eq!(res.status(), 201);
    let photos: Value = res.json().await.unwrap();
    assert_eq!((photos[0]["width"].as_i64(), photos[0]["height"].as_i64()), (Some(600), Some(800)), "turned upright");
    for url in photos[0]["jpeg"].as_array().unwrap().iter().chain(photos[0]["webp"].as_array().unwrap()) {
        let url = url.as_str().unwrap();
        let res = app.get(url).await;
        assert_eq!(res.status(), 200, "{url}");
        let ct = res.headers().get("content-type").unwrap().to_str().unwrap().to_string();
        assert_eq!(ct, if url.ends_with(".webp") { "image/webp" } else { "image/jpeg" });
        assert!(res.headers().get("cache-control").unwrap().to_str().unwrap().contains("immutable"));
        assert_eq!(res.headers().get("x-content-type-options").unwrap(), "nosniff");
        let bytes = res.bytes().await.unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{url} carries no EXIF");
        assert!(!bytes.windows(4).any(|w| w == b"MM\0*"), "{url} carries no TIFF metadata block");
    }
});

both!(photos_reorder_cover_and_delete, |app| {
    let token = seller(&app, "h@example.com", "seller-h").await;
    let l = create(&app, &token, house()).await;
    let id = l["id"].as_str().unwrap();
    let res = upload(
        &app,
        &token,
        id,
        vec![("1.jpg", fx::jpeg(400, 300, 1)), ("2.jpg", fx::jpeg(400, 300, 2)), ("3.jpg", fx::jpeg(400, 300, 3))],
    )
    .await;
    let photos: Value = res.json().await.unwrap();
    let ids: Vec<String> = photos.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect();
    let reversed: Vec<&String> = ids.iter().rev().collect();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/listings/{id}/photos/order")))
        .bearer_auth(&token)
        .json(&json!({"ids": reversed}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let now: Value = res.json().await.unwrap();
    assert_eq!(now[0]["id"].as_str().unwrap(), ids[2]);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/listings/{id}/photos/order")))
        .bearer_auth(&token)
        .json(&json!({"ids": [ids[0]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "must name every photo");
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/listings/{id}/photos/{}", ids[2])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let v: Value = get(&app, Some(&token), id).await.json().await.unwrap();
    let positions: Vec<i64> = v["photos"].as_array().unwrap().iter().map(|p| p["position"].as_i64().unwrap()).collect();
    assert_eq!(positions, vec![0, 1]);
    assert_eq!(v["photos"][0]["id"].as_str().unwrap(), ids[1]);
    // The page's "Make cover" does the same.
    let res = app.post_form(&format!("/listings/{id}/photos/{}/cover", ids[0]), &[]).await;
    assert_eq!(location(&res), format!("/listings/{id}/edit/photos"));
    let v: Value = get(&app, Some(&token), id).await.json().await.unwrap();
    assert_eq!(v["photos"][0]["id"].as_str().unwrap(), ids[0]);
});

both!(views_count_each_visitor_once_a_day, |app| {
    let (token, live) = published(&app, "i@example.com", "seller-i").await;
    let url = live["url"].as_str().unwrap().to_string();
    let id = live["id"].as_str().unwrap().to_string();
    for _ in 0..3 {
        let visitor = crate::helpers::client();
        visitor.get(app.url("/")).send().await.unwrap();
        assert_eq!(visitor.get(app.url(&url)).send().await.unwrap().status(), 200);
        assert_eq!(visitor.get(app.url(&url)).send().await.unwrap().status(), 200, "a second view the same day");
    }
    // The seller's own views do not count.
    app.get(&url).await;
    let mut views = 0;
    for _ in 0..100 {
        let v: Value = get(&app, Some(&token), &id).await.json().await.unwrap();
        views = v["view_count"].as_i64().unwrap();
        if views >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(views, 3);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM listing_views").await, 3);
});

both!(sellers_are_told_before_expiry_once, |app| {
    let (token, live) = published(&app, "j@example.com", "seller-j").await;
    let id = live["id"].as_str().unwrap().to_string();
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    // The job's step, on the app's clock, as its worker runs it.
    let warn = || app.clock.run(dove_domain::listings::warn_expiring(&app.db, &site));
    assert_eq!(warn().await.unwrap(), 0, "not yet");
    // Fifty-eight of its sixty days on, it has two left.
    let expires_at = live["expires_at"].as_i64().unwrap();
    app.clock.advance(58 * 24 * 3600 * 1000);
    let soon = expires_at;
    assert_eq!(warn().await.unwrap(), 1);
    assert_eq!(warn().await.unwrap(), 0, "only once");
    app.wait_for_mail("j@example.com", "expires in 2 days").await;
    let renewed: Value = act(&app, &token, &id, "renew").await.json().await.unwrap();
    assert!(renewed["expires_at"].as_i64().unwrap() > soon + 50 * 24 * 3600 * 1000);
    assert_eq!(
        count(&app.db, &format!("SELECT COUNT(*) FROM listings WHERE id = '{id}' AND expiry_warned_at IS NULL")).await,
        1
    );
    // Past its 60 days (on the app's clock) it leaves the public lists and
    // shows as unavailable.
    app.clock.advance(61 * 24 * 3600 * 1000);
    assert!(!app.text("/").await.contains(live["title"].as_str().unwrap()));
    assert!(
        crate::helpers::client()
            .get(app.url(live["url"].as_str().unwrap()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("no longer available")
    );
});

both!(listing_page_is_complete_and_shareable, |app| {
    let (_token, live) = published(&app, "k@example.com", "seller-k").await;
    let url = live["url"].as_str().unwrap();
    let visitor = crate::helpers::client();
    let res = visitor.get(app.url(url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for needle in [
        "<meta property=\"og:image\" content=\"http://127.0.0.1/media/",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "\"@type\":\"Offer\"",
        "\"@type\":\"Residence\"",
        "type=\"image/webp\"",
        "-1280.webp 1280w",
        "KES 45,000",
        "2 bedrooms",
        "Water tank or borehole, Security",
        "Store seller-k",
        "Member since",
        "https://wa.me/?text=",
        "within about 500 m",
        "data-radius=\"500\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(!html.contains("-1.2921"), "the exact pin stays private");
    // A wrong slug redirects to the canonical URL; a bad id is a 404 page.
    let id = live["id"].as_str().unwrap();
    let res = visitor.get(app.url(&format!("/l/{id}-old-title"))).send().await.unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(location(&res), url);
    assert_eq!(visitor.get(app.url("/l/not-a-listing")).send().await.unwrap().status(), 404);
    // The storefront lists it; an unknown store is a 404.
    assert!(
        visitor
            .get(app.url("/s/seller-k"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("Two bedroom apartment in Kilimani")
    );
    assert_eq!(visitor.get(app.url("/s/nobody-here")).send().await.unwrap().status(), 404);
    // And the home page.
    assert!(app.text("/").await.contains("Two bedroom apartment in Kilimani"));
});

both!(categories_are_data_that_admins_change, |app| {
    let cats: Value = app.client.get(app.url("/api/v1/categories")).send().await.unwrap().json().await.unwrap();
    let slugs: Vec<&str> = cats.as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    for s in ["houses-rent", "houses-sale", "land-plots", "commercial", "phones-tablets", "vehicles", "services"] {
        assert!(slugs.contains(&s), "{s}");
    }
    dove_domain::accounts::create_admin(&app.db, "root@example.com", "Root", PASSWORD).await.unwrap();
    // Non-admins cannot see the page.
    app.sign_up_confirmed("Not Admin", "plain@example.com").await;
    assert_eq!(app.get("/admin/categories").await.status(), 404);
    app.post_form("/signout", &[]).await;
    assert_eq!(app.sign_in("root@example.com", PASSWORD).await.status(), 303);
    assert_eq!(app.get("/admin/categories").await.status(), 200);
    let res = app
        .post_form("/admin/categories", &[("name", "Books"), ("slug", "books"), ("kind", "product"), ("parent", "")])
        .await;
    assert_eq!(res.status(), 303);
    let dup = app
        .post_form(
            "/admin/categories",
            &[("name", "Books again"), ("slug", "books"), ("kind", "product"), ("parent", "")],
        )
        .await;
    assert_eq!(dup.status(), 422);
    let books_id = {
        let cats: Value = app.client.get(app.url("/api/v1/categories")).send().await.unwrap().json().await.unwrap();
        cats.as_array().unwrap().iter().find(|c| c["slug"] == "books").expect("new category is live")["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    app.post_form(&format!("/admin/categories/{books_id}/rename"), &[("name", "Books & stationery")]).await;
    app.post_form(&format!("/admin/categories/{books_id}/retire"), &[]).await;
    let cats: Value = app.client.get(app.url("/api/v1/categories")).send().await.unwrap().json().await.unwrap();
    assert!(!cats.as_array().unwrap().iter().any(|c| c["slug"] == "books"), "retired categories are hidden");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM categories WHERE name = 'Books & stationery'").await, 1);
});

both!(step_by_step_pages_save_the_draft, |app| {
    seller(&app, "m@example.com", "seller-m").await;
    let res = app.post_form("/sell", &[("kind", "product")]).await;
    let to = location(&res);
    assert!(to.ends_with("/edit/what"), "{to}");
    let id = to.trim_start_matches("/listings/").trim_end_matches("/edit/what").to_string();
    let res = app
        .post_form(
            &format!("/listings/{id}/edit/what"),
            &[("category", "phones-tablets"), ("condition", "used"), ("title", "Samsung Galaxy A54 128GB")],
        )
        .await;
    assert_eq!(location(&res), format!("/listings/{id}/edit/where"));
    let res = app
        .post_form(
            &format!("/listings/{id}/edit/details"),
            &[
                ("quantity", "3"),
                ("pickup", "on"),
                ("description", "Barely used, with charger and receipt from the shop."),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("/listings/{id}/edit/photos"));
    // The draft kept what was sent so far; the preview lists what is missing.
    let preview = app.text(&format!("/listings/{id}/edit/preview")).await;
    assert!(
        preview.contains("Samsung Galaxy A54 128GB")
            && preview.contains("at least one photo")
            && preview.contains("a price")
    );
    let page = app.text("/account/listings").await;
    assert!(page.contains("Samsung Galaxy A54 128GB") && page.contains("Draft"));
});
