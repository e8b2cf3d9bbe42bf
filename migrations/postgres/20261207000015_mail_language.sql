-- Mail in the reader's language. Each account keeps the language it chose
-- on the pages (English or Swahili), and the outbox keeps a mail as its
-- message id and values (JSON) until it is sent, when it is put into words
-- in the recipient's language. Texts, and mail queued before this, keep
-- their words in subject and body_text. Once sent, the values go the way
-- of the body: they hold live links.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE mail_outbox ADD COLUMN message TEXT;
ALTER TABLE mail_outbox ADD COLUMN args TEXT;
