-- Collaborations: members choose whether to share their targets; the
-- coordinator sets collective targets per strategy (with history) (SQLite).
-- Keep in step with ../postgres/.

-- shares_targets: the member lets the collaboration see its targets (målbild).
ALTER TABLE collaboration_members ADD COLUMN shares_targets INTEGER NOT NULL DEFAULT 0
    CHECK (shares_targets IN (0, 1));

-- Who created the collaboration (NULL when that account is gone).
ALTER TABLE collaborations ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- Collective target levels per strategy; every change is a new row (history).
CREATE TABLE collaboration_targets (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    strategy         TEXT NOT NULL CHECK (strategy IN ('S1', 'S2', 'S3', 'S4', 'S5', 'S6')),
    level            REAL NOT NULL CHECK (level >= 1 AND level <= 10),
    target_year      INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
    set_by           INTEGER,
    set_at           INTEGER NOT NULL
);
CREATE INDEX collaboration_targets_collab ON collaboration_targets (collaboration_id, strategy, id);
CREATE INDEX collaboration_coordinators_user ON collaboration_coordinators (user_id);
