-- Product orders: "buy now" reserves stock until the order is paid or its
-- fifteen minutes run out. Every change of state is recorded with who made
-- it. Money is integer minor units with its currency; times are UTC ms.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    buyer_id TEXT NOT NULL REFERENCES users (id),
    seller_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN
        ('pending_payment', 'paid', 'fulfilled', 'completed', 'cancelled', 'expired', 'refunded', 'disputed')),
    fulfilment TEXT NOT NULL CHECK (fulfilment IN ('delivery', 'pickup')),
    total_minor INTEGER NOT NULL CHECK (total_minor > 0),
    currency TEXT NOT NULL,
    -- Unpaid by then, the order expires and its stock is freed.
    pay_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at, id);
CREATE INDEX orders_seller ON orders (seller_id, created_at, id);
CREATE INDEX orders_unpaid ON orders (pay_by) WHERE status = 'pending_payment';

CREATE TABLE order_items (
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    listing_id TEXT NOT NULL REFERENCES listings (id),
    -- As the buyer saw it: a later edit of the listing changes no order.
    title TEXT NOT NULL,
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, position)
);

-- The audit trail: every state an order entered, who moved it, from where.
CREATE TABLE order_events (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    actor_id TEXT,
    -- Where the change came from: the client's address, or unset for the
    -- app's own workers and the payment gateway's callback.
    origin TEXT,
    from_status TEXT,
    to_status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, created_at);

-- Requests a client may retry: the first response is kept and replayed for
-- the same key and body.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    -- Unset while the first request is still running.
    response_status INTEGER,
    response_body TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- A payment attempt for an order: an M-Pesa STK push (or a card checkout
-- later). The gateway's reference finds it again when the callback comes.
CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    method TEXT NOT NULL CHECK (method IN ('mpesa', 'card')),
    -- The paying number, E.164; shown masked.
    phone TEXT,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    gateway_ref TEXT,
    result_code INTEGER,
    result_desc TEXT,
    receipt TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX payments_gateway_ref_key ON payments (gateway_ref);
CREATE INDEX payments_order ON payments (order_id, created_at);
-- At most one attempt under way per order.
CREATE UNIQUE INDEX payments_one_pending ON payments (order_id) WHERE status = 'pending';
-- Prompts whose callback never came are asked about.
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

-- Double-entry ledger: every money movement is a transaction of entries
-- summing to zero per currency; balances are sums, never stored.
CREATE TABLE ledger_entries (
    id TEXT PRIMARY KEY,
    txn_id TEXT NOT NULL,
    account TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    order_id TEXT REFERENCES orders (id),
    payment_id TEXT REFERENCES payments (id),
    memo TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account, currency);
CREATE INDEX ledger_entries_txn ON ledger_entries (txn_id);

-- The sandbox gateway's prompts: the phone screen a buyer would see,
-- answered from /dev/payments in demo and dev mode.
CREATE TABLE sandbox_prompts (
    checkout_id TEXT PRIMARY KEY,
    phone TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    reference TEXT NOT NULL,
    callback_url TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'approved', 'declined', 'timed_out')),
    created_at INTEGER NOT NULL
);

-- Offers on property for sale: an amount, answered in turn (accept,
-- counter with another amount, or decline) by whichever side did not
-- propose it last.
CREATE TABLE offers (
    id TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    buyer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seller_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn')),
    proposed_by TEXT NOT NULL CHECK (proposed_by IN ('buyer', 'seller')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- One open offer per buyer and listing.
CREATE UNIQUE INDEX offers_one_open ON offers (listing_id, buyer_id) WHERE status = 'open';
CREATE INDEX offers_buyer ON offers (buyer_id, updated_at);
CREATE INDEX offers_seller ON offers (seller_id, updated_at);
