-- 转介 (#15 item 7): what a visit noticed, as work in the community's queue — a proactive
-- case, a repair project (requested → approved → done, with its cost) or a plan change.
CREATE TABLE service_referrals (
    id             TEXT PRIMARY KEY,
    visit_id       TEXT NOT NULL REFERENCES service_visits (id),
    person_id      TEXT NOT NULL REFERENCES register_people (id),
    area_code      TEXT NOT NULL REFERENCES areas (code),
    kind           TEXT NOT NULL,
    note           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    created_by     TEXT NOT NULL REFERENCES staff (id),
    created_at     TEXT NOT NULL,
    approved_by    TEXT REFERENCES staff (id),
    approved_at    TEXT,
    closed_by      TEXT REFERENCES staff (id),
    closed_at      TEXT,
    outcome_note   TEXT,
    cost_fen       BIGINT,
    case_reference TEXT
);
CREATE INDEX service_referrals_area ON service_referrals (area_code, status);
