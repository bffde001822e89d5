-- The days and months a report's text mentions with their year (transforms/event_features.py
-- `recalled`): a follow-up states when what it follows up happened ("shot in October 2011"),
-- so event matching scores it with those reports beyond the date window
-- (sql/event_candidates.sql fetches them).
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS recalled_first DATE[];  -- first day of each, in reading order (a day, or a month's 1st)
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS recalled_last DATE[];   -- last day of each, same order (the day, or the month's last)
