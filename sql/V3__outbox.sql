-- Slack work that must not be lost (the postmortem draft and its file, intros, announcements…):
-- written in the same transaction as the change it reports, deleted once Slack has it, retried
-- with backoff while Slack fails, also after a restart.

CREATE TABLE outbox (
    id              INTEGER      PRIMARY KEY,
    kind            VARCHAR(32)  NOT NULL,            -- post, upload, invite, topic, respond, announce, announcement
    incident_id     INTEGER,                          -- jobs of one incident run in the order they were added
    payload         TEXT         NOT NULL,            -- the job's arguments, JSON
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    last_error      TEXT,
    created_at      BIGINT       NOT NULL,
    failed_at       BIGINT                            -- Slack refused it for good; kept for the operator
);
CREATE INDEX outbox_due ON outbox (failed_at, next_attempt_at);
