-- A provider worker's phone app (#15 item 11): a bearer token made on the signed-in (second
-- factor checked) workbench, shown once; only its hash is kept. Revoked or expired ones stay
-- for the audit.
CREATE TABLE provider_app_tokens (
    token_hash TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX provider_app_tokens_staff ON provider_app_tokens (staff_id);
