-- Campaign results computed once at close (and by `server reaggregate`),
-- collaborations (used as peer groups) and targets (SQLite).
-- Keep in step with ../postgres/.

-- One row per closed campaign: the submitted-response count.
CREATE TABLE campaign_results (
    campaign_id INTEGER PRIMARY KEY NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    computed_at INTEGER NOT NULL
);
CREATE INDEX campaign_results_year ON campaign_results (year, org_id);

-- Statistics per breakdown group ('total' with grp '') and dimension. Groups
-- below k are stored too; only the anonymity gate decides what is read out.
CREATE TABLE campaign_aggregates (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    breakdown   TEXT NOT NULL,
    grp         TEXT NOT NULL,
    dimension   TEXT NOT NULL,
    n           INTEGER NOT NULL,
    mean        REAL NOT NULL,
    median      REAL NOT NULL,
    sd          REAL NOT NULL,
    q1          REAL NOT NULL,
    q3          REAL NOT NULL,
    ci_lo       REAL NOT NULL,
    ci_hi       REAL NOT NULL,
    PRIMARY KEY (campaign_id, breakdown, grp, dimension)
);
CREATE INDEX campaign_aggregates_total ON campaign_aggregates (breakdown, dimension, campaign_id);

-- Counts of the role × department × tenure cross-tabulation per dimension
-- ('N' = respondents). Only the anonymity check reads them.
CREATE TABLE campaign_cells (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    role_group  TEXT NOT NULL,
    department  TEXT NOT NULL,
    tenure_band TEXT NOT NULL,
    dimension   TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, role_group, department, tenure_band, dimension)
);

-- Free-text answers copied at close, without any profile data, in a random
-- order (sort_key is random).
CREATE TABLE campaign_free_texts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    item_id     TEXT NOT NULL,
    sort_key    TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX campaign_free_texts_campaign ON campaign_free_texts (campaign_id, item_id, sort_key);

CREATE TABLE collaborations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE collaboration_coordinators (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (collaboration_id, user_id)
);

-- status: invited → member (an org admin accepts); named: the member lets the
-- other members see it by name.
CREATE TABLE collaboration_members (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    org_id           INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('invited', 'member')),
    named            INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0, 1)),
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (collaboration_id, org_id)
);
CREATE INDEX collaboration_members_org ON collaboration_members (org_id);

-- Target levels (målbild) per strategy; every change is a new row (history).
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    strategy    TEXT NOT NULL CHECK (strategy IN ('S1', 'S2', 'S3', 'S4', 'S5', 'S6')),
    level       REAL NOT NULL CHECK (level >= 1 AND level <= 10),
    target_year INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
    set_by      INTEGER,
    set_at      INTEGER NOT NULL
);
CREATE INDEX targets_org ON targets (org_id, strategy, id);
