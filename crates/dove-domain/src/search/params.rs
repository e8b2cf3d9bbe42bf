//! The search's URL parameters, described once in [`PARAMS`]. Reading a
//! query string, writing one, refilling the results page's form, telling
//! whether a search is filtered, what a saved search keeps, and the API
//! document's parameters all come from this one table.
use super::{SearchParams, SearchQuery, Sort};
use crate::listings::fields::{Amenity, Condition, Offer, PropertyType};

/// What a parameter does to a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The words searched for.
    Text,
    /// Narrows the results; "Clear filters" removes it.
    Filter,
    /// Where to look: a point (or a town's centre), or the map's box.
    Place,
    /// How the results are ordered.
    Order,
    /// Which page; any other change goes back to the first.
    Page,
    /// How the results page shows them (a list or a map); the API ignores it.
    View,
}

/// The values a parameter takes, for documentation and clients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Values {
    /// Free text of at most this many characters (more is cut, not refused).
    Text(usize),
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A whole number in this range.
    Count(i64, i64),
    /// An amount in Kenya shillings: digits, with commas or two decimals.
    Shillings,
    /// A decimal number in this range.
    Number(f64, f64),
    /// A distance in kilometres: above zero, at most this.
    Distance(f64),
    /// `south,west,north,east` in degrees, south below north and west of east.
    BBox,
    /// A category's slug, from `GET /api/v1/categories`.
    CategorySlug,
    /// One of the county names (`places`).
    County,
    /// A town's name, as in `places`.
    Town,
}

/// Where a parameter's value lives in [`SearchParams`].
#[derive(Clone, Copy)]
enum Slot {
    /// `q`, always present (empty for none).
    Text,
    /// A repeated key (`amenity`).
    Many,
    /// One optional value.
    One(fn(&SearchParams) -> &Option<String>, fn(&mut SearchParams) -> &mut Option<String>),
}

/// One URL parameter of a search.
#[derive(Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub role: Role,
    pub values: Values,
    /// The results page's filter form carries it; the others arrive by links.
    pub in_form: bool,
    /// What it asks for, for the API document.
    pub doc: &'static str,
    slot: Slot,
    /// Its value in a checked query, written the canonical way.
    checked: fn(&SearchQuery) -> Vec<String>,
}

macro_rules! one {
    ($field:ident) => {
        Slot::One(|p| &p.$field, |p| &mut p.$field)
    };
}

fn opt(v: Option<impl ToString>) -> Vec<String> {
    v.map(|v| v.to_string()).into_iter().collect()
}

/// Minor units as shillings the way a person writes them: `25000`, `99.50`.
fn shillings(minor: i64) -> String {
    if minor % 100 == 0 { (minor / 100).to_string() } else { format!("{}.{:02}", minor / 100, minor % 100) }
}

const FURNISHED: &[&str] = &["yes", "no", "true", "false", "1", "0"];
const SORTS: &[&str] = &["relevance", "newest", "price_asc", "price_desc", "distance"];
const VIEWS: &[&str] = &["list", "map"];

/// Every search parameter, in the order URLs write them.
pub static PARAMS: &[Param] = &[
    Param {
        name: "q",
        role: Role::Text,
        values: Values::Text(super::MAX_QUERY_CHARS),
        in_form: true,
        doc: "Words to search for in titles, descriptions and places; typos and word beginnings match too.",
        slot: Slot::Text,
        checked: |q| if q.text.is_empty() { vec![] } else { vec![q.text.clone()] },
    },
    Param {
        name: "offer",
        role: Role::Filter,
        values: Values::OneOf(Offer::NAMES),
        in_form: true,
        doc: "For rent or for sale.",
        slot: one!(offer),
        checked: |q| opt(q.offer.map(Offer::as_str)),
    },
    Param {
        name: "category",
        role: Role::Filter,
        values: Values::CategorySlug,
        in_form: true,
        doc: "A category's slug, with its subcategories.",
        slot: one!(category),
        checked: |q| opt(q.category.as_ref()),
    },
    Param {
        name: "property_type",
        role: Role::Filter,
        values: Values::OneOf(PropertyType::NAMES),
        in_form: true,
        doc: "The kind of property.",
        slot: one!(property_type),
        checked: |q| opt(q.property_type.map(PropertyType::as_str)),
    },
    Param {
        name: "price_min",
        role: Role::Filter,
        values: Values::Shillings,
        in_form: true,
        doc: "The lowest price, in KES.",
        slot: one!(price_min),
        checked: |q| opt(q.price_min.map(shillings)),
    },
    Param {
        name: "price_max",
        role: Role::Filter,
        values: Values::Shillings,
        in_form: true,
        doc: "The highest price, in KES; not below `price_min`.",
        slot: one!(price_max),
        checked: |q| opt(q.price_max.map(shillings)),
    },
    Param {
        name: "bedrooms",
        role: Role::Filter,
        values: Values::Count(0, super::MAX_ROOMS),
        in_form: true,
        doc: "At least this many bedrooms.",
        slot: one!(bedrooms),
        checked: |q| opt(q.bedrooms_min),
    },
    Param {
        name: "bathrooms",
        role: Role::Filter,
        values: Values::Count(0, super::MAX_ROOMS),
        in_form: false,
        doc: "At least this many bathrooms.",
        slot: one!(bathrooms),
        checked: |q| opt(q.bathrooms_min),
    },
    Param {
        name: "furnished",
        role: Role::Filter,
        values: Values::OneOf(FURNISHED),
        in_form: true,
        doc: "Furnished (`yes`) or not (`no`).",
        slot: one!(furnished),
        checked: |q| opt(q.furnished.map(|f| if f { "yes" } else { "no" })),
    },
    Param {
        name: "amenity",
        role: Role::Filter,
        values: Values::OneOf(Amenity::NAMES),
        in_form: false,
        doc: "Has this amenity; repeat the parameter for several, all of which must be there.",
        slot: Slot::Many,
        checked: |q| q.amenities.clone(),
    },
    Param {
        name: "county",
        role: Role::Filter,
        values: Values::County,
        in_form: true,
        doc: "In this county.",
        slot: one!(county),
        checked: |q| opt(q.county.as_ref()),
    },
    Param {
        name: "town",
        role: Role::Filter,
        values: Values::Town,
        in_form: false,
        doc: "In this town.",
        slot: one!(town),
        checked: |q| opt(q.town.as_ref()),
    },
    Param {
        name: "condition",
        role: Role::Filter,
        values: Values::OneOf(Condition::NAMES),
        in_form: true,
        doc: "A product's condition.",
        slot: one!(condition),
        checked: |q| opt(q.condition.map(Condition::as_str)),
    },
    Param {
        name: "lat",
        role: Role::Place,
        values: Values::Number(-90.0, 90.0),
        in_form: false,
        doc: "The latitude of a point to search around; needs `lng`.",
        slot: one!(lat),
        checked: |q| if q.near.is_some() { vec![] } else { opt(q.point.map(|p| p.0)) },
    },
    Param {
        name: "lng",
        role: Role::Place,
        values: Values::Number(-180.0, 180.0),
        in_form: false,
        doc: "The longitude of that point; needs `lat`.",
        slot: one!(lng),
        checked: |q| if q.near.is_some() { vec![] } else { opt(q.point.map(|p| p.1)) },
    },
    Param {
        name: "near",
        role: Role::Place,
        values: Values::Town,
        in_form: true,
        doc: "A town whose centre is the point to search around (instead of `lat` and `lng`).",
        slot: one!(near),
        checked: |q| opt(q.near.as_ref()),
    },
    Param {
        name: "radius_km",
        role: Role::Filter,
        values: Values::Distance(super::MAX_RADIUS_KM),
        in_form: true,
        doc: "Within this many kilometres of the point (above 0, at most 500); needs a point.",
        slot: one!(radius_km),
        checked: |q| opt(q.radius_km),
    },
    Param {
        name: "bbox",
        role: Role::Place,
        values: Values::BBox,
        in_form: false,
        doc: "Inside the map's box: `south,west,north,east` in degrees.",
        slot: one!(bbox),
        checked: |q| opt(q.bbox.map(|(s, w, n, e)| format!("{s},{w},{n},{e}"))),
    },
    Param {
        name: "sort",
        role: Role::Order,
        values: Values::OneOf(SORTS),
        in_form: true,
        doc: "The order: by relevance (the default with words), newest first (the default without), by price, or by distance (needs a point).",
        slot: one!(sort),
        checked: |q| if q.sort == Sort::default_for(&q.text) { vec![] } else { vec![q.sort.as_str().to_string()] },
    },
    Param {
        name: "page",
        role: Role::Page,
        values: Values::Count(1, super::MAX_PAGE as i64),
        in_form: false,
        doc: "Which page of results, from 1.",
        slot: one!(page),
        checked: |q| if q.page == 1 { vec![] } else { vec![q.page.to_string()] },
    },
    Param {
        name: "view",
        role: Role::View,
        values: Values::OneOf(VIEWS),
        in_form: false,
        doc: "How the results page shows results; the API ignores it.",
        slot: one!(view),
        checked: |_| vec![],
    },
];

impl Param {
    /// Its values in `p`, blank ones left out.
    pub fn values_in<'a>(&self, p: &'a SearchParams) -> Vec<&'a str> {
        let all: Vec<&str> = match self.slot {
            Slot::Text => vec![p.q.as_str()],
            Slot::Many => p.amenity.iter().map(String::as_str).collect(),
            Slot::One(get, _) => get(p).as_deref().into_iter().collect(),
        };
        all.into_iter().filter(|v| !v.trim().is_empty()).collect()
    }

    fn set(&self, p: &mut SearchParams, v: String) {
        match self.slot {
            Slot::Text => p.q = v,
            Slot::Many => p.amenity.push(v),
            Slot::One(_, slot) => *slot(p) = Some(v),
        }
    }

    fn clear(&self, p: &mut SearchParams) {
        match self.slot {
            Slot::Text => p.q.clear(),
            Slot::Many => p.amenity.clear(),
            Slot::One(_, slot) => *slot(p) = None,
        }
    }

    /// Whether the key may repeat, each time with one more value.
    pub fn repeated(&self) -> bool {
        matches!(self.slot, Slot::Many)
    }

    /// Whether a saved search keeps it: everything but the order, the page
    /// and the view.
    pub fn saved(&self) -> bool {
        !matches!(self.role, Role::Order | Role::Page | Role::View)
    }
}

/// The parameter named `name`.
pub fn param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

impl SearchParams {
    /// Parameters from a URL query string. Repeated keys (`amenity`)
    /// collect into a list, which serde_urlencoded cannot do; unknown keys
    /// are ignored.
    pub fn from_query(raw: &str) -> SearchParams {
        let mut p = SearchParams::default();
        for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
            if let Some(param) = param(&k) {
                param.set(&mut p, v.into_owned());
            }
        }
        p
    }

    /// This search with `name` set to `value` (or removed, for `None`).
    pub fn with(mut self, name: &str, value: Option<&str>) -> SearchParams {
        if let Some(param) = param(name) {
            param.clear(&mut self);
            if let Some(v) = value {
                param.set(&mut self, v.to_string());
            }
        }
        self
    }

    /// As a query string (without `?`): every non-blank value, in
    /// [`PARAMS`] order.
    pub fn to_query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for param in PARAMS {
            for v in param.values_in(self) {
                s.append_pair(param.name, v);
            }
        }
        s.finish()
    }

    /// Whether anything narrows the results (see [`Role::Filter`]).
    pub fn has_filters(&self) -> bool {
        PARAMS.iter().any(|param| param.role == Role::Filter && !param.values_in(self).is_empty())
    }

    /// Only what a saved search keeps, with the words trimmed.
    pub fn saved_part(&self) -> SearchParams {
        let mut out = SearchParams::default();
        for param in PARAMS.iter().filter(|p| p.saved()) {
            for v in param.values_in(self) {
                param.set(&mut out, v.trim().to_string());
            }
        }
        out
    }
}

impl SearchQuery {
    /// The checked search written back as parameters, each the canonical
    /// way (`price_min=25000`, not `KES 25,000`): what links and the form
    /// on its results page are built from.
    pub fn params(&self) -> SearchParams {
        let mut p = SearchParams::default();
        for param in PARAMS {
            for v in (param.checked)(self) {
                param.set(&mut p, v);
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_params_has_one_row() {
        let mut names: Vec<&str> = PARAMS.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PARAMS.len(), "no parameter twice");
        // Each row reads and writes its own field: a value set through a
        // row comes back out of that row only.
        for param in PARAMS {
            let p = SearchParams::default().with(param.name, Some("x"));
            let holding: Vec<&str> = PARAMS.iter().filter(|o| !o.values_in(&p).is_empty()).map(|o| o.name).collect();
            assert_eq!(holding, vec![param.name]);
        }
    }

    #[test]
    fn a_query_string_round_trips() {
        let raw = "q=flat&offer=rent&amenity=water&amenity=wifi&near=Nakuru&radius_km=5&view=map&page=2&junk=1";
        let p = SearchParams::from_query(raw);
        assert_eq!(p.amenity, vec!["water", "wifi"]);
        assert_eq!(p.view.as_deref(), Some("map"));
        assert_eq!(SearchParams::from_query(&p.to_query()), p);
        assert!(p.has_filters());
        assert!(!SearchParams::from_query("q=flat&near=Nakuru&sort=newest").has_filters());
        let saved = p.saved_part();
        assert_eq!((saved.page, saved.view, saved.near.as_deref()), (None, None, Some("Nakuru")));
    }

    #[test]
    fn the_checked_query_writes_canonical_values() {
        let raw = "q=+flat+&price_min=KES+25%2C000&price_max=99999.5&near=nakuru&furnished=true&page=1&sort=relevance";
        let q = SearchQuery::parse(&SearchParams::from_query(raw), &[]).unwrap();
        assert_eq!(q.params().to_query(), "q=flat&price_min=25000&price_max=99999.50&furnished=yes&near=Nakuru");
        let q = SearchQuery::parse(&SearchParams::from_query("lat=-1.5&lng=36.8&sort=distance"), &[]).unwrap();
        assert_eq!(q.params().to_query(), "lat=-1.5&lng=36.8&sort=distance");
    }
}
