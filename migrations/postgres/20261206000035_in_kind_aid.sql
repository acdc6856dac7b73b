-- 实物救助 (#15 item 8): things an approval of temporary aid gives beside the cash, each
-- delivered later and recorded.
CREATE TABLE in_kind_aid (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    what           TEXT NOT NULL,
    quantity       BIGINT NOT NULL CHECK (quantity > 0),
    value_fen      BIGINT NOT NULL CHECK (value_fen > 0),
    decided_at     TEXT NOT NULL,
    delivered_at   TEXT,
    delivered_by   TEXT REFERENCES staff (id)
);
CREATE INDEX in_kind_aid_application ON in_kind_aid (application_id);
