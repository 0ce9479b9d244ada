-- Delivery attempts for SMTP (PostgreSQL).
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
CREATE INDEX outbox_pending ON outbox (sent_at, attempts);
