-- Enterprise Grid: the organization (E…) whose workspace a row comes from, wherever Slack names one
-- (the event envelope, the slash command, the interaction payload); null outside Enterprise Grid.
-- Team ids are unique across organizations, so keys stay (team, channel, …): this column is for
-- reporting and audit, never needed to tell rows apart.

ALTER TABLE incident ADD COLUMN enterprise_id VARCHAR(32);
ALTER TABLE timeline_entry ADD COLUMN enterprise_id VARCHAR(32);
ALTER TABLE pin_mark ADD COLUMN enterprise_id VARCHAR(32);
