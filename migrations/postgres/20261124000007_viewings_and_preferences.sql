-- Viewings a buyer and a seller agree on inside a conversation, photos sent
-- in messages, each person's notification and privacy choices, and SMS
-- in the outbox. Times are UTC milliseconds since the epoch.

-- A viewing request: up to three proposed start times from whichever side
-- proposed last; the other side accepts one, proposes others or declines.
CREATE TABLE viewings (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'cancelled')),
    proposed_by TEXT NOT NULL CHECK (proposed_by IN ('buyer', 'seller')),
    slot1_at BIGINT NOT NULL,
    slot2_at BIGINT,
    slot3_at BIGINT,
    -- The agreed start, once accepted.
    starts_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- When the "in two hours" reminder went out.
    reminded_at BIGINT
);
CREATE INDEX viewings_conversation ON viewings (conversation_id, created_at);
-- At most one request under negotiation per conversation.
CREATE UNIQUE INDEX viewings_one_open ON viewings (conversation_id) WHERE status = 'requested';
-- The reminder worker's scan, and the seller's calendar clash check.
CREATE INDEX viewings_upcoming ON viewings (starts_at) WHERE status = 'accepted';

-- Photos attached to a message, stored through the listing photo pipeline.
CREATE TABLE message_photos (
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    photo_key TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    formats TEXT NOT NULL DEFAULT 'jpeg',
    PRIMARY KEY (message_id, position)
);
-- A listing photo's files are removed only if no message shares them.
CREATE INDEX message_photos_key ON message_photos (photo_key);

-- Choices people make about what is shared and sent; no row means the defaults
-- (nothing shared, no SMS).
CREATE TABLE user_preferences (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- A buyer lets the seller see a saved listing as a lead.
    share_favourites BOOLEAN NOT NULL DEFAULT FALSE,
    -- A seller gets an SMS for each new lead.
    sms_lead_alerts BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL
);

-- New-lead SMS: the worker claims leads by setting this.
ALTER TABLE leads ADD COLUMN sms_alerted_at BIGINT;
CREATE INDEX leads_unalerted ON leads (created_at) WHERE sms_alerted_at IS NULL;

-- The outbox carries SMS as well as email; the local sink keeps both.
ALTER TABLE mail_outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms'));
ALTER TABLE dev_mailbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
