//! Direct channels: "Call" and "WhatsApp" on a listing reveal the seller's
//! number to signed-in buyers only, each reveal recorded as a lead event,
//! and rate-limited so numbers can't be scraped.
use crate::api::{ApiJson, ApiUser};
use crate::ctx::Ctx;
use crate::errors::{ApiError, PageError, Problem};
use crate::ratelimit::PHONE_REVEALS_PER_USER;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use dove_domain::accounts::User;
use dove_domain::leads::{self, Channel, LeadError, Reveal};
use dove_domain::listings;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

fn reveals_left(state: &AppState, user: &User) -> Result<(), Duration> {
    state.limiter.check(&format!("phone:{}", user.id), PHONE_REVEALS_PER_USER)
}

#[derive(Template)]
#[template(path = "listings/contact.html")]
struct ContactPage {
    ctx: Ctx,
    listing_id: String,
    listing_title: String,
    listing_url: String,
    reveal: Option<Reveal>,
}

#[derive(Deserialize)]
struct ContactForm {
    #[serde(default)]
    how: String,
}

/// `POST /l/{id}/contact`: the seller's number, for a signed-in buyer.
async fn contact(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<ContactForm>,
) -> Result<Response, PageError> {
    let listing = listings::viewable(&state.db, ctx.user.as_ref(), &id).await?;
    let Some(user) = ctx.user.clone() else {
        return Err(PageError::SignInRequired { next: listing.url() });
    };
    let channel = Channel::parse(&f.how).unwrap_or(Channel::Call);
    if reveals_left(&state, &user).is_err() {
        return Ok(StatusCode::TOO_MANY_REQUESTS.into_response());
    }
    let url = state.site.link(&listing.url());
    let reveal = match leads::reveal_phone(&state.db, &user, &id, channel, &url).await {
        Ok(r) => Some(r),
        Err(LeadError::NoPhone) => None,
        Err(LeadError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(PageError::NotFound),
    };
    let page = ContactPage {
        ctx,
        listing_id: listing.id.clone(),
        listing_title: listing.fields.title.clone(),
        listing_url: listing.url(),
        reveal,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct ContactBody {
    /// `call` or `whatsapp`.
    channel: String,
}

#[derive(Serialize, ToSchema)]
pub struct ContactView {
    /// E.164, e.g. `+254712345678`.
    phone: String,
    tel_url: String,
    /// wa.me with a first message naming the listing.
    whatsapp_url: String,
}

/// Reveals the seller's phone number to call or WhatsApp them. Each reveal
/// becomes part of the seller's lead for the caller; reveals are limited
/// to 20 an hour per account.
#[utoipa::path(post, path = "/api/v1/listings/{id}/contact", tag = "messages", request_body = ContactBody, security(("bearer" = [])),
    responses((status = 200, body = ContactView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The seller takes messages only", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn contact_api(
    State(state): State<AppState>,
    auth: ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContactBody>,
) -> Result<Json<ContactView>, ApiError> {
    let channel = Channel::parse(&b.channel)
        .ok_or_else(|| ApiError::Invalid(dove_domain::FieldErrors::single("channel", "channel-unknown")))?;
    reveals_left(&state, &auth.user).map_err(ApiError::TooManyRequests)?;
    let url = state.site.link(&format!("/l/{id}"));
    match leads::reveal_phone(&state.db, &auth.user, &id, channel, &url).await {
        Ok(r) => Ok(Json(ContactView { phone: r.phone, tel_url: r.tel_url, whatsapp_url: r.whatsapp_url })),
        Err(LeadError::NoPhone) => {
            Err(ApiError::Status(StatusCode::CONFLICT, "This seller takes messages only; send them a message."))
        }
        Err(LeadError::NotFound) => Err(ApiError::Status(StatusCode::NOT_FOUND, "No such listing.")),
        Err(e) => Err(e.into()),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/l/{id}/contact", post(contact))
}
