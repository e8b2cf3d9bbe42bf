//! Turning a checked search into a tantivy query.
use crate::analysis::{Analysed, synonyms, typos};
use crate::schema::Fields;
use dove_domain::search::SearchQuery;
use std::ops::Bound;
use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;

fn term(f: tantivy::schema::Field, w: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(f, w), IndexRecordOption::WithFreqs))
}

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

/// Every way one word may match: exactly (more in the title and the
/// place), through a synonym, with typos, or as the start of a word.
fn word_clause(f: &Fields, word: &str, prefix: bool) -> Box<dyn Query> {
    let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Should, term(f.text, word)),
        (Occur::Should, boost(term(f.title, word), 2.0)),
        (Occur::Should, boost(term(f.place, word), 2.0)),
    ];
    for s in synonyms(word) {
        alts.push((Occur::Should, boost(term(f.text, s), 0.9)));
        alts.push((Occur::Should, boost(term(f.title, s), 1.8)));
    }
    let distance = typos(word);
    if distance > 0 {
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(f.text, word), distance, true);
        alts.push((Occur::Should, boost(Box::new(fuzzy), 0.5)));
    }
    if prefix && word.chars().count() <= 15 {
        alts.push((Occur::Should, boost(term(f.edges, word), 0.6)));
    }
    Box::new(BooleanQuery::new(alts))
}

fn i64_range(field: tantivy::schema::Field, lo: Bound<i64>, hi: Bound<i64>) -> Box<dyn Query> {
    let map = |b: Bound<i64>| match b {
        Bound::Included(v) => Bound::Included(Term::from_field_i64(field, v)),
        Bound::Excluded(v) => Bound::Excluded(Term::from_field_i64(field, v)),
        Bound::Unbounded => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(map(lo), map(hi)))
}

fn f64_range(field: tantivy::schema::Field, lo: f64, hi: f64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(field, lo)),
        Bound::Included(Term::from_field_f64(field, hi)),
    ))
}

/// The box around a circle: a cheap, indexed first cut; the collectors then
/// keep only what is inside the circle (see `geo`).
pub fn circle_box(lat: f64, lng: f64, km: f64) -> (f64, f64, f64, f64) {
    let dlat = km / 111.32;
    let dlng = km / (111.32 * lat.to_radians().cos().max(0.01));
    (lat - dlat, lng - dlng, lat + dlat, lng + dlng)
}

/// The whole query: words (all required, or any when `relaxed`), and
/// filters. Only live listings: not expired at `now`.
pub fn build(f: &Fields, q: &SearchQuery, a: &Analysed, relaxed: bool, now: i64) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let n = a.words.len();
    if n > 0 {
        let words: Vec<(Occur, Box<dyn Query>)> = a
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (if relaxed { Occur::Should } else { Occur::Must }, word_clause(f, w, a.last_is_prefix && i == n - 1))
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(words))));
    } else {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    let mut filter = |q: Box<dyn Query>| clauses.push((Occur::Must, q));
    filter(i64_range(f.expires_at, Bound::Excluded(now), Bound::Unbounded));
    if let Some(o) = q.offer {
        filter(term(f.offer, o.as_str()));
    }
    if let Some(c) = &q.category {
        filter(term(f.category, c));
    }
    if let Some(t) = q.property_type {
        filter(term(f.property_type, t.as_str()));
    }
    if let Some(c) = q.condition {
        filter(term(f.condition, c.as_str()));
    }
    if let Some(c) = &q.county {
        filter(term(f.county, c));
    }
    if let Some(t) = &q.town {
        filter(term(f.town, t));
    }
    for a in &q.amenities {
        filter(term(f.amenity, a));
    }
    if let Some(v) = q.furnished {
        filter(i64_range(f.furnished, Bound::Included(i64::from(v)), Bound::Included(i64::from(v))));
    }
    if q.price_min.is_some() || q.price_max.is_some() {
        let lo = q.price_min.map(Bound::Included).unwrap_or(Bound::Unbounded);
        let hi = q.price_max.map(Bound::Included).unwrap_or(Bound::Unbounded);
        filter(i64_range(f.price, lo, hi));
    }
    let bedrooms = q.bedrooms_min.or(a.bedrooms.filter(|_| q.bedrooms_min.is_none()));
    if let Some(b) = bedrooms {
        // Typed as "2 bedroom" means two; the filter means "at least".
        if q.bedrooms_min.is_some() {
            filter(i64_range(f.bedrooms, Bound::Included(b), Bound::Unbounded));
        } else {
            filter(i64_range(f.bedrooms, Bound::Included(b), Bound::Included(b)));
        }
    }
    if let Some(b) = q.bathrooms_min {
        filter(i64_range(f.bathrooms, Bound::Included(b), Bound::Unbounded));
    }
    if let (Some((lat, lng)), Some(km)) = (q.point, q.radius_km) {
        let (s, w, n, e) = circle_box(lat, lng, km);
        filter(f64_range(f.lat, s, n));
        filter(f64_range(f.lng, w, e));
    }
    if let Some(after) = q.published_after {
        filter(i64_range(f.published_at, Bound::Excluded(after), Bound::Unbounded));
    }
    if let Some((s, w, n, e)) = q.bbox {
        filter(f64_range(f.lat, s, n));
        filter(f64_range(f.lng, w, e));
    }
    Box::new(BooleanQuery::new(clauses))
}
