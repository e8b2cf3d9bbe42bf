//! In-process search latency over a query mix (see bench/README.md):
//! `cargo run --release -p dove-search --example latency -- DATA_DIR/search/index`
//!
//! Opens a built index read-only and times each query kind: plain words,
//! typos, filters only, a radius around a town, a map box, and sorted.
use dove_domain::clock::now_ms;
use dove_domain::listings::Category;
use dove_domain::search::{SearchParams, SearchQuery, Searcher};
use dove_search::SearchIndex;
use std::time::Instant;

fn params(pairs: &[(&str, &str)]) -> SearchParams {
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect();
    SearchParams::from_query(&query.join("&"))
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: latency INDEX_DIR [--each]");
    // `--each` also prints each query's median.
    let verbose = std::env::args().any(|a| a == "--each");
    let index = SearchIndex::open(std::path::Path::new(&dir)).expect("open index");
    println!("{} listings in the index", index.len());
    let kinds: Vec<(&str, Vec<SearchParams>)> = vec![
        (
            "plain",
            [
                "apartment kilimani",
                "2 bedroom apartment kilimani",
                "iphone 13",
                "toyota",
                "bedsitter",
                "sofa",
                "plot kitengela",
                "villa",
                "laptop",
            ]
            .iter()
            .map(|q| params(&[("q", q)]))
            .collect(),
        ),
        (
            "typo",
            ["apartmnt kilimani", "samsng galaxy", "bedsiter", "toyta fielder", "maisonete", "iphnoe"]
                .iter()
                .map(|q| params(&[("q", q)]))
                .collect(),
        ),
        ("prefix", ["kil", "a", "toy", "apart", "bed"].iter().map(|q| params(&[("q", q)])).collect()),
        (
            "filter",
            vec![
                params(&[("offer", "rent"), ("bedrooms", "2"), ("price_max", "60000")]),
                params(&[("category", "phones-tablets")]),
                params(&[("offer", "sale"), ("category", "land-plots")]),
            ],
        ),
        (
            "geo",
            vec![
                params(&[("near", "Nairobi"), ("radius_km", "5")]),
                params(&[("near", "Mombasa"), ("radius_km", "10"), ("q", "apartment")]),
                params(&[("near", "Kisumu"), ("radius_km", "20"), ("sort", "distance")]),
            ],
        ),
        (
            "bbox",
            vec![
                params(&[("bbox", "-1.32,36.74,-1.25,36.85")]),
                params(&[("bbox", "-4.1,39.6,-3.9,39.75"), ("q", "house")]),
            ],
        ),
        (
            "sorted",
            vec![
                params(&[("q", "apartment"), ("sort", "price_asc")]),
                params(&[("sort", "newest")]),
                params(&[("category", "vehicles"), ("sort", "price_desc")]),
            ],
        ),
    ];
    let mut all = Vec::new();
    for (kind, queries) in &kinds {
        let categories: Vec<Category> = ["phones-tablets", "land-plots", "vehicles"]
            .iter()
            .map(|slug| Category {
                id: slug.to_string(),
                parent_id: None,
                slug: slug.to_string(),
                name: slug.to_string(),
                kind: "product".into(),
                position: 0,
                retired: false,
            })
            .collect();
        let parsed: Vec<SearchQuery> =
            queries.iter().map(|p| SearchQuery::parse(p, &categories).expect("valid")).collect();
        for q in &parsed {
            index.search(q, now_ms()).expect("warm-up");
        }
        let mut times = Vec::new();
        let mut each = vec![Vec::new(); parsed.len()];
        for _ in 0..50 {
            for (i, q) in parsed.iter().enumerate() {
                let t = Instant::now();
                let r = index.search(q, now_ms()).expect("search");
                std::hint::black_box(r);
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                times.push(ms);
                each[i].push(ms);
            }
        }
        if verbose {
            for (q, mut t) in queries.iter().zip(each) {
                t.sort_by(|a, b| a.total_cmp(b));
                println!("         {:.2} ms median: {:?} {:?}", t[t.len() / 2], q.q, q.sort);
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
        println!("{kind:>7}: p50 {:.2} ms, p99 {:.2} ms ({} runs)", pct(0.5), pct(0.99), times.len());
        all.extend(times);
    }
    all.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| all[((all.len() as f64 - 1.0) * p) as usize];
    println!("    all: p50 {:.2} ms, p99 {:.2} ms ({} runs)", pct(0.5), pct(0.99), all.len());
}
