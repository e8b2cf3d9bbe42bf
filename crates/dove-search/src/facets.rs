//! Facet counts for the current query, through tantivy's aggregations.
use dove_domain::search::{FacetCount, Facets};
use serde_json::{Value, json};
use tantivy::aggregation::agg_req::Aggregations;

/// Price buckets in shillings, for rents and for sales alike.
pub const PRICE_EDGES: [f64; 7] = [10_000.0, 25_000.0, 50_000.0, 100_000.0, 1_000_000.0, 10_000_000.0, 50_000_000.0];

pub fn request() -> Aggregations {
    let mut ranges = vec![json!({"to": PRICE_EDGES[0]})];
    for w in PRICE_EDGES.windows(2) {
        ranges.push(json!({"from": w[0], "to": w[1]}));
    }
    ranges.push(json!({"from": PRICE_EDGES[PRICE_EDGES.len() - 1]}));
    serde_json::from_value(json!({
        "category": {"terms": {"field": "category", "size": 20}},
        "town": {"terms": {"field": "town", "size": 12}},
        "bedrooms": {"terms": {"field": "bedrooms", "size": 12}},
        "price": {"range": {"field": "price_kes", "ranges": ranges}}
    }))
    .expect("a valid aggregation request")
}

fn buckets(v: &Value, name: &str) -> Vec<FacetCount> {
    v[name]["buckets"]
        .as_array()
        .map(|b| {
            b.iter()
                .filter_map(|b| {
                    let count = b["doc_count"].as_u64()?;
                    let value = match &b["key"] {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.as_f64().map(|f| (f as i64).to_string()).unwrap_or_default(),
                        _ => return None,
                    };
                    (count > 0 && value != "-1").then_some(FacetCount { value, count })
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn read(results: &Value) -> Facets {
    let mut bedrooms = buckets(results, "bedrooms");
    bedrooms.sort_by_key(|b| b.value.parse::<i64>().unwrap_or(0));
    Facets {
        category: buckets(results, "category"),
        town: buckets(results, "town"),
        bedrooms,
        price: buckets(results, "price"),
    }
}
