//! The listing lifecycle: draft → published ⇄ paused → sold/rented →
//! archived. Each move is its own action; nothing else changes a status.
use super::fields::Offer;
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Published,
    Paused,
    Sold,
    Rented,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Paused => "paused",
            Status::Sold => "sold",
            Status::Rented => "rented",
            Status::Archived => "archived",
        }
    }

    /// Reads a stored status; the database's CHECK keeps it valid.
    pub fn from_stored(s: &str) -> Status {
        match s {
            "published" => Status::Published,
            "paused" => Status::Paused,
            "sold" => Status::Sold,
            "rented" => Status::Rented,
            "archived" => Status::Archived,
            _ => Status::Draft,
        }
    }
}

/// The actions sellers take on a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Action {
    Publish,
    Pause,
    Resume,
    MarkSold,
    MarkRented,
    Renew,
    Archive,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "publish" => Action::Publish,
            "pause" => Action::Pause,
            "resume" => Action::Resume,
            "mark-sold" => Action::MarkSold,
            "mark-rented" => Action::MarkRented,
            "renew" => Action::Renew,
            "archive" => Action::Archive,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Publish => "publish",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::MarkSold => "mark-sold",
            Action::MarkRented => "mark-rented",
            Action::Renew => "renew",
            Action::Archive => "archive",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("cannot {action:?} a listing that is {from:?}")]
pub struct IllegalTransition {
    pub from: Status,
    pub action: Action,
}

/// The status after `action`, if the action is allowed from `from`.
pub fn next_status(from: Status, action: Action, offer: Offer) -> Result<Status, IllegalTransition> {
    use Status::*;
    let to = match (action, from) {
        (Action::Publish, Draft) => Published,
        (Action::Pause, Published) => Paused,
        (Action::Resume, Paused) => Published,
        (Action::MarkSold, Published | Paused) if offer == Offer::Sale => Sold,
        (Action::MarkRented, Published | Paused) if offer == Offer::Rent => Rented,
        (Action::Renew, Published | Paused) => from,
        (Action::Archive, Published | Paused | Sold | Rented) => Archived,
        _ => return Err(IllegalTransition { from, action }),
    };
    Ok(to)
}

/// The actions a seller can take from a status, for the quick-action menus.
pub fn available_actions(from: Status, offer: Offer) -> Vec<Action> {
    [
        Action::Publish,
        Action::Pause,
        Action::Resume,
        Action::MarkSold,
        Action::MarkRented,
        Action::Renew,
        Action::Archive,
    ]
    .into_iter()
    .filter(|a| next_status(from, *a, offer).is_ok())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_moves() {
        assert_eq!(next_status(Status::Draft, Action::Publish, Offer::Rent), Ok(Status::Published));
        assert_eq!(next_status(Status::Published, Action::Pause, Offer::Rent), Ok(Status::Paused));
        assert_eq!(next_status(Status::Paused, Action::Resume, Offer::Rent), Ok(Status::Published));
        assert_eq!(next_status(Status::Published, Action::MarkRented, Offer::Rent), Ok(Status::Rented));
        assert_eq!(next_status(Status::Paused, Action::MarkSold, Offer::Sale), Ok(Status::Sold));
        assert_eq!(next_status(Status::Sold, Action::Archive, Offer::Sale), Ok(Status::Archived));
    }

    #[test]
    fn refused_moves() {
        assert!(next_status(Status::Sold, Action::Publish, Offer::Sale).is_err());
        assert!(next_status(Status::Published, Action::MarkSold, Offer::Rent).is_err());
        assert!(next_status(Status::Draft, Action::Pause, Offer::Rent).is_err());
        assert!(next_status(Status::Archived, Action::Resume, Offer::Rent).is_err());
        assert!(next_status(Status::Draft, Action::Archive, Offer::Rent).is_err());
        assert_eq!(
            available_actions(Status::Published, Offer::Rent),
            vec![Action::Pause, Action::MarkRented, Action::Renew, Action::Archive]
        );
    }
}
