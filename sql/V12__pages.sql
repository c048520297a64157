-- Pages out (PagerDuty Events v2): whether an incident's on-call was paged and whether that page was
-- resolved, so a restart neither pages twice nor forgets to resolve, and `/incident page` can say
-- "already paged". One row per incident that was ever paged; a reopen pages again on the same row.

CREATE TABLE incident_page (
    incident_id  INTEGER      PRIMARY KEY REFERENCES incident (id),
    dedup_key    VARCHAR(255) NOT NULL,             -- incident-bot/<team>/INC-n: the same for every event
    paged_by     TEXT,                              -- who asked with /incident page; null: the severity rule
    paged_at     BIGINT       NOT NULL,             -- the latest trigger was queued
    delivered_at BIGINT,                            -- PagerDuty accepted the latest trigger
    resolved_at  BIGINT                             -- the resolve was queued; null while the page is open
);
