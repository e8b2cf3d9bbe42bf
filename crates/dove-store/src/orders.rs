//! Orders: placing one with its stock taken, moving it through its states
//! with an audit trail, and listing a party's orders.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::clock::Day;
use dove_domain::orders::{Booking, Fulfilment, Item, Move, NewOrder, Order, OrderKind, OrderRepo, Status};

const ORDER_SELECT: &str = "SELECT o.id, o.buyer_id, b.name AS buyer_name, b.email AS buyer_email, \
       o.seller_id, s.name AS seller_name, s.email AS seller_email, \
       o.status, o.kind, o.fulfilment, o.total_minor, o.refunded_minor, o.currency, o.pay_by, \
       o.created_at, o.updated_at, k.start_day, k.end_day \
     FROM orders o JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.seller_id \
     LEFT JOIN bookings k ON k.order_id = o.id";

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    buyer_id: String,
    buyer_name: String,
    buyer_email: String,
    seller_id: String,
    seller_name: String,
    seller_email: String,
    status: String,
    kind: String,
    fulfilment: String,
    total_minor: i64,
    refunded_minor: i64,
    currency: String,
    pay_by: i64,
    created_at: i64,
    updated_at: i64,
    start_day: Option<i64>,
    end_day: Option<i64>,
}

impl OrderRow {
    fn into_order(self, items: Vec<Item>) -> Order {
        Order {
            id: self.id,
            buyer_id: self.buyer_id,
            buyer_name: self.buyer_name,
            buyer_email: self.buyer_email,
            seller_id: self.seller_id,
            seller_name: self.seller_name,
            seller_email: self.seller_email,
            // Statuses come from the CHECK constraint's list.
            status: Status::parse(&self.status).unwrap_or(Status::Disputed),
            kind: OrderKind::from_stored(&self.kind),
            fulfilment: Fulfilment::parse(&self.fulfilment).unwrap_or(Fulfilment::Pickup),
            total_minor: self.total_minor,
            refunded_minor: self.refunded_minor,
            currency: self.currency,
            pay_by: self.pay_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            items,
            booking: self.start_day.map(|start| Booking { start: Day(start), end: self.end_day.map(Day) }),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    order_id: String,
    listing_id: String,
    title: String,
    unit_price_minor: i64,
    quantity: i64,
}

/// One audit entry; binds id, order, actor, origin, from, to, now.
pub(crate) const INSERT_EVENT: &str = "INSERT INTO order_events \
       (id, order_id, actor_id, origin, from_status, to_status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

impl Db {
    /// The items of these orders, in order, by order id.
    async fn items_of(&self, ids: &[&str]) -> Result<Vec<ItemRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT order_id, listing_id, title, unit_price_minor, quantity FROM order_items \
             WHERE order_id IN ({}) ORDER BY order_id, position",
            marks.join(", ")
        );
        on_read!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await.map_err(map)
        })
    }

    async fn with_items(&self, rows: Vec<OrderRow>) -> Result<Vec<Order>, StoreError> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let mut items = self.items_of(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mine: Vec<Item> = items
                    .extract_if(.., |i| i.order_id == r.id)
                    .map(|i| Item {
                        listing_id: i.listing_id,
                        title: i.title,
                        unit_price_minor: i.unit_price_minor,
                        quantity: i.quantity,
                    })
                    .collect();
                r.into_order(mine)
            })
            .collect())
    }
}

/// The order's seller is suspended (`o` is the order). Money a suspended
/// seller holds in escrow stays held until an admin settles it: the order
/// worker does not release it.
const SELLER_SUSPENDED: &str =
    "EXISTS (SELECT 1 FROM users su WHERE su.id = o.seller_id AND su.suspended_at IS NOT NULL)";

impl OrderRepo for Db {
    async fn place_orders(&self, orders: &[NewOrder], from_cart: bool) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            for o in orders {
                sqlx::query(
                    "INSERT INTO orders (id, buyer_id, seller_id, status, kind, fulfilment, total_minor, currency, \
                       pay_by, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'pending_payment', $4, $5, $6, $7, $8, $9, $9)",
                )
                .bind(&o.id)
                .bind(&o.buyer_id)
                .bind(&o.seller_id)
                .bind(o.kind.as_str())
                .bind(o.fulfilment.as_str())
                .bind(o.total_minor)
                .bind(&o.currency)
                .bind(o.pay_by)
                .bind(o.created_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                // After the order row: the nights and holds refer to it.
                if let Err(e) = crate::reserve!(&mut tx, o) {
                    tx.rollback().await.map_err(map)?;
                    return Err(e);
                }
                for (position, item) in o.items.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO order_items (order_id, position, listing_id, title, unit_price_minor, quantity) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&o.id)
                    .bind(position as i64)
                    .bind(&item.listing_id)
                    .bind(&item.title)
                    .bind(item.unit_price_minor)
                    .bind(item.quantity)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                    if from_cart {
                        sqlx::query("DELETE FROM cart_items WHERE user_id = $1 AND listing_id = $2")
                            .bind(&o.buyer_id)
                            .bind(&item.listing_id)
                            .execute(&mut *tx)
                            .await
                            .map_err(map)?;
                    }
                }
                if let (Some(b), Some(item)) = (o.booking, o.items.first()) {
                    sqlx::query(
                        "INSERT INTO bookings (order_id, listing_id, start_day, end_day) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&o.id)
                    .bind(&item.listing_id)
                    .bind(b.start.0)
                    .bind(b.end.map(|d| d.0))
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                }
                sqlx::query(INSERT_EVENT)
                    .bind(dove_domain::new_id())
                    .bind(&o.id)
                    .bind(&o.buyer_id)
                    .bind(o.origin.as_deref())
                    .bind(None::<&str>)
                    .bind(Status::PendingPayment.as_str())
                    .bind(o.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn order(&self, id: &str) -> Result<Option<Order>, StoreError> {
        let sql = format!("{ORDER_SELECT} WHERE o.id = $1");
        let row: Option<OrderRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        match row {
            Some(r) => Ok(self.with_items(vec![r]).await?.pop()),
            None => Ok(None),
        }
    }

    async fn orders_of(
        &self,
        user_id: &str,
        as_seller: bool,
        status: Option<Status>,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> Result<Vec<Order>, StoreError> {
        let party = if as_seller { "o.seller_id" } else { "o.buyer_id" };
        let only = if status.is_some() { "AND o.status = $5" } else { "AND $5 = ''" };
        let sql = format!(
            "{ORDER_SELECT} WHERE {party} = $1 {only} AND (o.created_at < $2 OR (o.created_at = $2 AND o.id < $3)) \
             ORDER BY o.created_at DESC, o.id DESC LIMIT $4"
        );
        let (at, id) = before.unwrap_or((i64::MAX, ""));
        let rows: Vec<OrderRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .bind(at)
            .bind(id)
            .bind(limit)
            .bind(status.map_or("", |s| s.as_str()))
            .fetch_all(pool)
            .await
            .map_err(map))?;
        self.with_items(rows).await
    }

    async fn move_order(&self, m: &Move<'_>) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            if !crate::apply_move!(&mut tx, m)? {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn handed_over_before(&self, before: i64, limit: i64) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT o.id FROM orders o WHERE o.status = 'fulfilled' AND o.updated_at < $1 AND NOT {SELLER_SUSPENDED} \
             ORDER BY o.updated_at LIMIT $2"
        );
        let rows: Vec<(String,)> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(before).bind(limit).fetch_all(pool).await.map_err(map))?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn bookings_due(&self, today: Day, limit: i64) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT o.id FROM bookings k JOIN orders o ON o.id = k.order_id \
             WHERE o.status = 'paid' AND ((o.kind = 'let' AND k.start_day <= $1) OR (o.kind = 'stay' AND k.start_day <= $2)) \
               AND NOT {SELLER_SUSPENDED} ORDER BY k.start_day LIMIT $3"
        );
        let rows: Vec<(String,)> = on_read!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(today.0 - dove_domain::orders::LET_RELEASE_DAYS)
                .bind(today.0 - dove_domain::orders::STAY_RELEASE_DAYS)
                .bind(limit)
                .fetch_all(pool)
                .await
                .map_err(map)
        })?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn overdue_orders(&self, now: i64, open_since: i64, limit: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = on_read!(self, |pool| sqlx::query_as(
            "SELECT o.id FROM orders o WHERE o.status = 'pending_payment' AND o.pay_by <= $1 \
               AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'pending' \
                               AND p.created_at > $3) \
             ORDER BY o.pay_by LIMIT $2"
        )
        .bind(now)
        .bind(limit)
        .bind(open_since)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }
}

/// Writes an order's move on an open transaction `$tx`: the guarded state
/// change, what it releases, its refund, its dispute step, its audit entry,
/// its ledger entries and its mails. Yields `Result<bool, StoreError>`:
/// false, with the caller to roll back, if the order is no longer as the
/// move was computed from. Used by `move_order` and by payment settling,
/// so both go through one guard.
macro_rules! apply_move {
    ($tx:expr, $m:expr) => {
        async {
            use $crate::error::map;
            let m: &dove_domain::orders::Move<'_> = $m;
            let refunded = m.refund.as_ref().map_or(0, |r| r.amount_minor);
            // The guard: the status and the amount refunded the move was
            // computed from. A refund and a release racing on one order
            // cannot both pass it; refunds stay within what was paid.
            let moved = sqlx::query(
                "UPDATE orders SET status = $3, updated_at = $4, refunded_minor = refunded_minor + $5 \
                 WHERE id = $1 AND status = $2 AND refunded_minor = $6 AND refunded_minor + $5 <= total_minor",
            )
            .bind(m.id)
            .bind(m.from.as_str())
            .bind(m.to.as_str())
            .bind(m.now)
            .bind(refunded)
            .bind(m.refunded_before)
            .execute(&mut **$tx)
            .await
            .map_err(map)?;
            if moved.rows_affected() == 0 {
                return Ok(false);
            }
            if m.release {
                // Stock comes back only for products; a booking's nights
                // and a let's hold are simply let go.
                sqlx::query(
                    "UPDATE listings SET quantity = COALESCE(quantity, 0) + \
                       (SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i \
                        WHERE i.order_id = $1 AND i.listing_id = listings.id) \
                     WHERE id IN (SELECT i.listing_id FROM order_items i JOIN orders o ON o.id = i.order_id \
                                  WHERE i.order_id = $1 AND o.kind = 'product')",
                )
                .bind(m.id)
                .execute(&mut **$tx)
                .await
                .map_err(map)?;
                for sql in
                    ["DELETE FROM listing_nights WHERE order_id = $1", "DELETE FROM let_holds WHERE order_id = $1"]
                {
                    sqlx::query(sql).bind(m.id).execute(&mut **$tx).await.map_err(map)?;
                }
            }
            if let Some(r) = &m.refund {
                $crate::insert_refund!($tx, m.id, r, m.actor_id, m.origin, m.now)?;
            }
            match &m.dispute {
                Some(dove_domain::orders::DisputeStep::Open { by, reason }) => {
                    sqlx::query(
                        "INSERT INTO disputes (order_id, opened_by, reason, from_status, opened_at) \
                         VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (order_id) DO UPDATE SET opened_by = excluded.opened_by, reason = excluded.reason, \
                           from_status = excluded.from_status, opened_at = excluded.opened_at, \
                           resolved_by = NULL, resolution = NULL, resolved_at = NULL",
                    )
                    .bind(m.id)
                    .bind(by)
                    .bind(reason)
                    .bind(m.from.as_str())
                    .bind(m.now)
                    .execute(&mut **$tx)
                    .await
                    .map_err(map)?;
                }
                Some(dove_domain::orders::DisputeStep::Resolve { by, resolution }) => {
                    sqlx::query(
                        "UPDATE disputes SET resolved_by = $2, resolution = $3, resolved_at = $4 WHERE order_id = $1",
                    )
                    .bind(m.id)
                    .bind(by)
                    .bind(resolution)
                    .bind(m.now)
                    .execute(&mut **$tx)
                    .await
                    .map_err(map)?;
                }
                None => {}
            }
            sqlx::query($crate::orders::INSERT_EVENT)
                .bind(dove_domain::new_id())
                .bind(m.id)
                .bind(m.actor_id)
                .bind(m.origin)
                .bind(m.from.as_str())
                .bind(m.to.as_str())
                .bind(m.now)
                .execute(&mut **$tx)
                .await
                .map_err(map)?;
            $crate::post_for_order!($tx, &m.postings, m.id, None::<&str>, m.memo, m.now)?;
            for mail in &m.mails {
                $crate::queue_mail!(&mut **$tx, mail, m.now).await.map_err(map)?;
            }
            Ok::<bool, StoreError>(true)
        }
        .await
    };
}
pub(crate) use apply_move;

/// Writes a refund of order `$order` on an open transaction: its row, its
/// audit entry, and the payout sending it back, if any. Yields
/// `Result<(), StoreError>`.
macro_rules! insert_refund {
    ($tx:expr, $order:expr, $r:expr, $actor:expr, $origin:expr, $now:expr) => {
        async {
            use $crate::error::map;
            let r: &dove_domain::orders::NewRefund = $r;
            let order: &str = $order;
            sqlx::query(
                "INSERT INTO refunds (id, order_id, amount_minor, reason, actor_id, payment_ref, created_at, \
                   payment_id, payout_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&r.id)
            .bind(order)
            .bind(r.amount_minor)
            .bind(&r.reason)
            .bind($actor)
            .bind(r.payment_ref.as_deref())
            .bind($now)
            .bind(r.payment_id.as_deref())
            .bind(r.payout.as_ref().map(|p| p.id.as_str()))
            .execute(&mut **$tx)
            .await
            .map_err(map)?;
            $crate::money_event!(
                &mut **$tx,
                "refund",
                &r.id,
                Some(order),
                $actor,
                $origin,
                None::<&str>,
                "done",
                Some(&r.reason),
                $now
            )
            .await
            .map_err(map)?;
            if let Some(p) = &r.payout {
                $crate::insert_payout!(&mut **$tx, p, $now).await.map_err(map)?;
                $crate::money_event!(
                    &mut **$tx,
                    "payout",
                    &p.id,
                    Some(order),
                    $actor,
                    $origin,
                    None::<&str>,
                    "pending",
                    None::<&str>,
                    $now
                )
                .await
                .map_err(map)?;
            }
            Ok::<(), StoreError>(())
        }
        .await
    };
}
pub(crate) use insert_refund;
