-- The SQLite side stores aggregates and cells in primary-key order (WITHOUT
-- ROWID) and drops this index; PostgreSQL has no clustered tables, so only
-- the index goes: the peer queries reach the total rows through
-- campaign_results' year index and the primary key, and every reaggregate
-- paid for keeping it. Keep in step with ../sqlite/.
DROP INDEX campaign_aggregates_total;
