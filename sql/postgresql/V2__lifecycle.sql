-- Lifecycle: roles, the impact section, update/nudge bookkeeping, action items (same DDL as ../V2__lifecycle.sql).

ALTER TABLE incident ADD COLUMN impact TEXT;
ALTER TABLE incident ADD COLUMN comms_id VARCHAR(32);
ALTER TABLE incident ADD COLUMN scribe_id VARCHAR(32);
-- last stakeholder update or status change: the 30-minute nudge counts from here
ALTER TABLE incident ADD COLUMN last_update_at BIGINT;
-- last time the bot nudged the channel for an update
ALTER TABLE incident ADD COLUMN nudged_at BIGINT;

CREATE TABLE action_item (
    incident_id      INTEGER      NOT NULL REFERENCES incident (id),
    number           INTEGER      NOT NULL,             -- 1, 2, … per incident
    what             TEXT         NOT NULL,
    owner_id         VARCHAR(32),
    due              VARCHAR(10),                       -- YYYY-MM-DD
    done             BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at       BIGINT       NOT NULL,
    done_at          BIGINT,
    reminded_on      VARCHAR(10),                       -- the UTC date the owner was last reminded
    PRIMARY KEY (incident_id, number)
);
