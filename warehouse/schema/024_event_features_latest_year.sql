-- Latest year a report's text states: a report is not older than the years it mentions, so an
-- undated report that mentions 2008 cannot report an event dated 2005.
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS latest_year INTEGER;
