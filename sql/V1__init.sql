-- Incidents, their timelines and postmortem drafts.
-- Times are UTC epoch milliseconds; Slack's own message ts is kept as text beside them.
-- Ids and keys are VARCHAR (SQLite ignores the length; PostgreSQL checks it), free text is TEXT.

CREATE TABLE incident (
    id                  INTEGER      PRIMARY KEY,     -- the human id: INC-<id>, sequential
    team_id             VARCHAR(32)  NOT NULL,
    title               TEXT         NOT NULL,
    summary             TEXT,
    severity            VARCHAR(8)   NOT NULL,        -- P1..P4
    status              VARCHAR(16)  NOT NULL,        -- INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED
    opened_by           VARCHAR(32)  NOT NULL,
    lead_id             VARCHAR(32),
    channel_id          VARCHAR(32),                  -- null until Slack has created the channel
    channel_name        VARCHAR(128),
    root_cause          TEXT,
    announce_channel_id VARCHAR(32),
    announce_ts         VARCHAR(32),
    opened_at           BIGINT       NOT NULL,
    started_at          BIGINT       NOT NULL,
    detected_at         BIGINT       NOT NULL,
    mitigated_at        BIGINT,
    resolved_at         BIGINT
);
CREATE UNIQUE INDEX incident_by_channel ON incident (team_id, channel_id);

CREATE TABLE timeline_entry (
    id          INTEGER      PRIMARY KEY,
    incident_id INTEGER      NOT NULL REFERENCES incident (id),
    kind        VARCHAR(16)  NOT NULL,                -- MESSAGE, BOT_MESSAGE, LIFECYCLE
    team_id     VARCHAR(32)  NOT NULL,
    channel_id  VARCHAR(32),                          -- null for lifecycle entries
    ts          VARCHAR(32),                          -- Slack's message ts, exactly as sent
    thread_ts   VARCHAR(32),
    author_id   VARCHAR(32),
    author_name VARCHAR(256),                         -- bots and integrations: their display name
    text        TEXT         NOT NULL,
    first_text  TEXT,                                 -- the text as first posted, once edited
    files       TEXT,                                 -- file names, one per line
    occurred_at BIGINT       NOT NULL,
    edited_at   BIGINT,
    deleted     BOOLEAN      NOT NULL DEFAULT FALSE
);
-- A message is stored once, whatever Slack redelivers.
CREATE UNIQUE INDEX timeline_entry_by_message ON timeline_entry (team_id, channel_id, ts);
CREATE INDEX timeline_entry_by_incident ON timeline_entry (incident_id, occurred_at);

-- Who pinned what: a user's pin reaction, or Slack's own pin ('slack-pin').
-- An entry is pinned while any mark remains.
CREATE TABLE pin_mark (
    team_id    VARCHAR(32) NOT NULL,
    channel_id VARCHAR(32) NOT NULL,
    ts         VARCHAR(32) NOT NULL,
    source     VARCHAR(64) NOT NULL,
    PRIMARY KEY (team_id, channel_id, ts, source)
);

-- Events API event ids already applied, so Slack's retries change nothing.
CREATE TABLE processed_event (
    event_id    VARCHAR(64) PRIMARY KEY,
    received_at BIGINT      NOT NULL
);

CREATE TABLE postmortem (
    incident_id INTEGER NOT NULL REFERENCES incident (id),
    version     INTEGER NOT NULL,
    markdown    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (incident_id, version)
);
