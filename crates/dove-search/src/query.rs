//! Turning a checked search into a tantivy query.
use crate::admit::Checks;
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

/// At most this many other spellings are tried for a word.
const MAX_SPELLINGS: usize = 30;

/// The words in the index within the typos `word` allows (one from 5
/// letters, two from 9), the commonest first, without the word itself.
///
/// Expanding to terms up front keeps each one a lazy term query; a fuzzy
/// query instead loads every matching term's postings into a bitset, the
/// correct spelling's among them, which for a common word is most of the
/// search's time.
fn spellings(searcher: &tantivy::Searcher, field: tantivy::schema::Field, word: &str) -> Vec<String> {
    let distance = typos(word);
    if distance == 0 {
        return vec![];
    }
    let Ok(dfa) = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true).automaton() else {
        return vec![];
    };
    let mut found: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let Ok(mut stream) = inverted.terms().search(&dfa).into_stream() else { continue };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key())
                && term != word
            {
                *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
            }
        }
    }
    let mut found: Vec<(String, u32)> = found.into_iter().collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.into_iter().take(MAX_SPELLINGS).map(|(t, _)| t).collect()
}

/// Every way one word may match: exactly (more in the title and the
/// place), through a synonym, with typos, or as the start of a word.
fn word_clause(searcher: &tantivy::Searcher, f: &Fields, word: &str, prefix: bool) -> Box<dyn Query> {
    let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Should, term(f.text, word)),
        (Occur::Should, boost(term(f.title, word), 2.0)),
        (Occur::Should, boost(term(f.place, word), 2.0)),
    ];
    for s in synonyms(word) {
        alts.push((Occur::Should, boost(term(f.text, s), 0.9)));
        alts.push((Occur::Should, boost(term(f.title, s), 1.8)));
    }
    for near in spellings(searcher, f.text, word) {
        alts.push((Occur::Should, boost(term(f.text, &near), 0.5)));
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

/// The box around a circle: a cheap first cut before the exact distance.
pub fn circle_box(lat: f64, lng: f64, km: f64) -> (f64, f64, f64, f64) {
    let dlat = km / 111.32;
    let dlng = km / (111.32 * lat.to_radians().cos().max(0.01));
    (lat - dlat, lng - dlng, lat + dlat, lng + dlng)
}

/// The words (all required, or any when `relaxed`) and the term filters.
/// Numeric and place bounds are `checks`, applied as hits are collected.
pub fn build(searcher: &tantivy::Searcher, f: &Fields, q: &SearchQuery, a: &Analysed, relaxed: bool) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let n = a.words.len();
    if n > 0 {
        let words: Vec<(Occur, Box<dyn Query>)> = a
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    if relaxed { Occur::Should } else { Occur::Must },
                    word_clause(searcher, f, w, a.last_is_prefix && i == n - 1),
                )
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(words))));
    } else {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    let mut filter = |q: Box<dyn Query>| clauses.push((Occur::Must, q));
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
    // Listings without a point are in no cell, so an area search drops them;
    // a box too big for cells is left to the exact check alone.
    if let Some(cells) = area(q).and_then(|(s, w, n, e)| crate::cells::covering(s, w, n, e)) {
        let cell = |c: &String| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(f.cell, c), IndexRecordOption::Basic))
        };
        filter(Box::new(BooleanQuery::new(cells.iter().map(|c| (Occur::Should, cell(c))).collect())));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The box a search is confined to: the map's, the circle's, or where they meet.
fn area(q: &SearchQuery) -> Option<(f64, f64, f64, f64)> {
    let circle_box = match (q.point, q.radius_km) {
        (Some((lat, lng)), Some(km)) => Some(circle_box(lat, lng, km)),
        _ => None,
    };
    match (q.bbox, circle_box) {
        (Some((s1, w1, n1, e1)), Some((s2, w2, n2, e2))) => Some((s1.max(s2), w1.max(w2), n1.min(n2), e1.min(e2))),
        (b, c) => b.or(c),
    }
}

/// The bounds each hit is checked against (see `admit`). Only live
/// listings: not expired at `now`.
pub fn checks(q: &SearchQuery, a: &Analysed, now: i64) -> Checks {
    let circle = match (q.point, q.radius_km) {
        (Some(p), Some(km)) => Some((p, km)),
        _ => None,
    };
    let bbox = area(q);
    let price = (q.price_min.is_some() || q.price_max.is_some())
        .then(|| (q.price_min.unwrap_or(i64::MIN), q.price_max.unwrap_or(i64::MAX)));
    // Typed as "2 bedroom" means two; the filter means "at least".
    let bedrooms = match (q.bedrooms_min, a.bedrooms) {
        (Some(b), _) => Some((b, i64::MAX)),
        (None, Some(b)) => Some((b, b)),
        (None, None) => None,
    };
    Checks {
        now,
        bbox,
        circle,
        price,
        bedrooms,
        bathrooms: q.bathrooms_min.map(|b| (b, i64::MAX)),
        published_after: q.published_after,
    }
}
