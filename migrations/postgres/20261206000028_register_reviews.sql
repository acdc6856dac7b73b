-- 定期复核 (#16 item 7): dibao and tekun recipients are reviewed at intervals (parameters); a
-- reviewer proposes, an approver confirms. The register keeps the last review's day and the
-- monthly amount it set.
ALTER TABLE register_people ADD COLUMN reviewed_on TEXT;
ALTER TABLE register_people ADD COLUMN amount_fen BIGINT;
CREATE TABLE register_reviews (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES register_people (id),
    due_on      TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    amount_fen  BIGINT,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL,
    proposed_by TEXT NOT NULL REFERENCES staff (id),
    proposed_at TEXT NOT NULL,
    decided_by  TEXT REFERENCES staff (id),
    decided_at  TEXT,
    return_note TEXT
);
-- One proposal waits per person at a time.
CREATE UNIQUE INDEX register_reviews_one_waiting ON register_reviews (person_id) WHERE status = 'proposed';
CREATE INDEX register_reviews_person ON register_reviews (person_id, proposed_at);
