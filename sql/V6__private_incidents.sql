-- Private incidents (/incident open --private, or open --here in a private channel): a private Slack
-- channel, never announced or shared, and on the web shown only to that channel's members (and admins).

ALTER TABLE incident ADD COLUMN is_private BOOLEAN NOT NULL DEFAULT FALSE;
