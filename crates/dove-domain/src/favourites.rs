//! Favourites: listings a buyer saved to come back to.
use crate::StoreError;
use crate::accounts::User;
use crate::clock::now_ms;
use crate::listings::{ListingCard, ListingError, ListingRepo, viewable};
use crate::preferences::PreferenceRepo;

/// Most favourites one account keeps; a bound on the Saved page's size.
pub const MAX_FAVOURITES: i64 = 500;

pub trait FavouriteRepo: Send + Sync {
    /// Saves; saving twice is not an error. With `lead_for` (the listing's
    /// seller), a first save also records the buyer's lead, source
    /// "favourite", in the same transaction.
    fn add_favourite(
        &self,
        user_id: &str,
        listing_id: &str,
        lead_for: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn remove_favourite(
        &self,
        user_id: &str,
        listing_id: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn favourite_ids(&self, user_id: &str, limit: i64) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;
    /// The saved listings that are still live, most recently saved first.
    fn favourite_cards(
        &self,
        user_id: &str,
        now: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<ListingCard>, StoreError>> + Send;
}

/// Saves a listing the user can see. A buyer who chose to share their
/// favourites becomes a lead of the seller's.
pub async fn save<R: FavouriteRepo + ListingRepo + PreferenceRepo>(
    repo: &R,
    user: &User,
    listing_id: &str,
) -> Result<(), ListingError> {
    let listing = viewable(repo, Some(user), listing_id).await?;
    if !listing.is_public() {
        return Err(ListingError::NotFound);
    }
    let share = listing.seller_id != user.id && repo.preferences(&user.id).await?.share_favourites;
    repo.add_favourite(&user.id, listing_id, share.then_some(listing.seller_id.as_str()), now_ms()).await?;
    Ok(())
}

pub async fn remove<R: FavouriteRepo>(repo: &R, user: &User, listing_id: &str) -> Result<bool, StoreError> {
    repo.remove_favourite(&user.id, listing_id).await
}

pub async fn ids<R: FavouriteRepo>(repo: &R, user: &User) -> Result<Vec<String>, StoreError> {
    repo.favourite_ids(&user.id, MAX_FAVOURITES).await
}

pub async fn cards<R: FavouriteRepo>(repo: &R, user: &User) -> Result<Vec<ListingCard>, StoreError> {
    repo.favourite_cards(&user.id, now_ms(), MAX_FAVOURITES).await
}
