-- #13 item 3: an application made for someone else may carry that person's own mobile
-- number; each message about the case goes to them as well as to the account that applied.
ALTER TABLE applications ADD COLUMN subject_phone TEXT;
