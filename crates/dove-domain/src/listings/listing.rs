//! A listing as stored and shown, and the editable part of it.
use super::card::{PhotoRef, slugify};
use super::fields::{Amenity, Condition, Kind, Offer, PropertyType};
use super::lifecycle::Status;
use crate::money::format_money;
use serde::Serialize;

/// One photo of a listing, in display order (position 0 is the cover).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    pub id: String,
    pub position: i64,
    #[serde(flatten)]
    pub image: PhotoRef,
}

/// What the seller edits. Drafts may leave much of it empty; publishing
/// requires it complete (see [`missing_for_publish`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Editable {
    pub category_id: Option<String>,
    pub offer: Offer,
    pub title: String,
    pub description: String,
    pub price_minor: Option<i64>,
    pub property_type: Option<PropertyType>,
    pub bedrooms: Option<i64>,
    pub bathrooms: Option<i64>,
    pub floor_area_m2: Option<i64>,
    pub furnished: Option<bool>,
    pub parking: Option<bool>,
    pub amenities: Vec<Amenity>,
    pub deposit_months: Option<i64>,
    pub service_charge_minor: Option<i64>,
    pub available_from: Option<String>,
    pub condition: Option<Condition>,
    pub quantity: Option<i64>,
    pub delivery: bool,
    pub pickup: bool,
    pub county: Option<String>,
    pub town: Option<String>,
    pub neighbourhood: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub show_exact_location: bool,
}

impl Editable {
    /// A new draft's fields.
    pub fn empty(kind: Kind) -> Editable {
        Editable {
            category_id: None,
            offer: if kind == Kind::Property { Offer::Rent } else { Offer::Sale },
            title: String::new(),
            description: String::new(),
            price_minor: None,
            property_type: None,
            bedrooms: None,
            bathrooms: None,
            floor_area_m2: None,
            furnished: None,
            parking: None,
            amenities: vec![],
            deposit_months: None,
            service_charge_minor: None,
            available_from: None,
            condition: None,
            quantity: None,
            delivery: false,
            pickup: true,
            county: None,
            town: None,
            neighbourhood: None,
            lat: None,
            lng: None,
            show_exact_location: false,
        }
    }
}

/// The seller as a listing page introduces them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SellerCard {
    pub user_id: String,
    pub store_name: String,
    pub store_slug: String,
    pub member_since: i64,
    pub active_listings: i64,
    /// From public reviews by buyers and visitors: "4.8 ★ (23)".
    pub rating: crate::reviews::Rating,
    /// The seller proved their phone with a code.
    pub phone_verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    pub id: String,
    pub seller_id: String,
    pub kind: Kind,
    pub category_name: Option<String>,
    pub status: Status,
    #[serde(flatten)]
    pub fields: Editable,
    pub currency: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub view_count: i64,
    pub photos: Vec<Photo>,
    /// Taken down by an admin, or by its seller's suspension: off search
    /// and off its public page.
    pub hidden: bool,
}

/// Where the public map puts a listing whose exact pin is private: a circle
/// of this radius around the centre of the pin's grid cell (see
/// [`public_point`]), which always holds the pin.
pub const APPROXIMATE_RADIUS_M: i64 = 500;

impl Listing {
    pub fn url(&self) -> String {
        format!("/l/{}-{}", self.id, slugify(&self.fields.title))
    }

    pub fn is_expired(&self, now: i64) -> bool {
        self.status == Status::Published && self.expires_at.is_some_and(|e| e <= now)
    }

    /// Buyers can see the page: live, or sold/rented/expired (shown as no
    /// longer available, so shared links still explain themselves).
    pub fn is_public(&self) -> bool {
        !self.hidden && matches!(self.status, Status::Published | Status::Sold | Status::Rented)
    }

    /// Live and contactable.
    pub fn is_available(&self, now: i64) -> bool {
        !self.hidden && self.status == Status::Published && !self.is_expired(now)
    }

    pub fn price_label(&self) -> String {
        self.fields.price_minor.map(|p| format_money(p, &self.currency)).unwrap_or_default()
    }

    pub fn is_rent(&self) -> bool {
        self.fields.offer == Offer::Rent
    }

    pub fn photo_count(&self) -> i64 {
        self.photos.len() as i64
    }

    pub fn cover(&self) -> Option<&PhotoRef> {
        self.photos.first().map(|p| &p.image)
    }

    /// "Kilimani, Nairobi" (or just the town).
    pub fn place(&self) -> String {
        let town = self.fields.town.clone().unwrap_or_default();
        match &self.fields.neighbourhood {
            Some(n) if !n.is_empty() => format!("{n}, {town}"),
            _ => town,
        }
    }

    /// The point the public map shows: the pin if the seller chose to show
    /// it, otherwise the centre of its grid cell.
    pub fn public_point(&self) -> Option<(f64, f64)> {
        Some(public_point(self.fields.lat?, self.fields.lng?, self.fields.show_exact_location))
    }
}

/// The side of a cell of the grid that hides private pins, in degrees
/// (about 556 m north–south; east–west a little less away from the
/// equator, at least 554 m anywhere in Kenya).
pub const GRID_DEG: f64 = 0.005;

/// The point the public sees for a pin: the pin itself if the seller chose
/// to show it, otherwise the centre of its grid cell. Every pin in a cell
/// gives the same point, so the point says which cell the pin is in and
/// nothing more: unlike an offset, however it is derived, there is nothing
/// to subtract. The pin is at most half a cell's diagonal (about 393 m)
/// from the centre, inside the [`APPROXIMATE_RADIUS_M`] circle.
pub fn public_point(lat: f64, lng: f64, exact: bool) -> (f64, f64) {
    if exact {
        return (lat, lng);
    }
    let centre = |v: f64| {
        let c = ((v / GRID_DEG).floor() + 0.5) * GRID_DEG;
        // Printed figures carry no float noise: a whole number of micro-degrees.
        (c * 1e6).round() / 1e6
    };
    (centre(lat), centre(lng))
}

/// The fields still needed before a listing can be published, as field
/// errors with the code `required` (or a specific one).
pub fn missing_for_publish(kind: Kind, f: &Editable, photo_count: usize) -> crate::FieldErrors {
    let mut e = crate::FieldErrors::default();
    if f.title.chars().count() < 5 {
        e.add("title", "required");
    }
    if f.description.chars().count() < 20 {
        e.add("description", "description-short");
    }
    if f.price_minor.is_none() {
        e.add("price", "required");
    }
    if f.county.is_none() {
        e.add("county", "required");
    }
    if f.town.is_none() {
        e.add("town", "required");
    }
    if f.lat.is_none() || f.lng.is_none() {
        e.add("lat", "required");
    }
    if photo_count == 0 {
        e.add("photos", "photos-required");
    }
    if f.category_id.is_none() {
        e.add("category", "required");
    }
    match kind {
        Kind::Property => match f.property_type {
            None => e.add("property_type", "required"),
            Some(t) if t.is_residential() => {
                if f.bedrooms.is_none() {
                    e.add("bedrooms", "required");
                }
                if f.bathrooms.is_none() {
                    e.add("bathrooms", "required");
                }
            }
            Some(_) => {}
        },
        Kind::Product => {
            if f.condition.is_none() {
                e.add("condition", "required");
            }
            if f.quantity.is_none() {
                e.add("quantity", "required");
            }
            if !f.delivery && !f.pickup {
                e.add("delivery", "delivery-or-pickup");
            }
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_private_pin_in_a_cell_publishes_its_centre() {
        let centre = public_point(-1.2921, 36.7856, false);
        // A 20 × 20 sweep of the cell: one point for all, each pin within
        // the circle the map draws.
        for i in 0..20 {
            for j in 0..20 {
                let lat = -1.295 + GRID_DEG * (i as f64 + 0.5) / 20.0;
                let lng = 36.785 + GRID_DEG * (j as f64 + 0.5) / 20.0;
                let p = public_point(lat, lng, false);
                assert_eq!(p, centre, "({lat}, {lng})");
                let d = (((p.0 - lat) * 111_320.0).powi(2) + ((p.1 - lng) * 111_320.0).powi(2)).sqrt();
                assert!(d < APPROXIMATE_RADIUS_M as f64, "{d} m");
            }
        }
        assert_ne!(public_point(-1.2899, 36.7856, false), centre, "the next cell north");
        assert_eq!(public_point(-1.2921, 36.7856, true), (-1.2921, 36.7856), "a pin the seller shows");
    }
}
