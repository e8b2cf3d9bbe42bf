-- Reviews (issue 14). The parties of a completed order, stay or let review
-- each other; after a viewing both sides say took place, the visitor
-- reviews the owner and the listing.

-- Whether the viewing took place, as each side says; held_at once both
-- said yes (a viewing's review window opens then).
ALTER TABLE viewings ADD COLUMN buyer_attended BOOLEAN;
ALTER TABLE viewings ADD COLUMN seller_attended BOOLEAN;
ALTER TABLE viewings ADD COLUMN held_at BIGINT;

-- One review per author per occasion. Double-blind: a review is published
-- (published_at) when every review its occasion expects is written, in the
-- same transaction as the last; and at closes_at whatever was written is
-- public anyway, which readers check against their own now.
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    occasion TEXT NOT NULL CHECK (occasion IN ('order', 'viewing')),
    occasion_id TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    -- buyer (of an order, stay or let), seller, or visitor (of a viewing).
    role TEXT NOT NULL CHECK (role IN ('buyer', 'seller', 'visitor')),
    subject_id TEXT NOT NULL REFERENCES users (id),
    listing_id TEXT NOT NULL REFERENCES listings (id),
    score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    -- Category scores as JSON ({"accuracy": 5, ...}); empty for a seller's
    -- review of a buyer.
    scores TEXT NOT NULL,
    body TEXT NOT NULL,
    -- For the reviewed party only; never public.
    private_note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    published_at BIGINT,
    reply TEXT,
    replied_at BIGINT,
    hidden_at BIGINT,
    hidden_by TEXT REFERENCES users (id),
    hidden_reason TEXT
);
CREATE UNIQUE INDEX reviews_one_per_author ON reviews (occasion, occasion_id, author_id);
-- A listing's reviews and a seller's, newest first.
CREATE INDEX reviews_listing ON reviews (listing_id, created_at);
CREATE INDEX reviews_subject ON reviews (subject_id, created_at);

-- Review reminders sent: the first and the tenth day of the window.
CREATE TABLE review_reminders (
    occasion TEXT NOT NULL,
    occasion_id TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    day BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (occasion, occasion_id, author_id, day)
);

-- How many reviews each occasion has: the last one written publishes them
-- all. An upsert on one row makes two parties writing at the same moment
-- take turns, so the second always sees the first.
CREATE TABLE review_tallies (
    occasion TEXT NOT NULL,
    occasion_id TEXT NOT NULL,
    written BIGINT NOT NULL,
    PRIMARY KEY (occasion, occasion_id)
);

-- The reminder scan: orders completed, and viewings held, in the window.
CREATE INDEX order_events_completed ON order_events (created_at) WHERE to_status = 'completed';
CREATE INDEX viewings_held ON viewings (held_at) WHERE held_at IS NOT NULL;
