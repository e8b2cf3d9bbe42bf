-- Conversations between a buyer and a seller about one listing, their
-- messages, blocks, reports, and the leads that contacts become.
-- Times are milliseconds since the epoch, UTC; "unset" is NULL.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    buyer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seller_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_message_at INTEGER NOT NULL,
    last_message TEXT NOT NULL DEFAULT '',
    last_sender_id TEXT,
    -- Each side's read mark: messages at or before it have been seen.
    buyer_read_at INTEGER NOT NULL DEFAULT 0,
    seller_read_at INTEGER NOT NULL DEFAULT 0,
    buyer_archived_at INTEGER,
    seller_archived_at INTEGER,
    -- The last email about this conversation to each side (the digest throttle).
    buyer_mailed_at INTEGER NOT NULL DEFAULT 0,
    seller_mailed_at INTEGER NOT NULL DEFAULT 0
);
-- One conversation per buyer and listing: "message the seller" resumes it.
CREATE UNIQUE INDEX conversations_listing_buyer_key ON conversations (listing_id, buyer_id);
CREATE INDEX conversations_buyer ON conversations (buyer_id, last_message_at);
CREATE INDEX conversations_seller ON conversations (seller_id, last_message_at);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    -- Set when the text asks for money before a viewing: the recipient is warned.
    caution TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, created_at);
CREATE INDEX messages_sender ON messages (sender_id, created_at);

CREATE TABLE blocks (
    blocker_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

CREATE TABLE conversation_reports (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    reporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE INDEX conversation_reports_open ON conversation_reports (created_at) WHERE resolved_at IS NULL;

CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    seller_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    buyer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('message', 'phone', 'viewing', 'favourite')),
    stage TEXT NOT NULL DEFAULT 'new'
        CHECK (stage IN ('new', 'contacted', 'viewing', 'negotiating', 'won', 'lost')),
    lost_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- For response-time figures: the buyer's first contact, the seller's first reply.
    first_reply_at INTEGER
);
CREATE UNIQUE INDEX leads_listing_buyer_key ON leads (listing_id, buyer_id);
CREATE INDEX leads_seller ON leads (seller_id, updated_at);

CREATE TABLE lead_events (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX lead_events_lead ON lead_events (lead_id, created_at);
