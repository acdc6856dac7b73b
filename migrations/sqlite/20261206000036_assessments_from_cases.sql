-- 需求评估 from an application's home visit (#15 item 3): an applicant is not in the register
-- until the decision, so an assessment may belong to the application first; the decision
-- that puts the person in the register gives it its person. Nothing refers to this table,
-- so it is rebuilt (SQLite cannot drop a NOT NULL).
CREATE TABLE needs_assessments_new (
    id             TEXT PRIMARY KEY,
    person_id      TEXT REFERENCES register_people (id),
    self_care      TEXT NOT NULL,
    living_alone   INTEGER NOT NULL,
    needs          TEXT NOT NULL,
    hazards        TEXT NOT NULL,
    assessed_on    TEXT NOT NULL,
    assessed_by    TEXT NOT NULL REFERENCES staff (id),
    recorded_at    TEXT NOT NULL,
    application_id TEXT REFERENCES applications (id),
    CHECK (person_id IS NOT NULL OR application_id IS NOT NULL)
);
INSERT INTO needs_assessments_new (id, person_id, self_care, living_alone, needs, hazards, assessed_on, assessed_by, recorded_at)
    SELECT id, person_id, self_care, living_alone, needs, hazards, assessed_on, assessed_by, recorded_at FROM needs_assessments;
DROP TABLE needs_assessments;
ALTER TABLE needs_assessments_new RENAME TO needs_assessments;
CREATE INDEX needs_assessments_person ON needs_assessments (person_id, assessed_on);
CREATE INDEX needs_assessments_application ON needs_assessments (application_id);
