-- Questionnaire versions, campaigns, survey invitations and responses (SQLite).

-- A published version is immutable: its document is never updated.
CREATE TABLE questionnaire_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      TEXT NOT NULL UNIQUE,
    document     TEXT NOT NULL,
    published_at INTEGER NOT NULL
);

CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    version_id    INTEGER NOT NULL REFERENCES questionnaire_versions (id),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    name          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed')),
    departments   TEXT NOT NULL,
    shared_code   TEXT NOT NULL UNIQUE,
    tokens_issued INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    opened_at     INTEGER,
    closed_at     INTEGER
);
CREATE INDEX campaigns_org ON campaigns (org_id, year);

-- Single-use survey tokens. Deliberately no link to a response: using a
-- token flips `used`, nothing else (no time, no response id).
CREATE TABLE survey_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    used        INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
);
CREATE INDEX survey_tokens_campaign ON survey_tokens (campaign_id, used);

-- Responses: a random id (no order), no IP, no user agent, dates at day
-- precision only. A draft is found by the hash of its resume code, which is
-- cleared at submission.
CREATE TABLE responses (
    id               TEXT PRIMARY KEY NOT NULL,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    resume_hash      TEXT UNIQUE,
    language         TEXT NOT NULL,
    answers          TEXT NOT NULL,
    role_group       TEXT,
    department       TEXT,
    tenure_band      TEXT,
    started_on       TEXT NOT NULL,
    submitted_on     TEXT
);
CREATE INDEX responses_campaign ON responses (campaign_id, status);
