-- Parameters changed in the workbench (#17 item 4): a district officer proposes a new dated
-- value with its source, another approves it (four eyes), and only then is it a row of
-- policy_parameters. Rows in force are never edited; a new value is a new dated row.
CREATE TABLE parameter_proposals (
    id             TEXT PRIMARY KEY,
    area_code      TEXT NOT NULL REFERENCES areas (code),
    name           TEXT NOT NULL,
    value          BIGINT NOT NULL,
    effective_from TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (length(source) > 0),
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'refused', 'withdrawn')),
    proposed_by    TEXT NOT NULL REFERENCES staff (id),
    proposed_at    TEXT NOT NULL,
    decided_by     TEXT REFERENCES staff (id),
    decided_at     TEXT,
    decision_note  TEXT,
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX parameter_proposals_by_area ON parameter_proposals (area_code, status);

-- When a row became known (its approval), so a decision is re-explained with the values known
-- when it was made; NULL for rows loaded from the parameter file, known from the start.
ALTER TABLE policy_parameters ADD COLUMN recorded_at TEXT;
ALTER TABLE policy_parameters ADD COLUMN proposal_id TEXT REFERENCES parameter_proposals (id);
