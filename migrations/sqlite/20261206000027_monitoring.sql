-- 低收入人口动态监测 (#16, POLICY.md §3.4): the register of monitored people, the rows other
-- departments send, and the warnings they raise. ID numbers are sealed; each carries a
-- blind index (HMAC-SHA-256 under its own key) so a department's rows are matched without
-- opening a single sealed value.
CREATE TABLE register_people (
    id           TEXT PRIMARY KEY,
    id_index     TEXT NOT NULL UNIQUE,
    id_sealed    TEXT NOT NULL,
    id_masked    TEXT NOT NULL,
    name         TEXT NOT NULL,
    phone_sealed TEXT,
    area_code    TEXT NOT NULL REFERENCES areas (code),
    office_code  TEXT NOT NULL REFERENCES areas (code),
    address      TEXT NOT NULL DEFAULT '',
    tier         TEXT NOT NULL,
    since        TEXT NOT NULL,
    source       TEXT NOT NULL,
    source_ref   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX register_people_area ON register_people (area_code, tier);
CREATE INDEX register_people_office ON register_people (office_code, tier);

-- A department's machine credential: only its hash is kept; revoked ones stay for the audit.
CREATE TABLE feed_clients (
    id         TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- One row a batch: sending the same batch again finds it here and changes nothing.
CREATE TABLE feed_batches (
    source          TEXT NOT NULL,
    batch_id        TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    received_by     TEXT NOT NULL,
    rows_received   INTEGER NOT NULL,
    rows_matched    INTEGER NOT NULL,
    rows_unmatched  INTEGER NOT NULL,
    rows_rejected   INTEGER NOT NULL,
    warnings_raised INTEGER NOT NULL,
    rejected        TEXT NOT NULL,
    PRIMARY KEY (source, batch_id)
);

-- Rows about people outside the register (person_id NULL) are deleted after
-- feed_unmatched_retention_days; rows about monitored people are their history.
CREATE TABLE feed_rows (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    batch_id    TEXT NOT NULL,
    row_index   INTEGER NOT NULL,
    id_index    TEXT NOT NULL,
    person_id   TEXT REFERENCES register_people (id),
    kind        TEXT NOT NULL,
    day         TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    signal      TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX feed_rows_person ON feed_rows (person_id, kind, day);
CREATE INDEX feed_rows_unmatched ON feed_rows (received_at) WHERE person_id IS NULL;

CREATE TABLE warnings (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES register_people (id),
    rule           TEXT NOT NULL,
    priority       TEXT NOT NULL,
    value          INTEGER NOT NULL,
    threshold      INTEGER NOT NULL,
    source         TEXT NOT NULL,
    feed_row_id    TEXT,
    signal_day     TEXT NOT NULL,
    area_code      TEXT NOT NULL REFERENCES areas (code),
    office_code    TEXT NOT NULL REFERENCES areas (code),
    raised_at      TEXT NOT NULL,
    raised_on      TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    status         TEXT NOT NULL,
    assigned_to    TEXT REFERENCES staff (id),
    outcome        TEXT,
    note           TEXT,
    closed_by      TEXT REFERENCES staff (id),
    closed_at      TEXT,
    closed_on      TEXT,
    case_reference TEXT,
    version        INTEGER NOT NULL DEFAULT 0
);
-- No second warning while one is open for the same rule and person.
CREATE UNIQUE INDEX warnings_one_open ON warnings (person_id, rule) WHERE status = 'open';
CREATE INDEX warnings_office ON warnings (office_code, status, due_on);
CREATE INDEX warnings_area ON warnings (area_code, status, due_on);
CREATE INDEX warnings_person ON warnings (person_id);

-- An application's subject by the same blind index, for the household's chain.
ALTER TABLE applications ADD COLUMN subject_id_index TEXT;
CREATE INDEX applications_subject_index ON applications (subject_id_index);
