-- Offices kept in the workbench (#17 item 3): what citizens are told of the office that
-- handles their application — its phone, address and opening hours — and when it changed.
ALTER TABLE offices ADD COLUMN phone TEXT;
ALTER TABLE offices ADD COLUMN address TEXT;
ALTER TABLE offices ADD COLUMN hours TEXT;
ALTER TABLE offices ADD COLUMN updated_at TEXT;
