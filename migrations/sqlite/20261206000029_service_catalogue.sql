-- 服务类社会救助 (#15): the providers that deliver and the catalogue of service items each
-- level (district, subdistrict or town, community or village) offers in its area.
CREATE TABLE service_providers (
    id               TEXT PRIMARY KEY,
    area_code        TEXT NOT NULL REFERENCES areas (code),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    contract_number  TEXT NOT NULL,
    contract_start   TEXT NOT NULL,
    contract_end     TEXT NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1,
    suspended_reason TEXT,
    demo             INTEGER NOT NULL DEFAULT 0,
    updated_by       TEXT,
    updated_at       TEXT NOT NULL
);
CREATE INDEX service_providers_area ON service_providers (area_code);

CREATE TABLE service_items (
    id         TEXT PRIMARY KEY,
    area_code  TEXT NOT NULL REFERENCES areas (code),
    level      TEXT NOT NULL,
    name       TEXT NOT NULL,
    category   TEXT NOT NULL,
    unit       TEXT NOT NULL,
    times      INTEGER NOT NULL CHECK (times > 0),
    per        TEXT NOT NULL,
    programmes TEXT NOT NULL,
    funding    TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    demo       INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX service_items_area ON service_items (area_code);

-- Which providers deliver an item.
CREATE TABLE service_item_providers (
    item_id     TEXT NOT NULL REFERENCES service_items (id),
    provider_id TEXT NOT NULL REFERENCES service_providers (id),
    PRIMARY KEY (item_id, provider_id)
);
