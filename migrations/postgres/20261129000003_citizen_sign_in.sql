-- Citizen sign-in by mobile number and one-time code. Times are Unix seconds (UTC).
CREATE TABLE citizens (
    id         TEXT PRIMARY KEY,
    phone      TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- A code sent to a phone. Only its hash is kept; it expires and allows few attempts.
CREATE TABLE otp_challenges (
    id         TEXT PRIMARY KEY,
    phone      TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0,
    used_at    BIGINT
);
CREATE INDEX otp_challenges_phone ON otp_challenges (phone, created_at);

-- Rate-limit events shared by every server: one row per counted action.
CREATE TABLE rate_events (
    bucket TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at);

-- What the development notifier "sent": read by tests and the dev-only outbox page.
CREATE TABLE sms_outbox (
    id         TEXT PRIMARY KEY,
    phone      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Sessions: the cookie carries a random token, the database only its hash.
CREATE TABLE citizen_sessions (
    token_hash   TEXT PRIMARY KEY,
    citizen_id   TEXT NOT NULL REFERENCES citizens (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX citizen_sessions_citizen ON citizen_sessions (citizen_id);
