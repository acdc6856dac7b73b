-- Did the money arrive? (#13 item 5) The person answers for each payment; an answer that it
-- did not (or only in part) marks the case for its office until the person says it came or
-- the office records another payment.
ALTER TABLE payments ADD COLUMN arrival TEXT;
ALTER TABLE payments ADD COLUMN arrival_note TEXT;
ALTER TABLE payments ADD COLUMN arrival_at TEXT;
-- When the person reported the problem (UTC); NULL when there is none.
ALTER TABLE applications ADD COLUMN arrival_problem TEXT;
