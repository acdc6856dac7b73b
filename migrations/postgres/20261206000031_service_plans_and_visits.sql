-- A provider worker (#15 item 2) is a staff account tied to one provider.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('community_worker', 'reviewer', 'approver', 'district_officer', 'admin', 'provider_worker'));
ALTER TABLE staff ADD COLUMN provider_id TEXT REFERENCES service_providers (id);
ALTER TABLE staff ADD CONSTRAINT staff_provider_role CHECK ((role = 'provider_worker') = (provider_id IS NOT NULL));
CREATE INDEX staff_provider ON staff (provider_id);

-- What a worker ticks off on a visit of the item, one line each.
ALTER TABLE service_items ADD COLUMN checklist TEXT NOT NULL DEFAULT '';

-- 一人一案 (#15 item 4): one plan per person, its lines from the catalogue of every level,
-- and how the person (or a guardian) agreed to it.
CREATE TABLE service_plans (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL UNIQUE REFERENCES register_people (id),
    access_notes    TEXT NOT NULL DEFAULT '',
    review_on       TEXT NOT NULL,
    agreed_at       TEXT,
    agreed_how      TEXT,
    agreed_by       TEXT,
    witness         TEXT,
    challenge_id    TEXT,
    created_by      TEXT NOT NULL REFERENCES staff (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE plan_lines (
    id          TEXT PRIMARY KEY,
    plan_id     TEXT NOT NULL REFERENCES service_plans (id),
    item_id     TEXT NOT NULL REFERENCES service_items (id),
    provider_id TEXT NOT NULL REFERENCES service_providers (id),
    times       BIGINT NOT NULL CHECK (times > 0),
    per         TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    end_on      TEXT,
    added_by    TEXT NOT NULL REFERENCES staff (id),
    added_at    TEXT NOT NULL,
    -- Visits are written ahead up to this day; the hourly sweep moves it on.
    generated_until TEXT NOT NULL
);
CREATE INDEX plan_lines_plan ON plan_lines (plan_id);
CREATE INDEX plan_lines_provider ON plan_lines (provider_id);

-- 服务记录 (#15 items 5, 6, 9): each visit made due by a plan line or a visit rule, and, once
-- recorded, what was done. A retry carries the same idempotency key and changes nothing.
CREATE TABLE service_visits (
    id                 TEXT PRIMARY KEY,
    person_id          TEXT NOT NULL REFERENCES register_people (id),
    area_code          TEXT NOT NULL REFERENCES areas (code),
    line_id            TEXT REFERENCES plan_lines (id),
    rule               TEXT,
    provider_id        TEXT REFERENCES service_providers (id),
    due_on             TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'due',
    idempotency_key    TEXT UNIQUE,
    started_at         TEXT,
    ended_at           TEXT,
    checklist          TEXT,
    notes              TEXT,
    confirmed_how      TEXT,
    unconfirmed_reason TEXT,
    satisfaction       BIGINT,
    late_reason        TEXT,
    recorded_by        TEXT REFERENCES staff (id),
    recorded_at        TEXT,
    challenge_id       TEXT,
    resident_rating    BIGINT,
    disputed_at        TEXT,
    dispute_note       TEXT,
    UNIQUE (line_id, due_on)
);
CREATE UNIQUE INDEX service_visits_one_open_rule ON service_visits (person_id, rule) WHERE status = 'due' AND rule IS NOT NULL;
CREATE INDEX service_visits_provider ON service_visits (provider_id, status, due_on);
CREATE INDEX service_visits_area ON service_visits (area_code, status, due_on);
CREATE INDEX service_visits_person ON service_visits (person_id, due_on);
