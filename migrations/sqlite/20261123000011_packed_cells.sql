-- The cross-tabulation counts, one row per profile combination instead of
-- one per dimension: n = respondents, dimensions = 'DIM=n;DIM=n' for the
-- dimensions with n > 0 (see app/src/scoring/cells.rs). Same counts, a
-- ninth of the rows. Keep in step with ../postgres/.
CREATE TABLE campaign_cells_packed (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    role_group  TEXT NOT NULL,
    department  TEXT NOT NULL,
    tenure_band TEXT NOT NULL,
    n           INTEGER NOT NULL,
    dimensions  TEXT NOT NULL,
    PRIMARY KEY (campaign_id, role_group, department, tenure_band)
);

INSERT INTO campaign_cells_packed (campaign_id, role_group, department, tenure_band, n, dimensions)
SELECT r.campaign_id, r.role_group, r.department, r.tenure_band, r.n,
       COALESCE((SELECT group_concat(d.dimension || '=' || d.n, ';')
                 FROM campaign_cells d
                 WHERE d.campaign_id = r.campaign_id AND d.role_group = r.role_group
                   AND d.department = r.department AND d.tenure_band = r.tenure_band
                   AND d.dimension <> 'N' AND d.n > 0), '')
FROM campaign_cells r
WHERE r.dimension = 'N';

DROP TABLE campaign_cells;
ALTER TABLE campaign_cells_packed RENAME TO campaign_cells;
