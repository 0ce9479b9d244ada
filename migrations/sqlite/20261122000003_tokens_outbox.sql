-- Single-use tokens (invitations, password resets) and the mail outbox (SQLite).
-- Only a SHA-256 hash of a token is stored; the token itself exists only in the link.
CREATE TABLE auth_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    token_hash TEXT NOT NULL UNIQUE,
    email      TEXT NOT NULL,
    org_id     INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    role       TEXT CHECK (role IS NULL OR role IN ('org_admin', 'leader')),
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX auth_tokens_org ON auth_tokens (org_id);
CREATE INDEX auth_tokens_email ON auth_tokens (email, kind, created_at);

-- Every outgoing e-mail. Without SMTP this is where mail ends up; the
-- operator can read it in the app.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);
CREATE INDEX outbox_recipient ON outbox (recipient);
