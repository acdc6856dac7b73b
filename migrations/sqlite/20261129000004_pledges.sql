-- Integrity pledge (诚信承诺书) texts, versioned per area, and the signed pledges.
CREATE TABLE pledge_texts (
    id             TEXT PRIMARY KEY,
    area_code      TEXT NOT NULL REFERENCES areas (code),
    version        INTEGER NOT NULL,
    lang           TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    question       TEXT NOT NULL,
    options        TEXT NOT NULL,
    correct_option INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    UNIQUE (area_code, version, lang)
);

CREATE TABLE signed_pledges (
    id                TEXT PRIMARY KEY,
    citizen_id        TEXT NOT NULL REFERENCES citizens (id),
    signer_name       TEXT NOT NULL,
    on_behalf_of      TEXT,
    pledge_text_id    TEXT NOT NULL REFERENCES pledge_texts (id),
    text_sha256       TEXT NOT NULL,
    signed_at         TEXT NOT NULL,
    client_address    TEXT NOT NULL,
    user_agent        TEXT NOT NULL,
    signature_kind    TEXT NOT NULL CHECK (signature_kind IN ('typed', 'drawn')),
    signature_sha256  TEXT NOT NULL,
    verification_code TEXT NOT NULL UNIQUE
);
CREATE INDEX signed_pledges_citizen ON signed_pledges (citizen_id);

-- A signed pledge is evidence: the database itself refuses to change or remove it.
CREATE TRIGGER signed_pledges_no_update BEFORE UPDATE ON signed_pledges
BEGIN
    SELECT RAISE(ABORT, 'signed pledges cannot be changed');
END;
CREATE TRIGGER signed_pledges_no_delete BEFORE DELETE ON signed_pledges
BEGIN
    SELECT RAISE(ABORT, 'signed pledges cannot be deleted');
END;
