//! `/api/openapi.json`, generated from the handlers by utoipa, and
//! `/api/docs`, an interactive reference served entirely from this origin.
use crate::accounts::api as accounts_api;
use crate::ctx::Ctx;
use crate::errors::{Problem, ProblemField};
use crate::listings::api as listings_api;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The statuses every operation of a kind can answer, added where its
/// handler's own list leaves them out, each with the problem+json body
/// `errors.rs` writes. They come from the layers every request passes:
/// - bearer auth (`security`): 401 without a live token;
/// - path and query parameters: 400 when one does not parse (a cursor
///   that is not one, a number that is not a number);
/// - a path naming something: 404 when it is gone or someone else's;
/// - a JSON body: 400 when it is not JSON, 413 past the size cap, 415
///   without `Content-Type: application/json`, 422 when a field is invalid;
/// - an `Idempotency-Key` header: 422 when it is empty or too long.
///
/// And each operation gets a unique `operationId` from its method and
/// path, so that client generators (openapi-typescript) name them apart.
struct CommonAnswers;

impl CommonAnswers {
    fn add(op: &mut utoipa::openapi::path::Operation, status: &str, description: &str) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        op.responses.responses.entry(status.to_string()).or_insert_with(|| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .build()
                .into()
        });
    }

    fn operation_id(method: &str, path: &str) -> String {
        let words: Vec<String> = path
            .trim_start_matches("/api/v1/")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        format!("{method}_{}", words.join("_"))
    }
}

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ];
            for (method, op) in ops {
                let Some(op) = op.as_mut() else { continue };
                op.operation_id = Some(Self::operation_id(method, path));
                let params = op.parameters.as_deref().unwrap_or_default();
                let in_path = path.contains('{');
                let in_query = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
                let in_header = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Header));
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    Self::add(op, "401", "No live bearer token");
                }
                if in_path || in_query {
                    Self::add(op, "400", "A parameter does not parse");
                }
                if in_path {
                    Self::add(op, "404", "Not found, or not yours");
                }
                if in_header {
                    Self::add(op, "422", "A header is invalid (`Idempotency-Key`: 1 to 200 characters)");
                }
                if op.request_body.is_some() {
                    Self::add(op, "400", "The body is malformed");
                    Self::add(op, "413", "The body is too large");
                    Self::add(op, "415", "The body is not of the documented type");
                    Self::add(op, "422", "A field is invalid; `errors` names it");
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Dove Market API", version = "1", description = "Houses and products in Kenya, straight from the owner. Errors are RFC 9457 problem+json."),
    paths(
        accounts_api::sign_up,
        accounts_api::create_token,
        accounts_api::revoke_current_token,
        accounts_api::list_tokens,
        accounts_api::revoke_token,
        accounts_api::me,
        accounts_api::start_selling,
        listings_api::categories,
        listings_api::create,
        listings_api::read,
        listings_api::update,
        listings_api::remove,
        listings_api::action,
        listings_api::add_photos,
        listings_api::order_photos,
        listings_api::delete_photo,
        listings_api::mine,
        crate::search::api::search,
        crate::search::favourites_api::list,
        crate::search::favourites_api::add,
        crate::search::favourites_api::remove,
        crate::search::alerts_api::list,
        crate::search::alerts_api::create,
        crate::search::alerts_api::remove,
        crate::messages::api::list,
        crate::messages::api::start,
        crate::messages::api::read,
        crate::messages::api::send,
        crate::messages::api::send_photos,
        crate::messages::api::archive,
        crate::messages::api::block,
        crate::messages::api::report,
        crate::messages::api::unread,
        crate::leads::contact::contact_api,
        crate::leads::api::list,
        crate::leads::api::read,
        crate::leads::api::stage,
        crate::leads::api::add_note,
        crate::leads::api::add_task,
        crate::leads::api::finish_task,
        crate::viewings::api::request,
        crate::viewings::api::list,
        crate::viewings::api::read,
        crate::viewings::api::accept,
        crate::viewings::api::propose,
        crate::viewings::api::decline,
        crate::viewings::api::cancel,
        crate::viewings::api::calendar,
        crate::viewings::api::attended,
        crate::preferences::read_api,
        crate::preferences::update_api,
        crate::orders::api::create,
        crate::orders::api::list,
        crate::orders::api::read,
        crate::orders::api::cancel,
        crate::orders::api::fulfil,
        crate::orders::api::confirm,
        crate::orders::api::balance,
        crate::orders::api::refund,
        crate::orders::api::dispute,
        crate::payments::api::pay,
        crate::payments::api::pay_card,
        crate::payments::api::list,
        crate::payments::api::mpesa_callback,
        crate::payments::api::b2c_result,
        crate::payments::api::stripe_webhook,
        crate::cart::api::read,
        crate::cart::api::put_line,
        crate::cart::api::remove_line,
        crate::cart::api::checkout,
        crate::bookings::api::availability,
        crate::bookings::api::set_stay,
        crate::bookings::api::block,
        crate::bookings::api::book,
        crate::bookings::api::reserve,
        crate::money::read,
        crate::money::create,
        crate::money::put_number,
        crate::admin::read,
        crate::admin::resolve_api,
        crate::offers::api::make,
        crate::offers::api::list,
        crate::offers::api::read,
        crate::offers::api::reply,
        crate::reviews::api::create,
        crate::reviews::api::standing,
        crate::reviews::api::read,
        crate::reviews::api::edit,
        crate::reviews::api::reply,
        crate::reviews::api::hide,
        crate::reviews::api::of_listing,
        crate::trust::api::create,
        crate::trust::api::queue,
        crate::trust::api::decide,
        crate::trust::api::audit,
        crate::phone_codes::send_api,
        crate::phone_codes::verify_api,
    ),
    components(schemas(Problem, ProblemField)),
    modifiers(&BearerAuth, &CommonAnswers),
    tags(
        (name = "accounts", description = "Sign-up, tokens and the signed-in account"),
        (name = "listings", description = "Houses and products: drafts, publishing, photos"),
        (name = "search", description = "Finding live listings"),
        (name = "messages", description = "Conversations between buyers and owners"),
        (name = "viewings", description = "Arranging to see a house: proposed times, answers, calendar files"),
        (name = "leads", description = "The seller's pipeline of buyers who made contact"),
        (name = "orders", description = "Orders and their payments: states, M-Pesa and card, refunds and disputes"),
        (name = "cart", description = "The cart, grouped by seller; checkout makes one order per seller"),
        (name = "bookings", description = "Short stays by the night and long-term lets: availability, booking, reserving"),
        (name = "payouts", description = "A seller's balance and payouts to M-Pesa"),
        (name = "admin", description = "Admins only: reconciliation, risk flags, disputes"),
        (name = "offers", description = "Offers on property for sale, answered in turn"),
        (name = "reviews", description = "Double-blind reviews after a completed order, stay or let, or a viewing both sides confirm"),
        (name = "trust", description = "Reports, and (admins only) the trust queue and the audit log")
    )
)]
pub struct ApiDoc;

/// The document, built and serialised once: it depends only on the code.
static OPENAPI_JSON: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| ApiDoc::openapi().to_json().expect("the OpenAPI document serialises"));

async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], OPENAPI_JSON.as_str()).into_response()
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    ctx: Ctx,
}

/// Swagger UI styles elements inline, so this one page allows inline styles.
async fn docs(ctx: Ctx) -> Response {
    match (DocsPage { ctx }).render() {
        Ok(html) => {
            let mut res = Html(html).into_response();
            res.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
                ),
            );
            res
        }
        Err(e) => crate::errors::PageError::from(e).into_response(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json)).route("/docs", get(docs))
}
