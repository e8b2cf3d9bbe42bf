//! Listing services: the one implementation of every listing action, for
//! pages and API alike.
//!
//! Access policy: only the seller who owns a listing, or an admin, may see
//! it before it is public or change it. Everyone else gets `NotFound`, the
//! same answer as for an id that does not exist, so ids leak nothing.
use super::card::ListingCard;
use super::fields::Kind;
use super::input::{Category, ListingInput, apply};
use super::lifecycle::{Action, IllegalTransition, Status, next_status};
use super::listing::{Editable, Listing, Photo, SellerCard, missing_for_publish};
use super::repo::{ListingRepo, NewPhoto, SellerListing};
use crate::accounts::{Role, User};
use crate::clock::{DAY_MS, now_ms};
use crate::error::Conflict;
use crate::mail::{OutgoingMail, Site};
use crate::photos::{PhotoError, PhotoPipeline, PhotoRejection, PhotoStorage, remove_variants, store_variants};
use crate::{FieldErrors, StoreError, new_id};
use bytes::Bytes;
use thiserror::Error;

/// Photos one listing may have.
pub const MAX_PHOTOS: i64 = 20;
/// How long a listing stays up before it must be renewed.
pub const LISTING_TTL_MS: i64 = 60 * DAY_MS;
/// How long before expiry the seller is told.
pub const EXPIRY_WARNING_MS: i64 = 3 * DAY_MS;

#[derive(Debug, Error)]
pub enum ListingError {
    #[error("listing not found")]
    NotFound,
    #[error("open a store before listing")]
    NotASeller,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error("only drafts can be deleted")]
    NotADraft,
    #[error("a listing has at most {MAX_PHOTOS} photos")]
    TooManyPhotos,
    #[error(transparent)]
    Photo(#[from] PhotoRejection),
    #[error(transparent)]
    PhotoStorage(#[from] PhotoError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn can_manage(user: &User, listing: &Listing) -> bool {
    user.id == listing.seller_id || user.role == Role::Admin
}

/// The newest live listings.
pub async fn recent<R: ListingRepo>(repo: &R, limit: i64) -> Result<Vec<ListingCard>, StoreError> {
    repo.recent_cards(limit.clamp(1, 100), now_ms()).await
}

pub async fn categories<R: ListingRepo>(repo: &R) -> Result<Vec<Category>, StoreError> {
    repo.categories().await
}

/// Starts a draft, with whatever fields the request already carries.
pub async fn create_draft<R: ListingRepo>(
    repo: &R,
    user: &User,
    kind: Kind,
    input: &ListingInput,
) -> Result<Listing, ListingError> {
    if !user.is_seller() && user.role != Role::Admin {
        return Err(ListingError::NotASeller);
    }
    let cats = repo.categories().await?;
    let mut fields = Editable::empty(kind);
    let errors = apply(kind, &mut fields, input, &cats);
    if !errors.is_empty() {
        return Err(ListingError::Invalid(errors));
    }
    let id = new_id();
    repo.insert_listing(&id, &user.id, kind, &fields, now_ms()).await?;
    repo.listing(&id).await?.ok_or(ListingError::NotFound)
}

/// A listing as `viewer` may see it: public ones for everyone, the rest
/// for their seller and admins.
pub async fn viewable<R: ListingRepo>(repo: &R, viewer: Option<&User>, id: &str) -> Result<Listing, ListingError> {
    let listing = repo.listing(id).await?.ok_or(ListingError::NotFound)?;
    if listing.is_public() || viewer.is_some_and(|u| can_manage(u, &listing)) {
        Ok(listing)
    } else {
        Err(ListingError::NotFound)
    }
}

/// A listing `user` may change.
pub async fn manageable<R: ListingRepo>(repo: &R, user: &User, id: &str) -> Result<Listing, ListingError> {
    let listing = repo.listing(id).await?.ok_or(ListingError::NotFound)?;
    if can_manage(user, &listing) { Ok(listing) } else { Err(ListingError::NotFound) }
}

/// Saves changes. A listing that is no longer a draft must stay complete.
pub async fn update<R: ListingRepo>(
    repo: &R,
    user: &User,
    id: &str,
    input: &ListingInput,
) -> Result<Listing, ListingError> {
    let listing = manageable(repo, user, id).await?;
    let cats = repo.categories().await?;
    let mut fields = listing.fields.clone();
    let errors = apply(listing.kind, &mut fields, input, &cats);
    if !errors.is_empty() {
        return Err(ListingError::Invalid(errors));
    }
    if listing.status != Status::Draft {
        let missing = missing_for_publish(listing.kind, &fields, listing.photos.len());
        if !missing.is_empty() {
            return Err(ListingError::Invalid(missing));
        }
    }
    repo.update_fields(id, &fields, now_ms()).await?;
    repo.listing(id).await?.ok_or(ListingError::NotFound)
}

/// Takes a lifecycle action. Publishing needs a complete listing.
pub async fn act<R: ListingRepo>(repo: &R, user: &User, id: &str, action: Action) -> Result<Listing, ListingError> {
    let listing = manageable(repo, user, id).await?;
    let to = next_status(listing.status, action, listing.fields.offer)?;
    if action == Action::Publish {
        let missing = missing_for_publish(listing.kind, &listing.fields, listing.photos.len());
        if !missing.is_empty() {
            return Err(ListingError::Invalid(missing));
        }
    }
    if !repo.set_status(id, listing.status, to, action, now_ms()).await? {
        // Someone else moved it first; report against what it is now.
        let now = repo.listing(id).await?.ok_or(ListingError::NotFound)?;
        return Err(IllegalTransition { from: now.status, action }.into());
    }
    repo.listing(id).await?.ok_or(ListingError::NotFound)
}

/// Copies a listing into a new draft; returns the draft.
pub async fn duplicate<R: ListingRepo>(repo: &R, user: &User, id: &str) -> Result<Listing, ListingError> {
    manageable(repo, user, id).await?;
    let new = new_id();
    repo.duplicate(id, &new, now_ms()).await?;
    repo.listing(&new).await?.ok_or(ListingError::NotFound)
}

/// Deletes a draft and the photos no other listing uses.
pub async fn delete_draft<R: ListingRepo>(
    repo: &R,
    storage: &dyn PhotoStorage,
    user: &User,
    id: &str,
) -> Result<(), ListingError> {
    let listing = manageable(repo, user, id).await?;
    if listing.status != Status::Draft || !repo.delete_draft(id).await? {
        return Err(ListingError::NotADraft);
    }
    for p in &listing.photos {
        if !repo.photo_key_in_use(&p.image.key).await? {
            remove_variants(storage, &p.image.key, p.image.webp).await;
        }
    }
    Ok(())
}

/// Processes and attaches uploaded photos, in order. Each photo is checked,
/// re-encoded without metadata and stored before its row is written; a
/// photo that fails leaves nothing behind, and earlier ones stay.
pub async fn add_photos<R: ListingRepo + crate::trust::TrustRepo>(
    repo: &R,
    storage: &dyn PhotoStorage,
    pipeline: &PhotoPipeline,
    user: &User,
    id: &str,
    files: Vec<Bytes>,
) -> Result<Vec<Photo>, ListingError> {
    let listing = manageable(repo, user, id).await?;
    if listing.photos.len() as i64 + files.len() as i64 > MAX_PHOTOS {
        return Err(ListingError::TooManyPhotos);
    }
    for bytes in files {
        let processed = pipeline.process(bytes).await?;
        store_variants(storage, &processed).await?;
        let photo = NewPhoto {
            id: new_id(),
            key: processed.key.clone(),
            width: processed.width,
            height: processed.height,
            webp: true,
            phash: processed.phash,
        };
        let added = repo.add_photo(id, &photo, MAX_PHOTOS, now_ms()).await;
        match added {
            Ok(true) => {
                crate::trust::check_copied_photo(repo, &listing, &photo, now_ms()).await?;
            }
            Ok(false) | Err(_) => {
                if !repo.photo_key_in_use(&processed.key).await.unwrap_or(true) {
                    remove_variants(storage, &processed.key, true).await;
                }
                added?;
                return Err(ListingError::TooManyPhotos);
            }
        }
    }
    Ok(repo.listing(id).await?.ok_or(ListingError::NotFound)?.photos)
}

pub async fn delete_photo<R: ListingRepo>(
    repo: &R,
    storage: &dyn PhotoStorage,
    user: &User,
    id: &str,
    photo_id: &str,
) -> Result<(), ListingError> {
    let listing = manageable(repo, user, id).await?;
    let photo = listing.photos.iter().find(|p| p.id == photo_id).ok_or(ListingError::NotFound)?;
    if listing.status != Status::Draft && listing.photos.len() == 1 {
        // A live listing keeps at least one photo.
        return Err(ListingError::Invalid(FieldErrors::single("photos", "photos-required")));
    }
    let key = repo.delete_photo(id, photo_id).await?.ok_or(ListingError::NotFound)?;
    if !repo.photo_key_in_use(&key).await? {
        remove_variants(storage, &key, photo.image.webp).await;
    }
    Ok(())
}

/// Puts the photos in the given order; the first is the cover.
pub async fn reorder_photos<R: ListingRepo>(
    repo: &R,
    user: &User,
    id: &str,
    ids: &[String],
) -> Result<Vec<Photo>, ListingError> {
    manageable(repo, user, id).await?;
    if !repo.reorder_photos(id, ids).await? {
        return Err(ListingError::Invalid(FieldErrors::single("ids", "photo-order-mismatch")));
    }
    Ok(repo.listing(id).await?.ok_or(ListingError::NotFound)?.photos)
}

/// Moves one photo: to the front (`None`), or by `delta` places.
pub async fn move_photo<R: ListingRepo>(
    repo: &R,
    user: &User,
    id: &str,
    photo_id: &str,
    delta: Option<i64>,
) -> Result<Vec<Photo>, ListingError> {
    let listing = manageable(repo, user, id).await?;
    let mut ids: Vec<String> = listing.photos.iter().map(|p| p.id.clone()).collect();
    let from = ids.iter().position(|p| p == photo_id).ok_or(ListingError::NotFound)?;
    let moved = ids.remove(from);
    let to = match delta {
        None => 0,
        Some(d) => (from as i64 + d).clamp(0, ids.len() as i64) as usize,
    };
    ids.insert(to, moved);
    reorder_photos(repo, user, id, &ids).await
}

pub async fn seller_listings<R: ListingRepo>(repo: &R, user: &User) -> Result<Vec<SellerListing>, ListingError> {
    Ok(repo.seller_listings(&user.id).await?)
}

pub async fn seller_card<R: ListingRepo>(repo: &R, seller_id: &str) -> Result<Option<SellerCard>, StoreError> {
    repo.seller_card(seller_id, now_ms()).await
}

/// A public storefront: the store and its live listings.
pub async fn storefront<R: ListingRepo>(repo: &R, slug: &str) -> Result<(SellerCard, Vec<ListingCard>), ListingError> {
    let owner = repo.store_owner(slug).await?.ok_or(ListingError::NotFound)?;
    let card = repo.seller_card(&owner, now_ms()).await?.ok_or(ListingError::NotFound)?;
    let listings = repo.seller_cards(&owner, now_ms(), 200).await?;
    Ok((card, listings))
}

/// Mails every seller whose listing expires within three days, once per
/// listing and term. Returns how many were told.
pub async fn warn_expiring<R: ListingRepo>(repo: &R, site: &Site) -> Result<usize, StoreError> {
    let now = now_ms();
    let mut told = 0;
    for e in repo.expiring_unwarned(now, EXPIRY_WARNING_MS, 200).await? {
        let days = ((e.expires_at - now) as f64 / DAY_MS as f64).ceil().max(1.0) as i64;
        let mail = OutgoingMail::new(&e.seller_email, "mail-listing-expiring")
            .text("name", &e.seller_name)
            .text("listing", &e.title)
            .number("days", days)
            .text("link", site.link("/account/listings"));
        if repo.warn_expiring(&e.listing_id, &mail, now).await? {
            told += 1;
        }
    }
    Ok(told)
}

/// Records views, at most one per visitor, listing and day.
pub async fn record_views<R: ListingRepo>(repo: &R, views: &[(String, String)]) -> Result<(), StoreError> {
    if views.is_empty() {
        return Ok(());
    }
    repo.record_views(views, now_ms() / DAY_MS).await
}

/// Admin: adds a category under `parent` (a slug), or at the top.
pub async fn add_category<R: ListingRepo>(
    repo: &R,
    admin: &User,
    name: &str,
    slug: &str,
    kind: &str,
    parent: Option<&str>,
) -> Result<Category, ListingError> {
    if admin.role != Role::Admin {
        return Err(ListingError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let name = errors.check("name", crate::accounts::StoreName::parse(name));
    let slug = errors.check("slug", crate::accounts::Slug::parse(slug));
    let kind = errors.check("kind", super::fields::Kind::parse(kind));
    let cats = repo.categories().await?;
    let parent_id = match parent.filter(|p| !p.is_empty()) {
        Some(p) => match cats.iter().find(|c| c.slug == p) {
            Some(c) => Some(c.id.clone()),
            None => {
                errors.add("parent", "category-unknown");
                None
            }
        },
        None => None,
    };
    let (Some(name), Some(slug), Some(kind)) = (name, slug, kind) else {
        return Err(ListingError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ListingError::Invalid(errors));
    }
    let category = Category {
        id: new_id(),
        parent_id,
        slug: slug.as_str().to_string(),
        name: name.as_str().to_string(),
        kind: kind.as_str().to_string(),
        position: cats.len() as i64,
        retired: false,
    };
    match repo.add_category(&category).await {
        Ok(()) => Ok(category),
        Err(StoreError::Conflict(Conflict::CategorySlugTaken)) => {
            Err(ListingError::Invalid(FieldErrors::single("slug", "slug-taken")))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn rename_category<R: ListingRepo>(repo: &R, admin: &User, id: &str, name: &str) -> Result<(), ListingError> {
    if admin.role != Role::Admin {
        return Err(ListingError::NotFound);
    }
    let name = crate::accounts::StoreName::parse(name).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.check::<(), _>("name", Err(e));
        ListingError::Invalid(errors)
    })?;
    if repo.rename_category(id, name.as_str()).await? { Ok(()) } else { Err(ListingError::NotFound) }
}

pub async fn retire_category<R: ListingRepo>(
    repo: &R,
    admin: &User,
    id: &str,
    retired: bool,
) -> Result<(), ListingError> {
    if admin.role != Role::Admin {
        return Err(ListingError::NotFound);
    }
    let at = retired.then(now_ms);
    if repo.set_category_retired(id, at).await? { Ok(()) } else { Err(ListingError::NotFound) }
}
