-- The digest worker looks only at conversations with recent messages.
CREATE INDEX conversations_recent ON conversations (last_message_at);

-- A seller's notes on a lead, and follow-up tasks with due dates.
CREATE TABLE lead_notes (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX lead_notes_lead ON lead_notes (lead_id, created_at);

CREATE TABLE lead_tasks (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    done_at INTEGER,
    reminded_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX lead_tasks_due ON lead_tasks (due_at) WHERE done_at IS NULL AND reminded_at IS NULL;
CREATE INDEX lead_tasks_lead ON lead_tasks (lead_id);
