-- How a campaign's responses come in, for the padding rule (issue 23, leak 5;
-- docs/security.md "Padding"): the staff headcount per department the org
-- admin gave (JSON object, department -> headcount), how many responses were
-- started through the shared link or code, and how many shared-link starts
-- were refused for coming too fast from one address (and on which day last).
-- Counts per campaign only: nothing here tells which response came how.
CREATE TABLE campaign_intake (
    campaign_id     BIGINT PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    headcounts      TEXT NOT NULL DEFAULT '{}',
    shared_starts   BIGINT NOT NULL DEFAULT 0,
    refused_starts  BIGINT NOT NULL DEFAULT 0,
    last_refused_on TEXT
);
