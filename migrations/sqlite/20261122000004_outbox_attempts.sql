-- Delivery attempts for SMTP (SQLite).
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_pending ON outbox (sent_at, attempts);
