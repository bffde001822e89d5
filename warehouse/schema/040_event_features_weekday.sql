-- Weekday (Monday 0) a report's lede names for what it reports ("early Tuesday"): reports of
-- one event name the same day, two occurrences of the same kind of story usually do not.
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS weekday INTEGER;
