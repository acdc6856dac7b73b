-- Dated, sourced policy parameters (POLICY.md §6). An area's row holds for the areas under
-- it; the row in force on a date is the latest effective_from not after it.
CREATE TABLE policy_parameters (
    area_code      TEXT NOT NULL REFERENCES areas (code),
    name           TEXT NOT NULL,
    value          BIGINT NOT NULL,
    effective_from TEXT NOT NULL,
    demo           BIGINT NOT NULL CHECK (demo IN (0, 1)),
    source         TEXT NOT NULL CHECK (length(source) > 0),
    PRIMARY KEY (area_code, name, effective_from)
);
