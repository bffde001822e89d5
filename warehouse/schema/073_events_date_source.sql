-- Where an event's date comes from (refresh_events.sql).
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_source VARCHAR;  -- 'text' (the day its reports' ledes say it happened), 'published' (the day most were published); NULL without a date
