-- Sign-ups waiting for their e-mail confirmation (issue 23, leak 8): sign-up
-- answers alike for a new and a taken address, so nothing is created until
-- the owner of the address opens the mailed link. Only the SHA-256 of the
-- token is stored; `payload` is JSON with the validated organisation fields,
-- the display name, the language and the argon2 hash of the password (never
-- the password). A new sign-up for the same address replaces the pending one;
-- rows expire after 24 hours and are swept with the expired sessions.
-- Keep in step with ../postgres/.
CREATE TABLE pending_sign_ups (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    email      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX pending_sign_ups_email ON pending_sign_ups (email);
CREATE INDEX pending_sign_ups_expires ON pending_sign_ups (expires_at);
