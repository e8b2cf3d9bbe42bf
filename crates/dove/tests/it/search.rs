//! Search on both backends: relevance on a judged set, freshness, catch-up
//! after a restart, and bad parameters.
use crate::helpers::{Backend, Storage, TestApp, both, each_backend, exec, start};
use crate::listings::{create, house, published, upload};
use crate::photos_fixture as fx;
use dove_store::seed::{SeedBatch, SeedListing, SeedStore, SeedUser};
use serde_json::Value;
use std::time::{Duration, Instant};

/// (key, title, category, property type, bedrooms, county, town, neighbourhood, offer)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<i64>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const FIXTURE: &[Row] = &[
    (
        "L01",
        "Spacious 2 bedroom apartment in Kilimani",
        "houses-rent",
        Some("apartment"),
        Some(2),
        "Nairobi",
        "Nairobi",
        "Kilimani",
        "rent",
    ),
    (
        "L02",
        "Modern 3 bedroom apartment in Kilimani",
        "houses-rent",
        Some("apartment"),
        Some(3),
        "Nairobi",
        "Nairobi",
        "Kilimani",
        "rent",
    ),
    (
        "L03",
        "Bedsitter to let in Kahawa West",
        "houses-rent",
        Some("bedsitter"),
        Some(0),
        "Nairobi",
        "Nairobi",
        "Kahawa West",
        "rent",
    ),
    (
        "L04",
        "Studio apartment in Westlands",
        "houses-rent",
        Some("studio"),
        Some(0),
        "Nairobi",
        "Nairobi",
        "Westlands",
        "rent",
    ),
    (
        "L05",
        "4 bedroom maisonette in Syokimau",
        "houses-sale",
        Some("maisonette"),
        Some(4),
        "Machakos",
        "Syokimau",
        "Syokimau",
        "sale",
    ),
    (
        "L06",
        "Quarter acre plot for sale in Kitengela",
        "land-plots",
        Some("plot"),
        None,
        "Kajiado",
        "Kitengela",
        "Kitengela",
        "sale",
    ),
    ("L07", "5 acre farm land in Nanyuki", "land-plots", Some("plot"), None, "Laikipia", "Nanyuki", "Nanyuki", "sale"),
    (
        "L08",
        "2 bedroom flat in Nyali",
        "houses-rent",
        Some("apartment"),
        Some(2),
        "Mombasa",
        "Mombasa",
        "Nyali",
        "rent",
    ),
    ("L09", "Beach villa for sale in Diani", "houses-sale", Some("villa"), Some(5), "Kwale", "Diani", "Diani", "sale"),
    (
        "L10",
        "Furnished bnb apartment in Milimani Kisumu",
        "houses-rent",
        Some("apartment"),
        Some(1),
        "Kisumu",
        "Kisumu",
        "Milimani",
        "rent",
    ),
    (
        "L11",
        "Office space to let in Upper Hill",
        "commercial",
        Some("office"),
        None,
        "Nairobi",
        "Nairobi",
        "Upper Hill",
        "rent",
    ),
    ("L12", "Shop for rent in Eastleigh", "commercial", Some("shop"), None, "Nairobi", "Nairobi", "Eastleigh", "rent"),
    ("L13", "iPhone 13 Pro 256GB", "phones-tablets", None, None, "Nairobi", "Nairobi", "Westlands", "sale"),
    ("L14", "Samsung Galaxy A54 128GB", "phones-tablets", None, None, "Nairobi", "Nairobi", "Kasarani", "sale"),
    ("L15", "Tecno Spark 20 brand new", "phones-tablets", None, None, "Mombasa", "Mombasa", "Bamburi", "sale"),
    ("L16", "Toyota Fielder 2016", "vehicles", None, None, "Nakuru", "Nakuru", "Milimani", "sale"),
    ("L17", "Mninga wood 3-seater sofa", "furniture-home", None, None, "Nairobi", "Nairobi", "Buruburu", "sale"),
    ("L18", "Hass avocado seedlings (100)", "agriculture-food", None, None, "Murang'a", "Murang'a", "Mukuyu", "sale"),
    ("L19", "HP EliteBook 840 laptop", "electronics", None, None, "Nairobi", "Nairobi", "Parklands", "sale"),
    ("L20", "Smart TV 43 inch Hisense", "electronics", None, None, "Kiambu", "Thika", "Makongeni", "sale"),
    ("L21", "Maasai shuka blanket", "fashion", None, None, "Kajiado", "Ngong", "Ngong", "sale"),
    ("L22", "House cleaning services in Nairobi", "services", None, None, "Nairobi", "Nairobi", "South B", "sale"),
    (
        "L23",
        "3 bedroom bungalow in Nakuru Milimani",
        "houses-sale",
        Some("bungalow"),
        Some(3),
        "Nakuru",
        "Nakuru",
        "Milimani",
        "sale",
    ),
    (
        "L24",
        "Single room to let in Githurai",
        "houses-rent",
        Some("single_room"),
        Some(0),
        "Nairobi",
        "Nairobi",
        "Githurai",
        "rent",
    ),
    (
        "L25",
        "1 bedroom apartment in Ruaka",
        "houses-rent",
        Some("apartment"),
        Some(1),
        "Kiambu",
        "Ruaka",
        "Ruaka",
        "rent",
    ),
    ("L26", "5 bedroom villa in Karen", "houses-sale", Some("villa"), Some(5), "Nairobi", "Nairobi", "Karen", "sale"),
    (
        "L27",
        "Townhouse in Lavington",
        "houses-rent",
        Some("townhouse"),
        Some(4),
        "Nairobi",
        "Nairobi",
        "Lavington",
        "rent",
    ),
    ("L28", "Mountain bicycle 21 speed", "vehicles", None, None, "Uasin Gishu", "Eldoret", "Elgon View", "sale"),
    (
        "L29",
        "2 bedroom house in Eldoret",
        "houses-rent",
        Some("bungalow"),
        Some(2),
        "Uasin Gishu",
        "Eldoret",
        "Kapsoya",
        "rent",
    ),
    ("L30", "Land for sale in Juja", "land-plots", Some("plot"), None, "Kiambu", "Juja", "Juja", "sale"),
];

/// (query, the listing that must be in the top 5)
const JUDGED: &[(&str, &str)] = &[
    ("2 bedroom apartment kilimani", "L01"),
    ("2 bedroon apartmnt kilimani", "L01"),
    ("2br kilimani", "L01"),
    ("3 bedroom apartment kilimani", "L02"),
    ("bedsitter kahawa", "L03"),
    ("studio westlands", "L04"),
    ("bedsitter westlands", "L04"),
    ("maisonette syokimau", "L05"),
    ("plot kitengela", "L06"),
    ("shamba nanyuki", "L07"),
    ("flat nyali", "L08"),
    ("apartment nyali", "L08"),
    ("villa diani", "L09"),
    ("bnb kisumu", "L10"),
    ("airbnb kisumu", "L10"),
    ("office upper hill", "L11"),
    ("shop eastleigh", "L12"),
    ("duka eastleigh", "L12"),
    ("iphone 13", "L13"),
    ("iphnoe 13", "L13"),
    ("samsung galaxy", "L14"),
    ("samsng galaxy", "L14"),
    ("simu tecno", "L15"),
    ("toyota fielder", "L16"),
    ("sofa", "L17"),
    ("avocado seedlings", "L18"),
    ("laptop", "L19"),
    ("hisense tv", "L20"),
    ("shuka", "L21"),
    ("cleaning nairobi", "L22"),
    ("bungalow nakuru", "L23"),
    ("single room githurai", "L24"),
    ("ruaka", "L25"),
    ("karen villa", "L26"),
    ("lavington", "L27"),
    ("bicycle", "L28"),
    ("nyumba eldoret", "L29"),
    ("land juja", "L30"),
    ("kilim", "L01"),
    ("toyo", "L16"),
    ("vyumba 2 nyali", "L08"),
];

fn fixture_id(key: &str) -> String {
    format!("01900000-0000-7000-8000-0000000000{}", &key[1..])
}

async fn load_fixture(app: &TestApp) {
    let cats: std::collections::HashMap<String, String> = app.db.category_ids().await.unwrap().into_iter().collect();
    let now = dove_domain::clock::now_ms();
    let mut batch = SeedBatch::default();
    batch.users.push(SeedUser {
        id: "fixture-seller".into(),
        email: "fixture@example.com".into(),
        name: "Fixture Seller".into(),
        phone: None,
        password_hash: "x".into(),
        role: "seller",
        created_at: now,
    });
    batch.stores.push(SeedStore {
        id: "fixture-store".into(),
        owner_id: "fixture-seller".into(),
        name: "Fixture".into(),
        slug: "fixture".into(),
        created_at: now,
    });
    for (i, (key, title, cat, ptype, beds, county, town, hood, offer)) in FIXTURE.iter().enumerate() {
        let place = dove_domain::places::find_town(town).map(|t| (t.lat, t.lng)).unwrap_or((-1.28, 36.82));
        batch.listings.push(SeedListing {
            id: fixture_id(key),
            seller_id: "fixture-seller".into(),
            category_id: cats[*cat].clone(),
            kind: if ptype.is_some() { "property" } else { "product" },
            offer,
            title: title.to_string(),
            description: "Contact the owner directly to arrange a viewing or a meeting.".into(),
            price_minor: 1_000_000 + i as i64 * 100_000,
            property_type: *ptype,
            bedrooms: *beds,
            bathrooms: beds.map(|b| b.max(1)),
            condition: if ptype.is_none() { Some("used") } else { None },
            county,
            town,
            neighbourhood: Some(hood),
            lat: place.0,
            lng: place.1,
            floor_area_m2: None,
            furnished: None,
            parking: None,
            amenities: String::new(),
            deposit_months: None,
            service_charge_minor: None,
            available_from: None,
            quantity: None,
            delivery: false,
            pickup: true,
            created_at: now - i as i64 * 1000,
        });
    }
    app.db.insert_seed_batch(&batch).await.unwrap();
    wait_for_total(app, "", FIXTURE.len() as u64).await;
}

async fn search(app: &TestApp, query: &str) -> Value {
    let res = app.client.get(app.url(&format!("/api/v1/search?{query}"))).send().await.unwrap();
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

async fn wait_for_total(app: &TestApp, query: &str, total: u64) {
    for _ in 0..100 {
        if search(app, query).await["total"] == total {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("search {query:?} never reached {total} results");
}

fn ids(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|h| h["card"]["id"].as_str().unwrap().to_string()).collect()
}

both!(judged_queries_find_the_right_listing, |app| {
    load_fixture(&app).await;
    let mut misses = Vec::new();
    for (q, key) in JUDGED {
        let enc: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        let v = search(&app, &format!("q={enc}")).await;
        let top: Vec<String> = ids(&v).into_iter().take(5).collect();
        if !top.contains(&fixture_id(key)) {
            misses.push(format!("{q:?} → wanted {key}, got {top:?}"));
        }
    }
    assert!(misses.is_empty(), "{} of {} judged queries missed:\n{}", misses.len(), JUDGED.len(), misses.join("\n"));
});

both!(filters_sort_facets_and_paging, |app| {
    load_fixture(&app).await;
    let v = search(&app, "offer=rent&bedrooms=2").await;
    let got = ids(&v);
    assert!(got.contains(&fixture_id("L01")) && got.contains(&fixture_id("L08")) && !got.contains(&fixture_id("L25")));
    let v = search(&app, "category=phones-tablets&sort=price_asc").await;
    assert_eq!(v["total"], 3);
    let prices: Vec<i64> =
        v["items"].as_array().unwrap().iter().map(|h| h["card"]["price_minor"].as_i64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    let v = search(&app, "near=Mombasa&radius_km=20&sort=distance").await;
    let got = ids(&v);
    assert!(
        got.contains(&fixture_id("L08")) && got.contains(&fixture_id("L15")) && !got.contains(&fixture_id("L01")),
        "{got:?}"
    );
    assert!(v["items"][0]["distance_km"].as_f64().unwrap() < 20.0);
    // Exactly within the circle: a corner of its square is not enough.
    let nbo = dove_domain::places::find_town("Nairobi").unwrap();
    let (la, ln) = (nbo.lat + 0.05, nbo.lng + 0.05);
    let corner = search(&app, &format!("lat={la}&lng={ln}&radius_km=6.1")).await;
    assert_eq!(corner["total"], 0, "7.8 km away, outside a 6.1 km circle");
    let inside = search(&app, &format!("lat={la}&lng={ln}&radius_km=8")).await;
    assert!(inside["total"].as_u64().unwrap() > 0);
    let v = search(&app, "county=Nairobi").await;
    let towns = v["facets"]["town"].as_array().unwrap();
    assert_eq!(towns[0]["value"], "Nairobi");
    assert!(v["facets"]["category"].as_array().unwrap().iter().any(|c| c["value"] == "houses-rent"));
    // Paging: 30 listings, 20 a page.
    let p1 = search(&app, "").await;
    assert_eq!((p1["total"].as_u64(), p1["pages"].as_u64()), (Some(30), Some(2)));
    let p2 = search(&app, "page=2").await;
    assert_eq!(p2["items"].as_array().unwrap().len(), 10);
    let all: std::collections::HashSet<String> = ids(&p1).into_iter().chain(ids(&p2)).collect();
    assert_eq!(all.len(), 30, "stable pages without overlap");
    let past = search(&app, "page=7").await;
    assert!(past["items"].as_array().unwrap().is_empty());
    // No match for every word: the relaxed search shows partial matches.
    let v = search(&app, "q=kilimani+zebra").await;
    assert_eq!(v["relaxed"], true);
    assert!(ids(&v).contains(&fixture_id("L01")));
    // The results page, with the query in the URL.
    let html = app.text("/search?q=kilimani&offer=rent").await;
    assert!(html.contains("Spacious 2 bedroom apartment in Kilimani") && html.contains(" results</p>"), "{html}");
    assert!(html.contains("value=\"kilimani\""), "the query stays in the form");
    // The map's box, and the map view with its markers.
    let v = search(&app, "bbox=-4.2,39.5,-3.8,39.9").await;
    let got = ids(&v);
    assert!(got.contains(&fixture_id("L08")) && got.contains(&fixture_id("L15")) && got.len() == 2, "{got:?}");
    let map = app.text("/search?q=nyali&view=map").await;
    assert!(
        map.contains("id=\"results-map\"") && map.contains("2 bedroom flat in Nyali") && map.contains("&#34;lat&#34;"),
        "{map}"
    );
    // Nothing at all: a respelling is offered.
    // (Short words get no typo allowance in matching, so "plto" finds
    // nothing; the respelling still knows "plot".)
    let v = search(&app, "q=plto").await;
    assert_eq!(v["total"], 0);
    assert_eq!(v["did_you_mean"], "plot");
    let html = app.text("/search?q=plto").await;
    assert!(html.contains("Did you mean") && html.contains("q=plot"));
    let suggest = app.text("/search/suggest?q=kili").await;
    assert!(suggest.contains("Kilimani"));
    let suggest = app.text("/search/suggest?q=phon").await;
    assert!(suggest.contains("Phones &amp; tablets") || suggest.contains("Phones &#38; tablets"), "{suggest}");
});

both!(bad_search_parameters_get_clear_errors, |app| {
    for (query, field, code) in [
        ("price_min=50000&price_max=1000", "price_max", "price-range-inverted"),
        ("near=Nairobi&radius_km=-2", "radius_km", "radius-range"),
        ("lat=95&lng=36.8", "lat", "lat-range"),
        ("sort=cheapest", "sort", "sort-unknown"),
        ("page=99999", "page", "page-range"),
        ("category=unicorns", "category", "category-unknown"),
        ("offer=swap", "offer", "offer-unknown"),
    ] {
        let res = app.client.get(app.url(&format!("/api/v1/search?{query}"))).send().await.unwrap();
        assert_eq!(res.status(), 400, "{query}");
        assert_eq!(res.headers().get("content-type").unwrap(), "application/problem+json");
        let p: Value = res.json().await.unwrap();
        assert!(
            p["errors"].as_array().unwrap().iter().any(|e| e["field"] == field && e["code"] == code),
            "{query}: {p}"
        );
        let page = app.get(&format!("/search?{query}")).await;
        assert_eq!(page.status(), 400);
        assert!(page.text().await.unwrap().contains("field-error"));
    }
    let long = "x".repeat(1000);
    for q in [long.as_str(), "", "!!!??", "\" * ( : - ) OR AND", "%%%", "title:foo"] {
        let enc: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        let res = app.client.get(app.url(&format!("/api/v1/search?q={enc}"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{q:?}");
    }
});

both!(published_listings_become_searchable_quickly, |app| {
    let token = crate::listings::seller(&app, "fresh@example.com", "fresh").await;
    let mut body = house();
    body["title"] = serde_json::json!("Freshly painted bedsitter in Zimmerman");
    let l = create(&app, &token, body).await;
    let id = l["id"].as_str().unwrap().to_string();
    assert_eq!(search(&app, "q=zimmerman").await["total"], 0, "drafts are not searchable");
    upload(&app, &token, &id, vec![("a.jpg", fx::jpeg(800, 600, 9))]).await;
    let started = Instant::now();
    let res =
        app.client.post(app.url(&format!("/api/v1/listings/{id}/publish"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let mut found = false;
    while started.elapsed() < Duration::from_secs(2) {
        if ids(&search(&app, "q=zimmerman").await).contains(&id) {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The goal is 1 s (the feed is polled every 250 ms); the test allows 2 s
    // so a loaded CI machine does not make it flaky. bench/ measures it.
    assert!(found, "searchable within 2 s of publishing");
    // Paused listings drop out.
    app.client.post(app.url(&format!("/api/v1/listings/{id}/pause"))).bearer_auth(&token).send().await.unwrap();
    wait_for_total(&app, "q=zimmerman", 0).await;
    // The hidden pin stays hidden in results.
    let (_, live) = published(&app, "pin@example.com", "pin-owner").await;
    wait_for_total(&app, "q=kilimani", 1).await;
    let v = search(&app, "q=kilimani").await;
    let hit = v["items"].as_array().unwrap().iter().find(|h| h["card"]["id"] == live["id"]).expect("found");
    assert_ne!(hit["lat"].as_f64().unwrap(), -1.2921);
});

async fn a_restarted_node_catches_up(backend: Backend) {
    let storage = Storage::new(backend).await;
    let app = start(storage, |c| c).await;
    let (_, live) = published(&app, "away@example.com", "away").await;
    let id = live["id"].as_str().unwrap().to_string();
    wait_for_total(&app, "q=kilimani", 1).await;
    let storage = app.stop().await;
    // While the node is down, the listing changes in the database.
    let db = dove::open_db(&storage.config().storage).await.unwrap();
    exec(&db, &format!("UPDATE listings SET title = 'Renamed penthouse while the node was away' WHERE id = '{id}'"))
        .await;
    db.close().await;
    let app = start(storage, |c| c).await;
    wait_for_total(&app, "q=penthouse", 1).await;
    // "Two" was only in the old title.
    wait_for_total(&app, "q=two", 0).await;
}

each_backend!(a_restarted_node_catches_up);

both!(reindex_rebuilds_beside_the_live_index, |app| {
    load_fixture(&app).await;
    let root = app.storage.data_dir().join("search");
    let n = dove::search::reindex(&app.db, &root).await.unwrap();
    assert_eq!(n, FIXTURE.len());
    let current = std::fs::read_to_string(root.join("CURRENT")).unwrap();
    assert!(current.starts_with(&format!("index-v{}-", dove_search::SCHEMA_VERSION)));
    // The server switches to it and still finds everything.
    wait_for_total(&app, "", FIXTURE.len() as u64).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(search(&app, "q=lavington").await["total"], 1);
});
