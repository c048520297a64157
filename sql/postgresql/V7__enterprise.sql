-- PostgreSQL twin of ../V7__enterprise.sql (identical DDL).
-- Enterprise Grid: the organization (E…) whose workspace a row comes from, wherever Slack names one;
-- null outside Enterprise Grid. Keys stay (team, channel, …): team ids are unique across organizations.

ALTER TABLE incident ADD COLUMN enterprise_id VARCHAR(32);
ALTER TABLE timeline_entry ADD COLUMN enterprise_id VARCHAR(32);
ALTER TABLE pin_mark ADD COLUMN enterprise_id VARCHAR(32);
