-- Foundation schema (SQLite). Keep in step with ../postgres/.
CREATE TABLE app_settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE organisations (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL,
    country            TEXT NOT NULL CHECK (length(country) = 2),
    kind               TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'agency', 'other')),
    population         INTEGER NOT NULL CHECK (population >= 0),
    size_band          TEXT NOT NULL,
    ambition           TEXT NOT NULL CHECK (ambition IN ('frontrunner', 'fast_follower', 'late_follower')),
    named_benchmarking INTEGER NOT NULL DEFAULT 0 CHECK (named_benchmarking IN (0, 1)),
    disabled           INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at         INTEGER NOT NULL
);
CREATE INDEX organisations_peer ON organisations (country, kind, size_band);
