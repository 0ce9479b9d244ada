-- People invited to a campaign by e-mail (SQLite). Each holds one survey token;
-- the token is still never linked to a response. Reminders replace the token.
CREATE TABLE survey_invitees (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    token_id    INTEGER NOT NULL REFERENCES survey_tokens (id) ON DELETE CASCADE,
    reminders   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, email)
);
