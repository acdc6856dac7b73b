-- Devices a staff member has signed in from before (a cookie holds the token). Failed
-- sign-ins from elsewhere slow an account down but never lock its owner out of these.
CREATE TABLE staff_devices (
    token_hash   TEXT PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL
);
CREATE INDEX staff_devices_staff ON staff_devices (staff_id);
