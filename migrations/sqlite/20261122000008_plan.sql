-- Action plan and benefits realisation (SQLite). Keep in step with ../postgres/.
-- Every row carries its organisation; money is in whole currency units.

CREATE TABLE plan_activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    strategy    TEXT NOT NULL CHECK (strategy IN ('S1', 'S2', 'S3', 'S4', 'S5', 'S6')),
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    owner       TEXT NOT NULL,
    cost        INTEGER NOT NULL CHECK (cost >= 0),
    funding     TEXT NOT NULL CHECK (funding IN ('investment', 'operating')),
    status      TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX plan_activities_org ON plan_activities (org_id, year);

-- Expected benefits of an activity (activity_id set) or of a whole strategy.
CREATE TABLE plan_benefits (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id           INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    activity_id      INTEGER REFERENCES plan_activities (id) ON DELETE CASCADE,
    strategy         TEXT NOT NULL CHECK (strategy IN ('S1', 'S2', 'S3', 'S4', 'S5', 'S6')),
    benefit_type     TEXT NOT NULL,
    description      TEXT NOT NULL,
    success_criteria TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX plan_benefits_org ON plan_benefits (org_id);

CREATE TABLE plan_kpis (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES plan_activities (id) ON DELETE CASCADE,
    strategy    TEXT NOT NULL CHECK (strategy IN ('S1', 'S2', 'S3', 'S4', 'S5', 'S6')),
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    baseline    REAL NOT NULL,
    target      REAL NOT NULL,
    owner       TEXT NOT NULL,
    frequency   TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'yearly')),
    created_at  INTEGER NOT NULL
);
CREATE INDEX plan_kpis_org ON plan_kpis (org_id);

-- measured_on: YYYY-MM-DD.
CREATE TABLE plan_kpi_measurements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kpi_id      INTEGER NOT NULL REFERENCES plan_kpis (id) ON DELETE CASCADE,
    measured_on TEXT NOT NULL,
    value       REAL NOT NULL
);
CREATE INDEX plan_kpi_measurements_kpi ON plan_kpi_measurements (kpi_id, measured_on);

-- One row per year and activity (or strategy); net and accumulated net are computed.
CREATE TABLE plan_business_case_years (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    activity_id  INTEGER REFERENCES plan_activities (id) ON DELETE CASCADE,
    strategy     TEXT NOT NULL CHECK (strategy IN ('S1', 'S2', 'S3', 'S4', 'S5', 'S6')),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    investment   INTEGER NOT NULL CHECK (investment >= 0),
    running_cost INTEGER NOT NULL CHECK (running_cost >= 0),
    savings      INTEGER NOT NULL CHECK (savings >= 0)
);
CREATE INDEX plan_business_case_years_org ON plan_business_case_years (org_id, year);
