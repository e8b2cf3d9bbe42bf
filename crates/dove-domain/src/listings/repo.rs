use super::card::ListingCard;
use super::fields::Kind;
use super::input::Category;
use super::lifecycle::{Action, Status};
use super::listing::{Editable, Listing, SellerCard};
use crate::StoreError;
use crate::mail::OutgoingMail;
use serde::Serialize;

/// A row of the seller's "My listings".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SellerListing {
    pub card: ListingCard,
    pub status: Status,
    pub offer: super::fields::Offer,
    pub view_count: i64,
    pub photo_count: i64,
    pub expires_at: Option<i64>,
    pub updated_at: i64,
}

/// A listing about to expire whose seller has not been told yet.
#[derive(Debug, Clone)]
pub struct Expiring {
    pub listing_id: String,
    pub title: String,
    pub seller_email: String,
    pub seller_name: String,
    pub expires_at: i64,
}

/// A photo to attach, already processed and stored.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub id: String,
    pub key: String,
    pub width: i64,
    pub height: i64,
    pub webp: bool,
    /// Its difference hash, to find copies of it (see `trust`).
    pub phash: u64,
}

pub trait ListingRepo: Send + Sync {
    /// The newest live listings, newest first.
    fn recent_cards(&self, limit: i64, now: i64) -> impl Future<Output = Result<Vec<ListingCard>, StoreError>> + Send;
    fn categories(&self) -> impl Future<Output = Result<Vec<Category>, StoreError>> + Send;
    fn insert_listing(
        &self,
        id: &str,
        seller_id: &str,
        kind: Kind,
        fields: &Editable,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn listing(&self, id: &str) -> impl Future<Output = Result<Option<Listing>, StoreError>> + Send;
    fn update_fields(
        &self,
        id: &str,
        fields: &Editable,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Moves `from` → `to` if the listing is still in `from`; publishing and
    /// renewing also set the 60-day expiry. Returns whether it moved.
    fn set_status(
        &self,
        id: &str,
        from: Status,
        to: Status,
        action: Action,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Deletes a listing only while it is a draft.
    fn delete_draft(&self, id: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Copies a listing's fields and photos into a new draft.
    fn duplicate(&self, id: &str, new_id: &str, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn seller_listings(&self, seller_id: &str) -> impl Future<Output = Result<Vec<SellerListing>, StoreError>> + Send;
    fn seller_card(
        &self,
        seller_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<SellerCard>, StoreError>> + Send;
    /// A store's owner by the store's slug.
    fn store_owner(&self, slug: &str) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// A seller's live listings, newest first.
    fn seller_cards(
        &self,
        seller_id: &str,
        now: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<ListingCard>, StoreError>> + Send;
    /// Appends a photo unless the listing already has `max`; returns whether
    /// it was added.
    fn add_photo(
        &self,
        listing_id: &str,
        photo: &NewPhoto,
        max: i64,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Whether any listing or message still shows the photo with this key.
    fn photo_key_in_use(&self, key: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Removes a photo and closes the gap; returns its key.
    fn delete_photo(
        &self,
        listing_id: &str,
        photo_id: &str,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Puts the listing's photos in the given order; `ids` must be exactly
    /// its photos. Returns whether they were.
    fn reorder_photos(&self, listing_id: &str, ids: &[String])
    -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Counts (listing, visitor) views for `day`, each pair at most once.
    fn record_views(&self, views: &[(String, String)], day: i64)
    -> impl Future<Output = Result<(), StoreError>> + Send;
    fn expiring_unwarned(
        &self,
        now: i64,
        within_ms: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Expiring>, StoreError>> + Send;
    /// Marks the listing warned and queues the mail, once.
    fn warn_expiring(
        &self,
        listing_id: &str,
        mail: &OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn add_category(&self, category: &Category) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn rename_category(&self, id: &str, name: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn set_category_retired(
        &self,
        id: &str,
        retired_at: Option<i64>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
