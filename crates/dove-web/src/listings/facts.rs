//! The key facts of a listing, as a scannable list of translated lines.
use crate::ctx::Ctx;
use dove_domain::listings::{Kind, Listing};
use dove_domain::money::format_money;

pub struct Fact {
    pub label: String,
    pub value: String,
}

fn yes_no(ctx: &Ctx, v: bool) -> String {
    ctx.t(if v { "yes" } else { "no" })
}

pub fn facts(ctx: &Ctx, l: &Listing) -> Vec<Fact> {
    let f = &l.fields;
    let mut out = Vec::new();
    let mut add = |label: &str, value: String| out.push(Fact { label: ctx.t(label), value });
    match l.kind {
        Kind::Property => {
            if let Some(t) = f.property_type {
                add("fact-type", ctx.t(&format!("property-type-{}", t.as_str())));
            }
            if let Some(n) = f.bedrooms {
                add("fact-bedrooms", ctx.t_count("n-bedrooms", "n", n));
            }
            if let Some(n) = f.bathrooms {
                add("fact-bathrooms", ctx.t_count("n-bathrooms", "n", n));
            }
            if let Some(a) = f.floor_area_m2 {
                add("fact-area", format!("{a} m²"));
            }
            if let Some(v) = f.furnished {
                add("fact-furnished", yes_no(ctx, v));
            }
            if let Some(v) = f.parking {
                add("fact-parking", yes_no(ctx, v));
            }
            if !f.amenities.is_empty() {
                let names: Vec<String> =
                    f.amenities.iter().map(|a| ctx.t(&format!("amenity-{}", a.as_str()))).collect();
                add("fact-amenities", names.join(", "));
            }
            if let Some(d) = f.deposit_months {
                add("fact-deposit", ctx.t_count("n-months", "n", d));
            }
            if let Some(s) = f.service_charge_minor {
                add("fact-service-charge", format!("{} {}", format_money(s, &l.currency), ctx.t("per-month")));
            }
            if let Some(d) = &f.available_from {
                add("fact-available", d.clone());
            }
        }
        Kind::Product => {
            if let Some(c) = &l.category_name {
                add("fact-category", c.clone());
            }
            if let Some(c) = f.condition {
                add("fact-condition", ctx.t(&format!("condition-{}", c.as_str())));
            }
            if let Some(q) = f.quantity {
                add("fact-quantity", q.to_string());
            }
            let mut how = Vec::new();
            if f.delivery {
                how.push(ctx.t("delivery"));
            }
            if f.pickup {
                how.push(ctx.t("pickup"));
            }
            if !how.is_empty() {
                add("fact-delivery", how.join(", "));
            }
        }
    }
    out
}
