-- A counter that changes with every write to the data the peer benchmark
-- reads (campaign results, organisations, collaboration members). The app
-- keeps each year's peer table in memory and reloads it when the counter has
-- moved, whichever process or code path wrote (SQLite). Keep in step with
-- ../postgres/.
CREATE TABLE results_generation (
    id  INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    gen INTEGER NOT NULL
);
INSERT INTO results_generation (id, gen) VALUES (1, 0);

CREATE TRIGGER results_gen_results_ins AFTER INSERT ON campaign_results
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER results_gen_results_upd AFTER UPDATE ON campaign_results
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER results_gen_results_del AFTER DELETE ON campaign_results
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;

CREATE TRIGGER results_gen_orgs_ins AFTER INSERT ON organisations
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER results_gen_orgs_upd AFTER UPDATE ON organisations
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER results_gen_orgs_del AFTER DELETE ON organisations
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;

CREATE TRIGGER results_gen_members_ins AFTER INSERT ON collaboration_members
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER results_gen_members_upd AFTER UPDATE ON collaboration_members
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER results_gen_members_del AFTER DELETE ON collaboration_members
BEGIN UPDATE results_generation SET gen = gen + 1 WHERE id = 1; END;
