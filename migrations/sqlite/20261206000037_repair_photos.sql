-- 微改造 photos (#15 item 7): the home as found before a repair and the work done after it,
-- cleaned like every upload and kept in the file store; the row says where.
CREATE TABLE referral_photos (
    id           TEXT PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES service_referrals (id),
    stage        TEXT NOT NULL CHECK (stage IN ('before', 'after')),
    storage_key  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL REFERENCES staff (id),
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX referral_photos_referral ON referral_photos (referral_id, stage);
