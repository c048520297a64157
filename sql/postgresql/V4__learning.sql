-- PostgreSQL twin of ../V4__learning.sql (the same DDL: nothing here needs another spelling).
-- The learning loop after an incident: near misses, publishing, reminders, archiving, the later review.
-- One row per incident that has any of this state (absent row: none of it yet).

CREATE TABLE incident_learning (
    incident_id         INTEGER      PRIMARY KEY REFERENCES incident (id),
    near_miss           BOOLEAN      NOT NULL DEFAULT FALSE,
    potential_severity  VARCHAR(8),                     -- a near miss's severity, when one was given
    published_at        BIGINT,                         -- first publication; the archive delay and the review count from here
    published_by        VARCHAR(32),
    published_version   INTEGER,                        -- postmortem.version that is the published text (the latest publication)
    published_anyway    BOOLEAN      NOT NULL DEFAULT FALSE, -- published over review findings (--anyway)
    closed_at           BIGINT,                         -- P3/P4/near miss closed without a postmortem
    closed_by           VARCHAR(32),
    closed_reason       TEXT,
    publish_reminded_on VARCHAR(10),                    -- the UTC date the lead was last reminded to publish
    archived_at         BIGINT,                         -- the incident channel was archived (or archiving was given up)
    reviewed_at         BIGINT                          -- the after-action review was posted
);

CREATE TABLE incident_tag (
    incident_id INTEGER     NOT NULL REFERENCES incident (id),
    tag         VARCHAR(32) NOT NULL,
    tagged_by   VARCHAR(32),
    tagged_at   BIGINT      NOT NULL,
    PRIMARY KEY (incident_id, tag)
);
CREATE INDEX incident_tag_by_tag ON incident_tag (tag);
