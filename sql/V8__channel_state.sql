-- The incident channel as Slack last reported it (channel_archive/unarchive, the bot removed or
-- added back, channel_deleted): ACTIVE, ARCHIVED, BOT_REMOVED or DELETED. The bot posts there only
-- while ACTIVE; the incident's record keeps working in every state.

ALTER TABLE incident ADD COLUMN channel_state VARCHAR(16) NOT NULL DEFAULT 'ACTIVE';
