-- Alerts in (Alertmanager, Grafana, PagerDuty webhooks): each alert group the bot has heard of and
-- the incident it belongs to, and the alert states and deliveries already acted on (sources deliver
-- at least once, so a redelivery must change nothing).

CREATE TABLE alert_group (
    id               INTEGER      PRIMARY KEY,
    source           VARCHAR(16)  NOT NULL,            -- ALERTMANAGER, GRAFANA, PAGERDUTY
    group_key        TEXT         NOT NULL,            -- Alertmanager's groupKey, a PagerDuty incident id
    group_hash       VARCHAR(64)  NOT NULL,            -- SHA-256 of source and group_key: keys can be long
    incident_id      INTEGER      REFERENCES incident (id),
    linked_at        BIGINT,
    link_kind        VARCHAR(16),                      -- DECLARED from it (counts against the budget), LINKED by a
                                                       -- person, PAGE: the PagerDuty incident of the bot's own page
    muted            BOOLEAN      NOT NULL DEFAULT FALSE, -- Ignored in triage until it resolves
    triage_title     TEXT,                             -- what the triage message offers to declare
    triage_severity  VARCHAR(8),
    triage_starts_at BIGINT,
    triage_entry     TEXT,
    created_at       BIGINT       NOT NULL
);
CREATE UNIQUE INDEX alert_group_by_key ON alert_group (group_hash);
CREATE INDEX alert_group_by_incident ON alert_group (incident_id);
CREATE INDEX alert_group_linked ON alert_group (link_kind, linked_at);

-- Keys (SHA-256) of the alert states and webhook deliveries acted on; forgotten after 30 days.
CREATE TABLE alert_seen (
    seen_key VARCHAR(64) PRIMARY KEY,
    seen_at  BIGINT      NOT NULL
);
CREATE INDEX alert_seen_at ON alert_seen (seen_at);
