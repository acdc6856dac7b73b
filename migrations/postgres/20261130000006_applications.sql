-- Applications for assistance (申请): the draft a citizen fills in step by step, the
-- submitted application routed to a subdistrict office, its timeline, requests for more
-- information (补正) and supporting documents. Answers are stored encrypted as one sealed
-- JSON document (they hold ID numbers and the payment account); only what staff must
-- filter or route by is in plain columns.
CREATE TABLE application_drafts (
    id             TEXT PRIMARY KEY,
    citizen_id     TEXT NOT NULL UNIQUE REFERENCES citizens (id),
    answers_sealed TEXT NOT NULL,
    version        BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE applications (
    id                TEXT PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    -- One draft becomes at most one application: this makes submitting idempotent.
    draft_id          TEXT NOT NULL UNIQUE,
    citizen_id        TEXT NOT NULL REFERENCES citizens (id),
    actor_name        TEXT NOT NULL,
    subject_name      TEXT NOT NULL,
    subject_id_sealed TEXT NOT NULL,
    subject_id_masked TEXT NOT NULL,
    proxy_relation    TEXT,
    programme         TEXT NOT NULL,
    fast_track        BIGINT NOT NULL,
    area_code         TEXT NOT NULL REFERENCES areas (code),
    office_code       TEXT NOT NULL REFERENCES areas (code),
    routing_rule      TEXT NOT NULL,
    status            TEXT NOT NULL,
    answers_sealed    TEXT NOT NULL,
    payment_masked    TEXT NOT NULL,
    pledge_code       TEXT NOT NULL,
    submitted_at      TEXT NOT NULL,
    accept_by         TEXT NOT NULL
);
CREATE INDEX applications_citizen ON applications (citizen_id, submitted_at);
CREATE INDEX applications_office ON applications (office_code, status, submitted_at);

-- The id orders the timeline: events written in the same second keep their order.
CREATE TABLE application_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    actor          TEXT NOT NULL,
    on_behalf_of   TEXT,
    detail         TEXT NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, id);

CREATE TABLE information_requests (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    items          TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    requested_at   TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    answered_at    TEXT,
    answer         TEXT
);
CREATE INDEX information_requests_application ON information_requests (application_id);

CREATE TABLE documents (
    id             TEXT PRIMARY KEY,
    citizen_id     TEXT NOT NULL REFERENCES citizens (id),
    draft_id       TEXT,
    application_id TEXT REFERENCES applications (id),
    kind           TEXT NOT NULL,
    original_name  TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    storage_key    TEXT NOT NULL,
    uploaded_at    TEXT NOT NULL
);
CREATE INDEX documents_draft ON documents (draft_id);
CREATE INDEX documents_application ON documents (application_id);
