//! Listing fields as values that can only be valid: each raw input is
//! parsed once, and a parse error carries the code shown beside its field.
use crate::fields::Coded;
use crate::places;
use serde::Serialize;

/// A field problem, by its stable code (translated as `err-{code}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bad(pub &'static str);

impl Coded for Bad {
    fn code(&self) -> &'static str {
        self.0
    }
}

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $bad:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The codes of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($code),+];

            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(raw: &str) -> Result<$name, Bad> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(Bad($bad)),
                }
            }
        }
    };
}

code_enum!(
    /// Houses and land, or things.
    Kind, "kind-unknown", { Property => "property", Product => "product" }
);
code_enum!(
    /// For rent (priced per month) or for sale.
    Offer, "offer-unknown", { Rent => "rent", Sale => "sale" }
);
code_enum!(
    PropertyType, "property-type-unknown", {
        Bedsitter => "bedsitter", SingleRoom => "single_room", Studio => "studio", Apartment => "apartment",
        Bungalow => "bungalow", Maisonette => "maisonette", Townhouse => "townhouse", Villa => "villa",
        Plot => "plot", Office => "office", Shop => "shop",
    }
);
code_enum!(
    Condition, "condition-unknown", { New => "new", Used => "used", Refurbished => "refurbished" }
);
code_enum!(
    Amenity, "amenity-unknown", {
        Water => "water", Security => "security", BackupPower => "backup-power", Wifi => "wifi",
        Lift => "lift", Pool => "pool", Garden => "garden", Pets => "pets",
    }
);

impl PropertyType {
    /// Homes have bedrooms and bathrooms; land and business premises do not.
    pub fn is_residential(self) -> bool {
        !matches!(self, PropertyType::Plot | PropertyType::Office | PropertyType::Shop)
    }

    /// The category a property of this type and offer belongs in.
    pub fn category_slug(self, offer: Offer) -> &'static str {
        match (self, offer) {
            (PropertyType::Plot, _) => "land-plots",
            (PropertyType::Office | PropertyType::Shop, _) => "commercial",
            (_, Offer::Rent) => "houses-rent",
            (_, Offer::Sale) => "houses-sale",
        }
    }
}

/// Amenities as stored: codes in a fixed order, comma-separated.
pub fn amenities_to_stored(list: &[Amenity]) -> String {
    Amenity::ALL.iter().filter(|a| list.contains(a)).map(|a| a.as_str()).collect::<Vec<_>>().join(",")
}

pub fn amenities_from_stored(s: &str) -> Vec<Amenity> {
    s.split(',').filter_map(|c| Amenity::parse(c).ok()).collect()
}

fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title: one line, 5 to 100 characters.
pub fn parse_title(raw: &str) -> Result<String, Bad> {
    let t = one_line(raw);
    match t.chars().count() {
        0..=4 => Err(Bad("title-short")),
        5..=100 => Ok(t),
        _ => Err(Bad("title-long")),
    }
}

/// A description: plain text, line breaks kept, at most 5,000 characters.
pub fn parse_description(raw: &str) -> Result<String, Bad> {
    let d: String = raw.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    let d = d.trim().to_string();
    if d.chars().count() > 5000 { Err(Bad("description-long")) } else { Ok(d) }
}

/// The most a listing may cost: 10 billion shillings. Anything above is a
/// typo or a joke, and would break sorting and sums.
const MAX_PRICE_KES: i64 = 10_000_000_000;

/// A price typed by a person, in shillings: `45000`, `45,000`, `KES 45,000`,
/// `1,250.50`. Returns minor units (cents).
pub fn parse_kes(raw: &str, allow_zero: bool) -> Result<i64, Bad> {
    let mut s = raw.trim().to_ascii_lowercase();
    for prefix in ["kes", "ksh", "kshs", "sh"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start_matches('.').trim().to_string();
            break;
        }
    }
    let s: String = s.chars().filter(|c| *c != ',' && *c != ' ' && *c != '_').collect();
    if s.is_empty() {
        return Err(Bad("price-invalid"));
    }
    if s.starts_with('-') {
        return Err(Bad("price-not-positive"));
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
    {
        return Err(Bad("price-invalid"));
    }
    if whole.len() > 12 {
        return Err(Bad("price-absurd"));
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| Bad("price-invalid"))? };
    let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    if whole > MAX_PRICE_KES {
        return Err(Bad("price-absurd"));
    }
    let minor = whole * 100 + cents;
    if minor == 0 && !allow_zero {
        return Err(Bad("price-not-positive"));
    }
    Ok(minor)
}

/// A price given in minor units (the API).
pub fn check_minor(minor: i64, allow_zero: bool) -> Result<i64, Bad> {
    if minor < 0 || (minor == 0 && !allow_zero) {
        Err(Bad("price-not-positive"))
    } else if minor > MAX_PRICE_KES * 100 {
        Err(Bad("price-absurd"))
    } else {
        Ok(minor)
    }
}

/// A whole number in `range`, or `code` when it is out of it or not a number.
pub fn parse_count(raw: &str, range: std::ops::RangeInclusive<i64>, code: &'static str) -> Result<i64, Bad> {
    let n: i64 = raw.trim().parse().map_err(|_| Bad(code))?;
    if range.contains(&n) { Ok(n) } else { Err(Bad(code)) }
}

/// A calendar date, `YYYY-MM-DD`, between 2000 and 2100.
pub fn parse_date(raw: &str) -> Result<String, Bad> {
    let s = raw.trim();
    let bad = Bad("date-invalid");
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad);
    }
    let y: i64 = parts[0].parse().map_err(|_| bad)?;
    let m: i64 = parts[1].parse().map_err(|_| bad)?;
    let d: i64 = parts[2].parse().map_err(|_| bad)?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad),
    };
    if !(2000..=2100).contains(&y) || d < 1 || d > days {
        return Err(bad);
    }
    Ok(s.to_string())
}

/// A county from the bundled list, in its canonical spelling.
pub fn parse_county(raw: &str) -> Result<&'static str, Bad> {
    places::county(raw).map(|c| c.name).ok_or(Bad("county-unknown"))
}

/// A town or neighbourhood name: one line, at most 80 characters.
pub fn parse_place(raw: &str, empty_code: &'static str) -> Result<Option<String>, Bad> {
    let s = one_line(raw);
    if s.is_empty() {
        return if empty_code.is_empty() { Ok(None) } else { Err(Bad(empty_code)) };
    }
    if s.chars().count() > 80 { Err(Bad("place-long")) } else { Ok(Some(s)) }
}

pub fn parse_coordinate(raw: &str, limit: f64, code: &'static str) -> Result<f64, Bad> {
    let v: f64 = raw.trim().parse().map_err(|_| Bad(code))?;
    if v.is_finite() && v.abs() <= limit { Ok(v) } else { Err(Bad(code)) }
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lng1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lng2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().asin()
}

/// How far a pin may be from the nearest town of its county.
const MAX_KM_FROM_COUNTY: f64 = 120.0;

/// Checks a pin against Kenya, and against its county when one is given.
pub fn check_pin(lat: f64, lng: f64, county: Option<&str>) -> Result<(), Bad> {
    if !places::in_kenya(lat, lng) {
        return Err(Bad("location-outside-kenya"));
    }
    if let Some(c) = county.and_then(places::county) {
        let near = c.towns.iter().any(|t| distance_km((lat, lng), (t.lat, t.lng)) <= MAX_KM_FROM_COUNTY);
        if !near {
            return Err(Bad("location-far-from-county"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices() {
        assert_eq!(parse_kes("45000", false), Ok(4_500_000));
        assert_eq!(parse_kes("KES 45,000", false), Ok(4_500_000));
        assert_eq!(parse_kes("Ksh. 1,250.5", false), Ok(125_050));
        assert_eq!(parse_kes("0", false), Err(Bad("price-not-positive")));
        assert_eq!(parse_kes("0", true), Ok(0));
        assert_eq!(parse_kes("-5", false), Err(Bad("price-not-positive")));
        assert_eq!(parse_kes("abc", false), Err(Bad("price-invalid")));
        assert_eq!(parse_kes("12.345", false), Err(Bad("price-invalid")));
        assert_eq!(parse_kes("", false), Err(Bad("price-invalid")));
        assert_eq!(parse_kes("99999999999999", false), Err(Bad("price-absurd")));
        assert_eq!(parse_kes("20000000000", false), Err(Bad("price-absurd")));
        assert_eq!(check_minor(-1, false), Err(Bad("price-not-positive")));
        assert_eq!(check_minor(i64::MAX, false), Err(Bad("price-absurd")));
    }

    #[test]
    fn titles_and_counts() {
        assert_eq!(parse_title("  Nice \n flat  "), Ok("Nice flat".to_string()));
        assert_eq!(parse_title("abc"), Err(Bad("title-short")));
        assert_eq!(parse_title(&"x".repeat(101)), Err(Bad("title-long")));
        assert_eq!(parse_description("a\r\nb\u{0}c"), Ok("a\nbc".to_string()));
        assert_eq!(parse_count("3", 0..=50, "bedrooms-range"), Ok(3));
        assert_eq!(parse_count("51", 0..=50, "bedrooms-range"), Err(Bad("bedrooms-range")));
        assert_eq!(parse_count("two", 0..=50, "bedrooms-range"), Err(Bad("bedrooms-range")));
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-12-01").is_ok());
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("2027-02-29").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("1/12/2026").is_err());
    }

    #[test]
    fn pins() {
        assert_eq!(check_pin(-1.2921, 36.7856, Some("Nairobi")), Ok(()));
        assert_eq!(check_pin(51.5, -0.12, Some("Nairobi")), Err(Bad("location-outside-kenya")));
        assert_eq!(check_pin(-4.04, 39.67, Some("Nairobi")), Err(Bad("location-far-from-county")));
        assert_eq!(parse_coordinate("91", 90.0, "lat-range"), Err(Bad("lat-range")));
        let nbo_msa = distance_km((-1.2864, 36.8172), (-4.0435, 39.6682));
        assert!((430.0..450.0).contains(&nbo_msa), "{nbo_msa}");
    }

    #[test]
    fn enums() {
        assert_eq!(PropertyType::parse("single_room"), Ok(PropertyType::SingleRoom));
        assert_eq!(PropertyType::Plot.category_slug(Offer::Sale), "land-plots");
        assert_eq!(amenities_to_stored(&[Amenity::Pool, Amenity::Water]), "water,pool");
        assert_eq!(amenities_from_stored("water,bogus,pool"), vec![Amenity::Water, Amenity::Pool]);
    }
}
