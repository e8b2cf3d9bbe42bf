-- Payouts hardening (issue 12).
--
-- When a payout's request was handed to M-Pesa. Set before the request
-- leaves, so a payout sent but never answered (a timeout, a 5xx, a crash
-- mid-way) is never sent again blindly: it is asked about with Daraja's
-- transaction status first. NULL: never handed over, safe to send.
ALTER TABLE payouts ADD COLUMN sent_at INTEGER;
-- When M-Pesa was last asked how an unanswered payout ended.
ALTER TABLE payouts ADD COLUMN asked_at INTEGER;

-- The one number a seller's payouts go to. Set or changed only with the
-- password and a link mailed to the account (its token kept hashed); a
-- changed number takes payouts only from `usable_from`, 24 hours after the
-- link was followed.
CREATE TABLE payout_numbers (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- E.164; NULL until a first number is confirmed.
    phone TEXT,
    usable_from INTEGER NOT NULL DEFAULT 0,
    -- A number asked for and waiting for its mailed link.
    pending_phone TEXT,
    token_hash TEXT UNIQUE,
    token_expires_at INTEGER,
    updated_at INTEGER NOT NULL
);
