-- Photos taken on a visit (#15 item 6), cleaned like every upload (EXIF and GPS gone) and
-- kept in the file store; the row says where.
CREATE TABLE visit_photos (
    id           TEXT PRIMARY KEY,
    visit_id     TEXT NOT NULL REFERENCES service_visits (id),
    storage_key  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX visit_photos_visit ON visit_photos (visit_id);
