-- More evidence that two reports tell of one event (transforms/event_model.py::PAIR_FEATURES).
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS places VARCHAR[];          -- name keys of where the lede locates the event (the dateline, "in/at/near X")
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS quotes VARCHAR[];          -- ids of the quotations the report prints (quotes.quote_id)
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS numbers VARCHAR[];         -- figures it states ("120", "6.1"), years aside
ALTER TABLE event_features ADD COLUMN IF NOT EXISTS headline_terms VARCHAR[];  -- terms of its headline: how well it names its event (refresh_events.sql)
