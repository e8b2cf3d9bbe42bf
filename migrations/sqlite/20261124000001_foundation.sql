-- Foundation: accounts, sessions, tokens, mail outbox, settings, categories,
-- listings and photos. Times are UTC milliseconds since the epoch (INTEGER);
-- money is integer minor units plus an ISO currency code.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'buyer' CHECK (role IN ('buyer', 'seller', 'admin')),
    email_verified_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE stores (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX stores_slug_key ON stores (slug);
CREATE UNIQUE INDEX stores_owner_key ON stores (owner_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until INTEGER,
    sent_at INTEGER,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Mail kept by the local sink, readable at /dev/mail in demo/dev mode.
CREATE TABLE dev_mailbox (
    id TEXT PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    received_at INTEGER NOT NULL
);

CREATE TABLE categories (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES categories (id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('property', 'product')),
    position INTEGER NOT NULL DEFAULT 0,
    retired_at INTEGER
);
CREATE UNIQUE INDEX categories_slug_key ON categories (slug);

CREATE TABLE listings (
    id TEXT PRIMARY KEY,
    seller_id TEXT NOT NULL REFERENCES users (id),
    -- Drafts fill these in step by step; publishing checks they are complete.
    category_id TEXT REFERENCES categories (id),
    kind TEXT NOT NULL CHECK (kind IN ('property', 'product')),
    offer TEXT NOT NULL DEFAULT 'sale' CHECK (offer IN ('rent', 'sale')),
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    price_minor INTEGER CHECK (price_minor IS NULL OR price_minor > 0),
    currency TEXT NOT NULL DEFAULT 'KES',
    property_type TEXT,
    bedrooms INTEGER,
    bathrooms INTEGER,
    floor_area_m2 INTEGER,
    furnished INTEGER,
    parking INTEGER,
    -- Amenity codes, comma-separated in a fixed order (water,security,…).
    amenities TEXT NOT NULL DEFAULT '',
    deposit_months INTEGER,
    service_charge_minor INTEGER,
    -- A calendar date, YYYY-MM-DD.
    available_from TEXT,
    condition TEXT,
    quantity INTEGER,
    delivery INTEGER NOT NULL DEFAULT 0,
    pickup INTEGER NOT NULL DEFAULT 1,
    county TEXT,
    town TEXT,
    neighbourhood TEXT,
    lat REAL,
    lng REAL,
    show_exact_location INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'paused', 'sold', 'rented', 'archived')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    published_at INTEGER,
    expires_at INTEGER,
    expiry_warned_at INTEGER,
    view_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX listings_seller ON listings (seller_id, created_at);
CREATE INDEX listings_published ON listings (published_at) WHERE status = 'published';
CREATE INDEX listings_expiring ON listings (expires_at) WHERE status = 'published';

-- One row per listing, visitor and day, so views count each visitor once a
-- day. Rows older than yesterday are pruned; the total is in view_count.
CREATE TABLE listing_views (
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    visitor TEXT NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (listing_id, visitor, day)
);

CREATE TABLE listing_photos (
    id TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    photo_key TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    -- 'jpeg' for JPEG variants only, 'jpeg,webp' when WebP variants exist too.
    formats TEXT NOT NULL DEFAULT 'jpeg',
    created_at INTEGER NOT NULL
);
CREATE INDEX listing_photos_listing ON listing_photos (listing_id, position);
CREATE INDEX listing_photos_key ON listing_photos (photo_key);
