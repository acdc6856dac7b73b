-- Staff accounts scoped to an area, their sessions, and the audit log.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('community_worker', 'reviewer', 'approver', 'district_officer', 'admin')),
    area_code     TEXT NOT NULL REFERENCES areas (code),
    active        BIGINT NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

-- Sessions expire when idle and at an absolute limit (Unix seconds).
CREATE TABLE staff_sessions (
    token_hash  TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    created_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Every state change and every staff view of sensitive data. Each entry carries the hash of
-- the one before (prev_hash, unique: the chain cannot fork) and its own hash over both.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL UNIQUE,
    hash       TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be deleted');
END;

-- Optimistic concurrency for staff actions, and who has taken the case.
ALTER TABLE applications ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN assigned_to TEXT REFERENCES staff (id);
-- Who accepted and who decided (never the same person), and the decision.
ALTER TABLE applications ADD COLUMN accepted_by TEXT REFERENCES staff (id);
ALTER TABLE applications ADD COLUMN decided_by TEXT REFERENCES staff (id);
ALTER TABLE applications ADD COLUMN decision TEXT;
ALTER TABLE applications ADD COLUMN amount_fen BIGINT;
ALTER TABLE applications ADD COLUMN decided_at TEXT;
-- The queue pages by area and submission time without scanning.
CREATE INDEX applications_area_queue ON applications (area_code, submitted_at, id);
