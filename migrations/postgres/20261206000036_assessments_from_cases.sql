-- 需求评估 from an application's home visit (#15 item 3): an applicant is not in the register
-- until the decision, so an assessment may belong to the application first; the decision
-- that puts the person in the register gives it its person.
ALTER TABLE needs_assessments ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE needs_assessments ADD COLUMN application_id TEXT REFERENCES applications (id);
ALTER TABLE needs_assessments ADD CONSTRAINT needs_assessments_whose CHECK (person_id IS NOT NULL OR application_id IS NOT NULL);
CREATE INDEX needs_assessments_application ON needs_assessments (application_id);
