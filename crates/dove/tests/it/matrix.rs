//! The parties-only matrix: every API route about someone's order, offer,
//! conversation, viewing, lead, saved search or listing, called by a third
//! party with a well-formed body, answers 404. The routes come from the
//! OpenAPI document, so a new route is covered (or this test fails until it
//! is placed in the short list of routes open to any signed-in user).
use crate::helpers::{both, text_value};
use crate::leads::get_json;
use crate::orders::{buyer, house_for_sale, order, product, text_of};
use serde_json::{Map, Value, json};

/// Routes on a public listing that any signed-in user may use on their own
/// behalf (their cart, favourites, first contact, an offer, a viewing
/// request), or that anyone may read.
const OPEN: [(&str, &str); 10] = [
    ("get", "/api/v1/listings/{id}"),
    ("get", "/api/v1/listings/{id}/reviews"),
    ("get", "/api/v1/listings/{id}/availability"),
    ("put", "/api/v1/cart/items/{listing_id}"),
    ("delete", "/api/v1/cart/items/{listing_id}"),
    ("put", "/api/v1/me/favourites/{listing_id}"),
    ("delete", "/api/v1/me/favourites/{listing_id}"),
    ("post", "/api/v1/listings/{id}/contact"),
    ("post", "/api/v1/listings/{id}/offers"),
    ("post", "/api/v1/listings/{id}/viewings"),
];

/// A well-formed value for a schema: every property, with plain values.
fn sample(schema: &Value, doc: &Value) -> Value {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return sample(&doc["components"]["schemas"][name], doc);
    }
    if let Some(first) = schema["allOf"].get(0).or_else(|| schema["oneOf"].get(0)) {
        return sample(first, doc);
    }
    let kind = match &schema["type"] {
        Value::Array(types) => types.iter().find(|t| *t != "null").and_then(|t| t.as_str()).unwrap_or("null"),
        t => t.as_str().unwrap_or("object"),
    };
    match kind {
        "object" => {
            let mut out = Map::new();
            for name in schema["properties"].as_object().into_iter().flatten().map(|(n, _)| n.as_str()) {
                // Fields whose values come from a set, or must lie ahead,
                // get such a value.
                let value = match name {
                    "due_at" => json!(dove_domain::clock::now_ms() + dove_domain::clock::HOUR_MS),
                    "stage" => json!("negotiating"),
                    "reply" => json!("accept"),
                    "phone" => json!("0712345678"),
                    "fulfilment" => json!("pickup"),
                    _ => sample(&schema["properties"][name], doc),
                };
                out.insert(name.to_string(), value);
            }
            Value::Object(out)
        }
        "array" => json!([]),
        "integer" => json!(100),
        "number" => json!(1.5),
        "boolean" => json!(true),
        "string" => json!("2026-12-24"),
        _ => Value::Null,
    }
}

both!(a_third_party_gets_404_on_every_route_about_others, |app| {
    // A seller and a buyer with one of everything between them.
    let (seller, house) = crate::listings::published(&app, "mx-seller@example.com", "mx-seller").await;
    let house = house["id"].as_str().unwrap().to_string();
    let buyer_token = buyer(&app, "mx-buyer@example.com").await;
    let stranger = buyer(&app, "mx-stranger@example.com").await;
    let (_, started) = crate::leads::post(
        &app,
        "/api/v1/conversations",
        &buyer_token,
        json!({"listing_id": house, "body": "Is it available?"}),
    )
    .await;
    let conversation = started["conversation"]["id"].as_str().unwrap().to_string();
    let slot = dove_domain::clock::now_ms() + 3 * dove_domain::clock::DAY_MS;
    let slot = slot - slot % (15 * dove_domain::clock::MINUTE_MS);
    let (status, v) =
        crate::leads::post(&app, &format!("/api/v1/listings/{house}/viewings"), &buyer_token, json!({"slots": [slot]}))
            .await;
    assert_eq!(status, 201, "{v}");
    let viewing = text_value(&app.db, "SELECT id FROM viewings").await;
    let lead = text_value(&app.db, "SELECT id FROM leads").await;
    let (status, _) = crate::leads::post(
        &app,
        &format!("/api/v1/leads/{lead}/tasks"),
        &seller,
        json!({"title": "Call back", "due_at": dove_domain::clock::now_ms() + dove_domain::clock::HOUR_MS}),
    )
    .await;
    assert_eq!(status, 201);
    let task = text_value(&app.db, "SELECT id FROM lead_tasks").await;
    let (_, phone) = product(&app, "mx-shop@example.com", "mx-shop", 3).await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": phone, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let (_, for_sale) = house_for_sale(&app, "mx-owner@example.com", "mx-owner").await;
    let (status, _) = crate::leads::post(
        &app,
        &format!("/api/v1/listings/{for_sale}/offers"),
        &buyer_token,
        json!({"amount_minor": 2_000_000_000i64}),
    )
    .await;
    assert_eq!(status, 201);
    let offer = text_value(&app.db, "SELECT id FROM offers").await;
    let (status, _) =
        crate::leads::post(&app, "/api/v1/me/saved-searches", &buyer_token, json!({"query": "q=flat"})).await;
    assert_eq!(status, 201);
    let saved = text_value(&app.db, "SELECT id FROM saved_searches").await;
    let photo = text_value(&app.db, &format!("SELECT id FROM listing_photos WHERE listing_id = '{house}'")).await;

    let api_token = text_value(
        &app.db,
        "SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'mx-buyer@example.com' LIMIT 1",
    )
    .await;

    // A review its author has written and the other side has not: not
    // published, so no one else may see or touch it.
    let (_, review_buyer, completed, _) = crate::reviews::order_for_review(&app, "mx-rv", true).await;
    let (status, w) = crate::leads::post(
        &app,
        "/api/v1/reviews",
        &review_buyer,
        json!({"occasion": "order", "occasion_id": completed, "score": 4,
               "scores": {"as_described": 4, "communication": 4, "delivery": 4}}),
    )
    .await;
    assert_eq!(status, 201, "{w}");
    let review = text_of(&w["review"], "id");

    let (_, doc) = get_json(&app, "/api/openapi.json", &stranger).await;
    let mut open_seen = Vec::new();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.contains('{') || path.contains("{secret}") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            if OPEN.contains(&(method.as_str(), path.as_str())) {
                open_seen.push((method.clone(), path.clone()));
                continue;
            }
            let concrete = match path.split('/').nth(3).unwrap() {
                "orders" | "admin" => path.replace("{id}", &order_id),
                "offers" => path.replace("{id}", &offer),
                "conversations" => path.replace("{id}", &conversation),
                "viewings" => path.replace("{id}", &viewing),
                "reviews" => path.replace("{id}", &review),
                "leads" => path.replace("{id}", &lead).replace("{task_id}", &task),
                "me" => path.replace("{id}", &saved),
                "auth" => path.replace("{id}", &api_token),
                "listings" => path.replace("{id}", &house).replace("{photo_id}", &photo).replace("{action}", "pause"),
                other => panic!("no ids for /api/v1/{other}: place {method} {path} in the matrix"),
            };
            let content = &op["requestBody"]["content"];
            let mut req =
                app.client.request(method.to_uppercase().parse().unwrap(), app.url(&concrete)).bearer_auth(&stranger);
            if let Some(schema) = content.get("application/json").map(|c| &c["schema"]) {
                req = req.json(&sample(schema, &doc));
            } else if content.get("multipart/form-data").is_some() {
                let part = reqwest::multipart::Part::bytes(crate::photos_fixture::jpeg(64, 64, 1)).file_name("a.jpg");
                req = req.multipart(reqwest::multipart::Form::new().part("photo", part));
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            assert_eq!(status, 404, "{method} {concrete} answered a stranger {status}: {}", res.text().await.unwrap());
            checked += 1;
        }
    }
    assert_eq!(open_seen.len(), OPEN.len(), "every open route is still in the document: {open_seen:?}");
    assert!(checked >= 43, "only {checked} routes checked");
    // And the parties still see their things.
    assert_eq!(get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await.0, 200);
    assert_eq!(get_json(&app, &format!("/api/v1/leads/{lead}"), &seller).await.0, 200);
});
