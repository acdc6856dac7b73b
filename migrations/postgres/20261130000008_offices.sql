-- The offices that handle applications: one per subdistrict or town that has joined the
-- portal. An address under a subdistrict without an active office is refused before
-- submission instead of being routed nowhere.
CREATE TABLE offices (
    area_code TEXT PRIMARY KEY REFERENCES areas (code),
    name_zh   TEXT NOT NULL,
    name_en   TEXT,
    active    BIGINT NOT NULL DEFAULT 1
);
