//! Viewings: asking to see a house, agreeing on a time, and the calendar
//! file and reminder that follow. Pages and API call the same domain
//! functions in `dove_domain::viewings`.
pub mod api;
mod pages;

pub use pages::router;

use crate::errors::PageError;
use crate::state::AppState;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dove_domain::FieldErrors;
use dove_domain::clock::{local_input, now_ms};
use dove_domain::messages::{Side, Thread};
use dove_domain::viewings::{self, Status, Viewing, ViewingError};

/// A viewing as one participant sees it, with what they may do now.
pub struct ViewingPanel {
    pub v: Viewing,
    /// The request waits for this participant's answer.
    pub my_turn: bool,
    pub other_name: String,
    /// The earliest time the "propose other times" inputs offer.
    pub min: String,
    /// This side may now say whether the viewing took place.
    pub can_attend: bool,
    /// What this side said about whether it took place.
    pub said: Option<bool>,
    /// Both sides said it took place and this side visited: they may
    /// review the owner and the listing.
    pub can_review: bool,
}

impl ViewingPanel {
    pub fn new(v: Viewing, user_id: &str) -> Option<ViewingPanel> {
        let side = v.side(user_id)?;
        let now = now_ms();
        Some(ViewingPanel {
            can_attend: v.can_say_attended(side, now),
            said: v.attended_by(side),
            can_review: side == Side::Buyer && v.was_held(),
            my_turn: v.awaiting() == Some(side),
            other_name: v.other_name(side).to_string(),
            min: local_input(now),
            v,
        })
    }

    /// The proposed times as (value, label) for the answer's radio buttons.
    pub fn slot_options(&self) -> Vec<(i64, String)> {
        self.v.slots.iter().map(|s| (*s, dove_domain::clock::short_time(s))).collect()
    }

    pub fn accepted(&self) -> bool {
        self.v.status == Status::Accepted
    }

    /// The viewing being arranged in the conversation, if any.
    pub async fn current(state: &AppState, t: &Thread) -> Result<Option<ViewingPanel>, PageError> {
        let user_id = match t.side {
            Side::Buyer => &t.conversation.buyer_id,
            Side::Seller => &t.conversation.seller_id,
        };
        let current = viewings::current(&state.db, &t.conversation.id).await?;
        Ok(current.and_then(|v| ViewingPanel::new(v, user_id)))
    }
}

/// How a refused answer is reported: the status and the field it concerns.
pub(crate) fn answer_error(e: &ViewingError) -> (StatusCode, FieldErrors) {
    match e {
        ViewingError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.clone()),
        ViewingError::Conflict(code) => (StatusCode::CONFLICT, FieldErrors::single("viewing", code)),
        ViewingError::Blocked => (StatusCode::FORBIDDEN, FieldErrors::single("viewing", "message-blocked")),
        ViewingError::NotFound | ViewingError::Store(_) => {
            (StatusCode::NOT_FOUND, FieldErrors::single("viewing", "viewing-not-found"))
        }
    }
}

/// An `.ics` download, private to the participant who asked.
pub(crate) fn ics_response(id: &str, body: String) -> Response {
    let safe: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"viewing-{safe}.ics\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}
