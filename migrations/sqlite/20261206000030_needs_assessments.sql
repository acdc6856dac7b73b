-- 需求评估 (#15 item 3): a community worker's assessment of a monitored person at home.
CREATE TABLE needs_assessments (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES register_people (id),
    self_care    TEXT NOT NULL,
    living_alone INTEGER NOT NULL,
    needs        TEXT NOT NULL,
    hazards      TEXT NOT NULL,
    assessed_on  TEXT NOT NULL,
    assessed_by  TEXT NOT NULL REFERENCES staff (id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX needs_assessments_person ON needs_assessments (person_id, assessed_on);
