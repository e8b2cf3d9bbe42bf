-- Trust and safety (issue 14): reports and the signals the app raises
-- itself, gathered into one case per reported thing; admin actions in an
-- audit log; suspensions and hidden listings.

-- A suspended account can't sign in; its sessions and tokens are ended
-- when it is suspended. suspended_until NULL with suspended_at set is a
-- ban. One appeal per suspension.
ALTER TABLE users ADD COLUMN suspended_at BIGINT;
ALTER TABLE users ADD COLUMN suspended_until BIGINT;
ALTER TABLE users ADD COLUMN suspension_reason TEXT;
ALTER TABLE users ADD COLUMN appealed_at BIGINT;

-- A listing an admin hid, or that its seller's suspension took down
-- (hidden_cause 'admin' or 'suspension'): out of search and off its page.
ALTER TABLE listings ADD COLUMN hidden_at BIGINT;
ALTER TABLE listings ADD COLUMN hidden_cause TEXT;
ALTER TABLE listings ADD COLUMN hidden_reason TEXT;

-- A case: one reported or flagged thing (a listing, a user, a message or a
-- review), and the account it concerns. At most one open case per thing.
CREATE TABLE trust_cases (
    id TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('listing', 'user', 'message', 'review')),
    subject_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    outcome TEXT
);
CREATE UNIQUE INDEX trust_cases_one_open ON trust_cases (subject_kind, subject_id) WHERE status = 'open';
CREATE INDEX trust_cases_queue ON trust_cases (status, updated_at);

-- What put a case in the queue: a user's report (reporter_id set) or a
-- signal the app raised (reporter_id NULL; ref names what raised it, once).
CREATE TABLE trust_reports (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES trust_cases (id),
    reporter_id TEXT REFERENCES users (id),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    ref TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX trust_reports_case ON trust_reports (case_id, created_at);
CREATE INDEX trust_reports_reporter ON trust_reports (reporter_id, created_at);
CREATE UNIQUE INDEX trust_signals_once ON trust_reports (reason, ref);

-- The audit log: every admin action, who, when, what, why.
CREATE TABLE admin_actions (
    id TEXT PRIMARY KEY,
    admin_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    case_id TEXT REFERENCES trust_cases (id),
    reason TEXT NOT NULL,
    until_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX admin_actions_at ON admin_actions (created_at);

-- Hiding or restoring a listing changes what search shows.
CREATE TRIGGER listings_hidden_changed AFTER UPDATE OF hidden_at ON listings
    FOR EACH ROW EXECUTE FUNCTION dove_listing_changed();
