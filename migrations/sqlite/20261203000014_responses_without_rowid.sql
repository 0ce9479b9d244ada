-- Responses leave no trace of the order in which they were started (issue 23,
-- leak 7). An ordinary SQLite table numbers its rows by insertion (rowid), so
-- whoever holds the database file could pair the n-th spent survey token with
-- the n-th response. A WITHOUT ROWID table is stored in the order of its
-- primary key, the random response id. Also: the resume hash of a submitted
-- response is forgotten the day after submission (the server's cleanup task),
-- not kept for ever.
CREATE TABLE responses_unordered (
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
) WITHOUT ROWID;

INSERT INTO responses_unordered
    (id, campaign_id, status, resume_hash, language, answers, role_group,
     department, tenure_band, started_on, submitted_on)
SELECT id, campaign_id, status,
       CASE WHEN status = 'submitted' THEN NULL ELSE resume_hash END,
       language, answers, role_group, department, tenure_band, started_on,
       submitted_on
FROM responses ORDER BY id;

DROP TABLE responses;
ALTER TABLE responses_unordered RENAME TO responses;
CREATE INDEX responses_campaign ON responses (campaign_id, status);
