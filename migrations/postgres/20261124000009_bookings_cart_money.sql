-- Bookings (short stays by the night, long-term lets with a holding
-- deposit), the cart, refunds, disputes, payouts, card payments and the
-- money audit trail. Times are UTC ms; days are counted from 1970-01-01.

-- What an order is for. Bookings keep fulfilment 'pickup': the guest or
-- tenant comes to the place.
ALTER TABLE orders ADD COLUMN kind TEXT NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'stay', 'let'));
-- Given back to the buyer so far; what escrow still holds is total - refunded.
ALTER TABLE orders ADD COLUMN refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0);
CREATE INDEX orders_buyer_recent ON orders (buyer_id, created_at);
-- The orders pages filtered by state, newest first.
CREATE INDEX orders_buyer_status ON orders (buyer_id, status, created_at, id);
CREATE INDEX orders_seller_status ON orders (seller_id, status, created_at, id);

-- A card payment's hosted checkout page.
ALTER TABLE payments ADD COLUMN checkout_url TEXT;

-- Escrow is held per seller: the entries written to the one escrow account
-- so far are the seller's of their order.
UPDATE ledger_entries SET account = 'escrow:' || (SELECT o.seller_id FROM orders o WHERE o.id = ledger_entries.order_id)
WHERE account = 'escrow';

-- The running balance of each person's account (`kind:id`), written in the
-- same transaction as its entries; always the sum of them (checked after
-- every test). Platform-wide accounts are summed when asked.
CREATE TABLE account_balances (
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    balance_minor BIGINT NOT NULL,
    PRIMARY KEY (account, currency)
);
INSERT INTO account_balances (account, currency, balance_minor)
SELECT account, currency, SUM(amount_minor) FROM ledger_entries WHERE account LIKE '%:%' GROUP BY account, currency;
-- Platform-wide balances and the reconciliation read this index alone.
CREATE INDEX ledger_entries_balance ON ledger_entries (account, currency, amount_minor);

-- A listing let by the night: its price and shortest stay.
CREATE TABLE stay_settings (
    listing_id TEXT PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
    nightly_price_minor BIGINT NOT NULL CHECK (nightly_price_minor > 0),
    min_nights BIGINT NOT NULL CHECK (min_nights BETWEEN 1 AND 30),
    updated_at BIGINT NOT NULL
);

-- One row per taken night: booked (with its order) or blocked by the
-- seller (no order). The primary key is what makes two bookings of the
-- same night impossible, whatever the concurrency.
CREATE TABLE listing_nights (
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    night BIGINT NOT NULL,
    order_id TEXT REFERENCES orders (id) ON DELETE CASCADE,
    PRIMARY KEY (listing_id, night)
);
CREATE INDEX listing_nights_order ON listing_nights (order_id);

-- A long-term let reserved by one tenant at a time.
CREATE TABLE let_holds (
    listing_id TEXT PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
    order_id TEXT NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE
);

-- The dates of a booking order.
CREATE TABLE bookings (
    order_id TEXT PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id),
    -- The first night (stays) or the move-in day (lets).
    start_day BIGINT NOT NULL,
    -- The check-out day (stays); unset for lets.
    end_day BIGINT,
    CHECK (end_day IS NULL OR end_day > start_day)
);
CREATE INDEX bookings_start ON bookings (start_day);

-- The cart: products a buyer means to check out together.
CREATE TABLE cart_items (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);

-- Money given back to a buyer, in full or in part.
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    actor_id TEXT,
    -- A card refund: the card payment it returns (Stripe's payment intent),
    -- and the gateway's refund once sent. M-Pesa refunds go out as payouts.
    payment_ref TEXT,
    gateway_ref TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);
-- Card refunds written but not yet sent: sent again after a crash.
CREATE INDEX refunds_unsent ON refunds (created_at) WHERE payment_ref IS NOT NULL AND gateway_ref IS NULL;

-- A buyer's complaint about a paid order, settled by an admin.
CREATE TABLE disputes (
    order_id TEXT PRIMARY KEY REFERENCES orders (id),
    opened_by TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    -- The state the order returns to if the admin lets it go on.
    from_status TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    resolved_by TEXT,
    resolution TEXT,
    resolved_at BIGINT
);

-- Money sent out through M-Pesa B2C: a seller's withdrawal, or a refund
-- going back to the phone that paid.
CREATE TABLE payouts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('seller', 'refund')),
    order_id TEXT REFERENCES orders (id),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    phone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    gateway_ref TEXT,
    result_code BIGINT,
    result_desc TEXT,
    receipt TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX payouts_gateway_ref_key ON payouts (gateway_ref);
CREATE INDEX payouts_user ON payouts (user_id, created_at);
-- Written but not yet handed to the gateway: sent again after a crash.
CREATE INDEX payouts_unsent ON payouts (created_at) WHERE status = 'pending' AND gateway_ref IS NULL;
-- One withdrawal under way per seller.
CREATE UNIQUE INDEX payouts_one_pending ON payouts (user_id) WHERE status = 'pending' AND purpose = 'seller';

-- The audit trail of money other than orders' states: payments, refunds
-- and payouts, who moved them, from where, from which state to which.
CREATE TABLE money_events (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL CHECK (subject IN ('payment', 'refund', 'payout')),
    subject_id TEXT NOT NULL,
    order_id TEXT,
    actor_id TEXT,
    origin TEXT,
    from_status TEXT,
    to_status TEXT NOT NULL,
    detail TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX money_events_subject ON money_events (subject_id, created_at);
CREATE INDEX money_events_recent ON money_events (created_at);

-- Webhook events already applied, by the gateway's own event id: a
-- redelivered event changes nothing.
CREATE TABLE gateway_events (
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);
