//! Listings: houses and products that sellers publish.
mod card;
pub mod fields;
mod input;
pub mod lifecycle;
mod listing;
mod repo;
mod service;

pub use card::{ListingCard, PhotoRef, slugify};
pub use fields::{Amenity, Condition, Kind, Offer, PropertyType};
pub use input::{Category, ListingInput, PriceInput};
pub use lifecycle::{Action, IllegalTransition, Status, available_actions};
pub use listing::{APPROXIMATE_RADIUS_M, Editable, Listing, Photo, SellerCard, missing_for_publish, public_point};
pub use repo::{Expiring, ListingRepo, NewPhoto, SellerListing};
pub use service::*;
