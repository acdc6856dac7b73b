-- Payments belong to a period and have a kind (#18): the payment for its period, a
-- correction of a period already paid (with its reason), or 先行救助. The database holds
-- one payment per period for a case, so two staff recording one period at once cannot
-- both succeed.
ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'correction', 'emergency'));
ALTER TABLE payments ADD COLUMN reason TEXT;
UPDATE payments SET kind = 'emergency', period = 'emergency' WHERE period = '先行救助';
-- A period already paid more than once keeps its first payment; the later ones become
-- corrections, named as such (the condition reads only rows this statement leaves alone).
UPDATE payments SET kind = 'correction', reason = '早于“每期发放一次”规则的重复记录'
WHERE kind = 'regular' AND EXISTS (
    SELECT 1 FROM payments q
    WHERE q.application_id = payments.application_id AND q.period = payments.period AND q.kind <> 'emergency'
      AND (q.recorded_at < payments.recorded_at OR (q.recorded_at = payments.recorded_at AND q.id < payments.id))
);
CREATE UNIQUE INDEX payments_once_per_period ON payments (application_id, period) WHERE kind = 'regular';
