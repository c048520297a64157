-- Action items dropped on purpose (`/incident drop`): no longer open, and left out of completion rates.
ALTER TABLE action_item ADD COLUMN dropped_at BIGINT;
