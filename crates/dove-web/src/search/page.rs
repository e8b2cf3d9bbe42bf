//! The results page. Its URL holds the whole search, so it can be shared,
//! bookmarked and reached with the back button; htmx swaps the results in
//! as filters change, and without JavaScript the form simply submits.
use super::{params_from_query, run};
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::form::FormView;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use dove_domain::clock::now_ms;
use dove_domain::listings::{Category, Condition, ListingCard, PropertyType};
use dove_domain::places::COUNTIES;
use dove_domain::search::{Facets, Hit, PARAMS, SearchError, SearchParams, Suggestion};

pub struct Link {
    pub label: String,
    pub url: String,
    pub count: u64,
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct ResultsPage {
    ctx: Ctx,
    form: FormView,
    cards: Vec<ListingCard>,
    total: i64,
    page: usize,
    pages: usize,
    relaxed: bool,
    prev: Option<String>,
    next: Option<String>,
    categories: Vec<(String, String)>,
    property_types: Vec<(String, String)>,
    conditions: Vec<(String, String)>,
    counties: Vec<&'static str>,
    /// Facet groups: a translated heading and its links.
    facets: Vec<(String, Vec<Link>)>,
    /// The counts are estimates, from a sample of a very broad search.
    facets_approximate: bool,
    clear_filters: Option<String>,
    /// A respelled query that may find something, when nothing did.
    did_you_mean: Option<(String, String)>,
    /// This search as a query string, for "Alert me".
    query: String,
    map_view: bool,
    list_url: String,
    map_url: String,
    /// Markers for the map view, as JSON.
    points_json: String,
    tiles: String,
}

#[derive(serde::Serialize)]
struct Point {
    lat: f64,
    lng: f64,
    title: String,
    price: String,
    url: String,
}

/// The results page's URL for `p`.
fn url_of(p: &SearchParams) -> String {
    format!("/search?{}", p.to_query())
}

/// The URL of this search with `changes` applied; back to the first page
/// unless the change is the page.
fn url_with(p: &SearchParams, changes: &[(&str, Option<&str>)]) -> String {
    let mut p = p.clone();
    if !changes.iter().any(|(k, _)| *k == "page") {
        p.page = None;
    }
    for (k, v) in changes {
        p = p.with(k, *v);
    }
    url_of(&p)
}

/// The filter form, filled with the search's parameters.
fn form_of(p: &SearchParams) -> FormView {
    PARAMS.iter().filter(|param| param.in_form).fold(FormView::default(), |f, param| match param.values_in(p).first() {
        Some(v) => f.with(param.name, v),
        None => f,
    })
}

fn facet_links(ctx: &Ctx, p: &SearchParams, facets: &Facets, categories: &[Category]) -> [Vec<Link>; 4] {
    let cat_name = |slug: &str| {
        categories.iter().find(|c| c.slug == slug).map(|c| c.name.clone()).unwrap_or_else(|| slug.to_string())
    };
    let categories = facets
        .category
        .iter()
        .filter(|f| !f.value.is_empty())
        .map(|f| Link { label: cat_name(&f.value), url: url_with(p, &[("category", Some(&f.value))]), count: f.count })
        .collect();
    let towns = facets
        .town
        .iter()
        .filter(|f| !f.value.is_empty())
        .map(|f| Link { label: f.value.clone(), url: url_with(p, &[("town", Some(&f.value))]), count: f.count })
        .collect();
    let bedrooms = facets
        .bedrooms
        .iter()
        .filter_map(|f| {
            let n: i64 = f.value.parse().ok()?;
            Some(Link {
                label: ctx.t_count("n-bedrooms", "n", n),
                url: url_with(p, &[("bedrooms", Some(&f.value))]),
                count: f.count,
            })
        })
        .collect();
    let prices = facets
        .price
        .iter()
        .filter_map(|f| {
            let (lo, hi) = f.value.split_once('-')?;
            let lo = lo.trim_start_matches('*');
            let hi = hi.trim_end_matches('*');
            let label = match (lo.is_empty(), hi.is_empty()) {
                (true, false) => format!("< KES {hi}"),
                (false, true) => format!("KES {lo}+"),
                _ => format!("KES {lo}–{hi}"),
            };
            let min = (!lo.is_empty()).then_some(lo);
            let max = (!hi.is_empty()).then_some(hi);
            Some(Link { label, url: url_with(p, &[("price_min", min), ("price_max", max)]), count: f.count })
        })
        .collect();
    [categories, towns, bedrooms, prices]
}

async fn results(ctx: Ctx, State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, PageError> {
    let raw_params = params_from_query(raw.as_deref());
    let categories = state.categories.get(&state.db).await?;
    let choices = |ctx: &Ctx| {
        (
            categories.iter().filter(|c| !c.retired).map(|c| (c.slug.clone(), c.name.clone())).collect::<Vec<_>>(),
            PropertyType::ALL
                .iter()
                .map(|t| (t.as_str().to_string(), ctx.t_of("property-type", t.as_str())))
                .collect::<Vec<_>>(),
            Condition::ALL
                .iter()
                .map(|c| (c.as_str().to_string(), ctx.t_of("condition", c.as_str())))
                .collect::<Vec<_>>(),
        )
    };
    let (cats, types, conds) = choices(&ctx);
    let mut did_you_mean = None;
    let (p, status, form, hits, total, page, pages, relaxed, facets): (
        SearchParams,
        StatusCode,
        FormView,
        Vec<Hit>,
        u64,
        usize,
        usize,
        bool,
        Facets,
    ) = match run(&state, &raw_params, &categories) {
        // The page is built from the checked search, written canonically;
        // only a refused one is shown as it was typed, beside its errors.
        Ok((checked, r)) => {
            let p = checked.params().with("view", raw_params.view.as_deref().filter(|v| *v == "map"));
            did_you_mean = r.did_you_mean.map(|q| (url_with(&p, &[("q", Some(&q))]), q));
            let form = form_of(&p);
            (p, StatusCode::OK, form, r.hits, r.total, r.page, r.pages, r.relaxed, r.facets)
        }
        Err(SearchError::Invalid(errors)) => {
            let form = form_of(&raw_params).errors(ctx.lang, &errors);
            (raw_params, StatusCode::BAD_REQUEST, form, vec![], 0, 1, 1, false, Facets::default())
        }
        Err(e) => return Err(PageError::Internal(e.to_string())),
    };
    let facets_approximate = facets.approximate;
    let [c, t, b, pr] = facet_links(&ctx, &p, &facets, &categories);
    let facets: Vec<(String, Vec<Link>)> =
        [("facet-category", c), ("facet-town", t), ("facet-bedrooms", b), ("facet-price", pr)]
            .into_iter()
            .filter(|(_, l)| !l.is_empty())
            .map(|(k, l)| (ctx.t(k), l))
            .collect();
    let page_s = |n: usize| n.to_string();
    let prev = (page > 1).then(|| url_with(&p, &[("page", Some(&page_s(page - 1)))]));
    let next = (page < pages).then(|| url_with(&p, &[("page", Some(&page_s(page + 1)))]));
    let clear_filters = p.has_filters().then(|| url_of(&SearchParams { q: p.q.clone(), ..SearchParams::default() }));
    let map_view = p.view.as_deref() == Some("map");
    let points: Vec<Point> = hits
        .iter()
        .filter_map(|h| {
            Some(Point {
                lat: h.lat?,
                lng: h.lng?,
                title: h.card.title.clone(),
                price: h.card.price_label(),
                url: h.card.url(),
            })
        })
        .collect();
    let listed = p.clone().with("view", None);
    let page_view = ResultsPage {
        did_you_mean,
        map_view,
        list_url: url_of(&listed),
        map_url: url_of(&p.clone().with("view", Some("map"))),
        points_json: serde_json::to_string(&points).unwrap_or_else(|_| "[]".to_string()),
        tiles: state.config.map_tiles.clone(),
        ctx,
        form,
        cards: hits.into_iter().map(|h| h.card).collect(),
        total: total as i64,
        page,
        pages,
        relaxed,
        prev,
        next,
        categories: cats,
        property_types: types,
        conditions: conds,
        counties: COUNTIES.iter().map(|c| c.name).collect(),
        facets,
        facets_approximate,
        clear_filters,
        query: listed.to_query(),
    };
    Ok((status, Html(page_view.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "search/suggest.html")]
struct SuggestList {
    ctx: Ctx,
    items: Vec<Suggestion>,
}

/// Suggestions under the header box, as an htmx fragment.
async fn suggest(ctx: Ctx, State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, PageError> {
    let p = params_from_query(raw.as_deref());
    let prefix: String = p.q.chars().take(60).collect();
    let lower = prefix.trim().to_lowercase();
    let mut items: Vec<Suggestion> = Vec::new();
    if lower.chars().count() >= 2 {
        for c in state.categories.get(&state.db).await?.iter() {
            let matches = c.name.to_lowercase().split(|ch: char| !ch.is_alphanumeric()).any(|w| w.starts_with(&lower));
            if matches && !c.retired && items.len() < 2 {
                items.push(Suggestion {
                    kind: "category",
                    label: c.name.clone(),
                    url: format!("/search?category={}", c.slug),
                });
            }
        }
    }
    let searcher = state.search.clone();
    let found = tokio::task::spawn_blocking(move || searcher.suggest(&prefix, now_ms(), 6))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .unwrap_or_default();
    items.extend(found);
    Ok(Html(SuggestList { ctx, items }.render()?).into_response())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(results)).route("/search/suggest", get(suggest))
}
