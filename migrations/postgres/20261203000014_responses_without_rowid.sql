-- Issue 23, leak 7 (PostgreSQL). SQLite's counterpart of this migration
-- stores responses in the order of their random id instead of insertion
-- order. PostgreSQL's heap keeps rows where they were inserted and its WAL
-- keeps history for recovery and replication, so on PostgreSQL the database
-- server's files are inside the trust boundary (docs/security.md). What both
-- databases share: the resume hash of a submitted response is forgotten the
-- day after submission, starting with those submitted earlier.
UPDATE responses SET resume_hash = NULL WHERE status = 'submitted';
COMMENT ON COLUMN responses.resume_hash IS
    'Hash of the respondent''s resume code; forgotten the day after submission.';
