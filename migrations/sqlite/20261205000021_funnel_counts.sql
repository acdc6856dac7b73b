-- The district's funnel (#13 item 5): stages that leave no case behind — a check started,
-- results seen, an application's residence given — are counted as they happen, by month
-- (Beijing) and area (the district chosen, or the residence's district). Counts only.
CREATE TABLE funnel_counts (
    month TEXT NOT NULL,
    area  TEXT NOT NULL,
    stage TEXT NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (month, area, stage)
);
