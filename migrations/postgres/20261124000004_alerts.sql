-- Saved searches and their alerts. A listing is alerted at most once per
-- saved search: the primary key of search_alerts makes a second match a
-- no-op, and mailed_at is set in the same transaction that queues the mail.
CREATE TABLE saved_searches (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    query TEXT NOT NULL,
    label TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('instant', 'daily')),
    created_at BIGINT NOT NULL,
    checked_at BIGINT NOT NULL,
    digest_at BIGINT NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches (user_id);

CREATE TABLE search_alerts (
    saved_search_id TEXT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    matched_at BIGINT NOT NULL,
    mailed_at BIGINT,
    PRIMARY KEY (saved_search_id, listing_id)
);
CREATE INDEX search_alerts_unmailed ON search_alerts (saved_search_id) WHERE mailed_at IS NULL;
