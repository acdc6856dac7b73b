-- The administrative division tree. Codes are the shortest form (6, 9 or 12 digits).
CREATE TABLE areas (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES areas (code),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    name_zh     TEXT NOT NULL,
    name_en     TEXT,
    source      TEXT NOT NULL,
    vintage     TEXT NOT NULL
);
CREATE INDEX areas_parent_code ON areas (parent_code);
