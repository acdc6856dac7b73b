-- The democratic appraisal's result (agree / disagree) as data beside the case, instead of
-- being read back out of the appraisal event's text. Cases appraised before this column
-- existed take the result of their latest appraisal event ("{date} {result} {participants}").
ALTER TABLE applications ADD COLUMN appraisal TEXT CHECK (appraisal IN ('agree', 'disagree'));

UPDATE applications SET appraisal = (
    SELECT CASE
        WHEN substr(e.detail, 12, 6) = 'agree ' OR e.detail LIKE '__________ agree' THEN 'agree'
        WHEN substr(e.detail, 12, 9) = 'disagree ' OR e.detail LIKE '__________ disagree' THEN 'disagree'
    END
    FROM application_events e
    WHERE e.application_id = applications.id AND e.kind = 'appraisal'
    ORDER BY e.id DESC
    LIMIT 1
);
