-- A second factor for staff (#17 item 2): a TOTP secret (sealed with the data key) confirmed
-- once at enrolment, the last step used (so a code works once), one-use recovery codes (only
-- their hashes), and on each session whether its second factor was given.
CREATE TABLE staff_second_factors (
    staff_id      TEXT PRIMARY KEY REFERENCES staff (id),
    secret_sealed TEXT NOT NULL,
    confirmed     INTEGER NOT NULL DEFAULT 0,
    last_step     INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE TABLE staff_recovery_codes (
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    code_hash TEXT NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (staff_id, code_hash)
);
ALTER TABLE staff_sessions ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
