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

-- Unread counts kept on the conversation (the recipient's side goes up with
-- each message, and is recounted when they read), so the inbox and the
-- header badge never count messages.
ALTER TABLE conversations ADD COLUMN buyer_unread BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN seller_unread BIGINT NOT NULL DEFAULT 0;
UPDATE conversations SET
    buyer_unread = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = conversations.id
                      AND m.sender_id = conversations.seller_id AND m.created_at > conversations.buyer_read_at),
    seller_unread = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = conversations.id
                      AND m.sender_id = conversations.buyer_id AND m.created_at > conversations.seller_read_at);
CREATE INDEX conversations_buyer_unread ON conversations (buyer_id, buyer_unread) WHERE buyer_unread > 0;
CREATE INDEX conversations_seller_unread ON conversations (seller_id, seller_unread) WHERE seller_unread > 0;

-- The leads board: one stage's leads newest first, the count of each stage
-- (index only), one listing's leads, and the reply-time figures (index only).
CREATE INDEX leads_seller_stage ON leads (seller_id, stage, updated_at, id);
CREATE INDEX leads_seller_listing ON leads (seller_id, listing_id, updated_at, id);
CREATE INDEX leads_replies ON leads (seller_id, source, created_at, first_reply_at);

-- The inbox pages through each side's conversations newest first, with the
-- id breaking ties, straight off these indexes.
DROP INDEX conversations_buyer;
DROP INDEX conversations_seller;
CREATE INDEX conversations_buyer ON conversations (buyer_id, last_message_at, id);
CREATE INDEX conversations_seller ON conversations (seller_id, last_message_at, id);
-- The leads board pages the same way.
DROP INDEX leads_seller;
CREATE INDEX leads_seller ON leads (seller_id, updated_at, id);
