-- Each stage of the work has its own deadline (受理, 核查, 决定, 容缺 follow-up), kept on the
-- case so the queue can sort and filter by it; a case that is done has none.
ALTER TABLE applications ADD COLUMN clock TEXT CHECK (clock IN ('accept', 'verify', 'decide', 'follow_up'));
ALTER TABLE applications ADD COLUMN due_on TEXT;

UPDATE applications SET clock = 'accept', due_on = accept_by WHERE status IN ('submitted', 'more_info');
UPDATE applications SET clock = 'follow_up', due_on = follow_up_by WHERE status = 'provisionally_approved';
-- Accepted cases already in the database: verification is complete once the visit and the
-- appraisal are on record and, for an inclusion, the notice has ended. The stage began with
-- the latest of those events; its days are the area's parameter (the row of the nearest
-- enclosing area, province 320000 → city 320100 → district …, in its newest version: close
-- enough for cases that were under way when this shipped).
UPDATE applications SET clock = CASE
    WHEN EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = applications.id AND e.kind = 'visit')
     AND EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = applications.id AND e.kind = 'appraisal')
     AND (programme = 'temporary' OR EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = applications.id AND e.kind = 'notice_ended'))
    THEN 'decide' ELSE 'verify' END
WHERE status = 'accepted';
UPDATE applications SET due_on = to_char(
    CAST((SELECT substr(max(e.at), 1, 10) FROM application_events e WHERE e.application_id = applications.id
        AND e.kind IN (CASE WHEN applications.clock = 'decide' THEN 'visit' ELSE 'accepted' END, CASE WHEN applications.clock = 'decide' THEN 'appraisal' ELSE 'accepted' END, CASE WHEN applications.clock = 'decide' THEN 'notice_ended' ELSE 'accepted' END)) AS date)
    + CAST((SELECT p.value FROM policy_parameters p
            WHERE p.name = CASE WHEN applications.clock = 'decide' THEN 'decide_within_days' ELSE 'verify_within_days' END
              AND p.area_code IN (applications.area_code, substr(applications.area_code, 1, 9), substr(applications.area_code, 1, 6),
                                  substr(applications.area_code, 1, 4) || '00', substr(applications.area_code, 1, 2) || '0000')
            ORDER BY length(p.area_code) DESC, (CASE WHEN p.area_code LIKE '%0000' THEN 2 WHEN p.area_code LIKE '%00' THEN 1 ELSE 0 END),
                     p.effective_from DESC LIMIT 1) AS integer),
    'YYYY-MM-DD')
WHERE status = 'accepted';
