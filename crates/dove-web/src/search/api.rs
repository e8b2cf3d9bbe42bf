//! `GET /api/v1/search`: the same parameters as the results page.
use super::{params_from_query, run};
use crate::errors::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use dove_domain::places::COUNTIES;
use dove_domain::search::{Facets, Hit, PARAMS, Param, Role, SearchError, Values};
use serde::Serialize;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{ArrayBuilder, ArrayItems, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    #[schema(value_type = Vec<Object>)]
    items: Vec<Hit>,
    total: u64,
    page: usize,
    pages: usize,
    per_page: usize,
    /// Counts by category, town, bedrooms and price bucket (KES). For very
    /// broad searches they are estimated from a sample, and `approximate` is
    /// true; `total` is always exact.
    #[schema(value_type = Object)]
    facets: Facets,
    /// No listing had every word, so these have some of them.
    relaxed: bool,
    /// When nothing matched: a respelled query that may.
    did_you_mean: Option<String>,
}

/// The search's query parameters, for the document: built from the same
/// table (`dove_domain::search::PARAMS`) that reads them, so the two
/// cannot drift apart.
pub struct SearchParamsDoc;

impl IntoParams for SearchParamsDoc {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        PARAMS.iter().filter(|p| p.role != Role::View).map(param_doc).collect()
    }
}

/// One parameter's schema. Every value may also be empty: the results
/// page's form sends its empty fields, and an empty value is no filter.
/// Patterns are as wide as what the parser takes (spaces, a `KES`
/// before an amount, an exponent in a coordinate), so that nothing the
/// server accepts falls outside the document.
fn param_doc(p: &Param) -> Parameter {
    let text = || ObjectBuilder::new().schema_type(Type::String);
    let blank = || text().enum_values(Some([""]));
    let or_blank = |number: ObjectBuilder| -> Schema { OneOfBuilder::new().item(number).item(blank()).into() };
    let with_blank = |words: &[&'static str]| text().enum_values(Some(words.iter().copied().chain([""])));
    let one: Schema = match p.values {
        Values::Text(max) => {
            text().description(Some(format!("At most {max} characters count; the rest is ignored."))).into()
        }
        Values::OneOf(words) => with_blank(words).into(),
        Values::Count(lo, hi) => {
            or_blank(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(lo)).maximum(Some(hi)))
        }
        Values::Shillings => text()
            .pattern(Some(r"^[ 0-9A-Za-z.,_]{0,40}$"))
            .description(Some(
                "Whole shillings, or with two decimals; commas, spaces and a KES, Ksh or Sh before it are allowed.",
            ))
            .into(),
        Values::Distance(max) => {
            or_blank(ObjectBuilder::new().schema_type(Type::Number).exclusive_minimum(Some(0.0)).maximum(Some(max)))
        }
        Values::Number(lo, hi) => {
            or_blank(ObjectBuilder::new().schema_type(Type::Number).minimum(Some(lo)).maximum(Some(hi)))
        }
        Values::BBox => text()
            .pattern(Some(r"^[-+0-9.eE, ]{0,120}$"))
            .description(Some("south,west,north,east in degrees; south below north, west of east."))
            .into(),
        Values::CategorySlug => text().pattern(Some("^[A-Za-z0-9-]{0,60}$")).into(),
        Values::County => with_blank(&COUNTIES.iter().map(|c| c.name).collect::<Vec<_>>()).into(),
        Values::Town => text().max_length(Some(dove_domain::search::TOWN_MAX_CHARS)).into(),
    };
    let repeated = p.repeated();
    let schema: Schema =
        if repeated { ArrayBuilder::new().items(ArrayItems::RefOrSchema(Box::new(one.into()))).into() } else { one };
    ParameterBuilder::new()
        .name(p.name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(p.doc))
        .schema(Some(schema))
        .style(repeated.then_some(ParameterStyle::Form))
        .explode(repeated.then_some(true))
        .build()
}

/// Searches live listings; every parameter is optional. A search whose
/// parameters do not fit together (a price range upside down, a radius or
/// a distance sort without a point, `lat` without `lng`, an unknown
/// category or town) is a 400 naming each field.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParamsDoc),
    responses((status = 200, body = SearchResponse), (status = 400, description = "Invalid parameters, by the field", body = Problem, content_type = "application/problem+json")))]
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<SearchResponse>, ApiError> {
    let params = params_from_query(raw.as_deref());
    let categories = state.categories.get(&state.db).await?;
    match run(&state, &params, &categories) {
        Ok((_, r)) => Ok(Json(SearchResponse {
            items: r.hits,
            total: r.total,
            page: r.page,
            pages: r.pages,
            per_page: dove_domain::search::PER_PAGE,
            facets: r.facets,
            relaxed: r.relaxed,
            did_you_mean: r.did_you_mean,
        })),
        Err(SearchError::Invalid(f)) => Err(ApiError::InvalidQuery(f)),
        Err(e) => Err(ApiError::Internal(e.to_string())),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}
