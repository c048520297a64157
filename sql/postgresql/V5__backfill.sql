-- PostgreSQL twin of ../V5__backfill.sql (the same DDL: nothing here needs another spelling).
-- Back-fill of an adopted channel's history (/incident open --here), resumable after a restart.

CREATE TABLE backfill_job (
    incident_id INTEGER      PRIMARY KEY REFERENCES incident (id),
    channel_id  VARCHAR(32)  NOT NULL,
    oldest_ts   VARCHAR(32)  NOT NULL,                -- read history from here on
    phase       VARCHAR(16)  NOT NULL,                -- HISTORY, REPLIES, DONE
    page_cursor TEXT,                                  -- Slack's cursor for the next page of the phase
    threads     TEXT,                                  -- thread parents still to read, one ts per line
    messages    INTEGER      NOT NULL DEFAULT 0,       -- messages read so far
    progress_ts VARCHAR(32),                           -- the progress message in the channel
    updated_at  BIGINT       NOT NULL
);
