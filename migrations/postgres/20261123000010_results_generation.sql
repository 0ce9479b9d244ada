-- A counter that changes with every write to the data the peer benchmark
-- reads (campaign results, organisations, collaboration members). The app
-- keeps each year's peer table in memory and reloads it when the counter has
-- moved, whichever process or code path wrote (PostgreSQL). Keep in step with
-- ../sqlite/.
CREATE TABLE results_generation (
    id  BIGINT PRIMARY KEY CHECK (id = 1),
    gen BIGINT NOT NULL
);
INSERT INTO results_generation (id, gen) VALUES (1, 0);

CREATE FUNCTION bump_results_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE results_generation SET gen = gen + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER results_gen_results AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaign_results
    FOR EACH STATEMENT EXECUTE FUNCTION bump_results_generation();
CREATE TRIGGER results_gen_orgs AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_results_generation();
CREATE TRIGGER results_gen_members AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON collaboration_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_results_generation();
