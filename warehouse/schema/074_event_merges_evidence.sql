-- Why two events became one (transforms/events.py, the second pass).
ALTER TABLE event_merges ADD COLUMN IF NOT EXISTS probability DOUBLE;  -- the event model's probability that the two, their reports pooled, are one event
