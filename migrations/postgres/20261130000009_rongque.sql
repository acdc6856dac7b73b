-- 容缺审批 (POLICY.md §3.2): provisional approval, the follow-up economic check, payments
-- (so recovery has real figures), and credit records for false information.
ALTER TABLE applications ADD COLUMN follow_up_by TEXT;
ALTER TABLE applications ADD COLUMN verification TEXT;
ALTER TABLE applications ADD COLUMN recovery_fen BIGINT;

CREATE TABLE payments (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on        TEXT NOT NULL,
    period         TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL
);
CREATE INDEX payments_application ON payments (application_id, paid_on);

-- Entries in a person's credit file (个人信用记录), by the subject's sealed ID number's
-- application; written when assistance obtained with false information is cancelled.
CREATE TABLE credit_records (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    subject_name   TEXT NOT NULL,
    subject_id_masked TEXT NOT NULL,
    reason         TEXT NOT NULL,
    amount_fen     BIGINT NOT NULL,
    recorded_at    TEXT NOT NULL
);
