//! Changes to a listing as pages and the API send them. Every field is
//! optional: absent means "leave as it is". Status, owner and timestamps are
//! not fields here at all, so no request can set them.
use super::fields::{self, Amenity, Bad, Condition, Kind, Offer, PropertyType};
use super::listing::Editable;
use crate::FieldErrors;
use crate::fields::Coded;
use serde::Serialize;

/// A category of the tree, as admins keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: String,
    pub parent_id: Option<String>,
    pub slug: String,
    pub name: String,
    /// `property` or `product`.
    pub kind: String,
    pub position: i64,
    pub retired: bool,
}

/// A price as typed on a page (shillings, text) or sent by the API (minor units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceInput {
    Text(String),
    Minor(i64),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListingInput {
    /// A product category slug. Property categories follow from the type.
    pub category: Option<String>,
    pub offer: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<PriceInput>,
    pub property_type: Option<String>,
    pub bedrooms: Option<String>,
    pub bathrooms: Option<String>,
    pub floor_area_m2: Option<String>,
    pub furnished: Option<bool>,
    pub parking: Option<bool>,
    pub amenities: Option<Vec<String>>,
    pub deposit_months: Option<String>,
    pub service_charge: Option<PriceInput>,
    pub available_from: Option<String>,
    pub condition: Option<String>,
    pub quantity: Option<String>,
    pub delivery: Option<bool>,
    pub pickup: Option<bool>,
    pub county: Option<String>,
    pub town: Option<String>,
    pub neighbourhood: Option<String>,
    pub lat: Option<String>,
    pub lng: Option<String>,
    pub show_exact_location: Option<bool>,
}

fn set<T>(errors: &mut FieldErrors, field: &'static str, target: &mut T, parsed: Result<T, Bad>) {
    match parsed {
        Ok(v) => *target = v,
        Err(b) => errors.add(field, b.code()),
    }
}

/// An optional number: empty clears it.
fn opt_count(raw: &str, range: std::ops::RangeInclusive<i64>, code: &'static str) -> Result<Option<i64>, Bad> {
    if raw.trim().is_empty() { Ok(None) } else { fields::parse_count(raw, range, code).map(Some) }
}

fn price(p: &PriceInput, allow_zero: bool) -> Result<Option<i64>, Bad> {
    match p {
        PriceInput::Text(t) if t.trim().is_empty() && allow_zero => Ok(None),
        PriceInput::Text(t) => fields::parse_kes(t, allow_zero).map(Some),
        PriceInput::Minor(m) => fields::check_minor(*m, allow_zero).map(Some),
    }
}

/// Applies `input` to `e`, collecting a field error for every bad value;
/// fields with errors keep their old value.
pub fn apply(kind: Kind, e: &mut Editable, input: &ListingInput, categories: &[Category]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if let Some(v) = &input.offer {
        set(&mut errors, "offer", &mut e.offer, Offer::parse(v));
    }
    if let Some(v) = &input.title {
        set(&mut errors, "title", &mut e.title, fields::parse_title(v));
    }
    if let Some(v) = &input.description {
        set(&mut errors, "description", &mut e.description, fields::parse_description(v));
    }
    if let Some(p) = &input.price {
        set(&mut errors, "price", &mut e.price_minor, price(p, false));
    }
    if let Some(v) = &input.county {
        let parsed = if v.trim().is_empty() { Ok(None) } else { fields::parse_county(v).map(|c| Some(c.to_string())) };
        set(&mut errors, "county", &mut e.county, parsed);
    }
    if let Some(v) = &input.town {
        set(&mut errors, "town", &mut e.town, fields::parse_place(v, ""));
    }
    if let Some(v) = &input.neighbourhood {
        set(&mut errors, "neighbourhood", &mut e.neighbourhood, fields::parse_place(v, ""));
    }
    if input.lat.is_some() || input.lng.is_some() {
        let lat = input.lat.as_deref().unwrap_or("");
        let lng = input.lng.as_deref().unwrap_or("");
        if lat.trim().is_empty() && lng.trim().is_empty() {
            e.lat = None;
            e.lng = None;
        } else {
            let la = fields::parse_coordinate(lat, 90.0, "lat-range");
            let ln = fields::parse_coordinate(lng, 180.0, "lng-range");
            match (la, ln) {
                (Ok(la), Ok(ln)) => match fields::check_pin(la, ln, e.county.as_deref()) {
                    Ok(()) => {
                        e.lat = Some(la);
                        e.lng = Some(ln);
                    }
                    Err(b) => errors.add("lat", b.code()),
                },
                (la, ln) => {
                    if let Err(b) = la {
                        errors.add("lat", b.code());
                    }
                    if let Err(b) = ln {
                        errors.add("lng", b.code());
                    }
                }
            }
        }
    }
    if let Some(v) = input.show_exact_location {
        e.show_exact_location = v;
    }
    match kind {
        Kind::Property => apply_property(e, input, categories, &mut errors),
        Kind::Product => apply_product(e, input, categories, &mut errors),
    }
    errors
}

fn category_id(categories: &[Category], slug: &str) -> Option<String> {
    categories.iter().find(|c| c.slug == slug && !c.retired).map(|c| c.id.clone())
}

fn apply_property(e: &mut Editable, input: &ListingInput, categories: &[Category], errors: &mut FieldErrors) {
    if let Some(v) = &input.property_type {
        set(errors, "property_type", &mut e.property_type, PropertyType::parse(v).map(Some));
    }
    if let Some(v) = &input.bedrooms {
        set(errors, "bedrooms", &mut e.bedrooms, opt_count(v, 0..=50, "bedrooms-range"));
    }
    if let Some(v) = &input.bathrooms {
        set(errors, "bathrooms", &mut e.bathrooms, opt_count(v, 0..=50, "bathrooms-range"));
    }
    if let Some(v) = &input.floor_area_m2 {
        set(errors, "floor_area_m2", &mut e.floor_area_m2, opt_count(v, 1..=1_000_000, "area-range"));
    }
    if let Some(v) = input.furnished {
        e.furnished = Some(v);
    }
    if let Some(v) = input.parking {
        e.parking = Some(v);
    }
    if let Some(list) = &input.amenities {
        let mut parsed = Vec::new();
        for code in list {
            match Amenity::parse(code) {
                Ok(a) => parsed.push(a),
                Err(b) => errors.add("amenities", b.code()),
            }
        }
        e.amenities = parsed;
    }
    if let Some(v) = &input.deposit_months {
        set(errors, "deposit_months", &mut e.deposit_months, opt_count(v, 0..=24, "deposit-range"));
    }
    if let Some(p) = &input.service_charge {
        set(errors, "service_charge", &mut e.service_charge_minor, price(p, true));
    }
    if let Some(v) = &input.available_from {
        let parsed = if v.trim().is_empty() { Ok(None) } else { fields::parse_date(v).map(Some) };
        set(errors, "available_from", &mut e.available_from, parsed);
    }
    // The category follows from the type and the offer.
    if let Some(t) = e.property_type {
        e.category_id = category_id(categories, t.category_slug(e.offer));
    }
}

fn apply_product(e: &mut Editable, input: &ListingInput, categories: &[Category], errors: &mut FieldErrors) {
    e.offer = Offer::Sale;
    if let Some(slug) = &input.category {
        match categories.iter().find(|c| c.slug == *slug && c.kind == "product" && !c.retired) {
            Some(c) => e.category_id = Some(c.id.clone()),
            None => errors.add("category", "category-unknown"),
        }
    }
    if let Some(v) = &input.condition {
        set(errors, "condition", &mut e.condition, Condition::parse(v).map(Some));
    }
    if let Some(v) = &input.quantity {
        set(errors, "quantity", &mut e.quantity, opt_count(v, 1..=1_000_000, "quantity-range"));
    }
    if let Some(v) = input.delivery {
        e.delivery = v;
    }
    if let Some(v) = input.pickup {
        e.pickup = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats() -> Vec<Category> {
        ["houses-rent", "houses-sale", "land-plots", "commercial", "phones-tablets"]
            .iter()
            .enumerate()
            .map(|(i, s)| Category {
                id: format!("c{i}"),
                parent_id: None,
                slug: s.to_string(),
                name: s.to_string(),
                kind: if i < 4 { "property".into() } else { "product".into() },
                position: i as i64,
                retired: false,
            })
            .collect()
    }

    #[test]
    fn applies_good_values_and_reports_bad_ones() {
        let mut e = Editable::empty(Kind::Property);
        let input = ListingInput {
            offer: Some("sale".into()),
            property_type: Some("plot".into()),
            title: Some("Quarter acre plot in Kitengela".into()),
            price: Some(PriceInput::Text("2,500,000".into())),
            bedrooms: Some("99".into()),
            county: Some("kajiado".into()),
            lat: Some("-1.47".into()),
            lng: Some("36.96".into()),
            ..Default::default()
        };
        let errors = apply(Kind::Property, &mut e, &input, &cats());
        assert_eq!(errors.code_for("bedrooms"), Some("bedrooms-range"));
        assert_eq!(e.county.as_deref(), Some("Kajiado"));
        assert_eq!(e.price_minor, Some(250_000_000));
        assert_eq!(e.category_id.as_deref(), Some("c2"), "plots go to land");
        assert_eq!(e.lat, Some(-1.47));
    }

    #[test]
    fn pins_outside_kenya_are_refused() {
        let mut e = Editable::empty(Kind::Property);
        let input = ListingInput {
            county: Some("Nairobi".into()),
            lat: Some("51.5".into()),
            lng: Some("-0.12".into()),
            ..Default::default()
        };
        let errors = apply(Kind::Property, &mut e, &input, &cats());
        assert_eq!(errors.code_for("lat"), Some("location-outside-kenya"));
        assert_eq!(e.lat, None);
    }

    #[test]
    fn products_take_a_product_category_only() {
        let mut e = Editable::empty(Kind::Product);
        let bad = ListingInput { category: Some("houses-rent".into()), ..Default::default() };
        assert_eq!(apply(Kind::Product, &mut e, &bad, &cats()).code_for("category"), Some("category-unknown"));
        let good =
            ListingInput { category: Some("phones-tablets".into()), quantity: Some("0".into()), ..Default::default() };
        let errors = apply(Kind::Product, &mut e, &good, &cats());
        assert_eq!(e.category_id.as_deref(), Some("c4"));
        assert_eq!(errors.code_for("quantity"), Some("quantity-range"));
    }
}
