//! Search: what a buyer can ask for, checked once, and the traits the
//! search index and its feed implement.
//!
//! The database stays the source of truth. Every listing change appends to
//! a feed (`listing_changes`, written by triggers in the same transaction),
//! and each node applies the feed to its own index in order.
use crate::fields::Coded;
use crate::listings::fields::{self, Bad, Condition, Offer, PropertyType};
use crate::listings::{Category, ListingCard, PhotoRef, Status};
use crate::{FieldErrors, StoreError, places};
use serde::Serialize;
use thiserror::Error;

mod params;

/// The longest town name a search takes (`town`, `near`): longer is no
/// town, and a 400 rather than a search for nothing.
pub const TOWN_MAX_CHARS: usize = 80;
pub use params::{PARAMS, Param, Role, Values};

/// A listing as the index stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    pub id: String,
    pub status: Status,
    pub kind: String,
    pub offer: String,
    pub category_slug: Option<String>,
    pub category_name: Option<String>,
    pub title: String,
    pub description: String,
    pub property_type: Option<String>,
    pub bedrooms: Option<i64>,
    pub bathrooms: Option<i64>,
    pub furnished: Option<bool>,
    pub amenities: Vec<String>,
    pub condition: Option<String>,
    pub county: Option<String>,
    pub town: Option<String>,
    pub neighbourhood: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub show_exact_location: bool,
    pub price_minor: Option<i64>,
    pub currency: String,
    pub published_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub photo: Option<PhotoRef>,
}

/// The feed of listing changes, read in order by every node.
pub trait SearchFeed: Send + Sync {
    /// Changes after `seq`, oldest first, at most `limit`: (seq, listing id,
    /// when the change was written).
    fn changes_after(
        &self,
        seq: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<(i64, String, i64)>, StoreError>> + Send;
    /// The listings as they are now; ids with no row are simply absent.
    fn search_docs(&self, ids: &[String]) -> impl Future<Output = Result<Vec<SearchDoc>, StoreError>> + Send;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    Relevance,
    Newest,
    PriceAsc,
    PriceDesc,
    Distance,
}

impl Sort {
    /// Newest first without words, by relevance with them.
    pub fn default_for(text: &str) -> Sort {
        if text.is_empty() { Sort::Newest } else { Sort::Relevance }
    }

    pub fn parse(s: &str) -> Result<Sort, Bad> {
        Ok(match s {
            "relevance" => Sort::Relevance,
            "newest" => Sort::Newest,
            "price_asc" => Sort::PriceAsc,
            "price_desc" => Sort::PriceDesc,
            "distance" => Sort::Distance,
            _ => return Err(Bad("sort-unknown")),
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Distance => "distance",
        }
    }
}

/// Search parameters as they arrive in a URL or API call.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    pub offer: Option<String>,
    pub category: Option<String>,
    pub property_type: Option<String>,
    pub price_min: Option<String>,
    pub price_max: Option<String>,
    pub bedrooms: Option<String>,
    pub bathrooms: Option<String>,
    pub furnished: Option<String>,
    #[serde(default)]
    pub amenity: Vec<String>,
    pub county: Option<String>,
    pub town: Option<String>,
    pub condition: Option<String>,
    /// Within `radius_km` of this point, or of the town named by `near`.
    pub lat: Option<String>,
    pub lng: Option<String>,
    pub near: Option<String>,
    pub radius_km: Option<String>,
    /// The map's box: `south,west,north,east`.
    pub bbox: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    /// `list` or `map`, for the results page.
    pub view: Option<String>,
}

/// The longest query text considered; the rest is ignored, not refused.
pub const MAX_QUERY_CHARS: usize = 200;
pub const PER_PAGE: usize = 20;
/// Pages beyond this are refused: nobody reads them, and deep paging is
/// what scrapers do.
pub const MAX_PAGE: usize = 50;

/// The most bedrooms (or bathrooms) a search asks for at least.
pub const MAX_ROOMS: i64 = 50;

/// The widest radius around a point, in kilometres.
pub const MAX_RADIUS_KM: f64 = 500.0;

/// A checked search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchQuery {
    pub text: String,
    pub offer: Option<Offer>,
    pub category: Option<String>,
    pub property_type: Option<PropertyType>,
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub bedrooms_min: Option<i64>,
    pub bathrooms_min: Option<i64>,
    pub furnished: Option<bool>,
    pub amenities: Vec<String>,
    pub county: Option<String>,
    pub town: Option<String>,
    pub condition: Option<Condition>,
    pub point: Option<(f64, f64)>,
    /// The town whose centre is `point`, when the search named one.
    pub near: Option<String>,
    pub radius_km: Option<f64>,
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub sort: Sort,
    pub page: usize,
    /// Only listings published after this time (alerts use it; not a URL
    /// parameter).
    #[serde(skip)]
    pub published_after: Option<i64>,
}

/// The trimmed value, or `None` when it is missing or blank.
fn non_blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl SearchQuery {
    /// Checks every parameter; each bad one becomes a field error.
    pub fn parse(p: &SearchParams, categories: &[Category]) -> Result<SearchQuery, FieldErrors> {
        let mut e = FieldErrors::default();
        let text: String = p.q.chars().take(MAX_QUERY_CHARS).collect::<String>().trim().to_string();
        let mut get = |field: &'static str, r: Result<Option<i64>, Bad>| match r {
            Ok(v) => v,
            Err(b) => {
                e.add(field, b.code());
                None
            }
        };
        let price_min = get("price_min", non_blank(&p.price_min).map(|v| fields::parse_kes(v, true)).transpose());
        let price_max = get("price_max", non_blank(&p.price_max).map(|v| fields::parse_kes(v, true)).transpose());
        let bedrooms_min = get(
            "bedrooms",
            non_blank(&p.bedrooms).map(|v| fields::parse_count(v, 0..=MAX_ROOMS, "bedrooms-range")).transpose(),
        );
        let bathrooms_min = get(
            "bathrooms",
            non_blank(&p.bathrooms).map(|v| fields::parse_count(v, 0..=MAX_ROOMS, "bathrooms-range")).transpose(),
        );
        let page = get(
            "page",
            non_blank(&p.page).map(|v| fields::parse_count(v, 1..=MAX_PAGE as i64, "page-range")).transpose(),
        );
        let mut q = SearchQuery {
            text,
            offer: None,
            category: None,
            property_type: None,
            price_min,
            price_max,
            bedrooms_min,
            bathrooms_min,
            furnished: None,
            amenities: vec![],
            county: None,
            town: None,
            condition: None,
            point: None,
            near: None,
            radius_km: None,
            bbox: None,
            sort: Sort::Relevance,
            page: page.unwrap_or(1) as usize,
            published_after: None,
        };
        if let (Some(a), Some(b)) = (q.price_min, q.price_max)
            && a > b
        {
            e.add("price_max", "price-range-inverted");
        }
        let mut check = |field: &'static str, r: Result<(), Bad>| {
            if let Err(b) = r {
                e.add(field, b.code());
            }
        };
        if let Some(v) = non_blank(&p.offer) {
            check("offer", Offer::parse(v).map(|o| q.offer = Some(o)));
        }
        if let Some(v) = non_blank(&p.property_type) {
            check("property_type", PropertyType::parse(v).map(|t| q.property_type = Some(t)));
        }
        if let Some(v) = non_blank(&p.condition) {
            check("condition", Condition::parse(v).map(|c| q.condition = Some(c)));
        }
        if let Some(v) = non_blank(&p.category) {
            let known = categories.iter().any(|c| c.slug == v && !c.retired);
            check("category", if known { Ok(()) } else { Err(Bad("category-unknown")) });
            q.category = Some(v.to_string());
        }
        if let Some(v) = non_blank(&p.furnished) {
            let parsed = match v {
                "yes" | "true" | "1" => Ok(true),
                "no" | "false" | "0" => Ok(false),
                _ => Err(Bad("furnished-unknown")),
            };
            check("furnished", parsed.map(|v| q.furnished = Some(v)));
        }
        for a in &p.amenity {
            check("amenity", fields::Amenity::parse(a).map(|a| q.amenities.push(a.as_str().to_string())));
        }
        if let Some(v) = non_blank(&p.county) {
            check("county", fields::parse_county(v).map(|c| q.county = Some(c.to_string())));
        }
        if let Some(v) = non_blank(&p.town) {
            if v.chars().count() > TOWN_MAX_CHARS {
                check("town", Err(Bad("town-too-long")));
            } else {
                q.town = Some(v.to_string());
            }
        }
        // A point: explicit coordinates, or a town's centre.
        match (non_blank(&p.lat), non_blank(&p.lng), non_blank(&p.near)) {
            (Some(la), Some(ln), _) => {
                match (
                    fields::parse_coordinate(la, 90.0, "lat-range"),
                    fields::parse_coordinate(ln, 180.0, "lng-range"),
                ) {
                    (Ok(la), Ok(ln)) => q.point = Some((la, ln)),
                    (la, ln) => {
                        check("lat", la.map(|_| ()));
                        check("lng", ln.map(|_| ()));
                    }
                }
            }
            (None, None, Some(town)) if town.chars().count() > TOWN_MAX_CHARS => e.add("near", "town-too-long"),
            (None, None, Some(town)) => match places::find_town(town) {
                Some(t) => {
                    q.point = Some((t.lat, t.lng));
                    q.near = Some(t.name.to_string());
                }
                None => e.add("near", "town-unknown"),
            },
            (None, None, None) => {}
            _ => e.add("lat", "location-incomplete"),
        }
        if let Some(v) = non_blank(&p.radius_km) {
            match v.parse::<f64>() {
                Ok(r) if r > 0.0 && r <= MAX_RADIUS_KM && r.is_finite() => q.radius_km = Some(r),
                _ => e.add("radius_km", "radius-range"),
            }
            if q.point.is_none() {
                e.add("radius_km", "radius-needs-point");
            }
        }
        if let Some(v) = non_blank(&p.bbox) {
            let parts: Vec<f64> =
                v.split(',').filter_map(|x| x.trim().parse::<f64>().ok()).filter(|x| x.is_finite()).collect();
            match parts.as_slice() {
                [s, w, n, ea]
                    if s.abs() <= 90.0
                        && n.abs() <= 90.0
                        && w.abs() <= 180.0
                        && ea.abs() <= 180.0
                        && s < n
                        && w < ea =>
                {
                    q.bbox = Some((*s, *w, *n, *ea))
                }
                _ => e.add("bbox", "bbox-invalid"),
            }
        }
        q.sort = match non_blank(&p.sort) {
            Some(s) => match Sort::parse(s) {
                Ok(Sort::Distance) if q.point.is_none() => {
                    e.add("sort", "sort-needs-point");
                    Sort::Relevance
                }
                Ok(s) => s,
                Err(b) => {
                    e.add("sort", b.code());
                    Sort::Relevance
                }
            },
            None => Sort::default_for(&q.text),
        };
        if e.is_empty() { Ok(q) } else { Err(e) }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    pub category: Vec<FacetCount>,
    pub town: Vec<FacetCount>,
    pub bedrooms: Vec<FacetCount>,
    /// Buckets by price in KES: `*-10000`, `10000-25000`, … `50000000-*`.
    pub price: Vec<FacetCount>,
    /// The counts were taken on a sample of a very broad result set, so
    /// they are estimates (the total is always exact).
    pub approximate: bool,
}

/// One result, with its distance when the search had a point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub card: ListingCard,
    pub distance_km: Option<f64>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    pub total: u64,
    pub page: usize,
    pub pages: usize,
    pub facets: Facets,
    /// The words matched only partly: a relaxed search filled the page.
    pub relaxed: bool,
    /// A spelling the index knows, when the query found nothing.
    pub did_you_mean: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// `listing`, `place` or `category`.
    pub kind: &'static str,
    pub label: String,
    pub url: String,
}

#[derive(Debug, Error)]
pub enum SearchError {
    #[error("invalid search")]
    Invalid(FieldErrors),
    #[error("search index failed: {0}")]
    Index(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Coded for SearchError {
    fn code(&self) -> &'static str {
        "search-failed"
    }
}

/// The index, as the domain sees it.
pub trait Searcher: Send + Sync {
    fn search(&self, q: &SearchQuery, now: i64) -> Result<SearchResults, SearchError>;
    fn suggest(&self, prefix: &str, now: i64, limit: usize) -> Result<Vec<Suggestion>, SearchError>;
}

/// Checks the parameters and searches.
pub fn search(
    searcher: &dyn Searcher,
    categories: &[Category],
    params: &SearchParams,
) -> Result<(SearchQuery, SearchResults), SearchError> {
    let q = SearchQuery::parse(params, categories).map_err(SearchError::Invalid)?;
    let results = searcher.search(&q, crate::clock::now_ms())?;
    Ok((q, results))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> SearchParams {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        SearchParams::from_query(&q.finish())
    }

    fn codes(r: Result<SearchQuery, FieldErrors>) -> Vec<&'static str> {
        r.err().map(|e| e.0.iter().map(|f| f.code).collect()).unwrap_or_default()
    }

    #[test]
    fn bad_parameters_are_named() {
        assert_eq!(
            codes(SearchQuery::parse(&p(&[("price_min", "50000"), ("price_max", "1000")]), &[])),
            vec!["price-range-inverted"]
        );
        assert_eq!(
            codes(SearchQuery::parse(&p(&[("lat", "-1.2"), ("lng", "36.8"), ("radius_km", "-3")]), &[])),
            vec!["radius-range"]
        );
        assert_eq!(codes(SearchQuery::parse(&p(&[("lat", "95"), ("lng", "36.8")]), &[])), vec!["lat-range"]);
        assert_eq!(codes(SearchQuery::parse(&p(&[("sort", "cheapest")]), &[])), vec!["sort-unknown"]);
        assert_eq!(codes(SearchQuery::parse(&p(&[("sort", "distance")]), &[])), vec!["sort-needs-point"]);
        assert_eq!(codes(SearchQuery::parse(&p(&[("page", "100000")]), &[])), vec!["page-range"]);
        assert_eq!(codes(SearchQuery::parse(&p(&[("offer", "swap")]), &[])), vec!["offer-unknown"]);
        assert_eq!(codes(SearchQuery::parse(&p(&[("bbox", "1,2,0,1")]), &[])), vec!["bbox-invalid"]);
        assert_eq!(
            codes(SearchQuery::parse(&p(&[("near", "Atlantis"), ("radius_km", "5")]), &[])),
            vec!["town-unknown", "radius-needs-point"]
        );
    }

    #[test]
    fn good_parameters() {
        let q = SearchQuery::parse(
            &p(&[("q", &"x".repeat(1000)), ("near", "Kisumu"), ("radius_km", "10"), ("sort", "distance")]),
            &[],
        )
        .unwrap();
        assert_eq!(q.text.len(), MAX_QUERY_CHARS);
        assert!(q.point.is_some());
        assert_eq!(q.sort, Sort::Distance);
        assert_eq!(SearchQuery::parse(&p(&[]), &[]).unwrap().sort, Sort::Newest);
    }
}
