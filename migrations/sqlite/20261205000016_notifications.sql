-- What each person was texted about their case (#13): written in the same transaction as
-- the change it tells of, listed on the status page; the SMS outbox gets the same text to
-- send. A person's language is kept with them, as they last used the portal to apply.
ALTER TABLE citizens ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN';
-- `seq` keeps the order of writing: several messages can share one second.
CREATE TABLE notifications (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    application_id TEXT NOT NULL REFERENCES applications (id),
    phone          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX notifications_of_application ON notifications (application_id, seq);
-- The outbox carries sign-in codes and these messages alike; each says which it is.
ALTER TABLE sms_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'code';
