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
    total_minor BIGINT NOT NULL CHECK (total_minor > 0),
    currency TEXT NOT NULL,
    -- Unpaid by then, the order expires and its stock is freed.
    pay_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at, id);
CREATE INDEX orders_seller ON orders (seller_id, created_at, id);
CREATE INDEX orders_unpaid ON orders (pay_by) WHERE status = 'pending_payment';

CREATE TABLE order_items (
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    listing_id TEXT NOT NULL REFERENCES listings (id),
    -- As the buyer saw it: a later edit of the listing changes no order.
    title TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor > 0),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, position)
);

-- The audit trail: every state an order entered, who moved it, from where.
CREATE TABLE order_events (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    actor_id TEXT,
    from_status TEXT,
    to_status TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, created_at);

-- Requests a client may retry: the first response is kept and replayed for
-- the same key and body.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    -- Unset while the first request is still running.
    response_status BIGINT,
    response_body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
