-- Delivery of the outbox (#13 item 2): every server runs a worker that claims pending
-- messages with a lease (so two servers never send one message twice), sends them through
-- the configured provider, and records the outcome. A provider sends a template with
-- parameters, not free text: `template` names it (`sign_in_code` or a notice's code) and
-- `params` holds, as JSON, only what the template needs; `lang` picks the template's
-- language. `body` stays the full text, for the development outbox and the status page.
ALTER TABLE sms_outbox ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE sms_outbox ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sms_outbox ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN';
-- pending → sent | failed
ALTER TABLE sms_outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE sms_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sms_outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sms_outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE sms_outbox ADD COLUMN lease_until BIGINT;
-- A sign-in code is worth sending only while it works.
ALTER TABLE sms_outbox ADD COLUMN expires_at BIGINT;
ALTER TABLE sms_outbox ADD COLUMN sent_at BIGINT;
-- The provider's own id for the message (Alibaba Cloud's BizId), for delivery reports.
ALTER TABLE sms_outbox ADD COLUMN provider_ref TEXT;
ALTER TABLE sms_outbox ADD COLUMN last_error TEXT;
-- Messages written before there was delivery were never meant to be sent.
UPDATE sms_outbox SET status = 'failed', last_error = 'written before delivery existed';
CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at);
