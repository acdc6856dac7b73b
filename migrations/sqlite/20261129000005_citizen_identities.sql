-- Real-name details of a signed-in citizen. The ID number is stored encrypted (AES-256-GCM,
-- bound to its row) beside a masked copy for display; the consent to collect it is recorded.
CREATE TABLE citizen_identities (
    citizen_id        TEXT PRIMARY KEY REFERENCES citizens (id),
    full_name         TEXT NOT NULL,
    id_number_sealed  TEXT NOT NULL,
    id_number_masked  TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    verified_by       TEXT NOT NULL,
    verified_at       TEXT NOT NULL,
    consent_notice    TEXT NOT NULL,
    consent_at        TEXT NOT NULL
);
