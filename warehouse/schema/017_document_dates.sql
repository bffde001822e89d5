-- Where a document's year came from, and the day its text reports ("on Thursday").
ALTER TABLE documents ADD COLUMN IF NOT EXISTS year_source VARCHAR;        -- 'stated' (with the date), 'text' (inferred from the text), 'event' (from sibling reports); NULL without a year
ALTER TABLE documents ADD COLUMN IF NOT EXISTS event_date DATE;            -- the day the lede's "on Thursday" names, on or before published_date
ALTER TABLE documents ADD COLUMN IF NOT EXISTS event_date_source VARCHAR;  -- 'weekday' (a weekday resolved against published_date)
