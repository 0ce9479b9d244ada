-- Aggregates and cross-tabulation cells stored in their primary key's order
-- (WITHOUT ROWID): each row lives in one B-tree instead of a rowid table
-- plus the key's index, so `reaggregate` (which replaces every row) writes
-- half as much. The (breakdown, dimension, campaign_id) index goes: the
-- peer queries reach the total rows through campaign_results' year index
-- and this primary key. Free texts lose AUTOINCREMENT (nothing needs ids
-- that are never reused, and it cost a sqlite_sequence write per insert).
-- Keep in step with ../postgres/.
CREATE TABLE campaign_aggregates_clustered (
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
) WITHOUT ROWID;
INSERT INTO campaign_aggregates_clustered
    (campaign_id, breakdown, grp, dimension, n, mean, median, sd, q1, q3, ci_lo, ci_hi)
SELECT campaign_id, breakdown, grp, dimension, n, mean, median, sd, q1, q3, ci_lo, ci_hi
FROM campaign_aggregates;
DROP TABLE campaign_aggregates;
ALTER TABLE campaign_aggregates_clustered RENAME TO campaign_aggregates;

CREATE TABLE campaign_cells_clustered (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    role_group  TEXT NOT NULL,
    department  TEXT NOT NULL,
    tenure_band TEXT NOT NULL,
    n           INTEGER NOT NULL,
    dimensions  TEXT NOT NULL,
    PRIMARY KEY (campaign_id, role_group, department, tenure_band)
) WITHOUT ROWID;
INSERT INTO campaign_cells_clustered (campaign_id, role_group, department, tenure_band, n, dimensions)
SELECT campaign_id, role_group, department, tenure_band, n, dimensions FROM campaign_cells;
DROP TABLE campaign_cells;
ALTER TABLE campaign_cells_clustered RENAME TO campaign_cells;

CREATE TABLE campaign_free_texts_plain (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    item_id     TEXT NOT NULL,
    sort_key    TEXT NOT NULL,
    body        TEXT NOT NULL
);
INSERT INTO campaign_free_texts_plain (id, campaign_id, item_id, sort_key, body)
SELECT id, campaign_id, item_id, sort_key, body FROM campaign_free_texts;
DROP TABLE campaign_free_texts;
ALTER TABLE campaign_free_texts_plain RENAME TO campaign_free_texts;
CREATE INDEX campaign_free_texts_campaign ON campaign_free_texts (campaign_id, item_id, sort_key);
