//! The cart: products a buyer gathers from several shops and checks out
//! together. It is grouped by seller, because each seller hands over their
//! own things: checkout makes one order per seller, all placed (and their
//! stock reserved) in one transaction, or none.
use crate::accounts::User;
use crate::clock::now_ms;
use crate::error::Conflict;
use crate::listings::{Kind, ListingRepo};
use crate::money::format_money;
use crate::orders::{
    Fulfilment, Item, NewOrder, Order, OrderError, OrderKind, OrderRepo, PAY_WITHIN_MS, check_quantity,
};
use crate::{FieldErrors, StoreError, new_id};
use serde::Serialize;

/// The most different products a cart holds.
pub const MAX_LINES: usize = 50;

/// One product in the cart, as it is now on its listing.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub listing_id: String,
    pub title: String,
    pub unit_price_minor: i64,
    pub currency: String,
    pub quantity: i64,
    /// In stock now.
    pub stock: i64,
    pub seller_id: String,
    pub seller_name: String,
    pub delivery: bool,
    pub pickup: bool,
    /// Still for sale.
    pub available: bool,
}

impl Line {
    pub fn price_label(&self) -> String {
        format_money(self.unit_price_minor, &self.currency)
    }

    /// Price × quantity; `None` past [`crate::money::MAX_TOTAL_MINOR`].
    pub fn subtotal_minor(&self) -> Option<i64> {
        crate::money::times(self.unit_price_minor, self.quantity)
    }

    /// Can be checked out as it stands.
    pub fn ok(&self) -> bool {
        self.available && self.quantity <= self.stock
    }
}

/// One seller's part of the cart: one order at checkout.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub seller_id: String,
    pub seller_name: String,
    pub lines: Vec<Line>,
    /// Every line can be delivered (or picked up).
    pub delivery: bool,
    pub pickup: bool,
}

impl Group {
    /// The sum of the lines; `None` past [`crate::money::MAX_TOTAL_MINOR`].
    pub fn subtotal_minor(&self) -> Option<i64> {
        crate::money::total(self.lines.iter().map(Line::subtotal_minor))
    }

    pub fn subtotal_label(&self) -> String {
        let currency = self.lines.first().map_or("KES", |l| l.currency.as_str());
        self.subtotal_minor().map_or_else(|| "—".to_string(), |t| format_money(t, currency))
    }
}

pub trait CartRepo: Send + Sync {
    /// The buyer's cart, oldest line first.
    fn cart_lines(&self, user_id: &str) -> impl Future<Output = Result<Vec<Line>, StoreError>> + Send;
    /// Sets a line's quantity (adding the line if new).
    fn put_cart_line(
        &self,
        user_id: &str,
        listing_id: &str,
        quantity: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn remove_cart_line(&self, user_id: &str, listing_id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The cart grouped by seller, in the order sellers were first added.
pub fn group(lines: Vec<Line>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for l in lines {
        match groups.iter_mut().find(|g| g.seller_id == l.seller_id) {
            Some(g) => {
                g.delivery &= l.delivery;
                g.pickup &= l.pickup;
                g.lines.push(l);
            }
            None => groups.push(Group {
                seller_id: l.seller_id.clone(),
                seller_name: l.seller_name.clone(),
                delivery: l.delivery,
                pickup: l.pickup,
                lines: vec![l],
            }),
        }
    }
    groups
}

pub async fn view<R: CartRepo>(repo: &R, user: &User) -> Result<Vec<Group>, StoreError> {
    Ok(group(repo.cart_lines(&user.id).await?))
}

/// Puts `quantity` of a product in the cart (`add`: on top of what is
/// there already; else instead of it).
pub async fn put<R: CartRepo + ListingRepo>(
    repo: &R,
    user: &User,
    listing_id: &str,
    quantity: i64,
    add: bool,
) -> Result<(), OrderError> {
    let listing = repo.listing(listing_id).await?.ok_or(OrderError::NotFound)?;
    if !listing.is_available(now_ms()) || listing.kind != Kind::Product || listing.fields.price_minor.is_none() {
        return Err(OrderError::NotFound);
    }
    let lines = repo.cart_lines(&user.id).await?;
    let before = lines.iter().find(|l| l.listing_id == listing_id).map_or(0, |l| l.quantity);
    let mut errors = FieldErrors::default();
    if listing.seller_id == user.id {
        errors.add("listing_id", "order-own-listing");
    }
    if before == 0 && lines.len() >= MAX_LINES {
        errors.add("listing_id", "cart-full");
    }
    let total = if add { before + quantity } else { quantity };
    match check_quantity(if add { quantity } else { total }).and_then(|_| check_quantity(total)) {
        Err(e) => errors.extend(e),
        Ok(_) if total > listing.fields.quantity.unwrap_or(0) => errors.add("quantity", "quantity-above-stock"),
        Ok(_) => {}
    }
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    repo.put_cart_line(&user.id, listing_id, total, now_ms()).await?;
    Ok(())
}

pub async fn remove<R: CartRepo>(repo: &R, user: &User, listing_id: &str) -> Result<(), StoreError> {
    repo.remove_cart_line(&user.id, listing_id).await
}

/// Checks the cart out: one order per seller, each with the fulfilment the
/// buyer chose for it (`choose(seller_id)`), or pickup if offered, else
/// delivery. All the orders are placed, with their stock, or none is.
pub async fn checkout<R: CartRepo + OrderRepo + crate::holds::HoldRepo>(
    repo: &R,
    buyer: &User,
    choose: impl Fn(&str) -> Option<Fulfilment>,
    origin: &str,
) -> Result<Vec<Order>, OrderError> {
    let groups = group(repo.cart_lines(&buyer.id).await?);
    if groups.is_empty() {
        return Err(OrderError::Invalid(FieldErrors::single("cart", "cart-empty")));
    }
    let now = now_ms();
    let mut errors = FieldErrors::default();
    let mut orders = Vec::new();
    for g in &groups {
        if g.lines.iter().any(|l| !l.ok()) {
            errors.add("cart", "cart-line-unavailable");
            continue;
        }
        let fulfilment = match choose(&g.seller_id) {
            Some(f) => f,
            None if g.pickup => Fulfilment::Pickup,
            None => Fulfilment::Delivery,
        };
        let offered = match fulfilment {
            Fulfilment::Delivery => g.delivery,
            Fulfilment::Pickup => g.pickup,
        };
        if !offered {
            errors.add("fulfilment", "fulfilment-not-offered");
            continue;
        }
        let Some(total_minor) = g.subtotal_minor() else {
            errors.add("cart", "total-too-large");
            continue;
        };
        orders.push(NewOrder {
            id: new_id(),
            kind: OrderKind::Product,
            buyer_id: buyer.id.clone(),
            seller_id: g.seller_id.clone(),
            fulfilment,
            total_minor,
            currency: g.lines[0].currency.clone(),
            pay_by: now + PAY_WITHIN_MS,
            created_at: now,
            items: g
                .lines
                .iter()
                .map(|l| Item {
                    listing_id: l.listing_id.clone(),
                    title: l.title.clone(),
                    unit_price_minor: l.unit_price_minor,
                    quantity: l.quantity,
                })
                .collect(),
            booking: None,
            origin: Some(origin.to_string()),
        });
    }
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    let ids: Vec<&str> = orders.iter().flat_map(|o| o.items.iter().map(|i| i.listing_id.as_str())).collect();
    crate::holds::check(repo, &buyer.id, &ids, orders.len(), "cart", now).await?;
    match repo.place_orders(&orders, true).await {
        Ok(()) => {}
        Err(StoreError::Conflict(Conflict::OutOfStock)) => {
            return Err(OrderError::Invalid(FieldErrors::single("cart", "quantity-above-stock")));
        }
        Err(e) => return Err(e.into()),
    }
    let mut placed = Vec::new();
    for o in &orders {
        placed.push(repo.order(&o.id).await?.ok_or(OrderError::NotFound)?);
    }
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(seller: &str, listing: &str, delivery: bool) -> Line {
        Line {
            listing_id: listing.into(),
            title: "Thing".into(),
            unit_price_minor: 10_000,
            currency: "KES".into(),
            quantity: 2,
            stock: 5,
            seller_id: seller.into(),
            seller_name: seller.into(),
            delivery,
            pickup: true,
            available: true,
        }
    }

    #[test]
    fn the_cart_is_grouped_by_seller() {
        let groups = group(vec![line("a", "1", true), line("b", "2", true), line("a", "3", false)]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].lines.len(), 2);
        assert!(!groups[0].delivery, "delivery only if every line offers it");
        assert_eq!(groups[0].subtotal_minor(), Some(40_000));
        assert!(groups[1].delivery);
    }
}
