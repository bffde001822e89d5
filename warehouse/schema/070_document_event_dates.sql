-- What the headline and lede say happened, resolved against the publication day
-- (transforms/event_dates.py): documents.event_date is the first day it can stand for, and
-- event_date_source the phrase that dated it: 'stated' (a full date), 'month_day' ("on
-- March 3"), 'weekday' ("on Thursday"), or a relative phrase's unit: 'day' ("yesterday"),
-- 'week' ("last week"), 'month' ("earlier this month").
ALTER TABLE documents ADD COLUMN IF NOT EXISTS event_date_precision VARCHAR;  -- 'day', 'week' or 'month': the span from event_date, up to published_date; NULL without an event date
