//! Renting through the platform. A short stay is booked by the night from
//! an availability calendar the host keeps (a nightly price, a shortest
//! stay, dates they block); a long-term let is reserved with a move-in day
//! and a holding deposit of one month's rent. Either is an order: paid into
//! escrow, and released to the seller when the guest confirms arrival (or
//! the tenant moves in), or by itself a little later if nobody complains.
//!
//! Nights are rows keyed by (listing, night), so two bookings of the same
//! night cannot both be written, whatever the concurrency.
use crate::accounts::User;
use crate::clock::{Day, now_ms};
use crate::error::Conflict;
use crate::listings::{Kind, ListingRepo, Offer};
use crate::money::format_money;
use crate::orders::{Booking, Fulfilment, Item, NewOrder, Order, OrderError, OrderKind, OrderRepo, PAY_WITHIN_MS};
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;

/// The longest stay booked at once.
pub const MAX_NIGHTS: i64 = 60;
/// How far ahead a stay can be booked or a move-in day chosen.
pub const BOOK_AHEAD_DAYS: i64 = 365;
/// The most days a host blocks in one go.
pub const MAX_BLOCK_DAYS: i64 = 366;

/// A listing let by the night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StaySettings {
    pub nightly_price_minor: i64,
    pub min_nights: i64,
}

impl StaySettings {
    pub fn price_label(&self) -> String {
        format_money(self.nightly_price_minor, "KES")
    }
}

/// How a night on the calendar stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NightState {
    Free,
    Booked,
    Blocked,
    Past,
}

impl NightState {
    pub fn as_str(self) -> &'static str {
        match self {
            NightState::Free => "free",
            NightState::Booked => "booked",
            NightState::Blocked => "blocked",
            NightState::Past => "past",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Night {
    pub day: Day,
    pub state: NightState,
}

impl Night {
    pub fn day_of_month(&self) -> i64 {
        self.day.ymd().2
    }
}

/// One month of a listing's calendar, Monday-first weeks, with empty cells
/// before the first and after the last day.
#[derive(Debug, Clone, Serialize)]
pub struct Month {
    pub first: Day,
    pub weeks: Vec<Vec<Option<Night>>>,
}

impl Month {
    /// "December 2026".
    pub fn label(&self) -> String {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let (y, m, _) = self.first.ymd();
        format!("{} {y}", NAMES[(m - 1) as usize])
    }

    /// `2026-12`, for links to this month.
    pub fn key(&self) -> String {
        self.first.to_string()[..7].to_string()
    }

    pub fn nights(&self) -> impl Iterator<Item = &Night> {
        self.weeks.iter().flatten().flatten()
    }
}

pub trait BookingRepo: Send + Sync {
    /// How the listing is let through the platform, in one read: its stay
    /// settings (if let by the night), and whether a tenant holds its
    /// long-term let (paid, or paying now).
    fn rental_terms(
        &self,
        listing_id: &str,
    ) -> impl Future<Output = Result<(Option<StaySettings>, bool), StoreError>> + Send;
    fn save_stay_settings(
        &self,
        listing_id: &str,
        s: &StaySettings,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The taken nights from `from` up to (not including) `to`: true for
    /// booked, false for blocked by the host.
    fn taken_nights(
        &self,
        listing_id: &str,
        from: Day,
        to: Day,
    ) -> impl Future<Output = Result<Vec<(Day, bool)>, StoreError>> + Send;
    /// Blocks the free nights among `days` (or unblocks the blocked ones);
    /// booked nights stay as they are. Returns how many changed.
    fn set_blocked(
        &self,
        listing_id: &str,
        days: &[Day],
        blocked: bool,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

/// What a listing offers for renting through the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rental {
    /// By the night.
    Stay(StaySettings),
    /// Long-term, reserved with a deposit of this much; `held` while a
    /// tenant has reserved it.
    Let { deposit_minor: i64, held: bool },
    /// Not a rental.
    None,
}

/// How the listing rents: nightly if its host set a nightly price, else a
/// long-term let with one month's rent as the holding deposit.
pub async fn rental_of<R: BookingRepo>(repo: &R, listing: &crate::listings::Listing) -> Result<Rental, StoreError> {
    if listing.kind != Kind::Property || listing.fields.offer != Offer::Rent {
        return Ok(Rental::None);
    }
    let (stay, held) = repo.rental_terms(&listing.id).await?;
    if let Some(s) = stay {
        return Ok(Rental::Stay(s));
    }
    Ok(listing.fields.price_minor.map_or(Rental::None, |p| Rental::Let { deposit_minor: p, held }))
}

/// The month of a listing's calendar starting at `first` (any day of it).
pub async fn month<R: BookingRepo>(repo: &R, listing_id: &str, any_day: Day, now: i64) -> Result<Month, StoreError> {
    let first = any_day.month_start();
    let end = first.next_month();
    let taken = repo.taken_nights(listing_id, first, end).await?;
    let today = Day::today(now);
    let mut weeks = Vec::new();
    let mut week: Vec<Option<Night>> = vec![None; first.weekday() as usize];
    for d in first.0..end.0 {
        let day = Day(d);
        let state = match taken.iter().find(|(t, _)| *t == day) {
            _ if day < today => NightState::Past,
            Some((_, true)) => NightState::Booked,
            Some((_, false)) => NightState::Blocked,
            None => NightState::Free,
        };
        week.push(Some(Night { day, state }));
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
    }
    if !week.is_empty() {
        week.resize(7, None);
        weeks.push(week);
    }
    Ok(Month { first, weeks })
}

/// A listing the user may manage: theirs, a rental.
async fn own_rental<R: ListingRepo>(
    repo: &R,
    seller: &User,
    listing_id: &str,
) -> Result<crate::listings::Listing, OrderError> {
    let l = repo.listing(listing_id).await?.ok_or(OrderError::NotFound)?;
    if l.seller_id != seller.id {
        return Err(OrderError::NotFound);
    }
    if l.kind != Kind::Property || l.fields.offer != Offer::Rent {
        return Err(OrderError::Invalid(FieldErrors::single("listing_id", "stay-not-rental")));
    }
    Ok(l)
}

/// The host lets the place by the night at `nightly_price_minor`, for at
/// least `min_nights`.
pub async fn set_stay<R: BookingRepo + ListingRepo>(
    repo: &R,
    seller: &User,
    listing_id: &str,
    nightly_price_minor: Result<i64, &'static str>,
    min_nights: i64,
) -> Result<StaySettings, OrderError> {
    own_rental(repo, seller, listing_id).await?;
    let mut errors = FieldErrors::default();
    // The API's number gets the same bounds as the page's typed price.
    match nightly_price_minor {
        Ok(p) if p < 100 => errors.add("nightly_price", "price-not-positive"),
        Ok(p) => {
            if let Err(crate::listings::fields::Bad(code)) = crate::listings::fields::check_minor(p, false) {
                errors.add("nightly_price", code);
            }
        }
        Err(code) => errors.add("nightly_price", code),
    }
    if !(1..=30).contains(&min_nights) {
        errors.add("min_nights", "min-nights-range");
    }
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    let s = StaySettings { nightly_price_minor: nightly_price_minor.unwrap_or(0), min_nights };
    repo.save_stay_settings(listing_id, &s, now_ms()).await?;
    Ok(s)
}

/// The host blocks (or frees) the nights from `from` to `to`, both included.
pub async fn block<R: BookingRepo + ListingRepo>(
    repo: &R,
    seller: &User,
    listing_id: &str,
    from: Option<Day>,
    to: Option<Day>,
    blocked: bool,
) -> Result<u64, OrderError> {
    own_rental(repo, seller, listing_id).await?;
    let today = Day::today(now_ms());
    let mut errors = FieldErrors::default();
    match from {
        None => errors.add("from", "date-invalid"),
        Some(d) if d < today => errors.add("from", "date-past"),
        _ => {}
    }
    let to = to.or(from);
    match (from, to) {
        (Some(f), Some(t)) if t < f => errors.add("to", "date-before-start"),
        (Some(f), Some(t)) if t.0 - f.0 >= MAX_BLOCK_DAYS => errors.add("to", "block-too-long"),
        _ => {}
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(OrderError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    let days: Vec<Day> = (from.0..=to.0).map(Day).collect();
    Ok(repo.set_blocked(listing_id, &days, blocked).await?)
}

/// Checks a stay's dates against today and the host's rules.
pub fn check_stay(
    check_in: Option<Day>,
    check_out: Option<Day>,
    s: &StaySettings,
    today: Day,
) -> Result<(Day, Day), FieldErrors> {
    let mut errors = FieldErrors::default();
    match check_in {
        None => errors.add("check_in", "date-invalid"),
        Some(d) if d < today => errors.add("check_in", "date-past"),
        Some(d) if d.0 > today.0 + BOOK_AHEAD_DAYS => errors.add("check_in", "date-too-far"),
        _ => {}
    }
    match (check_in, check_out) {
        (_, None) => errors.add("check_out", "date-invalid"),
        (Some(i), Some(o)) if o <= i => errors.add("check_out", "date-before-start"),
        (Some(i), Some(o)) if o.0 - i.0 < s.min_nights => errors.add("check_out", "stay-too-short"),
        (Some(i), Some(o)) if o.0 - i.0 > MAX_NIGHTS => errors.add("check_out", "stay-too-long"),
        _ => {}
    }
    match (check_in, check_out) {
        (Some(i), Some(o)) if errors.is_empty() => Ok((i, o)),
        _ => Err(errors),
    }
}

/// A guest books the nights from `check_in` to the morning of `check_out`.
pub async fn book_stay<R: BookingRepo + ListingRepo + OrderRepo + crate::holds::HoldRepo>(
    repo: &R,
    guest: &User,
    listing_id: &str,
    check_in: Option<Day>,
    check_out: Option<Day>,
    origin: &str,
) -> Result<Order, OrderError> {
    let now = now_ms();
    let listing = repo.listing(listing_id).await?.ok_or(OrderError::NotFound)?;
    if !listing.is_available(now) {
        return Err(OrderError::NotFound);
    }
    let Rental::Stay(s) = rental_of(repo, &listing).await? else {
        return Err(OrderError::NotFound);
    };
    let mut errors = match check_stay(check_in, check_out, &s, Day::today(now)) {
        Ok(_) => FieldErrors::default(),
        Err(e) => e,
    };
    if listing.seller_id == guest.id {
        errors.add("listing_id", "order-own-listing");
    }
    let (Some(check_in), Some(check_out)) = (check_in, check_out) else {
        return Err(OrderError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    crate::holds::check(repo, &guest.id, &[&listing.id], 1, "check_in", now).await?;
    let nights = check_out.0 - check_in.0;
    let order = booking_order(
        &listing,
        guest,
        OrderKind::Stay,
        Item {
            listing_id: listing.id.clone(),
            title: listing.fields.title.clone(),
            unit_price_minor: s.nightly_price_minor,
            quantity: nights,
        },
        Booking { start: check_in, end: Some(check_out) },
        "check_out",
        origin,
        now,
    )?;
    place(repo, order, "check_in", "nights-taken").await
}

/// A tenant reserves a long-term let from `move_in`, with a holding deposit
/// of one month's rent.
pub async fn reserve_let<R: BookingRepo + ListingRepo + OrderRepo + crate::holds::HoldRepo>(
    repo: &R,
    tenant: &User,
    listing_id: &str,
    move_in: Option<Day>,
    origin: &str,
) -> Result<Order, OrderError> {
    let now = now_ms();
    let listing = repo.listing(listing_id).await?.ok_or(OrderError::NotFound)?;
    if !listing.is_available(now) {
        return Err(OrderError::NotFound);
    }
    let Rental::Let { deposit_minor, .. } = rental_of(repo, &listing).await? else {
        return Err(OrderError::NotFound);
    };
    let today = Day::today(now);
    let mut errors = FieldErrors::default();
    match move_in {
        None => errors.add("move_in", "date-invalid"),
        Some(d) if d < today => errors.add("move_in", "date-past"),
        Some(d) if d.0 > today.0 + BOOK_AHEAD_DAYS => errors.add("move_in", "date-too-far"),
        _ => {}
    }
    if listing.seller_id == tenant.id {
        errors.add("listing_id", "order-own-listing");
    }
    let Some(move_in) = move_in else {
        return Err(OrderError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    crate::holds::check(repo, &tenant.id, &[&listing.id], 1, "move_in", now).await?;
    let order = booking_order(
        &listing,
        tenant,
        OrderKind::Let,
        Item {
            listing_id: listing.id.clone(),
            title: format!("Holding deposit: {}", listing.fields.title),
            unit_price_minor: deposit_minor,
            quantity: 1,
        },
        Booking { start: move_in, end: None },
        "move_in",
        origin,
        now,
    )?;
    place(repo, order, "move_in", "let-reserved").await
}

/// The order for a booking; its total is checked, never wrapped (an error
/// by `total_field` past [`crate::money::MAX_TOTAL_MINOR`]).
#[allow(clippy::too_many_arguments)]
fn booking_order(
    listing: &crate::listings::Listing,
    buyer: &User,
    kind: OrderKind,
    item: Item,
    booking: Booking,
    total_field: &'static str,
    origin: &str,
    now: i64,
) -> Result<NewOrder, OrderError> {
    Ok(NewOrder {
        id: new_id(),
        kind,
        buyer_id: buyer.id.clone(),
        seller_id: listing.seller_id.clone(),
        fulfilment: Fulfilment::Pickup,
        total_minor: crate::money::times(item.unit_price_minor, item.quantity)
            .ok_or_else(|| OrderError::Invalid(FieldErrors::single(total_field, "total-too-large")))?,
        currency: listing.currency.clone(),
        pay_by: now + PAY_WITHIN_MS,
        created_at: now,
        items: vec![item],
        booking: Some(booking),
        origin: Some(origin.to_string()),
    })
}

/// Writes a booking; dates someone else took meanwhile are `taken_code`
/// on `field`.
async fn place<R: OrderRepo>(
    repo: &R,
    order: NewOrder,
    field: &'static str,
    taken_code: &'static str,
) -> Result<Order, OrderError> {
    match repo.place_orders(std::slice::from_ref(&order), false).await {
        Ok(()) => {}
        Err(StoreError::Conflict(Conflict::NightsTaken | Conflict::LetHeld)) => {
            return Err(OrderError::Invalid(FieldErrors::single(field, taken_code)));
        }
        Err(e) => return Err(e.into()),
    }
    repo.order(&order.id).await?.ok_or(OrderError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stay_dates_follow_the_rules() {
        let today = Day::parse("2026-11-24").unwrap();
        let s = StaySettings { nightly_price_minor: 500_000, min_nights: 2 };
        let d = |x: &str| Day::parse(x);
        assert!(check_stay(d("2026-12-01"), d("2026-12-03"), &s, today).is_ok());
        let code = |r: Result<(Day, Day), FieldErrors>| r.unwrap_err().0[0].code;
        assert_eq!(code(check_stay(d("2026-11-23"), d("2026-11-26"), &s, today)), "date-past");
        assert_eq!(code(check_stay(d("2026-12-03"), d("2026-12-01"), &s, today)), "date-before-start");
        assert_eq!(code(check_stay(d("2026-12-01"), d("2026-12-01"), &s, today)), "date-before-start");
        assert_eq!(code(check_stay(d("2026-12-01"), d("2026-12-02"), &s, today)), "stay-too-short");
        assert_eq!(code(check_stay(d("2026-12-01"), d("2027-03-01"), &s, today)), "stay-too-long");
        assert_eq!(code(check_stay(None, d("2026-12-01"), &s, today)), "date-invalid");
        assert_eq!(code(check_stay(d("2028-01-01"), d("2028-01-05"), &s, today)), "date-too-far");
    }
}
