-- PostgreSQL twin of ../V11__outbox_lanes.sql (identical DDL): outbox lanes, leases, failure reports.

ALTER TABLE outbox ADD COLUMN lane VARCHAR(200) NOT NULL DEFAULT 'slack';
ALTER TABLE outbox ADD COLUMN leased_until BIGINT;
ALTER TABLE outbox ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE outbox ADD COLUMN reported_at BIGINT;
ALTER TABLE outbox ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_lane_order ON outbox (incident_id, lane, id);
