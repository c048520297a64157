-- PostgreSQL twin of ../V8__channel_state.sql (identical DDL).
-- The incident channel as Slack last reported it: ACTIVE, ARCHIVED, BOT_REMOVED or DELETED.

ALTER TABLE incident ADD COLUMN channel_state VARCHAR(16) NOT NULL DEFAULT 'ACTIVE';
