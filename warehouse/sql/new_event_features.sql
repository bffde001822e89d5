-- Event features of one chunk of this run's documents (the loader registers `event_chunk`).
SELECT f.doc_id, f."year", f."month", f."day", f.names, f.terms, f.order_key, f.latest_year,
       f.weekday, f.event_first, f.event_last, f.event_month, f.event_day, f.places, f.quotes,
       f.numbers, f.headline_terms, f.recalled_first, f.recalled_last
FROM event_features AS f
JOIN event_chunk USING (doc_id)
ORDER BY f.doc_id;
