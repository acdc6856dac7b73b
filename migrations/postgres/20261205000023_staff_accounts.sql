-- Staff accounts managed in the workbench (#17 item 1): a phone for the account, and one-time
-- links an administrator hands over so the person chooses their own password. Only a link's
-- hash is kept; it works once and for a limited time.
ALTER TABLE staff ADD COLUMN phone TEXT;
CREATE TABLE staff_setup_links (
    token_hash TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    created_by TEXT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX staff_setup_links_staff ON staff_setup_links (staff_id);
