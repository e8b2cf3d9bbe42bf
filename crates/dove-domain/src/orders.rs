//! Orders of every kind (products, stays, lets) and their state machine.
//! Placing an order reserves what it takes (stock, nights, the let) in the
//! same transaction that writes it, so two buyers can never both get the
//! last item or the same night; an order not paid within
//! [`PAY_WITHIN_MS`] expires and gives back what it held. Every change of
//! state is recorded with who made it.
use crate::accounts::User;
use crate::clock::{Day, MINUTE_MS, now_ms};
use crate::error::Conflict;
use crate::ledger::{LedgerRepo, Posting, escrow_account, release_postings, seller_account};
use crate::listings::{Kind, ListingError, ListingRepo};
use crate::mail::{OutgoingMail, Site};
use crate::paging::{Cursor, next_after};
use crate::payments::{PaymentRepo, PaymentStatus};
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;
use thiserror::Error;

/// How long an order waits for payment.
pub const PAY_WITHIN_MS: i64 = 15 * MINUTE_MS;
/// The most of one item a single order takes.
pub const MAX_QUANTITY: i64 = 100;
/// Orders on one page of a list.
pub const ORDERS_PAGE: i64 = 50;

#[derive(Debug, Error)]
pub enum OrderError {
    /// No such listing or order, or not a party to it: the same answer.
    #[error("not found")]
    NotFound,
    #[error("invalid order")]
    Invalid(FieldErrors),
    /// The order is not in a state that allows this.
    #[error("the order is {0}")]
    WrongState(&'static str),
    /// A limit on unpaid holds (see [`crate::holds`]), by the field.
    #[error("hold limit")]
    Limited(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ListingError> for OrderError {
    fn from(e: ListingError) -> Self {
        match e {
            ListingError::Store(s) => OrderError::Store(s),
            _ => OrderError::NotFound,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    PendingPayment,
    Paid,
    Fulfilled,
    Completed,
    Cancelled,
    Expired,
    Refunded,
    Disputed,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::PendingPayment,
        Status::Paid,
        Status::Fulfilled,
        Status::Completed,
        Status::Cancelled,
        Status::Expired,
        Status::Refunded,
        Status::Disputed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::PendingPayment => "pending_payment",
            Status::Paid => "paid",
            Status::Fulfilled => "fulfilled",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
            Status::Refunded => "refunded",
            Status::Disputed => "disputed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// What an order is for: things, nights of a short stay, or a long-term
/// let reserved with a holding deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderKind {
    Product,
    Stay,
    Let,
}

impl OrderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::Product => "product",
            OrderKind::Stay => "stay",
            OrderKind::Let => "let",
        }
    }

    pub fn from_stored(s: &str) -> OrderKind {
        match s {
            "stay" => OrderKind::Stay,
            "let" => OrderKind::Let,
            _ => OrderKind::Product,
        }
    }

    pub fn is_booking(self) -> bool {
        self != OrderKind::Product
    }
}

/// The dates of a booking: the first night and the check-out day of a
/// stay, or the move-in day of a let.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Booking {
    pub start: Day,
    pub end: Option<Day>,
}

impl Booking {
    pub fn nights(&self) -> i64 {
        self.end.map_or(0, |e| e.0 - self.start.0)
    }
}

/// How the buyer gets the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fulfilment {
    Delivery,
    Pickup,
}

impl Fulfilment {
    pub fn parse(s: &str) -> Option<Fulfilment> {
        match s {
            "delivery" => Some(Fulfilment::Delivery),
            "pickup" => Some(Fulfilment::Pickup),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Fulfilment::Delivery => "delivery",
            Fulfilment::Pickup => "pickup",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub listing_id: String,
    pub title: String,
    pub unit_price_minor: i64,
    pub quantity: i64,
}

impl Item {
    pub fn unit_price_label(&self, currency: &str) -> String {
        crate::money::format_money(self.unit_price_minor, currency)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: String,
    pub buyer_id: String,
    pub buyer_name: String,
    /// For the mails at each step; never shown to the other party.
    #[serde(skip)]
    pub buyer_email: String,
    pub seller_id: String,
    pub seller_name: String,
    #[serde(skip)]
    pub seller_email: String,
    pub status: Status,
    pub kind: OrderKind,
    pub fulfilment: Fulfilment,
    pub total_minor: i64,
    /// Given back to the buyer so far.
    pub refunded_minor: i64,
    pub currency: String,
    pub pay_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub items: Vec<Item>,
    pub booking: Option<Booking>,
}

impl Order {
    /// What escrow still holds (or would hold) for this order.
    pub fn held_minor(&self) -> i64 {
        self.total_minor - self.refunded_minor
    }

    /// Escrow holds this order's money: paid, handed over or disputed.
    pub fn holds_money(&self) -> bool {
        matches!(self.status, Status::Paid | Status::Fulfilled | Status::Disputed)
    }

    /// The order still waits for its money.
    pub fn can_pay(&self) -> bool {
        self.status == Status::PendingPayment
    }

    /// The buyer may call it off: only before paying.
    pub fn can_cancel(&self) -> bool {
        self.status == Status::PendingPayment
    }

    /// The seller hands a paid product over; a booking is not handed over
    /// (the guest confirms arrival instead).
    pub fn can_fulfil(&self) -> bool {
        self.status == Status::Paid && !self.kind.is_booking()
    }

    /// The state the buyer confirms from: a product once handed over, a
    /// booking once paid.
    fn confirm_from(&self) -> Status {
        if self.kind.is_booking() { Status::Paid } else { Status::Fulfilled }
    }

    /// The buyer can confirm (received, arrived, moved in).
    pub fn can_confirm(&self) -> bool {
        self.status == self.confirm_from()
    }

    /// The seller can give money back. A disputed order is an admin's to
    /// settle, so not then.
    pub fn can_refund(&self) -> bool {
        matches!(self.status, Status::Paid | Status::Fulfilled) && self.held_minor() > 0
    }

    /// The most the seller can give back now: what escrow still holds.
    pub fn most_refundable_minor(&self) -> i64 {
        if self.can_refund() { self.held_minor() } else { 0 }
    }

    pub fn most_refundable_label(&self) -> String {
        crate::money::format_money(self.most_refundable_minor(), &self.currency)
    }

    /// The buyer can say something is wrong.
    pub fn can_dispute(&self) -> bool {
        matches!(self.status, Status::Paid | Status::Fulfilled)
    }

    pub fn refunded_label(&self) -> String {
        crate::money::format_money(self.refunded_minor, &self.currency)
    }

    pub fn is_party(&self, user_id: &str) -> bool {
        self.buyer_id == user_id || self.seller_id == user_id
    }

    pub fn total_label(&self) -> String {
        crate::money::format_money(self.total_minor, &self.currency)
    }
}

/// One change of an order's state, with what goes with it, computed from
/// the order as it was read. The store writes it only if the order is
/// still exactly as read (its status and what was refunded), so a move
/// that lost a race changes nothing and the caller reads again.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    pub id: &'a str,
    pub from: Status,
    /// `refunded_minor` as read: the guard that stops a refund and a
    /// release computed from the same order both going through.
    pub refunded_before: i64,
    pub to: Status,
    pub actor_id: Option<&'a str>,
    /// The client's address, for the audit trail; unset for the app's workers.
    pub origin: Option<&'a str>,
    /// Give back what the order reserved: its items to stock, its nights
    /// to the calendar, its let to other tenants (it will not go ahead).
    pub release: bool,
    /// Money given back to the buyer with this move.
    pub refund: Option<NewRefund>,
    /// A dispute opened or settled with this move.
    pub dispute: Option<DisputeStep>,
    pub postings: Vec<Posting>,
    pub memo: &'a str,
    /// Mail telling the parties, queued with the change.
    pub mails: Vec<OutgoingMail>,
    pub now: i64,
}

/// A refund written with a move: its row, and how the money goes back:
/// a B2C payout to the paying phone, or (card payments) a refund of the
/// card payment `payment_ref`, sent to the card gateway after the move.
#[derive(Debug, Clone)]
pub struct NewRefund {
    pub id: String,
    pub amount_minor: i64,
    pub reason: String,
    pub payout: Option<crate::payouts::NewPayout>,
    pub payment_ref: Option<String>,
    /// The payment refunded whole because its order no longer waited for
    /// it (see [`crate::payments::settle`]); `None` for a seller's or an
    /// admin's refund of the order.
    pub payment_id: Option<String>,
}

/// A dispute's change, written with the order's move.
#[derive(Debug, Clone)]
pub enum DisputeStep {
    Open { by: String, reason: String },
    Resolve { by: String, resolution: String },
}

/// The order state machine: every move an order can make. Anything else
/// is refused before it reaches the store.
pub fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (PendingPayment, Paid | Cancelled | Expired)
            // A partial refund keeps the state; a full one refunds.
            | (Paid, Paid | Fulfilled | Completed | Refunded | Disputed)
            | (Fulfilled, Fulfilled | Completed | Refunded | Disputed)
            | (Disputed, Completed | Refunded)
    )
}

/// How often a move computed from a stale read is computed again before
/// the caller is told the order changed under it.
pub(crate) const MOVE_ATTEMPTS: usize = 4;

impl<'a> Move<'a> {
    /// The move of `order`, as read, to `to`. Refuses a move the state
    /// machine does not have.
    pub(crate) fn of(
        order: &'a Order,
        to: Status,
        actor: Option<(&'a str, &'a str)>,
        now: i64,
    ) -> Result<Move<'a>, OrderError> {
        if !allowed(order.status, to) {
            return Err(OrderError::WrongState(order.status.as_str()));
        }
        Ok(Move {
            id: &order.id,
            from: order.status,
            refunded_before: order.refunded_minor,
            to,
            actor_id: actor.map(|a| a.0),
            origin: actor.map(|a| a.1),
            release: false,
            refund: None,
            dispute: None,
            postings: Vec::new(),
            memo: "",
            mails: Vec::new(),
            now,
        })
    }
}

/// An order to write, with the stock it takes.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub id: String,
    pub kind: OrderKind,
    pub buyer_id: String,
    pub seller_id: String,
    pub fulfilment: Fulfilment,
    pub total_minor: i64,
    pub currency: String,
    pub pay_by: i64,
    pub created_at: i64,
    pub items: Vec<Item>,
    /// The nights a stay takes, or the move-in day of a let.
    pub booking: Option<Booking>,
    /// The buyer's address, for the audit trail.
    pub origin: Option<String>,
}

pub trait OrderRepo: Send + Sync {
    /// Writes the orders, their items and first events, and takes what
    /// each reserves: a product's quantity off its stock, a stay's nights
    /// off the calendar, a let off the market; all in one transaction.
    /// Stock short for any item is `StoreError::Conflict(Conflict::OutOfStock)`,
    /// a night already taken `Conflict::NightsTaken`, a let already
    /// reserved `Conflict::LetHeld`; either way nothing is written.
    /// `from_cart` takes the ordered products out of the buyer's cart in
    /// the same transaction.
    fn place_orders(&self, orders: &[NewOrder], from_cart: bool)
    -> impl Future<Output = Result<(), StoreError>> + Send;
    fn order(&self, id: &str) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send;
    /// The user's orders as buyer (or as seller), in `status` if given,
    /// newest first, from just after `before`.
    fn orders_of(
        &self,
        user_id: &str,
        as_seller: bool,
        status: Option<Status>,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Order>, StoreError>> + Send;
    /// Moves the order from `from` to `to` and records who did it; with
    /// `release`, gives back what it reserved; writes the refund and the
    /// dispute step, and `postings` as one ledger transaction; all in one
    /// database transaction. False (nothing written) if the order is no
    /// longer as the move was computed from (its status and
    /// `refunded_before`), or a refund would exceed what is held. Escrow
    /// for the order going below zero is refused as a bug
    /// (`StoreError::Conflict(Conflict::EscrowBelowZero)`).
    fn move_order(&self, m: &Move<'_>) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Orders handed over (and still so) since before `before`.
    fn handed_over_before(
        &self,
        before: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;
    /// Paid bookings whose money is due to the seller by `today`: lets
    /// whose move-in day is [`LET_RELEASE_DAYS`] past, stays whose first
    /// night is [`STAY_RELEASE_DAYS`] past.
    fn bookings_due(&self, today: Day, limit: i64) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;
    /// Unpaid orders whose time ran out by `now`, but none with a payment
    /// still pending that was started after `open_since`.
    fn overdue_orders(
        &self,
        now: i64,
        open_since: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;
}

/// Checks a quantity as typed.
pub fn check_quantity(q: i64) -> Result<i64, FieldErrors> {
    if q < 1 {
        Err(FieldErrors::single("quantity", "quantity-too-small"))
    } else if q > MAX_QUANTITY {
        Err(FieldErrors::single("quantity", "quantity-too-large"))
    } else {
        Ok(q)
    }
}

/// "Buy now": an order for `quantity` of a product, its stock reserved
/// until it is paid or [`PAY_WITHIN_MS`] pass.
pub async fn buy_now<R: OrderRepo + ListingRepo + crate::holds::HoldRepo>(
    repo: &R,
    buyer: &User,
    listing_id: &str,
    quantity: i64,
    fulfilment: Fulfilment,
    origin: &str,
) -> Result<Order, OrderError> {
    let now = now_ms();
    let listing = repo.listing(listing_id).await?.ok_or(OrderError::NotFound)?;
    if !listing.is_available(now) || listing.kind != Kind::Product {
        return Err(OrderError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let quantity = check_quantity(quantity).map_err(|e| errors.extend(e)).unwrap_or(0);
    if listing.seller_id == buyer.id {
        errors.add("listing_id", "order-own-listing");
    }
    let offered = match fulfilment {
        Fulfilment::Delivery => listing.fields.delivery,
        Fulfilment::Pickup => listing.fields.pickup,
    };
    if !offered {
        errors.add("fulfilment", "fulfilment-not-offered");
    }
    let stock = listing.fields.quantity.unwrap_or(0);
    if quantity > stock {
        errors.add("quantity", "quantity-above-stock");
    }
    let Some(price) = listing.fields.price_minor else {
        return Err(OrderError::NotFound);
    };
    let total = crate::money::times(price, quantity);
    if total.is_none() {
        errors.add("quantity", "total-too-large");
    }
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    crate::holds::check(repo, &buyer.id, &[&listing.id], 1, "quantity", now).await?;
    let order = NewOrder {
        id: new_id(),
        kind: OrderKind::Product,
        buyer_id: buyer.id.clone(),
        seller_id: listing.seller_id.clone(),
        fulfilment,
        total_minor: total.unwrap_or(0),
        currency: listing.currency.clone(),
        pay_by: now + PAY_WITHIN_MS,
        created_at: now,
        items: vec![Item {
            listing_id: listing.id.clone(),
            title: listing.fields.title.clone(),
            unit_price_minor: price,
            quantity,
        }],
        booking: None,
        origin: Some(origin.to_string()),
    };
    match repo.place_orders(std::slice::from_ref(&order), false).await {
        Ok(()) => {}
        // Another buyer took the stock between the check and the write.
        Err(StoreError::Conflict(Conflict::OutOfStock)) => {
            return Err(OrderError::Invalid(FieldErrors::single("quantity", "quantity-above-stock")));
        }
        Err(e) => return Err(e.into()),
    }
    repo.order(&order.id).await?.ok_or(OrderError::NotFound)
}

/// An order `user` is a party to.
pub async fn get<R: OrderRepo>(repo: &R, user: &User, id: &str) -> Result<Order, OrderError> {
    let order = repo.order(id).await?.ok_or(OrderError::NotFound)?;
    if !order.is_party(&user.id) {
        return Err(OrderError::NotFound);
    }
    Ok(order)
}

/// One page of the user's purchases (or sales).
pub struct OrdersPage {
    pub orders: Vec<Order>,
    pub next: Option<Cursor>,
}

pub async fn list<R: OrderRepo>(
    repo: &R,
    user: &User,
    as_seller: bool,
    status: Option<Status>,
    before: Option<&Cursor>,
) -> Result<OrdersPage, StoreError> {
    let before = before.map(|c| (c.at, c.id.as_str()));
    let orders = repo.orders_of(&user.id, as_seller, status, before, ORDERS_PAGE).await?;
    let next = next_after(&orders, ORDERS_PAGE, |o| (o.created_at, &o.id));
    Ok(OrdersPage { orders, next })
}

/// The buyer calls off an order they have not paid; its stock goes back,
/// and the seller is told. Not while a payment prompt is on their phone:
/// the money could still come.
pub async fn cancel<R: OrderRepo + PaymentRepo>(
    repo: &R,
    site: &Site,
    buyer: &User,
    id: &str,
    origin: &str,
) -> Result<Order, OrderError> {
    for _ in 0..MOVE_ATTEMPTS {
        let order = get(repo, buyer, id).await?;
        if order.buyer_id != buyer.id {
            return Err(OrderError::NotFound);
        }
        if !order.can_cancel() {
            return Err(OrderError::WrongState(order.status.as_str()));
        }
        if repo.order_payments(id).await?.iter().any(|p| p.status == PaymentStatus::Pending) {
            return Err(OrderError::WrongState("awaiting the M-Pesa prompt's answer"));
        }
        let to_seller = step_mail(site, &order, (&order.seller_email, &order.seller_name), "order-step-cancelled");
        let m = Move {
            release: true,
            mails: vec![to_seller],
            ..Move::of(&order, Status::Cancelled, Some((&buyer.id, origin)), now_ms())?
        };
        if repo.move_order(&m).await? {
            return get(repo, buyer, id).await;
        }
    }
    Err(changed(repo, id).await)
}

/// What a caller is told when every attempt at a move lost its race: the
/// order's state now.
pub(crate) async fn changed<R: OrderRepo>(repo: &R, id: &str) -> OrderError {
    match repo.order(id).await {
        Ok(Some(o)) => OrderError::WrongState(o.status.as_str()),
        Ok(None) => OrderError::NotFound,
        Err(e) => e.into(),
    }
}

/// The mail telling `to` (an address and a name) that `order` took
/// `step`: the id of the message that says what happened (`order-step-…`),
/// which may name more values, added by the caller.
pub fn step_mail(site: &Site, order: &Order, to: (&str, &str), step: &str) -> OutgoingMail {
    let items: Vec<String> = order.items.iter().map(|i| format!("{} × {}", i.quantity, i.title)).collect();
    OutgoingMail::new(to.0, "mail-order-step")
        .text("name", to.1)
        .text("order", short_ref(&order.id))
        .text("items", items.join(", "))
        .text("total", order.total_label())
        .text("link", site.link(&format!("/orders/{}", order.id)))
        .words("step", step)
}

/// The last eight characters of an id, as people read order numbers.
pub fn short_ref(id: &str) -> String {
    id[id.len().saturating_sub(8)..].to_uppercase()
}

/// The seller marks a paid order handed over (delivered, or picked up).
pub async fn fulfil<R: OrderRepo>(
    repo: &R,
    site: &Site,
    seller: &User,
    id: &str,
    origin: &str,
) -> Result<Order, OrderError> {
    for _ in 0..MOVE_ATTEMPTS {
        let order = get(repo, seller, id).await?;
        if order.seller_id != seller.id {
            return Err(OrderError::NotFound);
        }
        if !order.can_fulfil() {
            return Err(OrderError::WrongState(order.status.as_str()));
        }
        let to_buyer = step_mail(site, &order, (&order.buyer_email, &order.buyer_name), "order-step-handed-over");
        let m = Move {
            mails: vec![to_buyer],
            ..Move::of(&order, Status::Fulfilled, Some((&seller.id, origin)), now_ms())?
        };
        if repo.move_order(&m).await? {
            return get(repo, seller, id).await;
        }
    }
    Err(changed(repo, id).await)
}

/// The buyer confirms they received it (or arrived, or moved in): the
/// order completes, and its money moves from escrow to the seller's
/// balance, less `commission_bps`. A product must have been handed over
/// first; a booking is confirmed once paid.
pub async fn confirm<R: OrderRepo>(
    repo: &R,
    site: &Site,
    buyer: &User,
    id: &str,
    commission_bps: i64,
    origin: &str,
) -> Result<Order, OrderError> {
    for _ in 0..MOVE_ATTEMPTS {
        let order = get(repo, buyer, id).await?;
        if order.buyer_id != buyer.id {
            return Err(OrderError::NotFound);
        }
        if !order.can_confirm() {
            return Err(OrderError::WrongState(order.status.as_str()));
        }
        let actor = Some((buyer.id.as_str(), origin));
        if complete(repo, site, &order, actor, commission_bps, now_ms()).await? {
            return get(repo, buyer, id).await;
        }
    }
    Err(changed(repo, id).await)
}

/// Completes `order` as read: what escrow holds for it then goes to the
/// seller, less the commission, and the seller is told. False if the order
/// changed since it was read (a refund, a dispute): nothing is written,
/// and the caller reads it again.
pub(crate) async fn complete<R: OrderRepo>(
    repo: &R,
    site: &Site,
    order: &Order,
    actor: Option<(&str, &str)>,
    commission_bps: i64,
    now: i64,
) -> Result<bool, OrderError> {
    let to_seller = step_mail(site, order, (&order.seller_email, &order.seller_name), "order-step-completed");
    let held = order.held_minor();
    let m = Move {
        postings: if held > 0 { release_postings(held, commission_bps, &order.seller_id) } else { Vec::new() },
        memo: "order completed: escrow released to the seller",
        mails: vec![to_seller],
        ..Move::of(order, Status::Completed, actor, now)?
    };
    Ok(repo.move_order(&m).await?)
}

/// Handed over this long ago with no dispute, an order completes by itself.
pub const AUTO_COMPLETE_AFTER_MS: i64 = 7 * crate::clock::DAY_MS;

/// A let's deposit goes to the landlord this many days after the move-in
/// day, unless the tenant confirmed sooner or opened a dispute.
pub const LET_RELEASE_DAYS: i64 = 7;
/// A stay's money goes to the host a day after check-in (the guest has
/// had a night to say something is wrong).
pub const STAY_RELEASE_DAYS: i64 = 1;

/// Completes the orders handed over [`AUTO_COMPLETE_AFTER_MS`] ago, and the
/// bookings past their release day, that the buyer neither confirmed nor
/// disputed. Returns how many.
pub async fn complete_overdue<R: OrderRepo>(
    repo: &R,
    site: &Site,
    commission_bps: i64,
    now: i64,
) -> Result<usize, StoreError> {
    let mut completed = 0;
    let handed = repo.handed_over_before(now - AUTO_COMPLETE_AFTER_MS, 200).await?;
    let due = repo.bookings_due(Day::today(now), 200).await?;
    for id in handed.iter().chain(due.iter()) {
        // Read again after a lost race: a refund that came first leaves
        // less to release; a dispute leaves nothing to do.
        for _ in 0..MOVE_ATTEMPTS {
            let Some(order) = repo.order(id).await? else { break };
            if !order.can_confirm() {
                break;
            }
            match complete(repo, site, &order, None, commission_bps, now).await {
                Ok(true) => {
                    completed += 1;
                    break;
                }
                Ok(false) => {}
                Err(OrderError::Store(e)) => return Err(e),
                Err(_) => break,
            }
        }
    }
    Ok(completed)
}

/// A seller's money: earned (their balance) and held (in escrow for them:
/// paid by buyers who have not yet confirmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SellerMoney {
    pub balance_minor: i64,
    pub held_minor: i64,
}

pub async fn seller_money<R: LedgerRepo>(repo: &R, seller: &User) -> Result<SellerMoney, StoreError> {
    Ok(SellerMoney {
        balance_minor: repo.balance(&seller_account(&seller.id), "KES").await?,
        held_minor: repo.balance(&escrow_account(&seller.id), "KES").await?,
    })
}

/// A payment started this recently and still pending keeps its order from
/// expiring: an M-Pesa prompt may still be answered, and a card checkout
/// session stays payable until its `expires_at` (Stripe's shortest is 30
/// minutes; see [`crate::cards::session_expiry`]).
pub const OPEN_PAYMENT_MS: i64 = 35 * MINUTE_MS;

/// Expires the unpaid orders whose time ran out and that no open prompt or
/// checkout can still pay, frees what they reserved and tells the buyers.
/// Returns how many. Money that still arrives later is refunded at once
/// (see [`crate::payments::settle`]).
pub async fn expire_overdue<R: OrderRepo>(repo: &R, site: &Site, now: i64) -> Result<usize, StoreError> {
    let mut expired = 0;
    for id in repo.overdue_orders(now, now - OPEN_PAYMENT_MS, 200).await? {
        let Some(order) = repo.order(&id).await? else { continue };
        let to_buyer = step_mail(site, &order, (&order.buyer_email, &order.buyer_name), "order-step-expired");
        let Ok(m) = Move::of(&order, Status::Expired, None, now) else { continue };
        let m = Move { release: true, mails: vec![to_buyer], ..m };
        // A lost race means it was paid or cancelled meanwhile: nothing to do.
        if repo.move_order(&m).await? {
            expired += 1;
        }
    }
    Ok(expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_bounded() {
        assert_eq!(check_quantity(1).unwrap(), 1);
        assert_eq!(check_quantity(0).unwrap_err().0[0].code, "quantity-too-small");
        assert_eq!(check_quantity(-3).unwrap_err().0[0].code, "quantity-too-small");
        assert_eq!(check_quantity(MAX_QUANTITY + 1).unwrap_err().0[0].code, "quantity-too-large");
    }

    #[test]
    fn statuses_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Fulfilment::parse("pickup"), Some(Fulfilment::Pickup));
        assert_eq!(Fulfilment::parse("drone"), None);
    }
}
