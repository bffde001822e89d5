-- The days a report's event happened on, as its lede says (transforms/event_dates.py), for
-- event matching to compare what happened rather than when it was published.
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS event_first DATE;      -- first day the lede's phrase stands for, resolved against the report's date
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS event_last DATE;       -- last day (event_first for a day; a week or a month up to the report's date)
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS event_month INTEGER;   -- month the lede states without a year ("on March 3") when the report has no date to resolve it
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS event_day INTEGER;     -- its day of the month
