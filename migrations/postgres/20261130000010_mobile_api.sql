-- Bearer tokens of the mobile API. The client holds a random token, the database its hash;
-- a token ends at its expiry or when revoked (signing out, or every token of the account).
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_citizen ON api_tokens (citizen_id);

-- Idempotency keys of creating calls, per account. The first request claims the key with
-- the hash of its method, path and body; its response (status NULL while it runs) is kept
-- and replayed to every retry with the same key and body.
CREATE TABLE idempotency_keys (
    citizen_id   TEXT NOT NULL REFERENCES citizens (id),
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    status       BIGINT,
    content_type TEXT,
    body         TEXT,
    PRIMARY KEY (citizen_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Request counters in fixed windows, shared by every server: one row a bucket a window,
-- counted up in one statement.
CREATE TABLE rate_windows (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
