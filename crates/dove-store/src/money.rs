//! The writes shared by the transactions that move money: reserving what an
//! order takes, the money audit trail, and payouts. Each is a macro so it
//! runs on whichever backend's transaction is open.

/// Takes what a `NewOrder` reserves, on an open transaction: a product's
/// quantity off its stock, a stay's nights, a let's hold. Yields
/// `Err(StoreError::Conflict(..))` when something is already taken; the
/// caller rolls back.
macro_rules! reserve {
    ($tx:expr, $order:expr) => {
        async {
            use dove_domain::orders::OrderKind;
            let o: &dove_domain::orders::NewOrder = $order;
            match (o.kind, o.booking) {
                (OrderKind::Product, _) => {
                    for item in &o.items {
                        // The guard in the WHERE makes the check and the take
                        // one step: concurrent buyers queue on the row, and
                        // the ones who find too little take nothing.
                        let taken = sqlx::query(
                            "UPDATE listings SET quantity = quantity - $2 \
                             WHERE id = $1 AND status = 'published' AND quantity >= $2",
                        )
                        .bind(&item.listing_id)
                        .bind(item.quantity)
                        .execute(&mut **$tx)
                        .await
                        .map_err($crate::error::map)?;
                        if taken.rows_affected() == 0 {
                            return Err(dove_domain::StoreError::Conflict(dove_domain::error::Conflict::OutOfStock));
                        }
                    }
                }
                (OrderKind::Stay, Some(b)) => {
                    let listing = &o.items[0].listing_id;
                    for night in b.start.0..b.end.map_or(b.start.0, |e| e.0) {
                        // The primary key (listing, night) admits one taker;
                        // DO NOTHING makes a loser see zero rows, not an
                        // aborted transaction.
                        let took = sqlx::query(
                            "INSERT INTO listing_nights (listing_id, night, order_id) VALUES ($1, $2, $3) \
                             ON CONFLICT (listing_id, night) DO NOTHING",
                        )
                        .bind(listing)
                        .bind(night)
                        .bind(&o.id)
                        .execute(&mut **$tx)
                        .await
                        .map_err($crate::error::map)?;
                        if took.rows_affected() == 0 {
                            return Err(dove_domain::StoreError::Conflict(dove_domain::error::Conflict::NightsTaken));
                        }
                    }
                }
                (OrderKind::Let, Some(_)) => {
                    let took = sqlx::query(
                        "INSERT INTO let_holds (listing_id, order_id) VALUES ($1, $2) ON CONFLICT (listing_id) DO NOTHING",
                    )
                    .bind(&o.items[0].listing_id)
                    .bind(&o.id)
                    .execute(&mut **$tx)
                    .await
                    .map_err($crate::error::map)?;
                    if took.rows_affected() == 0 {
                        return Err(dove_domain::StoreError::Conflict(dove_domain::error::Conflict::LetHeld));
                    }
                }
                _ => return Err(dove_domain::StoreError::Backend("a stay or let ordered without its dates".into())),
            }
            Ok::<(), dove_domain::StoreError>(())
        }
        .await
    };
}
pub(crate) use reserve;

/// Writes `$postings` as one ledger transaction about order `$order` (and
/// payment `$payment`, an `Option<&str>`), in the order's currency, on an
/// open transaction `$tx`, keeping the running balance of each person's
/// account they touch. Yields `Result<(), StoreError>`.
macro_rules! post_for_order {
    ($tx:expr, $postings:expr, $order:expr, $payment:expr, $memo:expr, $now:expr) => {
        async {
            let txn = dove_domain::new_id();
            for p in $postings {
                sqlx::query($crate::payments::INSERT_ENTRY)
                    .bind(dove_domain::new_id())
                    .bind(&txn)
                    .bind(&p.account)
                    .bind(p.amount_minor)
                    .bind($order)
                    .bind($payment)
                    .bind($memo)
                    .bind($now)
                    .execute(&mut **$tx)
                    .await
                    .map_err($crate::error::map)?;
                if dove_domain::ledger::is_kept(&p.account) {
                    sqlx::query($crate::money::ADD_TO_ORDER_BALANCE)
                        .bind(&p.account)
                        .bind(p.amount_minor)
                        .bind($order)
                        .execute(&mut **$tx)
                        .await
                        .map_err($crate::error::map)?;
                }
            }
            // Escrow never pays out more than came in for the order: a
            // last line behind the order's guarded moves, caught as a bug.
            if $postings.iter().any(|p| p.account.starts_with("escrow:") && p.amount_minor < 0) {
                let (held,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries \
                     WHERE order_id = $1 AND account LIKE 'escrow:%'",
                )
                .bind($order)
                .fetch_one(&mut **$tx)
                .await
                .map_err($crate::error::map)?;
                if held < 0 {
                    return Err(dove_domain::StoreError::Conflict(dove_domain::error::Conflict::EscrowBelowZero));
                }
            }
            Ok::<(), dove_domain::StoreError>(())
        }
        .await
    };
}
pub(crate) use post_for_order;

/// Adds an entry's amount to its kept account's running balance, the
/// currency being its order's; binds account, amount, order.
pub(crate) const ADD_TO_ORDER_BALANCE: &str = "INSERT INTO account_balances (account, currency, balance_minor) \
     SELECT $1, o.currency, $2 FROM orders o WHERE o.id = $3 \
     ON CONFLICT (account, currency) DO UPDATE SET balance_minor = account_balances.balance_minor + excluded.balance_minor";

/// As [`ADD_TO_ORDER_BALANCE`], the currency given; binds account, amount,
/// currency.
pub(crate) const ADD_TO_BALANCE: &str = "INSERT INTO account_balances (account, currency, balance_minor) \
     VALUES ($1, $3, $2) \
     ON CONFLICT (account, currency) DO UPDATE SET balance_minor = account_balances.balance_minor + excluded.balance_minor";

/// One entry of the money audit trail; binds subject, subject id, order,
/// actor, origin, from, to, detail, now.
pub(crate) const INSERT_MONEY_EVENT: &str = "INSERT INTO money_events \
       (id, subject, subject_id, order_id, actor_id, origin, from_status, to_status, detail, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Writes one audit entry on `$executor`; yields sqlx's result future.
macro_rules! money_event {
    ($executor:expr, $subject:expr, $subject_id:expr, $order:expr, $actor:expr, $origin:expr, $from:expr, $to:expr, $detail:expr, $now:expr) => {
        sqlx::query($crate::money::INSERT_MONEY_EVENT)
            .bind(dove_domain::new_id())
            .bind($subject)
            .bind($subject_id)
            .bind($order)
            .bind($actor)
            .bind($origin)
            .bind($from)
            .bind($to)
            .bind($detail)
            .bind($now)
            .execute($executor)
    };
}
pub(crate) use money_event;

/// Writes a pending payout (a `NewPayout`) on `$executor`.
macro_rules! insert_payout {
    ($executor:expr, $p:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO payouts (id, user_id, purpose, order_id, amount_minor, currency, phone, status, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8)",
        )
        .bind(&$p.id)
        .bind(&$p.user_id)
        .bind($p.purpose.as_str())
        .bind($p.order_id.as_deref())
        .bind($p.amount_minor)
        .bind(&$p.currency)
        .bind(&$p.phone)
        .bind($now)
        .execute($executor)
    };
}
pub(crate) use insert_payout;
