-- Outbox lanes and leases. Every vendor the bot talks to after the ack has a lane ('slack' first;
-- 'pagerduty', 'webhook:<url>'… added by the integrations); a job runs after the earlier jobs of
-- its incident in its own lane, so an outage in one lane never holds up another. A worker takes a
-- job with a short lease that it renews while the job runs: a crashed replica's jobs come back when
-- their lease lapses. reported_at: when the incident channel was told the job failed (told once);
-- crashes: attempts that ended in an unexpected error (the job is given up after three).

ALTER TABLE outbox ADD COLUMN lane VARCHAR(200) NOT NULL DEFAULT 'slack';
ALTER TABLE outbox ADD COLUMN leased_until BIGINT;
ALTER TABLE outbox ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE outbox ADD COLUMN reported_at BIGINT;
ALTER TABLE outbox ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_lane_order ON outbox (incident_id, lane, id);
